import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BENCH_PLAINTEXT_PHRASE, benchPlaintextOf, benchPlaintextProblem } from './bench-plaintext';
import { ConfigError } from './settings';
import { nodeConfigFromEnv } from '../../../apps/node/src/node.config';
import { coordinatorConfigFromEnv } from '../../../apps/coordinator/src/coordinator.config';

const ROOT = resolve(__dirname, '..', '..', '..');
const BENCH_DIR = join(ROOT, '.data', 'bench', 'floor', 'nodes', 'ggd');
const LOCAL = 'tls://127.0.0.1:4222';
const POLICIES = join(ROOT, 'policies');
const node = (change: Record<string, string>) => ({
  BFA_ORG: 'ggd',
  BFA_HTTP_PORT: '0',
  BFA_NATS_URL: LOCAL,
  BFA_DATA_DIR: BENCH_DIR,
  BFA_POLICIES_DIR: POLICIES,
  BFA_IDENTITY_FILE: '/etc/bfa/identity.json',
  ...change,
});

describe("the bench's plaintext floor (BFA_BENCH_PLAINTEXT)", () => {
  it('is off when unset, wherever the process runs', () => {
    expect(benchPlaintextOf(undefined, 'tls://nats.example:4222', '/var/lib/bfa')).toBe(false);
    expect(
      nodeConfigFromEnv(node({ BFA_NATS_URL: 'tls://nats.example:4222', BFA_DATA_DIR: '/var/lib/bfa' })).benchPlaintext,
    ).toBe(false);
  });

  it("is on only with the phrase, loopback NATS and the bench's data folder", () => {
    expect(benchPlaintextOf(BENCH_PLAINTEXT_PHRASE, 'tls://127.0.0.1:4222,nats://localhost:4223', BENCH_DIR)).toBe(
      true,
    );
    expect(nodeConfigFromEnv(node({ BFA_BENCH_PLAINTEXT: BENCH_PLAINTEXT_PHRASE })).benchPlaintext).toBe(true);
  });

  it.each([
    ['a truthy leftover', '1', LOCAL, BENCH_DIR, /must be unset, or 'bench-only-no-encryption'/],
    ['true', 'true', LOCAL, BENCH_DIR, /must be unset/],
    [
      "a partner's NATS",
      BENCH_PLAINTEXT_PHRASE,
      'tls://nats.brabant.example:4222',
      BENCH_DIR,
      /beyond this machine's loopback \(nats\.brabant\.example\)/,
    ],
    [
      'one remote server of a cluster',
      BENCH_PLAINTEXT_PHRASE,
      `${LOCAL},tls://10.0.0.7:4222`,
      BENCH_DIR,
      /loopback \(10\.0\.0\.7\)/,
    ],
    ['a loopback look-alike', BENCH_PLAINTEXT_PHRASE, 'tls://127.0.0.1.evil.example:4222', BENCH_DIR, /loopback/],
    ['a production data directory', BENCH_PLAINTEXT_PHRASE, LOCAL, '/var/lib/bfa', /outside the bench's local cluster/],
    [
      "the demo's or the tests' cluster",
      BENCH_PLAINTEXT_PHRASE,
      LOCAL,
      join(ROOT, '.data', 'demo', 'nodes', 'ggd'),
      /outside the bench's local cluster/,
    ],
    [
      'a folder only named like it',
      BENCH_PLAINTEXT_PHRASE,
      LOCAL,
      '/srv/data/bench-results/ggd',
      /outside the bench's local cluster/,
    ],
    [
      'a production folder reached through .data/bench/..',
      BENCH_PLAINTEXT_PHRASE,
      LOCAL,
      '/var/lib/bfa/.data/bench/../../gemeente',
      /outside the bench's local cluster \(BFA_DATA_DIR under \.data\/bench\/, not \/var\/lib\/bfa\/gemeente\)/,
    ],
  ])('refuses %s', (_, value, nats, dir, reason) => {
    expect(benchPlaintextProblem(value, nats, dir)).toMatch(reason);
    expect(() => benchPlaintextOf(value, nats, dir)).toThrow(ConfigError);
  });

  it('refuses a .data/bench/ folder that is a symlink to a production data directory', () => {
    const root = mkdtempSync(join(tmpdir(), 'bfa-bench-'));
    try {
      mkdirSync(join(root, 'srv', 'gemeente'), { recursive: true });
      mkdirSync(join(root, '.data', 'bench'), { recursive: true });
      symlinkSync(join(root, 'srv', 'gemeente'), join(root, '.data', 'bench', 'gemeente'));
      expect(benchPlaintextProblem(BENCH_PLAINTEXT_PHRASE, LOCAL, join(root, '.data', 'bench', 'gemeente'))).toMatch(
        /outside the bench's local cluster/,
      );
      mkdirSync(join(root, '.data', 'bench', 'ggd'));
      expect(benchPlaintextProblem(BENCH_PLAINTEXT_PHRASE, LOCAL, join(root, '.data', 'bench', 'ggd'))).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('stops a node and a coordinator from starting with it outside the bench, naming the reason', () => {
    const production = {
      BFA_BENCH_PLAINTEXT: BENCH_PLAINTEXT_PHRASE,
      BFA_NATS_URL: 'tls://nats.brabant.example:4222',
      BFA_DATA_DIR: '/var/lib/bfa',
    };
    expect(() => nodeConfigFromEnv(node(production))).toThrow(
      /BFA_BENCH_PLAINTEXT switches encryption off and is refused/,
    );
    const coordinator = {
      BFA_HTTP_PORT: '0',
      BFA_POLICIES_DIR: POLICIES,
      BFA_IDENTITY_FILE: '/etc/bfa/coordinator.json',
      ...production,
    };
    expect(() => coordinatorConfigFromEnv(coordinator)).toThrow(
      /BFA_BENCH_PLAINTEXT switches encryption off and is refused/,
    );
  });
});
