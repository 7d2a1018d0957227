import { readKeyFile } from '@bfa/crypto';
import {
  PROCESS_SETTINGS,
  ProcessConfig,
  processConfigOf,
  readSettings,
  unpairedSettings,
  urlsByName,
  milliseconds,
  workerThreads,
} from '@bfa/runtime';

export interface CoordinatorConfig extends ProcessConfig {
  /** How long a node may take to answer one request (execution and decryption are CPU-bound). */
  nodeTimeoutMs: number;
  /**
   * How long one step of a combination may take (start, apply a factor, finish): at 100,000 children a step
   * whose rⁿ were not precomputed computes them first, minutes per partner.
   */
  combinationStepTimeoutMs: number;
  /**
   * How often, during a combination step or a decryption, the coordinator checks with nats-server that the node is
   * still there (BFA_HEARTBEAT_INTERVAL_MS); gone at three checks in a row, a combination fails with that reason, and
   * a decryption carries on without that key holder while the threshold can still be met.
   */
  heartbeatIntervalMs: number;
  /** The nodes are shown the log's head this long after it last grew, and every interval regardless. */
  auditHeadDebounceMs: number;
  auditHeadIntervalMs: number;
  /** BFA_AUDIT_NODE_URLS: each node's base URL by organisation, where the ethics board's console reads that node's log itself. */
  auditNodeUrls: Record<string, string>;
  /** How often releases past their retention are removed (also at start), at most a day apart. It never shortens a retention. */
  retentionSweepIntervalMs: number;
  /** Worker threads checking the key holders' proofs of correct partial decryption (BFA_PROOF_THREADS). */
  proofThreads: number;
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

/** Every setting of the coordinator, declared once: the README's table of settings lists exactly these (and the node's and bfa's). */
export const COORDINATOR_SETTINGS = {
  ...PROCESS_SETTINGS,
  BFA_NODE_TIMEOUT_MS: milliseconds(
    'how long a node may take to answer one request (execution and decryption are CPU-bound)',
    300_000,
  ),
  BFA_COMBINATION_STEP_TIMEOUT_MS: milliseconds(
    'how long one step of a combination may take at one partner',
    3_600_000,
  ),
  BFA_HEARTBEAT_INTERVAL_MS: milliseconds(
    "how often a combination step's partner, or a key holder during a decryption, is checked to still be there (three misses in a row: gone)",
    2_000,
    { min: 100, why: 'a shorter one floods NATS with heartbeats' },
  ),
  BFA_AUDIT_HEAD_DEBOUNCE_MS: milliseconds(
    "the nodes are shown the audit log's head this long after it last grew",
    250,
    {
      min: 0,
    },
  ),
  BFA_AUDIT_HEAD_INTERVAL_MS: milliseconds('... and at least this often, whether it grew or not', 60_000, {
    min: 1_000,
    why: 'each push is a signed head every node logs: a shorter one grows every log',
  }),
  BFA_RETENTION_SWEEP_INTERVAL_MS: milliseconds(
    "how often releases past their retention (release time + the query's retentionDays) are removed, besides at start (at most a day)",
    3_600_000,
    {
      min: 1_000,
      max: 86_400_000,
      why: 'a release may outlive its retention by one interval, and bfa ethics verify allows a day',
    },
  ),
  BFA_PROOF_THREADS: workerThreads(
    "worker threads checking the key holders' proofs of correct partial decryption, off the event loop",
    1,
    'the checks take minutes at scale and must not hold up NATS, decisions and heartbeats',
  ),
  BFA_AUDIT_NODE_URLS: urlsByName(
    "org=url,...: where the ethics board's console reads each node's audit log (allowed by the console's CSP)",
  ),
};

/** The one place the coordinator reads its settings (main.ts passes process.env); a bad one stops it with its name. */
export function coordinatorConfigFromEnv(env: NodeJS.ProcessEnv): CoordinatorConfig {
  const settings = readSettings(COORDINATOR_SETTINGS, env, unpairedSettings);
  return {
    ...processConfigOf(settings, __dirname),
    nodeTimeoutMs: settings.BFA_NODE_TIMEOUT_MS,
    combinationStepTimeoutMs: settings.BFA_COMBINATION_STEP_TIMEOUT_MS,
    heartbeatIntervalMs: settings.BFA_HEARTBEAT_INTERVAL_MS,
    auditHeadDebounceMs: settings.BFA_AUDIT_HEAD_DEBOUNCE_MS,
    auditHeadIntervalMs: settings.BFA_AUDIT_HEAD_INTERVAL_MS,
    auditNodeUrls: settings.BFA_AUDIT_NODE_URLS,
    retentionSweepIntervalMs: settings.BFA_RETENTION_SWEEP_INTERVAL_MS,
    proofThreads: settings.BFA_PROOF_THREADS,
  };
}
