import { join, resolve } from 'node:path';
import { count, optionalText, readSettings, share } from '@bfa/runtime';

const ROOT = resolve(__dirname, '..', '..');

/** The settings of `npm run demo`, declared once like the apps'. */
export const DEMO_SETTINGS = {
  BFA_KEY_BITS: count('bits of the threshold Paillier key made at provisioning', 2048),
  BFA_DEMO_SCALE: share("share of the region's children seeded at provisioning", 0.1),
};

/** The settings of `npm start` (the local cluster): the demo's, and where it keeps everything. */
export const CLUSTER_SETTINGS = {
  ...DEMO_SETTINGS,
  BFA_CLUSTER_DIR: optionalText("where `npm start` keeps the local cluster's keys, data, logs and pids", '.data/cluster'),
};

export function demoSettings(env: NodeJS.ProcessEnv) {
  const settings = readSettings(DEMO_SETTINGS, env);
  return { keyBits: settings.BFA_KEY_BITS, scale: settings.BFA_DEMO_SCALE };
}

export function clusterSettings(env: NodeJS.ProcessEnv) {
  const settings = readSettings(CLUSTER_SETTINGS, env);
  return { keyBits: settings.BFA_KEY_BITS, scale: settings.BFA_DEMO_SCALE, dir: resolve(settings.BFA_CLUSTER_DIR ?? join(ROOT, '.data', 'cluster')) };
}
