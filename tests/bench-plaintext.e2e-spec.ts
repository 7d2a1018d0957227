import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { BENCH_PLAINTEXT_PHRASE } from '@bfa/runtime';

const ROOT = resolve(__dirname, '..');
const MAIN = (app: 'node' | 'coordinator') => join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');

/** The built app started as an operator would: its exit code and everything it printed. */
function start(app: 'node' | 'coordinator', env: Record<string, string>): Promise<{ code: number; output: string }> {
  const base = {
    PATH: process.env.PATH ?? '',
    NO_COLOR: '1',
    BFA_HTTP_PORT: '0',
    BFA_POLICIES_DIR: join(ROOT, 'policies'),
    BFA_IDENTITY_FILE: '/tmp/none.json',
  };
  return promisify(execFile)('node', [MAIN(app)], { cwd: ROOT, env: { ...base, ...env }, timeout: 30_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }),
  );
}

// An operator's script that copied the bench's environment into a partner's deployment: encryption would be off.
describe("the bench's plaintext floor in a real deployment's settings", () => {
  const production = {
    BFA_BENCH_PLAINTEXT: BENCH_PLAINTEXT_PHRASE,
    BFA_NATS_URL: 'tls://nats.brabant.example:4222',
    BFA_DATA_DIR: '/var/lib/bfa/ggd',
  };

  it.each(['node', 'coordinator'] as const)('stops the %s before it starts, naming why', async (app) => {
    const { code, output } = await start(app, { ...production, BFA_ORG: 'ggd' });
    expect(code).toBe(1);
    expect(output).toContain(
      `${app} failed to start: bad setting: BFA_BENCH_PLAINTEXT switches encryption off and is refused with NATS beyond this machine's loopback (nats.brabant.example)`,
    );
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('stops a node on loopback NATS too when its data is not the bench cluster', async () => {
    const { code, output } = await start('node', {
      ...production,
      BFA_NATS_URL: 'tls://127.0.0.1:4222',
      BFA_ORG: 'ggd',
    });
    expect(code).toBe(1);
    expect(output).toContain(
      "node failed to start: bad setting: BFA_BENCH_PLAINTEXT switches encryption off and is refused outside the bench's local cluster (BFA_DATA_DIR under .data/bench/, not /var/lib/bfa/ggd)",
    );
  });

  it('stops a node given anything but the exact phrase', async () => {
    const { code, output } = await start('node', {
      ...production,
      BFA_BENCH_PLAINTEXT: '1',
      BFA_NATS_URL: 'tls://127.0.0.1:4222',
      BFA_DATA_DIR: join(ROOT, '.data', 'bench', 'x'),
      BFA_ORG: 'ggd',
    });
    expect(code).toBe(1);
    expect(output).toContain(
      `node failed to start: bad setting: BFA_BENCH_PLAINTEXT must be unset, or '${BENCH_PLAINTEXT_PHRASE}'`,
    );
  });
});
