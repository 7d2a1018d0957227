import { generateSigningKeyPair } from '@bfa/crypto';
import { AuditEntry, AuditInput } from './audit-entry';
import { crossCheckLogs } from './cross-check';
import { chainEntry } from './hash-chain';

const Q = '00000000-0000-4000-8000-00000000000a';

function chain(writer: string, inputs: Omit<AuditInput, 'actor'>[]): AuditEntry[] {
  const key = { id: writer, secretKey: generateSigningKeyPair().secretKey };
  const entries: AuditEntry[] = [];
  for (const input of inputs) entries.push(chainEntry(entries[entries.length - 1] ?? null, { ...input, actor: writer }, key));
  return entries;
}

const contribution = (org: string) => ({ org, hash: `${org}-hash` });

function honestRun() {
  const coordinator = chain('coordinator', [
    { type: 'execution.completed', queryId: Q, details: { contributions: [contribution('ggd'), contribution('gemeente')] } },
    { type: 'decryption.requested', queryId: Q, details: {} },
    { type: 'release.published', queryId: Q, details: {} },
  ]);
  const node = (org: string) =>
    chain(org, [
      { type: 'execution.performed', queryId: Q, details: { contributionHash: `${org}-hash` } },
      { type: 'decryption.performed', queryId: Q, details: {} },
    ]);
  return { coordinator, nodes: { ggd: node('ggd'), gemeente: node('gemeente') } };
}

describe('crossCheckLogs', () => {
  it('finds nothing when the logs agree', () => {
    const { coordinator, nodes } = honestRun();
    expect(crossCheckLogs(coordinator, nodes)).toEqual([]);
  });

  it('detects a release entry deleted from the end of the coordinator log (its chain still verifies)', () => {
    const { coordinator, nodes } = honestRun();
    const findings = crossCheckLogs(coordinator.slice(0, 2), nodes);
    expect(findings.map((f) => f.problem)).toEqual(expect.arrayContaining([expect.stringMatching(/ggd decrypted .* neither a release nor a failure/)]));
  });

  it('detects an execution and a decryption at a node that the coordinator never logged', () => {
    const { coordinator, nodes } = honestRun();
    const hidden = '00000000-0000-4000-8000-00000000000b';
    const ggd = chain('ggd', [
      ...nodes.ggd.map(({ type, queryId, details }) => ({ type, queryId, details })),
      { type: 'execution.performed', queryId: hidden, details: { contributionHash: 'x' } },
      { type: 'decryption.performed', queryId: Q, details: {} },
    ]);
    const problems = crossCheckLogs(coordinator, { ...nodes, ggd }).map((f) => f.problem);
    expect(problems).toContainEqual(expect.stringContaining(`ggd executed query ${hidden}`));
    expect(problems).toContainEqual(expect.stringContaining('decrypted for query'));
  });

  it('detects a contribution the coordinator claims but the node never made', () => {
    const { coordinator, nodes } = honestRun();
    const findings = crossCheckLogs(coordinator, { ...nodes, gemeente: nodes.gemeente.slice(1) });
    expect(findings).toContainEqual(expect.objectContaining({ org: 'gemeente', problem: expect.stringContaining("gemeente's log does not show") }));
  });
});
