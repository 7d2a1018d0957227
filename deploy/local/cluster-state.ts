import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One process of the persistent local cluster, as `npm stop` finds it again. */
export interface ClusterProcess {
  name: string;
  pid: number;
  /** A word of its command line (`nats-server`, the app's main.js): a pid reused by something else is left alone. */
  command: string;
  url?: string;
  logFile: string;
}

export interface ClusterState {
  startedAt: string;
  natsUrl: string;
  coordinatorUrl: string;
  processes: ClusterProcess[];
  nodes: Record<string, { url: string; stewardKeyFile: string }>;
  users: Record<string, string>;
}

const stateFile = (dir: string) => join(dir, 'cluster.json');

export function readState(dir: string): ClusterState | undefined {
  return existsSync(stateFile(dir)) ? (JSON.parse(readFileSync(stateFile(dir), 'utf8')) as ClusterState) : undefined;
}

export function writeState(dir: string, state: ClusterState): void {
  writeFileSync(stateFile(dir), JSON.stringify(state, null, 2));
}

export function forgetState(dir: string): void {
  rmSync(stateFile(dir), { force: true });
}

/** Alive, and still the process we started (its command line names it). */
export function isRunning(process: ClusterProcess): boolean {
  try {
    return readFileSync(`/proc/${process.pid}/cmdline`, 'utf8').includes(process.command);
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
export async function stopClusterProcess(
  process: ClusterProcess,
  graceMs = 10_000,
): Promise<'stopped' | 'killed' | 'not running'> {
  if (!isRunning(process)) return 'not running';
  globalThis.process.kill(process.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isRunning(process)) return 'stopped';
    await sleep(100);
  }
  globalThis.process.kill(process.pid, 'SIGKILL');
  while (isRunning(process)) await sleep(50);
  return 'killed';
}
