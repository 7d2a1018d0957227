import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { waitForLogLine } from './support/logs';
import { ClusterState, isRunning, stopClusterProcess } from '../deploy/local/cluster-state';

const ROOT = resolve(__dirname, '..');
const NODE = join(ROOT, 'dist', 'apps', 'node', 'apps', 'node', 'src', 'main.js');

interface Run {
  code: number;
  output: string;
}

function run(command: string, args: string[], env: Record<string, string>, timeout = 240_000): Promise<Run> {
  return promisify(execFile)(command, args, {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }),
  );
}

/** Every sample of a scrape by its name and labels; fails on a line that is not the text format or a label outside the closed sets. */
async function scrape(url: string): Promise<Map<string, number>> {
  const response = await fetch(`${url}/metrics`);
  // Express puts the charset first; Prometheus reads the parameters in any order.
  expect([response.status, response.headers.get('content-type')?.split('; ').sort()]).toEqual([
    200,
    ['charset=utf-8', 'text/plain', 'version=0.0.4'],
  ]);
  const samples = new Map<string, number>();
  const typed = new Set<string>();
  for (const line of (await response.text()).split('\n').filter(Boolean)) {
    const type = /^# TYPE (bfa_[a-z_]+) (counter|gauge|histogram)$/.exec(line);
    if (type) typed.add(type[1]);
    if (line.startsWith('#')) continue;
    const sample = /^(bfa_[a-z_]+?)(_bucket|_sum|_count)?(\{[^}]*\})? ([0-9.e+-]+|\+Inf)$/.exec(line);
    expect([line, sample !== null]).toEqual([line, true]);
    const [, name, suffix, labels = ''] = sample!;
    expect([line, typed.has(name) || typed.has(name + (suffix ?? ''))]).toEqual([line, true]);
    for (const [, label, value] of labels.matchAll(/([a-z]+)="([^"]*)"/g))
      expect([line, label, value]).toEqual([
        line,
        expect.stringMatching(/^(state|step|reason|le)$/),
        expect.stringMatching(/^([a-z_]+|[0-9.]+|\+Inf)$/),
      ]);
    samples.set(`${name}${suffix ?? ''}${labels}`, Number(sample![4]));
  }
  return samples;
}

