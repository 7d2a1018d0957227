import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { countEnv, natsCaFromEnv, NatsCredentials, consoleDirFromEnv, natsCredentialsFromEnv, portEnv, requiredEnv, signingKeyPassphraseFromEnv } from '@bfa/runtime';

export interface NodeConfig {
  org: string;
  httpPort: number;
  natsUrl: string;
  natsCredentials?: NatsCredentials;
  /** The CA file nats-server's TLS certificate is checked against (BFA_NATS_CA); unset, NATS is plain. */
  natsCa?: string;
  dataDir: string;
  policiesDir: string;
  registryFile: string;
  /** How many rⁿ values to keep precomputed, so encryption at query time is one multiplication each. */
  randomizerPool: number;
  /** Worker threads computing them (default: every core); 0 computes on the main thread. */
  randomizerThreads: number;
  /** How long a steward's approval stays good for execution. */
  approvalValidityHours: number;
  /** Unsigned or otherwise unproven HTTP requests one address may send per minute before it gets 429s. */
  unprovenPerMinute: number;
  /** The node's identity (signing and box keys), kept apart from the data directory and its log; optionally sealed with a passphrase. */
  identityFile: string;
  identityPassphrase?: string;
  /** How long a query waits for an import of its dataset before it refuses, naming the import (BFA_DATA_LOCK_WAIT_MS). */
  dataLockWaitMs: number;
  /** The mapping files a steward may import with by name (BFA_MAPPINGS_DIR; default deploy/mappings beside the policies). */
  mappingsDir: string;
  /** The largest file a steward may upload for import (BFA_IMPORT_MAX_BYTES). */
  importMaxBytes: number;
  /** The built web console (BFA_CONSOLE_DIR; default dist/apps/console beside this build), served under /console/. */
  consoleDir: string;
}

export const NODE_CONFIG = Symbol('NODE_CONFIG');

/** NATS subjects are bound when the handlers are declared, so the organisation is read from the environment up front. */
export const NODE_ORG = process.env.BFA_ORG ?? '';

export function nodeConfigFromEnv(env: NodeJS.ProcessEnv): NodeConfig {
  const dataDir = requiredEnv(env, 'BFA_DATA_DIR');
  return {
    org: requiredEnv(env, 'BFA_ORG'),
    httpPort: portEnv(env, 'BFA_HTTP_PORT'),
    natsUrl: requiredEnv(env, 'BFA_NATS_URL'),
    natsCredentials: natsCredentialsFromEnv(env),
    natsCa: natsCaFromEnv(env),
    dataDir,
    policiesDir: requiredEnv(env, 'BFA_POLICIES_DIR'),
    registryFile: env.BFA_REGISTRY ?? join(dataDir, '..', 'registry.json'),
    randomizerPool: countEnv(env, 'BFA_RANDOMIZER_POOL', 64),
    randomizerThreads: countEnv(env, 'BFA_RANDOMIZER_THREADS', availableParallelism()),
    approvalValidityHours: countEnv(env, 'BFA_APPROVAL_VALIDITY_HOURS', 30 * 24),
    unprovenPerMinute: countEnv(env, 'BFA_UNPROVEN_PER_MINUTE', 60),
    identityFile: requiredEnv(env, 'BFA_IDENTITY_FILE'),
    identityPassphrase: signingKeyPassphraseFromEnv(env),
    consoleDir: consoleDirFromEnv(env, __dirname),
    dataLockWaitMs: countEnv(env, 'BFA_DATA_LOCK_WAIT_MS', 10_000),
    mappingsDir: env.BFA_MAPPINGS_DIR ?? join(requiredEnv(env, 'BFA_POLICIES_DIR'), '..', 'deploy', 'mappings'),
    importMaxBytes: countEnv(env, 'BFA_IMPORT_MAX_BYTES', 32 * 1024 * 1024),
  };
}
