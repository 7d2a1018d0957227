import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from './free-port';
import { startNatsServer } from './nats';
import { NatsCluster, startNatsCluster } from './nats-cluster';
import { federationAccounts, NatsAccount } from './nats-accounts';
import { ManagedProcess, Restartable, restartable, startProcess } from './processes';
import { Provisioned, provisionCluster, ProvisionedOrganisation } from './provision';

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
  /** Extra environment for the coordinator (the floor bench's BFA_BENCH_PLAINTEXT). */
  coordinatorEnv?: Record<string, string>;
  /** nats-servers: 1 by default; 3 clusters them on loopback (routes, same accounts and TLS), every process given all three URLs. */
  natsServers?: number;
  /** One nats-server's max_payload in bytes instead of deploy/nats/local.conf's 8 MB (a test of the chunked key-holder messages). */
  natsMaxPayload?: number;
  orgs?: string[];
  /** Default: the repository's policies/. */
  policiesDir?: string;
  /** Analysts registered besides LOCAL_ANALYSTS, each with a key file in users/ (the load bench's fifty). */
  extraAnalysts?: string[];
  /** Fills each node's records.sqlite before the nodes start (seed-nodes.ts: the seeds' exports through `bfa data import`). */
  seed: (nodesDir: string, orgs: string[], policiesDir: string) => Promise<unknown>;
  /** Told each step of the set-up, with a count where there is one ("3 of 6 processes up"); the demo shows it as progress. */
  progress?: (words: string, done?: number, total?: number) => void;
}

/** How to start an already provisioned cluster. */
export type StartOptions = Pick<
  ClusterOptions,
  'nodeTimeoutMs' | 'nodeEnv' | 'coordinatorEnv' | 'natsServers' | 'natsMaxPayload' | 'policiesDir' | 'progress'
> & {
  /** The processes outlive the one starting them (`npm start`); stop them by their pids. */
  detached?: boolean;
};

export interface RunningNode extends ProvisionedOrganisation {
  url: string;
  process: ManagedProcess;
}

export interface LocalCluster {
  dir: string;
  /** With a NATS cluster, every server's URL, comma-separated. */
  natsUrl: string;
  /** The NATS cluster's servers (`natsServers` > 1): their URLs and monitoring endpoints; each is in `processes` by its name. */
  natsCluster?: NatsCluster;
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
  /** `nats-server` (or `nats-1`..`nats-3`), `coordinator` and `node-<org>`, to kill -9 and start again on the same port and data. */
  processes: Record<string, Restartable>;
  stop(): Promise<void>;
}

const natsLogin = (account: NatsAccount) => ({ BFA_NATS_USER: account.user, BFA_NATS_PASSWORD: account.password });

/** The built app's entry point (`npm run build`). */
export function appMain(app: 'coordinator' | 'node'): string {
  return join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');
}

async function startApp(
  app: 'coordinator' | 'node',
  name: string,
  env: Record<string, string>,
  logDir: string,
  policiesDir: string,
  port: number,
  detached?: boolean,
): Promise<{ url: string; process: ManagedProcess; startAgain: () => Promise<ManagedProcess> }> {
  const url = `http://127.0.0.1:${port}`;
  const start = () =>
    startProcess({
      name,
      command: 'node',
      args: [appMain(app)],
      env: { ...env, BFA_HTTP_PORT: String(port), BFA_POLICIES_DIR: policiesDir },
      logFile: join(logDir, `${name}.log`),
      ready: { httpUrl: `${url}/health` },
      detached,
    });
  return { url, process: await start(), startAgain: start };
}

/** A whole federation on one machine: real nats-server (TLS only), one coordinator and one node process per partner, real sqlite files. */
export async function startLocalCluster(options: ClusterOptions): Promise<LocalCluster> {
  const provisioned = await provisionLocalCluster(options);
  return startProvisionedCluster(options.dir, provisioned, options);
}

/** Keys, registry, NATS certificates and seeded stores in a fresh `dir` (whatever was there is removed). */
export async function provisionLocalCluster(options: ClusterOptions): Promise<Provisioned> {
  const orgs = options.orgs ?? PARTNERS;
  rmSync(options.dir, { recursive: true, force: true });
  mkdirSync(join(options.dir, 'logs'), { recursive: true });
  const threshold = options.threshold ?? Math.max(1, orgs.length - 1);
  const progress = options.progress ?? (() => undefined);
  progress(
    `key ceremony: ${options.keyBits}-bit threshold Paillier key, ${threshold} of ${orgs.length} to decrypt (finding safe primes)`,
  );
  const provisioned = await provisionCluster(options.dir, orgs, options.keyBits, threshold, options.extraAnalysts);
  progress(`seeding the ${orgs.length} partners' records`);
  await options.seed(join(options.dir, 'nodes'), orgs, options.policiesDir ?? join(ROOT, 'policies'));
  return provisioned;
}

