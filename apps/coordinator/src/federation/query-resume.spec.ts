import { AuditLog } from '@bfa/audit';
import { QueryEnvelope } from '@bfa/protocol';
import { QueryRegistry } from '../queries/query-registry.service';
import { QuerySubmission } from '../queries/query-submission.service';
import { ReleasedTable } from '../queries/released-table';
import { QueryLifecycle } from './query-lifecycle.service';
import { COMBINATION_NOT_RESUMED, QueryResume, resumeStep } from './query-resume.service';
import { ReleasePipeline } from './release-pipeline.service';
import { ReleasePublisher } from './release-publisher.service';

const spec = {
  dataset: 'risk_signals',
  measure: { kind: 'count' },
  groupBy: ['wijk'],
  purpose: 'prevention planning per wijk',
};
const envelope = { id: '3f1c2b9e-4d5a-4e6f-8a7b-9c0d1e2f3a4b', spec } as QueryEnvelope;
const combination = {
  ...envelope,
  spec: { ...spec, combination: { atLeast: 2, factors: [] } },
} as unknown as QueryEnvelope;
const release = { queryId: envelope.id } as ReleasedTable;

describe('what a query found executing at start does', () => {
  it('announces a release stored before the restart, without asking a node anything', () => {
    expect(resumeStep(envelope, release)).toEqual({ kind: 'announce' });
    expect(resumeStep(combination, release)).toEqual({ kind: 'announce' });
  });

  it('asks the nodes again for a query without a release (they answer a step already taken as they did)', () => {
    expect(resumeStep(envelope, null)).toEqual({ kind: 'rerun' });
  });

  it('ends a combination with a reason: its sealed hops are one-shot at every partner', () => {
    expect(resumeStep(combination, null)).toEqual({ kind: 'fail', reason: COMBINATION_NOT_RESUMED });
  });
});

describe('the queries found on their way at start', () => {
  const proposed = (id: string) => ({ ...envelope, id }) as QueryEnvelope;

  it('proposes a query the coordinator recorded but stopped before proposing, and moves the others on', async () => {
    const asked: string[] = [];
    const registry = {
      inState: async (state: string) => (state === 'proposed' ? [proposed('a'), proposed('b')] : []),
    } as unknown as QueryRegistry;
    const audit = {
      entries: async ({ queryId }: { queryId: string }) =>
        queryId === 'a' ? [{ type: 'query.submitted' }] : [{ type: 'query.submitted' }, { type: 'query.proposed' }],
    } as unknown as AuditLog;
    const submission = {
      propose: async (e: QueryEnvelope) => void asked.push(`propose ${e.id}`),
    } as unknown as QuerySubmission;
    const lifecycle = { advance: async (id: string) => void asked.push(`advance ${id}`) } as unknown as QueryLifecycle;
    await new QueryResume(
      registry,
      lifecycle,
      {} as ReleasePipeline,
      {} as ReleasePublisher,
      submission,
      audit,
    ).resumeAll();
    expect(asked).toEqual(['propose a', 'advance b']);
  });

  it('announces, asks again or fails each executing query as resumeStep says, with the stored decisions', async () => {
    const done: string[] = [];
    const stored = { ...release, queryId: 'kept' } as ReleasedTable;
    const registry = {
      inState: async (state: string) =>
        state === 'executing' ? [proposed('kept'), proposed('rerun'), { ...combination, id: 'combo' }] : [],
      release: async (id: string) => (id === 'kept' ? stored : null),
      signedDecisions: async (id: string) => [`decision of ${id}`],
    } as unknown as QueryRegistry;
    const publisher = {
      announce: async (table: ReleasedTable) => void done.push(`announce ${table.queryId}`),
      fail: async (e: QueryEnvelope, error: Error) => void done.push(`fail ${e.id}: ${error.message}`),
    } as unknown as ReleasePublisher;
    const pipeline = {
      run: async (e: QueryEnvelope, decisions: string[]) => void done.push(`run ${e.id} with ${decisions}`),
    } as unknown as ReleasePipeline;
    await new QueryResume(
      registry,
      {} as QueryLifecycle,
      pipeline,
      publisher,
      {} as QuerySubmission,
      {} as AuditLog,
    ).resumeAll();
    expect(done.sort()).toEqual([
      'announce kept',
      `fail combo: ${COMBINATION_NOT_RESUMED}`,
      'run rerun with decision of rerun',
    ]);
  });
});