/** /health/ready's answer once it has `status` (nodes fill their rⁿ pools first; NATS is seen gone within seconds). */
async function readyStatus(url: string, status: number, timeoutMs = 60_000): Promise<unknown> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${url}/health/ready`);
    if (response.status === status || Date.now() > deadline) return response.json();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('a node started as an operator would, with a bad setting', () => {
  const good = {
    PATH: process.env.PATH ?? '',
    BFA_ORG: 'ggd',
    BFA_NATS_URL: 'nats://127.0.0.1:1',
    BFA_DATA_DIR: '/tmp/never-made',
    BFA_POLICIES_DIR: join(ROOT, 'policies'),
    BFA_IDENTITY_FILE: '/tmp/none.json',
  };

  it('exits with status 1 and one line naming every bad setting and what is wrong, no stack trace', async () => {
    const { code, output } = await run(
      'node',
      [NODE],
      { ...good, BFA_HTTP_PORT: '80a', BFA_RANDOMIZER_POOL: 'lots' },
      30_000,
    );
    expect(code).toBe(1);
    expect(output).toContain(
      "node failed to start: bad settings: BFA_HTTP_PORT must be a port number from 0 to 65535, not '80a'; BFA_RANDOMIZER_POOL must be a whole number of at least 0, not 'lots'",
    );
    expect(output).not.toMatch(/\n\s+at /);
    expect(output).not.toContain('node ggd up');
  });

  it('names a missing setting', async () => {
    const { BFA_ORG: _, ...withoutOrg } = good;
    const { code, output } = await run('node', [NODE], { ...withoutOrg, BFA_HTTP_PORT: '0' }, 30_000);
    expect(code).toBe(1);
    expect(output).toContain('node failed to start: bad setting: BFA_ORG is missing');
  });
});

describe('npm start and npm stop: the local cluster in the background', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bfa-cluster-'));
  // Small keys and 1% of the region: this tests starting and stopping, not the cryptography.
  const env = { BFA_CLUSTER_DIR: dir, BFA_KEY_BITS: '512', BFA_DEMO_SCALE: '0.01' };
  const state = () => JSON.parse(readFileSync(join(dir, 'cluster.json'), 'utf8')) as ClusterState;
  let started: ClusterState;

  afterAll(async () => {
    await run('npm', ['stop', '-s'], env);
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts nats-server, the coordinator and four nodes that outlive npm start, and prints every URL and key file', async () => {
    const { code, output } = await run('npm', ['start', '-s'], env);
    expect(code).toBe(0);
    started = state();
    expect(started.processes.map((p) => p.name).sort()).toEqual([
      'coordinator',
      'nats-server',
      'node-gemeente',
      'node-ggd',
      'node-schoolbestuur',
      'node-sterkhuis',
    ]);
    for (const node of Object.values(started.nodes))
      expect(output).toContain(`${node.url}/console/   steward key file ${node.stewardKeyFile}`);
    expect(output).toContain(`${started.coordinatorUrl}/console/`);
    expect(output).toContain(join(dir, 'users', 'analyst.smartstart.json'));
    for (const process of started.processes) expect(isRunning(process)).toBe(true);
    for (const process of started.processes.filter((p) => p.url?.startsWith('http'))) {
      const health = await fetch(`${process.url}/health`);
      expect([process.name, health.status]).toEqual([process.name, 200]);
    }
  });

  it('says so when started a second time, and starts nothing more', async () => {
    const { code, output } = await run('npm', ['start', '-s'], env);
    expect(code).toBe(0);
    expect(output).toContain('The local cluster is already running');
    expect(state().processes.map((p) => p.pid)).toEqual(started.processes.map((p) => p.pid));
  });

  it('serves metrics in Prometheus text format on loopback, with closed labels only', async () => {
    await fetch(`${started.coordinatorUrl}/queries`);
    const coordinator = await scrape(started.coordinatorUrl);
    expect(coordinator.get('bfa_queries{state="proposed"}')).toBe(0);
    expect(coordinator.get('bfa_step_duration_seconds_count{step="execution"}')).toBe(0);
    expect(coordinator.get('bfa_refusals_total{reason="access"}')).toBeGreaterThanOrEqual(1);
    const nodeUrl = Object.values(started.nodes)[0].url;
    await readyStatus(nodeUrl, 200);
    const node = await scrape(nodeUrl);
    expect(node.get('bfa_executions_total')).toBe(0);
    expect(node.get('bfa_decryptions_total')).toBe(0);
    expect(node.get('bfa_randomizer_pool')).toBeGreaterThan(0);
    expect(node.get('bfa_refusals_total{reason="execution"}')).toBe(0);
  });

  it('logs JSON lines, one per request with its id and query, and says when it is ready and what is missing once nats-server is gone', async () => {
    const apps = started.processes.filter((p) => p.url?.startsWith('http'));
    for (const process of apps)
      expect([process.name, await readyStatus(process.url!, 200)]).toEqual([process.name, { status: 'ready' }]);
    await fetch(`${started.coordinatorUrl}/queries/q-ops-1`, { headers: { 'x-request-id': 'ops-test-1' } });
    const coordinatorLog = started.processes.find((p) => p.name === 'coordinator')!.logFile;
    const line = await waitForLogLine(coordinatorLog, /"requestId":"ops-test-1"/);
    const lines = line
      .split('\n')
      .filter(Boolean)
      .map((text) => JSON.parse(text));
    expect(lines).toContainEqual(
      expect.objectContaining({
        app: 'coordinator',
        requestId: 'ops-test-1',
        method: 'GET',
        path: '/queries/q-ops-1',
        queryId: 'q-ops-1',
        status: 401,
      }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'info',
        context: 'Coordinator',
        msg: expect.stringMatching(/^coordinator up: http/),
      }),
    );

    expect(await stopClusterProcess(started.processes.find((p) => p.name === 'nats-server')!)).toBe('stopped');
    for (const process of apps) {
      expect([process.name, await readyStatus(process.url!, 503)]).toEqual([
        process.name,
        { status: 'not ready', missing: [expect.stringMatching(/^NATS is (disconnected|reconnecting)$/)] },
      ]);
    }
  });

  it('npm stop stops every process and leaves nothing running', async () => {
    const { code, output } = await run('npm', ['stop', '-s'], env);
    expect(code).toBe(0);
    expect(output).toMatch(/nats-server\s+not running/);
    for (const process of started.processes.filter((p) => p.name !== 'nats-server'))
      expect(output).toMatch(new RegExp(`${process.name}\\s+stopped`));
    expect(started.processes.filter(isRunning)).toEqual([]);
    for (const process of started.processes.filter((p) => p.url?.startsWith('http')))
      await expect(fetch(`${process.url}/health`)).rejects.toThrow();
    expect((await run('npm', ['stop', '-s'], env)).output).toContain('No local cluster is running');
  });
});