/** nats-server, the coordinator and a node per organisation on what `provisionLocalCluster` made; all or none start. */
export async function startProvisionedCluster(
  dir: string,
  provisioned: Provisioned,
  options: StartOptions = {},
): Promise<LocalCluster> {
  const policiesDir = options.policiesDir ?? join(ROOT, 'policies');
  const logDir = join(dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const progress = options.progress ?? (() => undefined);
  let up = 0;
  const natsServers = options.natsServers ?? 1;
  const total = provisioned.organisations.length + 1 + natsServers;
  const processUp = (name: string) => progress(`${++up} of ${total} processes up (${name})`, up, total);
  progress(`0 of ${total} processes up`, 0, total);
  const started: Restartable[] = [];
  const processes: Record<string, Restartable> = {};
  const keep = (name: string, first: ManagedProcess, again: () => Promise<ManagedProcess>) =>
    started.push((processes[name] = restartable(first, again)));
  const stop = async () => {
    await Promise.all(started.reverse().map((p) => p.stop()));
  };
  try {
    const natsAccounts = federationAccounts(provisioned.organisations.map((o) => o.org));
    let nats: { url: string };
    let natsCluster: NatsCluster | undefined;
    if (natsServers > 1) {
      nats = natsCluster = await startNatsCluster(
        dir,
        logDir,
        Object.values(natsAccounts),
        provisioned.natsTls,
        natsServers,
        options.detached,
      );
      for (const server of natsCluster.servers) keep(server.name, server.process, server.startAgain);
      for (const server of natsCluster.servers) processUp(server.name);
    } else {
      const server = await startNatsServer(
        join(logDir, 'nats-server.log'),
        Object.values(natsAccounts),
        join(dir, 'nats-server.conf'),
        provisioned.natsTls,
        options.detached,
        options.natsMaxPayload,
      );
      keep('nats-server', server.process, server.startAgain);
      processUp('nats-server');
      nats = server;
    }
    const common = {
      BFA_NATS_URL: nats.url,
      BFA_NATS_CA: provisioned.natsTls.caFile,
      BFA_REGISTRY: provisioned.registryFile,
    };
    const coordinatorDataDir = join(dir, 'coordinator');
    mkdirSync(coordinatorDataDir, { recursive: true });
    const timeout: Record<string, string> = options.nodeTimeoutMs
      ? { BFA_NODE_TIMEOUT_MS: String(options.nodeTimeoutMs) }
      : {};
    // Node ports are chosen first: the coordinator's console reads each node's audit log there, and each node lets that console's origin do so.
    const nodePorts: Record<string, number> = {};
    for (const org of provisioned.organisations) nodePorts[org.org] = await freePort();
    const auditNodeUrls = provisioned.organisations
      .map((org) => `${org.org}=http://127.0.0.1:${nodePorts[org.org]}`)
      .join(',');
    const coordinatorEnv = {
      ...common,
      ...timeout,
      ...options.coordinatorEnv,
      ...natsLogin(natsAccounts.coordinator),
      BFA_DATA_DIR: coordinatorDataDir,
      BFA_IDENTITY_FILE: provisioned.coordinatorIdentityFile,
      BFA_AUDIT_NODE_URLS: auditNodeUrls,
    };
    const coordinator = await startApp(
      'coordinator',
      'coordinator',
      coordinatorEnv,
      logDir,
      policiesDir,
      await freePort(),
      options.detached,
    );
    keep('coordinator', coordinator.process, coordinator.startAgain);
    processUp('coordinator');
    const nodes: Record<string, RunningNode> = {};
    await Promise.all(
      provisioned.organisations.map(async (org) => {
        const env = {
          ...common,
          ...options.nodeEnv,
          ...natsLogin(natsAccounts[org.org]),
          BFA_ORG: org.org,
          BFA_DATA_DIR: org.dataDir,
          BFA_IDENTITY_FILE: org.identityFile,
          BFA_CONSOLE_ORIGIN: coordinator.url,
        };
        const node = await startApp(
          'node',
          `node-${org.org}`,
          env,
          logDir,
          policiesDir,
          nodePorts[org.org],
          options.detached,
        );
        keep(`node-${org.org}`, node.process, node.startAgain);
        nodes[org.org] = { ...org, url: node.url, process: node.process };
        processUp(`node of ${org.org}`);
      }),
    );
    return {
      dir,
      natsUrl: nats.url,
      ...(natsCluster ? { natsCluster } : {}),
      natsCaFile: provisioned.natsTls.caFile,
      natsAccounts,
      coordinatorUrl: coordinator.url,
      coordinatorDataDir,
      coordinatorIdentityFile: provisioned.coordinatorIdentityFile,
      nodes,
      users: provisioned.users,
      processes,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
