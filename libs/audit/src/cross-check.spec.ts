import { generateSigningKeyPair } from '@bfa/crypto';
import { AuditEntry, AuditInput } from './audit-entry';
import { crossCheckLogs } from './cross-check';
import { chainEntry } from './hash-chain';

const Q = '00000000-0000-4000-8000-00000000000a';

function chain(writer: string, inputs: Omit<AuditInput, 'actor'>[]): AuditEntry[] {
  const key = { id: writer, secretKey: generateSigningKeyPair().secretKey };
  const entries: AuditEntry[] = [];
  for (const input of inputs)
    entries.push(chainEntry(entries[entries.length - 1] ?? null, { ...input, actor: writer }, key));
  return entries;
}

const contribution = (org: string) => ({ org, hash: `${org}-hash` });

function honestRun() {
  const coordinator = chain('coordinator', [
    {
      type: 'execution.completed',
      queryId: Q,
      details: { contributions: [contribution('ggd'), contribution('gemeente')] },
    },
    { type: 'decryption.requested', queryId: Q, details: {} },
    { type: 'decryption.received', queryId: Q, details: { from: ['ggd', 'gemeente'] } },
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
    const findings = crossCheckLogs(coordinator.slice(0, 3), nodes);
    expect(findings.map((f) => f.problem)).toEqual(
      expect.arrayContaining([expect.stringMatching(/ggd decrypted .* neither a release nor a failure/)]),
    );
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
    expect(findings).toContainEqual(
      expect.objectContaining({ org: 'gemeente', problem: expect.stringContaining("gemeente's log does not show") }),
    );
  });

  it('detects a node that logged fewer decryptions than the coordinator received from it', () => {
    const { coordinator, nodes } = honestRun();
    const ggd = chain(
      'ggd',
      nodes.ggd
        .filter((e) => e.type !== 'decryption.performed')
        .map(({ type, queryId, details }) => ({ type, queryId, details })),
    );
    expect(crossCheckLogs(coordinator, { ...nodes, ggd })).toEqual([
      {
        queryId: Q,
        org: 'ggd',
        problem: `the coordinator received 1 partial decryption(s) of query ${Q} from ggd; ggd's log shows 0`,
      },
    ]);
  });

  it('finds nothing for a query stopped after some holders executed, when the coordinator logged what it received', () => {
    const coordinator = chain('coordinator', [
      { type: 'execution.dispatched', queryId: Q, details: {} },
      {
        type: 'execution.refused',
        queryId: Q,
        details: { reasons: ['gemeente: refused'], contributions: [contribution('ggd')] },
      },
      { type: 'query.failed', queryId: Q, details: { reason: 'execution refused: gemeente: refused' } },
    ]);
    const ggd = chain('ggd', [{ type: 'execution.performed', queryId: Q, details: { contributionHash: 'ggd-hash' } }]);
    const gemeente = chain('gemeente', [{ type: 'execution.refused', queryId: Q, details: { reason: 'refused' } }]);
    expect(crossCheckLogs(coordinator, { ggd, gemeente })).toEqual([]);
    expect(crossCheckLogs(coordinator, { ggd: [], gemeente })).toEqual([
      {
        queryId: Q,
        org: 'ggd',
        problem: `the coordinator logged a contribution of ggd to query ${Q} that ggd's log does not show`,
      },
    ]);
  });
});
