import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from './free-port';
import { startNatsServer } from './nats';
import { federationAccounts, NatsAccount } from './nats-accounts';
import { ManagedProcess, startProcess } from './processes';
import { provisionCluster, ProvisionedOrganisation } from './provision';

const ROOT = resolve(__dirname, '..', '..');
export const PARTNERS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];

export interface ClusterOptions {
  dir: string;
  keyBits: number;
  /** Key holders needed to decrypt; all partners minus one by default, so one may be offline. */
  threshold?: number;
  /** How long the coordinator waits for a node's answer. */
  nodeTimeoutMs?: number;
  /** Extra environment for every node process (e.g. BFA_RANDOMIZER_POOL). */
  nodeEnv?: Record<string, string>;
  orgs?: string[];
  /** Default: the repository's policies/. */
  policiesDir?: string;
  /** Fills each node's records.sqlite before the nodes start (seed-nodes.ts: the seeds' exports through `bfa data import`). */
  seed: (nodesDir: string, orgs: string[], policiesDir: string) => Promise<unknown>;
}

export interface RunningNode extends ProvisionedOrganisation {
  url: string;
  process: ManagedProcess;
}

export interface LocalCluster {
  dir: string;
  natsUrl: string;
  /** The private CA nats-server's TLS certificate chains to (every process's BFA_NATS_CA). */
  natsCaFile: string;
  coordinatorUrl: string;
  coordinatorDataDir: string;
  coordinatorIdentityFile: string;
  nodes: Record<string, RunningNode>;
  /** Key files of analysts and ethics-board members, by principal id. */
  users: Record<string, string>;
  /** NATS accounts: `coordinator` and one per organisation. */
  natsAccounts: Record<string, NatsAccount>;
  stop(): Promise<void>;
}

const natsLogin = (account: NatsAccount) => ({ BFA_NATS_USER: account.user, BFA_NATS_PASSWORD: account.password });

function appMain(app: 'coordinator' | 'node'): string {
  return join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');
}

async function startApp(app: 'coordinator' | 'node', name: string, env: Record<string, string>, logDir: string, policiesDir: string): Promise<{ url: string; process: ManagedProcess }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const process = await startProcess({
    name,
    command: 'node',
    args: [appMain(app)],
    env: { ...env, BFA_HTTP_PORT: String(port), BFA_POLICIES_DIR: policiesDir },
    logFile: join(logDir, `${name}.log`),
    ready: { httpUrl: `${url}/health` },
  });
  return { url, process };
}

/** A whole federation on one machine: real nats-server (TLS only), one coordinator and one node process per partner, real sqlite files. */
export async function startLocalCluster(options: ClusterOptions): Promise<LocalCluster> {
  const orgs = options.orgs ?? PARTNERS;
  const policiesDir = options.policiesDir ?? join(ROOT, 'policies');
  rmSync(options.dir, { recursive: true, force: true });
  const logDir = join(options.dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const provisioned = await provisionCluster(options.dir, orgs, options.keyBits, options.threshold ?? Math.max(1, orgs.length - 1));
  await options.seed(join(options.dir, 'nodes'), orgs, policiesDir);
  const started: ManagedProcess[] = [];
  const stop = async () => {
    await Promise.all(started.reverse().map((p) => p.stop()));
  };
  try {
    const natsAccounts = federationAccounts(orgs);
    const nats = await startNatsServer(join(logDir, 'nats-server.log'), Object.values(natsAccounts), join(options.dir, 'nats-server.conf'), provisioned.natsTls);
    started.push(nats.process);
    const common = { BFA_NATS_URL: nats.url, BFA_NATS_CA: provisioned.natsTls.caFile, BFA_REGISTRY: provisioned.registryFile };
    const coordinatorDataDir = join(options.dir, 'coordinator');
    mkdirSync(coordinatorDataDir, { recursive: true });
    const timeout: Record<string, string> = options.nodeTimeoutMs ? { BFA_NODE_TIMEOUT_MS: String(options.nodeTimeoutMs) } : {};
    const coordinator = await startApp('coordinator', 'coordinator', { ...common, ...timeout, ...natsLogin(natsAccounts.coordinator), BFA_DATA_DIR: coordinatorDataDir, BFA_IDENTITY_FILE: provisioned.coordinatorIdentityFile }, logDir, policiesDir);
    started.push(coordinator.process);
    const nodes: Record<string, RunningNode> = {};
    await Promise.all(
      provisioned.organisations.map(async (org) => {
        const node = await startApp('node', `node-${org.org}`, { ...common, ...options.nodeEnv, ...natsLogin(natsAccounts[org.org]), BFA_ORG: org.org, BFA_DATA_DIR: org.dataDir, BFA_IDENTITY_FILE: org.identityFile }, logDir, policiesDir);
        started.push(node.process);
        nodes[org.org] = { ...org, ...node };
      }),
    );
    return { dir: options.dir, natsUrl: nats.url, natsCaFile: provisioned.natsTls.caFile, natsAccounts, coordinatorUrl: coordinator.url, coordinatorDataDir, coordinatorIdentityFile: provisioned.coordinatorIdentityFile, nodes, users: provisioned.users, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
