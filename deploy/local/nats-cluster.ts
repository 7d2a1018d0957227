import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port';
import { ensureNatsServer, NatsServer, rememberNatsCa } from './nats';
import { authorizationConfig, NatsAccount } from './nats-accounts';
import { NatsTls, tlsConfig } from './nats-tls';
import { startProcess } from './processes';

const CONFIG = join(__dirname, '..', 'nats', 'local.conf');

/** One server of a local NATS cluster: its own client, route and monitoring ports on loopback. */
export interface NatsClusterServer extends NatsServer {
  name: string;
  /** nats-server's monitoring endpoint (`/connz`: which process is connected here). */
  monitorUrl: string;
}

export interface NatsCluster {
  /** Every server's URL, comma-separated: what each process is given, so its client fails over. */
  url: string;
  servers: NatsClusterServer[];
}

interface Ports {
  client: number;
  route: number;
  monitor: number;
}

/**
 * The `cluster` block of one server: routes to the others over mutual TLS (the local certificate is a client
 * certificate too) and a route password, so nothing else on this machine joins the cluster.
 */
function clusterConfig(own: Ports, others: Ports[], tls: NatsTls, route: { user: string; password: string }): string {
  const routes = others.map(
    (o) => `    ${JSON.stringify(`nats-route://${route.user}:${route.password}@127.0.0.1:${o.route}`)}`,
  );
  const routeTls = tlsConfig(tls).replace(/\n/g, '\n  ').trimEnd();
  const auth = `authorization { user: ${JSON.stringify(route.user)}, password: ${JSON.stringify(route.password)}, timeout: 5 }`;
  return `cluster {\n  name: bfa-local\n  listen: 127.0.0.1:${own.route}\n  ${auth}\n  ${routeTls}\n  routes: [\n${routes.join('\n')}\n  ]\n}\n`;
}

/**
 * `size` nats-servers clustered on loopback, each with the same accounts and TLS as the single server of
 * `startNatsServer`; each can be killed and started again on its own ports (the others keep the cluster up).
 */
export async function startNatsCluster(
  dir: string,
  logDir: string,
  accounts: NatsAccount[],
  tls: NatsTls,
  size = 3,
  detached?: boolean,
): Promise<NatsCluster> {
  ensureNatsServer();
  const ports: Ports[] = [];
  for (let i = 0; i < size; i++)
    ports.push({ client: await freePort(), route: await freePort(), monitor: await freePort() });
  const route = { user: 'route', password: randomBytes(18).toString('base64url') };
  const servers: NatsClusterServer[] = [];
  try {
    for (const [i, own] of ports.entries()) {
      const name = `nats-${i + 1}`;
      const config = join(dir, `${name}.conf`);
      const blocks = [
        readFileSync(CONFIG, 'utf8'),
        `server_name: ${name}`,
        `http: 127.0.0.1:${own.monitor}`,
        authorizationConfig(accounts),
        tlsConfig(tls),
        clusterConfig(
          own,
          ports.filter((p) => p !== own),
          tls,
          route,
        ),
      ];
      writeFileSync(config, blocks.join('\n'), { mode: 0o600 });
      const start = () =>
        startProcess({
          name,
          command: 'nats-server',
          args: ['-c', config, '-a', '127.0.0.1', '-p', String(own.client)],
          logFile: join(logDir, `${name}.log`),
          ready: { logLine: /Server is ready/ },
          detached,
        });
      const url = `nats://127.0.0.1:${own.client}`;
      servers.push({
        name,
        url,
        monitorUrl: `http://127.0.0.1:${own.monitor}`,
        process: await start(),
        startAgain: start,
      });
      rememberNatsCa(url, tls.caFile);
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.process.stop()));
    throw error;
  }
  const url = servers.map((s) => s.url).join(',');
  rememberNatsCa(url, tls.caFile);
  return { url, servers };
}

/** Which server of the cluster a process's connection (by its NATS name, e.g. `node-sterkhuis`) is on, asked of each server's /connz. */
export async function serverOf(
  cluster: Pick<NatsCluster, 'servers'>,
  connectionName: string,
): Promise<string | undefined> {
  for (const server of cluster.servers) {
    try {
      const connz = (await (await fetch(`${server.monitorUrl}/connz?limit=1024`)).json()) as {
        connections?: { name?: string }[];
      };
      if (connz.connections?.some((c) => c.name === connectionName)) return server.name;
    } catch {
      // A killed server has no monitoring endpoint: the process isn't there.
    }
  }
  return undefined;
}
