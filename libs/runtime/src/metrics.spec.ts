import { Metrics } from './metrics';
import { MetricsController, REFUSAL_CLASSES, refusalCounter } from './metrics.controller';

describe('Metrics (Prometheus text format)', () => {
  it('writes counters, labelled gauges and histograms exactly as the exposition format says', async () => {
    const metrics = new Metrics();
    const executions = metrics.counter('bfa_executions_total', 'Executions performed.');
    metrics.gauge<'proposed' | 'released'>('bfa_queries', 'Queries by state.', async () => ({ released: 2 }), {
      name: 'state',
      values: ['proposed', 'released'],
    });
    metrics.gauge('bfa_randomizer_pool', 'rⁿ ready.', () => 64);
    const steps = metrics.histogram<'execution'>(
      'bfa_step_duration_seconds',
      'Step durations.',
      { name: 'step', values: ['execution'] },
      [1, 10],
    );
    executions.inc();
    executions.inc();
    steps.observe('execution', 0.5);
    steps.observe('execution', 4);
    steps.observe('execution', 60);
    expect(await metrics.exposition()).toBe(
      [
        '# HELP bfa_executions_total Executions performed.',
        '# TYPE bfa_executions_total counter',
        'bfa_executions_total 2',
        '# HELP bfa_queries Queries by state.',
        '# TYPE bfa_queries gauge',
        'bfa_queries{state="proposed"} 0',
        'bfa_queries{state="released"} 2',
        '# HELP bfa_randomizer_pool rⁿ ready.',
        '# TYPE bfa_randomizer_pool gauge',
        'bfa_randomizer_pool 64',
        '# HELP bfa_step_duration_seconds Step durations.',
        '# TYPE bfa_step_duration_seconds histogram',
        'bfa_step_duration_seconds_bucket{step="execution",le="1"} 1',
        'bfa_step_duration_seconds_bucket{step="execution",le="10"} 2',
        'bfa_step_duration_seconds_bucket{step="execution",le="+Inf"} 3',
        'bfa_step_duration_seconds_sum{step="execution"} 64.5',
        'bfa_step_duration_seconds_count{step="execution"} 3',
        '',
      ].join('\n'),
    );
  });

  it('refuses a label value outside its closed set, so a query id or a purpose can never become a label', async () => {
    const metrics = new Metrics();
    const refusals = refusalCounter(metrics);
    const queryId = 'dda0f218-0000-4000-8000-000000000000';
    expect(() => refusals.inc(queryId as never)).toThrow(
      'reason must be one of access, query, execution, decryption, disclosure',
    );
    const steps = metrics.histogram<'execution'>('bfa_steps_seconds', 'Steps.', {
      name: 'step',
      values: ['execution'],
    });
    expect(() => steps.observe('Smart Start: children per wijk' as never, 1)).toThrow('step must be one of execution');
    metrics.gauge<'proposed'>('bfa_queries', 'Queries.', () => ({ [queryId]: 1 }) as never, {
      name: 'state',
      values: ['proposed'],
    });
    await expect(metrics.exposition()).rejects.toThrow('state must be one of proposed');
  });

  it('declares only short names as label values and every family once', () => {
    const metrics = new Metrics();
    expect(() => metrics.counter('bfa_x_total', 'x', { name: 'reason', values: ['a "quoted"\nvalue'] })).toThrow(
      'is not a short name',
    );
    metrics.counter('bfa_y_total', 'y');
    expect(() => metrics.counter('bfa_y_total', 'y')).toThrow('declared twice');
    expect(() => metrics.counter('bfa-z', 'z')).toThrow('metric name');
  });

  it('shows every refusal class from the start, at zero, and nothing else as a label', async () => {
    const metrics = new Metrics();
    refusalCounter(metrics).inc('access');
    const lines = (await metrics.exposition()).split('\n').filter((line) => line.startsWith('bfa_refusals_total'));
    expect(lines).toEqual(REFUSAL_CLASSES.map((c) => `bfa_refusals_total{reason="${c}"} ${c === 'access' ? 1 : 0}`));
  });
});

describe('MetricsController', () => {
  const scrape = (remoteAddress: string, headers: Record<string, string> = {}) => {
    const metrics = new Metrics();
    metrics.gauge('bfa_randomizer_pool', 'rⁿ ready.', () => 3);
    return new MetricsController(metrics).scrape({ socket: { remoteAddress }, headers } as never);
  };

  it('answers a scraper on loopback, and no one else, nor a request a proxy relayed', async () => {
    await expect(scrape('127.0.0.1')).resolves.toContain('bfa_randomizer_pool 3');
    await expect(scrape('::1')).resolves.toContain('bfa_randomizer_pool 3');
    expect(() => scrape('192.0.2.7')).toThrow('metrics are served on loopback only, not through a proxy');
    expect(() => scrape('127.0.0.1', { 'x-forwarded-for': '192.0.2.7' })).toThrow('not through a proxy');
    expect(() => scrape('127.0.0.1', { forwarded: 'for=192.0.2.7' })).toThrow('not through a proxy');
  });
});
