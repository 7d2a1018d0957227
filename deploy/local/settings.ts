import { join, resolve } from 'node:path';
import { count, oneOf, optionalText, readSettings, share } from '@bfa/runtime';

const ROOT = resolve(__dirname, '..', '..');

/** The settings of `npm run demo`, declared once like the apps'. */
export const DEMO_SETTINGS = {
  BFA_KEY_BITS: count('bits of the threshold Paillier key made at provisioning', 2048),
  /*
   * A tenth of the region (8,685 children of 2024): a combination sends every child of its year through every
   * partner, each encrypted or re-randomised with one precomputed rⁿ (8 ms), so the whole region (1) costs about
   * half an hour of precomputation on 2 cores.
   */
  BFA_DEMO_SCALE: share("share of the region's children seeded at provisioning", 0.1),
};

/** The settings of `npm start` (the local cluster): the demo's, and where it keeps everything. */
export const CLUSTER_SETTINGS = {
  ...DEMO_SETTINGS,
  BFA_CLUSTER_DIR: optionalText(
    "where `npm start` keeps the local cluster's keys, data, logs and pids",
    '.data/cluster',
  ),
  BFA_CLUSTER_NATS_SERVERS: oneOf(
    'nats-servers `npm start` runs: 1, or 3 clustered on loopback (each process is given all three URLs)',
    ['1', '3'],
    '1',
  ),
};

export function demoSettings(env: NodeJS.ProcessEnv) {
  const settings = readSettings(DEMO_SETTINGS, env);
  return { keyBits: settings.BFA_KEY_BITS, scale: settings.BFA_DEMO_SCALE };
}

export function clusterSettings(env: NodeJS.ProcessEnv) {
  const settings = readSettings(CLUSTER_SETTINGS, env);
  return {
    keyBits: settings.BFA_KEY_BITS,
    scale: settings.BFA_DEMO_SCALE,
    natsServers: Number(settings.BFA_CLUSTER_NATS_SERVERS),
    dir: resolve(settings.BFA_CLUSTER_DIR ?? join(ROOT, '.data', 'cluster')),
  };
}
