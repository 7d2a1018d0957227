import { join, resolve } from 'node:path';
import { seedRegion } from '../../seeds/seed-region';
import { startLocalCluster, LocalCluster } from '../../deploy/local/cluster';

/** 1024-bit keys and a fifth of the region keep the suite fast; the protocol is the same as at 2048 bits. */
export const TEST_KEY_BITS = 1024;
export const TEST_SCALE = 0.2;

export function startTestCluster(name: string): Promise<LocalCluster> {
  return startLocalCluster({
    dir: join(resolve(__dirname, '..', '..'), '.data', 'test', `${name}-${process.pid}`),
    keyBits: TEST_KEY_BITS,
    nodeTimeoutMs: 60_000,
    seed: (nodesDir, orgs) => seedRegion({ outDir: nodesDir, orgs, scale: TEST_SCALE }),
  });
}
