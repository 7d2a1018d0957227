import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { appMain } from '../../deploy/local/cluster';
import { ensureNatsServer } from '../../deploy/local/nats';
import { ManagedProcess, ProcessSpec, startProcess } from '../../deploy/local/processes';
import { Provisioned, ProvisionedOrganisation } from '../../deploy/local/provision';
import { Network } from './netns';

const ROOT = resolve(__dirname, '..', '..');
const SHIPPED = join(ROOT, 'deploy', 'nats', 'production');
/**
 * Every machine has a network of its own, so each uses the production ports: nats-server's from server.conf, 8080 for
 * a node (node.env.example); the coordinator another, so a test can tell its loopback port from a node's.
 */
const NATS_PORT = 4222;
const NODE_PORT = 8080;
export const COORDINATOR_PORT = 8090;

export interface MultiHostNode extends ProvisionedOrganisation {
  /** Its API as the steward reaches it: through the machine's reverse proxy, on the machine's address. */
  url: string;
}

export interface MultiHostCluster {
  network: Network;
  natsUrl: string;
  /** What deploy/certs/make-certs.sh wrote: ca.pem, servers/, clients/. */
  certsDir: string;
  coordinatorUrl: string;
  nodes: Record<string, MultiHostNode>;
  users: Record<string, string>;
  logDir: string;
  /** Each node's settings, as its machine's node.env would hold them. */
  nodeEnv: Record<string, Record<string, string>>;
  /** Stops every process; the network stays until its destroy(). */
  stop(): Promise<void>;
}

/**
 * Stands in for the organisation's reverse proxy: the apps listen on 127.0.0.1 only (docs/operations.md), so each
 * machine forwards its address's port to its own loopback, as nginx in front of a node would.
 */
const PROXY = `const net = require('node:net'); const [host, port] = process.argv.slice(1);
net.createServer((client) => { const app = net.connect(Number(port), '127.0.0.1'); client.pipe(app).pipe(client);
  client.on('error', () => app.destroy()); app.on('error', () => client.destroy()); })
  .listen(Number(port), host, () => console.log('forwarding ' + host + ':' + port + ' to 127.0.0.1'));`;

