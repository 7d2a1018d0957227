import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import {
  count,
  httpOrigin,
  optionalText,
  PROCESS_SETTINGS,
  ProcessConfig,
  processConfigOf,
  readSettings,
  requiredText,
  unpairedSettings,
  milliseconds,
} from '@bfa/runtime';

export interface NodeConfig extends ProcessConfig {
  org: string;
  /** How many rⁿ values to keep precomputed, so encryption at query time is one multiplication each. */
  randomizerPool: number;
  /** Worker threads computing them (default: every core); 0 computes on the main thread. */
  randomizerThreads: number;
  /** Worker threads for a combination step's per-record work (default: every core); 0 works on the main thread. */
  combinationThreads: number;
  /** How long a steward's approval stays good for execution. */
  approvalValidityHours: number;
  /** How long a query waits for an import of its dataset before it refuses, naming the import (BFA_DATA_LOCK_WAIT_MS). */
  dataLockWaitMs: number;
  /** The mapping files a steward may import with by name (BFA_MAPPINGS_DIR; default deploy/mappings beside the policies). */
  mappingsDir: string;
  /** The largest file a steward may upload for import (BFA_IMPORT_MAX_BYTES). */
  importMaxBytes: number;
  /** Key holders: the most bytes of contribution chunks held for requests not yet made (BFA_CONTRIBUTION_CHUNKS_MAX_BYTES). */
  contributionChunksMaxBytes: number;
  /** Key holders: the most partial decryption requests whose chunks are held at once (BFA_CONTRIBUTION_CHUNKS_MAX_PENDING). */
  contributionChunksMaxPending: number;
  /** The most bytes of combination hop chunks held, delivered or pushed, until their step takes them (BFA_HOP_CHUNKS_MAX_BYTES). */
  hopChunksMaxBytes: number;
  /** BFA_CONSOLE_ORIGIN: the coordinator's console, whose ethics-board view reads this node's audit log directly (CORS on the audit GET routes only). */
  consoleOrigin?: string;
}

export const NODE_CONFIG = Symbol('NODE_CONFIG');

/** BFA_HOP_CHUNKS_MAX_BYTES' default: 1 GiB, ≈ 14 hops of the region's 100,000 children held at once. */
export const DEFAULT_HOP_CHUNKS_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * NATS subjects are bound when the handlers are declared, so main.ts binds the organisation from the settings
 * before it loads the node's module (a live binding: the controllers read it as their classes are declared).
 */
export let NODE_ORG = '';

export function bindNodeOrg(org: string): void {
  NODE_ORG = org;
}

/** Every setting of a node, declared once: the README's table of settings lists exactly these (and the coordinator's and bfa's). */
export const NODE_SETTINGS = {
  ...PROCESS_SETTINGS,
  BFA_ORG: requiredText('the organisation this node serves, as in the registry (gemeente, ggd, ...)'),
  BFA_RANDOMIZER_POOL: count(
    'how many rⁿ to keep precomputed, so encryption at query time is one multiplication each',
    64,
  ),
  BFA_RANDOMIZER_THREADS: count(
    'worker threads computing them (0: on the main thread)',
    availableParallelism(),
    'every core',
  ),
  BFA_COMBINATION_THREADS: count(
    "worker threads for a combination step's per-record work: checks, multiplications, sealing (0: on the main thread)",
    availableParallelism(),
    'every core',
  ),
  BFA_APPROVAL_VALIDITY_HOURS: count("how long a steward's approval stays good for execution", 30 * 24),
  BFA_DATA_LOCK_WAIT_MS: milliseconds(
    'how long a query waits for an import of its dataset to finish before it fails, naming the import',
    10_000,
    { min: 0 },
  ),
  BFA_MAPPINGS_DIR: optionalText(
    "the folder of mapping files a steward's upload may name",
    '<BFA_POLICIES_DIR>/../deploy/mappings',
  ),
  BFA_IMPORT_MAX_BYTES: count(
    "the largest file a steward may upload through the console (larger: bfa data import on the node's machine)",
    32 * 1024 * 1024,
    '33,554,432 (32 MiB)',
  ),
  BFA_CONTRIBUTION_CHUNKS_MAX_BYTES: count(
    'key holders: the most bytes of signed contributions held in memory, in chunks sent ahead of their partial decryption requests (one request at 200 partners × 10,000 cells: 27 MB); beyond it a chunk is refused naming this setting',
    256 * 1024 * 1024,
    '268,435,456 (256 MiB)',
  ),
  BFA_CONTRIBUTION_CHUNKS_MAX_PENDING: count(
    'key holders: the most partial decryption requests whose contribution chunks are held at once (each until its request takes them, or 30 min)',
    16,
  ),
  BFA_HOP_CHUNKS_MAX_BYTES: count(
    "the most bytes of a combination's sealed hop chunks this node holds until their step takes them, pushed by a partner or relayed (one hop of the region's 100,000 children: ≈ 70 MB; raise it for a population of well over a million children); beyond it a chunk is refused naming this setting",
    DEFAULT_HOP_CHUNKS_MAX_BYTES,
    '1,073,741,824 (1 GiB)',
  ),
  BFA_CONSOLE_ORIGIN: httpOrigin(
    "the coordinator's console origin: the one page allowed to read this node's audit log across origins (the ethics board's)",
  ),
};

/** The one place a node reads its settings (main.ts passes process.env); a bad one stops it with its name. */
export function nodeConfigFromEnv(env: NodeJS.ProcessEnv): NodeConfig {
  const settings = readSettings(NODE_SETTINGS, env, unpairedSettings);
  return {
    ...processConfigOf(settings, __dirname),
    org: settings.BFA_ORG,
    randomizerPool: settings.BFA_RANDOMIZER_POOL,
    randomizerThreads: settings.BFA_RANDOMIZER_THREADS,
    combinationThreads: settings.BFA_COMBINATION_THREADS,
    approvalValidityHours: settings.BFA_APPROVAL_VALIDITY_HOURS,
    consoleOrigin: settings.BFA_CONSOLE_ORIGIN,
    dataLockWaitMs: settings.BFA_DATA_LOCK_WAIT_MS,
    mappingsDir: settings.BFA_MAPPINGS_DIR ?? join(settings.BFA_POLICIES_DIR, '..', 'deploy', 'mappings'),
    importMaxBytes: settings.BFA_IMPORT_MAX_BYTES,
    contributionChunksMaxBytes: settings.BFA_CONTRIBUTION_CHUNKS_MAX_BYTES,
    contributionChunksMaxPending: settings.BFA_CONTRIBUTION_CHUNKS_MAX_PENDING,
    hopChunksMaxBytes: settings.BFA_HOP_CHUNKS_MAX_BYTES,
  };
}
