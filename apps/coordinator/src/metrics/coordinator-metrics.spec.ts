import { Subject } from 'rxjs';
import { AuditEntry, AuditLog } from '@bfa/audit';
import { Metrics } from '@bfa/runtime';
import { CoordinatorMetrics } from './coordinator-metrics';

const QUERY = '3f2c1b7e-1111-4222-8333-444455556666';

function entry(type: AuditEntry['type'], second: number, queryId: string | null = QUERY): AuditEntry {
  return {
    seq: second,
    time: new Date(Date.UTC(2026, 10, 30, 12, 0, second)).toISOString(),
    type,
    queryId,
    actor: 'coordinator',
    details: { purpose: 'Smart Start' },
  } as unknown as AuditEntry;
}

describe('CoordinatorMetrics', () => {
  it('times each step from the audit entries and counts refusals by class, with no query id in the text', async () => {
    const appended = new Subject<AuditEntry>();
    const rows = [
      { state: 'released', n: 3 },
      { state: 'executing', n: 1 },
    ];
    const queries = {
      createQueryBuilder: () => ({
        select: () => ({ addSelect: () => ({ groupBy: () => ({ getRawMany: async () => rows }) }) }),
      }),
    };
    const metrics = new Metrics();
    const service = new CoordinatorMetrics(metrics, { appended } as unknown as AuditLog, queries as never);
    service.onModuleInit();
    for (const [type, second] of [
      ['decision.recorded', 0],
      ['decision.recorded', 2],
      ['execution.dispatched', 3],
      ['execution.completed', 13],
      ['decryption.requested', 13],
      ['decryption.received', 14],
      ['release.published', 16],
    ] as const)
      appended.next(entry(type, second));
    appended.next(entry('query.refused', 20, null));
    appended.next(entry('execution.refused', 21));
    service.disclosureRefused();
    const text = await metrics.exposition();
    expect(text).toContain('bfa_queries{state="released"} 3');
    expect(text).toContain('bfa_queries{state="executing"} 1');
    expect(text).toContain('bfa_queries{state="failed"} 0');
    expect(text).toContain('bfa_step_duration_seconds_sum{step="approval_to_execution"} 1\n');
    expect(text).toContain('bfa_step_duration_seconds_sum{step="execution"} 10\n');
    expect(text).toContain('bfa_step_duration_seconds_sum{step="decryption"} 1\n');
    expect(text).toContain('bfa_step_duration_seconds_sum{step="release"} 2\n');
    expect(text).toContain('bfa_refusals_total{reason="query"} 1');
    expect(text).toContain('bfa_refusals_total{reason="execution"} 1');
    expect(text).toContain('bfa_refusals_total{reason="disclosure"} 1');
    expect(text).not.toContain(QUERY);
    expect(text).not.toContain('Smart Start');
  });
});