/** `url` answers 200 within `timeoutMs`; each try is bounded too, so no single request can hold up the start. */
async function untilAnswered(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await fetch(url, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.status,
      (e: Error) => e.message,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} does not answer: ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The shipped server.conf and authorization.conf, with this run's certificates where /etc/bfa/nats/ would be. */
function installNatsServer(etc: string, certs: string, host: string): string {
  mkdirSync(etc, { recursive: true });
  copyFileSync(join(certs, 'ca.pem'), join(etc, 'ca.pem'));
  copyFileSync(join(certs, 'servers', `${host}.pem`), join(etc, 'server.pem'));
  copyFileSync(join(certs, 'servers', `${host}-key.pem`), join(etc, 'server-key.pem'));
  for (const file of ['server.conf', 'authorization.conf'])
    writeFileSync(join(etc, file), readFileSync(join(SHIPPED, file), 'utf8').replaceAll('/etc/bfa/nats/', `${etc}/`));
  return join(etc, 'server.conf');
}

/** The machines startMultiHostCluster runs on, for createNetwork. */
export const machinesOf = (provisioned: Provisioned) => [
  'nats',
  'coordinator',
  ...provisioned.organisations.map((o) => o.org),
];

/**
 * nats-server, the coordinator and a node per organisation of what provisionLocalCluster made, each on its machine of
 * `network` (machinesOf: a network namespace each): mutual TLS to nats-server with certificates from
 * deploy/certs/make-certs.sh, and every setting naming another machine by its address or host name. All start or none.
 */
export async function startMultiHostCluster(
  dir: string,
  provisioned: Provisioned,
  network: Network,
): Promise<MultiHostCluster> {
  ensureNatsServer();
  const orgs = provisioned.organisations.map((o) => o.org);
  const logDir = join(dir, 'logs');
  const certsDir = join(dir, 'federation-certs');
  const started: ManagedProcess[] = [];
  const stop = async () => {
    await Promise.all(
      started
        .splice(0)
        .reverse()
        .map((p) => p.stop()),
    );
  };
  const start = async (
    machine: string,
    name: string,
    command: string,
    args: string[],
    ready: ProcessSpec['ready'],
    env?: Record<string, string>,
  ) => {
    const managed = await startProcess({
      name,
      ...network.on(machine, command, args),
      env,
      logFile: join(logDir, `${name}.log`),
      ready,
    });
    started.push(managed);
    return managed;
  };
  // Up once it says so (its HTTP port is on its machine's loopback), then its proxy; the caller is told its URL once that answers.
  const startApp = async (app: 'coordinator' | 'node', machine: string, env: Record<string, string>) => {
    const url = `http://${network.machines[machine].address}:${env.BFA_HTTP_PORT}`;
    await start(
      machine,
      app === 'node' ? `node-${machine}` : app,
      'node',
      [appMain(app)],
      { logLine: app === 'node' ? /"node \w+ up: / : /"coordinator up: / },
      env,
    );
    await start(
      machine,
      `proxy-${machine}`,
      'node',
      ['-e', PROXY, network.machines[machine].address, env.BFA_HTTP_PORT],
      { logLine: /forwarding/ },
    );
    await untilAnswered(`${url}/health`);
    return url;
  };
  try {
    mkdirSync(logDir, { recursive: true });
    const nats = network.machines.nats;
    const env = { NATS_SERVERS: `${nats.hostName}/${nats.address}`, ORGS: orgs.join(' '), DAYS: '2' };
    await promisify(execFile)(join(ROOT, 'deploy', 'certs', 'make-certs.sh'), [certsDir], {
      env: { ...process.env, ...env },
    });
    await start(
      'nats',
      'nats-server',
      'nats-server',
      ['-c', installNatsServer(join(dir, 'nats-etc'), certsDir, nats.hostName)],
      { logLine: /Server is ready/ },
    );
    // By name, as in production: nats.js checks the certificate of a server given by IP address against 'localhost'.
    const natsUrl = `tls://${nats.hostName}:${NATS_PORT}`;
    const client = (name: string) => ({
      BFA_NATS_CERT: join(certsDir, 'clients', `${name}.pem`),
      BFA_NATS_KEY: join(certsDir, 'clients', `${name}-key.pem`),
    });
    const common = {
      BFA_NATS_URL: natsUrl,
      BFA_NATS_CA: join(certsDir, 'ca.pem'),
      BFA_REGISTRY: provisioned.registryFile,
      BFA_POLICIES_DIR: join(ROOT, 'policies'),
    };
    const nodeUrl = (org: string) => `http://${network.machines[org].address}:${NODE_PORT}`;
    const coordinatorDataDir = join(dir, 'coordinator');
    mkdirSync(coordinatorDataDir, { recursive: true });
    const coordinatorUrl = await startApp('coordinator', 'coordinator', {
      ...common,
      ...client('coordinator'),
      BFA_HTTP_PORT: String(COORDINATOR_PORT),
      BFA_DATA_DIR: coordinatorDataDir,
      BFA_IDENTITY_FILE: provisioned.coordinatorIdentityFile,
      BFA_NODE_TIMEOUT_MS: '60000',
      BFA_AUDIT_NODE_URLS: orgs.map((org) => `${org}=${nodeUrl(org)}`).join(','),
    });
    const nodeEnv: Record<string, Record<string, string>> = {};
    const nodes: Record<string, MultiHostNode> = {};
    for (const org of provisioned.organisations) {
      nodeEnv[org.org] = {
        ...common,
        ...client(`node-${org.org}`),
        BFA_HTTP_PORT: String(NODE_PORT),
        BFA_ORG: org.org,
        BFA_DATA_DIR: org.dataDir,
        BFA_IDENTITY_FILE: org.identityFile,
        BFA_CONSOLE_ORIGIN: coordinatorUrl,
      };
    }
    await Promise.all(
      provisioned.organisations.map(
        async (org) => (nodes[org.org] = { ...org, url: await startApp('node', org.org, nodeEnv[org.org]) }),
      ),
    );
    return { network, natsUrl, certsDir, coordinatorUrl, nodes, users: provisioned.users, logDir, nodeEnv, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
