import { AuditLog } from '@bfa/audit';
import { generateSigningKeyPair } from '@bfa/crypto';
import { QueryEnvelope, queryHash, Registry, SignedDecision, signDecision } from '@bfa/protocol';
import { QueryRegistry } from '../queries/query-registry.service';
import { CombinationPipeline } from './combination-pipeline.service';
import { ProtocolVersions } from './protocol-versions';
import { QueryLifecycle } from './query-lifecycle.service';
import { ReleasePipeline } from './release-pipeline.service';

const steward = generateSigningKeyPair();
const envelope = {
  id: '3f1c2b9e-4d5a-4e6f-8a7b-9c0d1e2f3a4b',
  spec: {
    dataset: 'risk_signals',
    measure: { kind: 'count' },
    groupBy: ['wijk'],
    purpose: 'prevention planning per wijk',
  },
  requester: 'analyst.one',
  submittedAt: '2026-11-25T09:00:00.000Z',
  dataHolders: ['ggd'],
  keyHolders: ['ggd'],
  keyId: '0123456789abcdef',
  minCellSize: 10,
} as QueryEnvelope;
const keys = { organisations: { ggd: { stewardPublicKey: steward.publicKey } } } as unknown as Registry;
const decide = (decidedAt: string, decision: 'approve' | 'reject' = 'approve') =>
  signDecision(
    {
      queryId: envelope.id,
      queryHash: queryHash(envelope),
      org: 'ggd',
      decision,
      reason: decision === 'reject' ? 'not now' : '',
      decidedAt,
    },
    steward.secretKey,
  );

describe("the coordinator's record of a steward's decision", () => {
  let stored: SignedDecision[];
  let runs: number;
  let logged: string[];
  let state: string;
  let lifecycle: QueryLifecycle;
  let outdated: string[];
  /** The protocol check and the pipeline run after the decision is acknowledged. */
  const started = () => new Promise((resolve) => setImmediate(resolve));

  beforeEach(() => {
    outdated = [];
    stored = [];
    runs = 0;
    logged = [];
    state = 'proposed';
    const registry = {
      envelope: async () => envelope,
      signedDecisions: async () => stored,
      addDecision: async (signed: SignedDecision) => {
        const existing = stored.find((d) => d.statement.org === signed.statement.org);
        if (!existing) return stored.push(signed) && 'added';
        return JSON.stringify(existing) === JSON.stringify(signed) ? 'same' : 'different';
      },
      transition: async (_id: string, from: string, to: string) => state === from && (state = to) === to,
    } as unknown as QueryRegistry;
    const audit = { append: async (entry: { type: string }) => logged.push(entry.type) } as unknown as AuditLog;
    const pipeline = { run: async () => void runs++ } as unknown as ReleasePipeline;
    const protocol = { problems: async () => outdated } as unknown as ProtocolVersions;
    lifecycle = new QueryLifecycle(registry, audit, pipeline, {} as CombinationPipeline, keys, protocol);
  });

  it('counts the same signed decision sent again (a node resending it) once, and acknowledges it', async () => {
    const approval = decide('2026-11-25T10:00:00.000Z');
    expect(await lifecycle.recordDecision(approval)).toBe('now');
    expect(await lifecycle.recordDecision(JSON.parse(JSON.stringify(approval)))).toBe('before');
    await started();
    expect(logged).toEqual(['decision.recorded']);
    expect(runs).toBe(1);
    expect(state).toBe('executing');
  });

  it('refuses the approved query before it runs when a node it reaches is now too old for it, with the reason', async () => {
    outdated = ["ggd's node speaks protocol version 1; a combination needs version 2 or later"];
    expect(await lifecycle.recordDecision(decide('2026-11-25T10:00:00.000Z'))).toBe('now');
    await started();
    expect(runs).toBe(0);
    expect(state).toBe('refused');
    expect(logged).toEqual(['decision.recorded', 'query.refused']);
  });

  it('answers a resend that arrives while the first is still being recorded from the first, reading nothing again', async () => {
    const approval = decide('2026-11-25T10:00:00.000Z');
    const added = jest.spyOn((lifecycle as unknown as { registry: QueryRegistry }).registry, 'addDecision');
    const answers = await Promise.all([
      lifecycle.recordDecision(approval),
      lifecycle.recordDecision(JSON.parse(JSON.stringify(approval))),
      lifecycle.recordDecision(approval),
    ]);
    expect(answers).toEqual(['now', 'before', 'before']);
    await started();
    expect(added).toHaveBeenCalledTimes(1);
    expect(logged).toEqual(['decision.recorded']);
    expect(runs).toBe(1);
    // Once recorded, a later resend is checked again from the store (the coordinator may have restarted since).
    expect(await lifecycle.recordDecision(approval)).toBe('before');
    expect(added).toHaveBeenCalledTimes(2);
  });

  it('gives a resend that joins a refused decision the same refusal', async () => {
    const approval = decide('2026-11-25T10:00:00.000Z');
    const forged = { ...approval, signature: Buffer.alloc(64, 1).toString('base64') };
    const answers = await Promise.allSettled([lifecycle.recordDecision(forged), lifecycle.recordDecision(forged)]);
    expect(answers.map((a) => a.status)).toEqual(['rejected', 'rejected']);
    expect(stored).toEqual([]);
  });

  it('refuses a different decision of the same organisation on the same query', async () => {
    await lifecycle.recordDecision(decide('2026-11-25T10:00:00.000Z'));
    await expect(lifecycle.recordDecision(decide('2026-11-25T10:05:00.000Z', 'reject'))).rejects.toThrow(
      'ggd already decided on query',
    );
    await expect(lifecycle.recordDecision(decide('2026-11-25T10:05:00.000Z'))).rejects.toThrow(
      'ggd already decided on query',
    );
  });

  it('refuses a decision its steward did not sign', async () => {
    const forged = { ...decide('2026-11-25T10:00:00.000Z'), signature: decide('2026-11-25T10:00:01.000Z').signature };
    await expect(lifecycle.recordDecision(forged)).rejects.toThrow('is not signed by its steward');
    expect(stored).toEqual([]);
  });
});
