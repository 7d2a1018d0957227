import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort } from './free-port';
import { authorizationConfig, NatsAccount } from './nats-accounts';
import { NatsTls, tlsConfig } from './nats-tls';
import { ManagedProcess, startProcess } from './processes';

const CONFIG = join(__dirname, '..', 'nats', 'local.conf');

function onPath(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;
}

/** A Debian package's binary (`nats-server`, `openssl`); installed with apt-get when missing and we are root. */
export function ensureDebianPackage(binary: string, pkg = binary): void {
  if (onPath(binary)) return;
  if (process.getuid?.() !== 0) throw new Error(`${binary} is not installed: run \`sudo apt-get install -y ${pkg}\``);
  console.log(`installing ${pkg} (Debian package)...`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', pkg], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

export function ensureNatsServer(): void {
  ensureDebianPackage('nats-server');
}

export interface NatsServer {
  url: string;
  process: ManagedProcess;
  /** Starts it again on the same port and configuration (after a kill). */
  startAgain(): Promise<ManagedProcess>;
}

/** The CA of every TLS nats-server this process started, by URL: test clients connect the way the apps do. */
const serverCas = new Map<string, string>();

export function natsCaOf(url: string): string | undefined {
  return serverCas.get(url);
}

/** For a server (or a cluster's list of servers) started elsewhere in this process. */
export function rememberNatsCa(url: string, caFile: string): void {
  serverCas.set(url, caFile);
}

/**
 * nats-server on a free loopback port; with accounts, its configuration (written to `configFile`) admits only them;
 * with TLS material, it speaks only TLS; with `maxPayload`, it takes no larger message.
 */
export async function startNatsServer(
  logFile: string,
  accounts: NatsAccount[] = [],
  configFile?: string,
  tls?: NatsTls,
  detached?: boolean,
  maxPayload?: number,
): Promise<NatsServer> {
  ensureNatsServer();
  const port = await freePort();
  let config = CONFIG;
  if (accounts.length > 0 || tls || maxPayload) {
    config = configFile ?? join(dirname(logFile), 'nats-server.conf');
    const blocks = [
      readFileSync(CONFIG, 'utf8'),
      // A later setting overrides the one before it in nats-server's configuration.
      maxPayload ? `max_payload: ${maxPayload}` : '',
      accounts.length > 0 ? authorizationConfig(accounts) : '',
      tls ? tlsConfig(tls) : '',
    ];
    writeFileSync(config, blocks.join('\n'), { mode: 0o600 });
  }
  const start = () =>
    startProcess({
      name: 'nats-server',
      command: 'nats-server',
      args: ['-c', config, '-a', '127.0.0.1', '-p', String(port)],
      logFile,
      ready: { logLine: /Server is ready/ },
      detached,
    });
  const process = await start();
  const url = `nats://127.0.0.1:${port}`;
  if (tls) serverCas.set(url, tls.caFile);
  return { url, process, startAgain: start };
}
