import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort } from './free-port';
import { authorizationConfig, NatsAccount } from './nats-accounts';
import { ManagedProcess, startProcess } from './processes';

const CONFIG = join(__dirname, '..', 'nats', 'local.conf');

function onPath(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;
}

/** The real nats-server (Debian package `nats-server`); installed with apt-get when missing and we are root. */
export function ensureNatsServer(): void {
  if (onPath('nats-server')) return;
  if (process.getuid?.() !== 0) throw new Error('nats-server is not installed: run `sudo apt-get install -y nats-server`');
  console.log('installing nats-server (Debian package)...');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'nats-server'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

export interface NatsServer {
  url: string;
  process: ManagedProcess;
}

/** nats-server on a free loopback port; with accounts, its configuration (written to `configFile`) admits only them. */
export async function startNatsServer(logFile: string, accounts: NatsAccount[] = [], configFile?: string): Promise<NatsServer> {
  ensureNatsServer();
  const port = await freePort();
  let config = CONFIG;
  if (accounts.length > 0) {
    config = configFile ?? join(dirname(logFile), 'nats-server.conf');
    writeFileSync(config, `${readFileSync(CONFIG, 'utf8')}\n${authorizationConfig(accounts)}`, { mode: 0o600 });
  }
  const process = await startProcess({
    name: 'nats-server',
    command: 'nats-server',
    args: ['-c', config, '-a', '127.0.0.1', '-p', String(port)],
    logFile,
    ready: { logLine: /Server is ready/ },
  });
  return { url: `nats://127.0.0.1:${port}`, process };
}
