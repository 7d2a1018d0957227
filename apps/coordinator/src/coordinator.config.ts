import { join } from 'node:path';
import { readKeyFile } from '@bfa/crypto';
import { countEnv, natsCaFromEnv, NatsCredentials, consoleDirFromEnv, natsCredentialsFromEnv, portEnv, requiredEnv, signingKeyPassphraseFromEnv } from '@bfa/runtime';

export interface CoordinatorConfig {
  httpPort: number;
  natsUrl: string;
  natsCredentials?: NatsCredentials;
  /** The CA file nats-server's TLS certificate is checked against (BFA_NATS_CA); unset, NATS is plain. */
  natsCa?: string;
  dataDir: string;
  policiesDir: string;
  registryFile: string;
  /** How long a node may take to answer one request (execution and decryption are CPU-bound). */
  nodeTimeoutMs: number;
  /**
   * How long one step of a combination may take (start, apply a factor, finish): at 100,000 children a step
   * whose rⁿ were not precomputed computes them first, minutes per partner.
   */
  combinationStepTimeoutMs: number;
  /**
   * How often, during a combination step, the coordinator checks with nats-server that the step's node is still
   * there (BFA_HEARTBEAT_INTERVAL_MS); gone at three checks in a row, the query fails with that reason.
   */
  heartbeatIntervalMs: number;
  /** Unsigned or otherwise unproven HTTP requests one address may send per minute before it gets 429s. */
  unprovenPerMinute: number;
  /** The coordinator's identity (its Ed25519 key), kept apart from the data directory and its log. */
  identityFile: string;
  identityPassphrase?: string;
  /** The nodes are shown the log's head this long after it last grew, and every interval regardless. */
  auditHeadDebounceMs: number;
  auditHeadIntervalMs: number;
  /** The built web console (BFA_CONSOLE_DIR; default dist/apps/console beside this build), served under /console/. */
  consoleDir: string;
}

export const COORDINATOR_CONFIG = Symbol('COORDINATOR_CONFIG');

export const COORDINATOR_SIGNING_KEY = Symbol('COORDINATOR_SIGNING_KEY');

export const COORDINATOR_BOX_KEY = Symbol('COORDINATOR_BOX_KEY');

/** The coordinator's identity file as provisioned (deploy/local/provision.ts): its content shape, wherever the file lives. */
export interface CoordinatorIdentity {
  /** Ed25519: signs its audit log and every request to a node. */
  publicKey: string;
  secretKey: string;
  /** X25519: opens what nodes seal to it (partial decryptions, a combination's manifest). */
  boxPublicKey: string;
  boxSecretKey: string;
}

/**
 * The coordinator's identity, the one place it is read: outside the data directory (BFA_IDENTITY_FILE), owner-only,
 * optionally sealed with a passphrase. Its Ed25519 key signs the audit log and every request to a node.
 */
export function coordinatorIdentity(config: CoordinatorConfig): CoordinatorIdentity {
  return readKeyFile<CoordinatorIdentity>(config.identityFile, config.identityPassphrase);
}

export function coordinatorConfigFromEnv(env: NodeJS.ProcessEnv): CoordinatorConfig {
  const dataDir = requiredEnv(env, 'BFA_DATA_DIR');
  return {
    httpPort: portEnv(env, 'BFA_HTTP_PORT'),
    natsUrl: requiredEnv(env, 'BFA_NATS_URL'),
    natsCredentials: natsCredentialsFromEnv(env),
    natsCa: natsCaFromEnv(env),
    dataDir,
    policiesDir: requiredEnv(env, 'BFA_POLICIES_DIR'),
    registryFile: env.BFA_REGISTRY ?? join(dataDir, '..', 'registry.json'),
    nodeTimeoutMs: countEnv(env, 'BFA_NODE_TIMEOUT_MS', 300_000),
    combinationStepTimeoutMs: countEnv(env, 'BFA_COMBINATION_STEP_TIMEOUT_MS', 3_600_000),
    heartbeatIntervalMs: countEnv(env, 'BFA_HEARTBEAT_INTERVAL_MS', 2_000),
    unprovenPerMinute: countEnv(env, 'BFA_UNPROVEN_PER_MINUTE', 60),
    identityFile: requiredEnv(env, 'BFA_IDENTITY_FILE'),
    identityPassphrase: signingKeyPassphraseFromEnv(env),
    auditHeadDebounceMs: countEnv(env, 'BFA_AUDIT_HEAD_DEBOUNCE_MS', 250),
    auditHeadIntervalMs: countEnv(env, 'BFA_AUDIT_HEAD_INTERVAL_MS', 60_000),
    consoleDir: consoleDirFromEnv(env, __dirname),
  };
}
