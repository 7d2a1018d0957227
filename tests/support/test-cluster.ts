import { appendFileSync, cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ClusterOptions, startLocalCluster, LocalCluster } from '../../deploy/local/cluster';
import { seedNodes } from '../../deploy/local/seed-nodes';

const ROOT = resolve(__dirname, '..', '..');

/** Production-size 2048-bit keys; a fifth of the region keeps seeding (the partners' exports through `bfa data import`) fast. */
export const TEST_KEY_BITS = 2048;
export const TEST_SCALE = 0.2;

/** A combination encrypts, re-randomises and seals every child of its year at every partner: the suites that run them seed 2% of the region. */
export const COMBINATION_SCALE = 0.02;
/**
 * The suites that check released combination cells against the sqlite files and estimate from them (combination,
 * cocktail) seed 5%: at 2% the seeded region leaves one wijk × age-band cell or no relative risk above k, and what
 * they check would rest on one cell.
 */
export const RELEASED_COMBINATION_SCALE = 0.05;

/** `scale` seeds another share of the region than TEST_SCALE (the combination suites: COMBINATION_SCALE). */
export function startTestCluster(
  name: string,
  options: Partial<ClusterOptions> & { scale?: number } = {},
): Promise<LocalCluster> {
  return startLocalCluster(testClusterOptions(name, options));
}

/** What startTestCluster provisions and starts: keys, settings and seeds, in .data/test/<name>-<pid>. */
export function testClusterOptions(
  name: string,
  { scale = TEST_SCALE, ...options }: Partial<ClusterOptions> & { scale?: number } = {},
): ClusterOptions {
  return {
    ...options,
    dir: join(ROOT, '.data', 'test', `${name}-${process.pid}`),
    keyBits: TEST_KEY_BITS,
    nodeTimeoutMs: 60_000,
    seed: (nodesDir, orgs, policiesDir) =>
      seedNodes({
        nodesDir,
        orgs,
        policiesDir,
        scale,
        through: 'function',
        cacheDir: join(ROOT, '.data', 'seed-exports'),
      }),
  };
}

/** The coordinator's signing key, for tests that play a compromised coordinator. */
export function coordinatorKey(cluster: LocalCluster): string {
  return JSON.parse(readFileSync(cluster.coordinatorIdentityFile, 'utf8')).secretKey;
}

/** A copy of the repository's policies with extra platform settings (YAML lines) appended. */
export function policiesWithPlatform(extraYaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bfa-policies-'));
  cpSync(resolve(__dirname, '..', '..', 'policies'), dir, { recursive: true });
  appendFileSync(join(dir, 'platform.yaml'), `\n${extraYaml}\n`);
  return dir;
}
