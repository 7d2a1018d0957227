import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditWriter } from '@bfa/audit';
import { countEnv, natsCaFromEnv, NatsCredentials, natsCredentialsFromEnv, portEnv, requiredEnv } from '@bfa/runtime';

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
  /** Unsigned or otherwise unproven HTTP requests one address may send per minute before it gets 429s. */
  unprovenPerMinute: number;
}

export const COORDINATOR_CONFIG = Symbol('COORDINATOR_CONFIG');

export const COORDINATOR_IDENTITY_FILE = 'coordinator-identity.json';

export const COORDINATOR_SIGNING_KEY = Symbol('COORDINATOR_SIGNING_KEY');

export const COORDINATOR_BOX_KEY = Symbol('COORDINATOR_BOX_KEY');

/** The coordinator's own keys, written once at set-up (deploy/local/provision.ts). */
export interface CoordinatorIdentity {
  /** Ed25519: signs its audit log and every request to a node. */
  publicKey: string;
  secretKey: string;
  /** X25519: opens what nodes seal to it (partial decryptions, a combination's manifest). */
  boxPublicKey: string;
  boxSecretKey: string;
}

/** The coordinator's identity file, kept in its data directory. */
export function coordinatorIdentity(config: CoordinatorConfig): CoordinatorIdentity {
  return JSON.parse(readFileSync(join(config.dataDir, COORDINATOR_IDENTITY_FILE), 'utf8'));
}

export function coordinatorSigningKey(config: CoordinatorConfig): string {
  return coordinatorIdentity(config).secretKey;
}

/** Without it the coordinator could not open a single partial decryption or manifest: it refuses to start. */
export function coordinatorBoxKey(config: CoordinatorConfig): string {
  const { boxSecretKey } = coordinatorIdentity(config);
  if (!boxSecretKey) throw new Error(`${COORDINATOR_IDENTITY_FILE} has no boxSecretKey: the coordinator could not open the key holders' sealed partial decryptions`);
  return boxSecretKey;
}

export function coordinatorAuditWriter(config: CoordinatorConfig): AuditWriter {
  return { id: 'coordinator', secretKey: coordinatorSigningKey(config) };
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
    unprovenPerMinute: countEnv(env, 'BFA_UNPROVEN_PER_MINUTE', 60),
  };
}
