import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { consoleOriginFromEnv, countEnv, natsCaFromEnv, NatsCredentials, consoleDirFromEnv, natsCredentialsFromEnv, portEnv, requiredEnv, signingKeyPassphraseFromEnv } from '@bfa/runtime';

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
  /** The built web console (BFA_CONSOLE_DIR; default dist/apps/console beside this build), served under /console/. */
  consoleDir: string;
  /** BFA_CONSOLE_ORIGIN: the coordinator's console, whose ethics-board view reads this node's audit log directly (CORS on the audit GET routes only). */
  consoleOrigin?: string;
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
    consoleOrigin: consoleOriginFromEnv(env),
  };
}
