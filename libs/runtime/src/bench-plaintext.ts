import { existsSync, realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { ConfigError } from './settings';

/** The one value BFA_BENCH_PLAINTEXT takes: spelt out, so no truthy leftover of a script switches encryption off. */
export const BENCH_PLAINTEXT_PHRASE = 'bench-only-no-encryption';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** nats://host:port, … → the hosts. */
function natsHosts(natsUrl: string): string[] {
  return natsUrl.split(',').map((url) => /^(?:nats|tls):\/\/([^\s/]+?)(?::\d+)?$/.exec(url.trim())?.[1] ?? url);
}

/**
 * Why this process may not run the bench's plaintext floor, if it may not: only with the exact phrase, only on a
 * federation whose NATS is this machine's loopback (no partner elsewhere can be part of it) and only with its data
 * under a `.data/bench/` folder (the bench's own local cluster). A contribution "encrypted" without randomness is
 * readable by whoever holds it, so anything short of all three refuses to start.
 */
export function benchPlaintextProblem(value: string, natsUrl: string, dataDir: string): string | undefined {
  if (value !== BENCH_PLAINTEXT_PHRASE)
    return `BFA_BENCH_PLAINTEXT must be unset, or '${BENCH_PLAINTEXT_PHRASE}' in the bench's local cluster`;
  const remote = natsHosts(natsUrl).filter((host) => !LOOPBACK_HOSTS.has(host));
  if (remote.length > 0)
    return `BFA_BENCH_PLAINTEXT switches encryption off and is refused with NATS beyond this machine's loopback (${remote.join(', ')})`;
  const dir = whereItIs(dataDir);
  if (!dir.includes(`${sep}.data${sep}bench${sep}`))
    return `BFA_BENCH_PLAINTEXT switches encryption off and is refused outside the bench's local cluster (BFA_DATA_DIR under .data/bench/, not ${dir})`;
  return undefined;
}

/** The folder the data really goes to: `..` taken out (also of an absolute path) and a symlink followed where it exists. */
function whereItIs(dataDir: string): string {
  const dir = resolve(dataDir);
  return existsSync(dir) ? realpathSync(dir) : dir;
}

/** BFA_BENCH_PLAINTEXT as the process may take it: false when unset, true only where benchPlaintextProblem finds nothing. */
export function benchPlaintextOf(value: string | undefined, natsUrl: string, dataDir: string): boolean {
  if (value === undefined) return false;
  const problem = benchPlaintextProblem(value, natsUrl, dataDir);
  if (problem) throw new ConfigError(`bad setting: ${problem}`);
  return true;
}
