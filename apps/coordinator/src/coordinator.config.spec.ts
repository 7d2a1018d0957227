import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ConfigError } from '@bfa/runtime';
import { coordinatorConfigFromEnv } from './coordinator.config';

const POLICIES = resolve(__dirname, '..', '..', '..', 'policies');
const good = {
  BFA_HTTP_PORT: '8080',
  BFA_NATS_URL: 'nats://127.0.0.1:4222',
  BFA_DATA_DIR: '/var/lib/bfa/coordinator',
  BFA_POLICIES_DIR: POLICIES,
  BFA_IDENTITY_FILE: '/etc/bfa/identity.json',
};

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    coordinatorConfigFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the settings were accepted');
}

describe("the coordinator's settings", () => {
  it('reads good settings, with defaults for the rest', () => {
    expect(
      coordinatorConfigFromEnv({ ...good, BFA_NODE_TIMEOUT_MS: '60000', BFA_REGISTRY: '/etc/bfa/registry.json' }),
    ).toMatchObject({
      httpPort: 8080,
      nodeTimeoutMs: 60_000,
      combinationStepTimeoutMs: 3_600_000,
      auditHeadDebounceMs: 250,
      auditHeadIntervalMs: 60_000,
      registryFile: '/etc/bfa/registry.json',
      proofThreads: availableParallelism(),
    });
    expect(coordinatorConfigFromEnv({ ...good, BFA_PROOF_THREADS: '1' }).proofThreads).toBe(1);
  });

  it.each(['0', String(availableParallelism() + 1)])(
    'refuses BFA_PROOF_THREADS=%s: from one thread to the cores, naming both',
    (threads) => {
      const cores = availableParallelism();
      expect(refusal({ ...good, BFA_PROOF_THREADS: threads })).toBe(
        `bad setting: BFA_PROOF_THREADS must be from 1 to ${cores} worker threads (the checks take minutes at scale and must not hold up NATS, decisions and heartbeats; this machine has ${cores} cores), not '${threads}'`,
      );
    },
  );

  it('names the missing setting', () => {
    const { BFA_IDENTITY_FILE: _, ...rest } = good;
    expect(refusal(rest)).toBe('bad setting: BFA_IDENTITY_FILE is missing');
  });

  it.each([
    ['BFA_NODE_TIMEOUT_MS', '5m', "BFA_NODE_TIMEOUT_MS must be a whole number of at least 0, not '5m'"],
    [
      'BFA_COMBINATION_STEP_TIMEOUT_MS',
      '1e6',
      "BFA_COMBINATION_STEP_TIMEOUT_MS must be a whole number of at least 0, not '1e6'",
    ],
    ['BFA_AUDIT_HEAD_INTERVAL_MS', '-5', "BFA_AUDIT_HEAD_INTERVAL_MS must be a whole number of at least 0, not '-5'"],
    ['BFA_UNPROVEN_PER_MINUTE', 'many', "BFA_UNPROVEN_PER_MINUTE must be a whole number of at least 0, not 'many'"],
    ['BFA_HTTP_PORT', '', 'BFA_HTTP_PORT is missing'],
    ['BFA_PROOF_THREADS', 'two', "BFA_PROOF_THREADS must be a whole number of at least 0, not 'two'"],
    // Each of these ran: Node fires a timer longer than 2^31 − 1 ms after 1 ms, and an interval of 0 is a busy loop.
    [
      'BFA_NODE_TIMEOUT_MS',
      '3000000000',
      "BFA_NODE_TIMEOUT_MS must be from 1 to 2,147,483,647 milliseconds (a longer one makes Node's timer fire at once), not '3000000000'",
    ],
    [
      'BFA_HEARTBEAT_INTERVAL_MS',
      '0',
      "BFA_HEARTBEAT_INTERVAL_MS must be from 100 to 2,147,483,647 milliseconds (a shorter one floods NATS with heartbeats), not '0'",
    ],
    [
      'BFA_AUDIT_HEAD_INTERVAL_MS',
      '0',
      "BFA_AUDIT_HEAD_INTERVAL_MS must be from 1,000 to 2,147,483,647 milliseconds (each push is a signed head every node logs: a shorter one grows every log), not '0'",
    ],
    [
      'BFA_RETENTION_SWEEP_INTERVAL_MS',
      '0',
      "BFA_RETENTION_SWEEP_INTERVAL_MS must be from 1,000 to 86,400,000 milliseconds (a release may outlive its retention by one interval, and bfa ethics verify allows a day), not '0'",
    ],
    [
      'BFA_RETENTION_SWEEP_INTERVAL_MS',
      '604800000',
      "BFA_RETENTION_SWEEP_INTERVAL_MS must be from 1,000 to 86,400,000 milliseconds (a release may outlive its retention by one interval, and bfa ethics verify allows a day), not '604800000'",
    ],
  ])('refuses %s=%s, naming it and what is wrong', (name, value, problem) => {
    expect(refusal({ ...good, [name]: value })).toBe(`bad setting: ${problem}`);
  });
});
