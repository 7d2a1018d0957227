import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { seedNodes } from './seed-nodes';
import { LocalCluster, PARTNERS, provisionLocalCluster, startProvisionedCluster } from './cluster';
import { ClusterProcess, ClusterState, isRunning, readState, writeState } from './cluster-state';
import { Provisioned } from './provision';
import { clusterSettings } from './settings';

const ROOT = resolve(__dirname, '..', '..');
const APPS = ['coordinator', 'node', 'cli'];
const mainOf = (app: string) => join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');

function newestSource(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(tsx?|css|html)$/.test(entry.name) && !/\.spec\.tsx?$/.test(entry.name))
    .reduce((newest, entry) => Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs), 0);
}

/** Builds when a main.js or the console is missing, or older than a source file. */
function buildIfNeeded(): void {
  const built = [...APPS.map(mainOf), join(ROOT, 'dist', 'apps', 'console', 'index.html')];
  const oldest = Math.min(...built.map((file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0));
  if (oldest > Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs')))) return;
  console.log('Building the apps and the console (npm run build)...');
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

/** Provisions once (keys, registry, certificates, seeded stores); later starts reuse it, data and logs included. */
async function provisioned(dir: string, keyBits: number, scale: number): Promise<Provisioned> {
  const file = join(dir, 'provisioned.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Provisioned;
  console.log(
    `Provisioning four partners in ${dir}: ${keyBits}-bit threshold Paillier keys (3 of 4), ${scale} of the region's children seeded...`,
  );
  const result = await provisionLocalCluster({
    dir,
    keyBits,
    seed: (nodesDir, orgs, policiesDir) => seedNodes({ nodesDir, orgs, policiesDir, scale, through: 'cli' }),
  });
  writeFileSync(file, JSON.stringify(result, null, 2));
  return result;
}

function processesOf(cluster: LocalCluster, logDir: string): ClusterProcess[] {
  const urls: Record<string, string> = { 'nats-server': cluster.natsUrl, coordinator: cluster.coordinatorUrl };
  for (const server of cluster.natsCluster?.servers ?? []) urls[server.name] = server.url;
  for (const [org, node] of Object.entries(cluster.nodes)) urls[`node-${org}`] = node.url;
  return Object.values(cluster.processes).map(({ process: { name, child } }) => ({
    name,
    pid: child.pid!,
    command: name.startsWith('nats-') ? 'nats-server' : mainOf(name === 'coordinator' ? 'coordinator' : 'node'),
    url: urls[name],
    logFile: join(logDir, `${name}.log`),
  }));
}

function printCluster(dir: string, state: ClusterState): void {
  const shown = (file: string) =>
    relative(process.cwd(), file).startsWith('..') ? file : relative(process.cwd(), file);
  console.log(
    `nats-server   ${state.natsUrl} (TLS${state.natsUrl.includes(',') ? ', a cluster: each process is given every URL' : ''})`,
  );
  console.log(`coordinator   ${state.coordinatorUrl}   console ${state.coordinatorUrl}/console/`);
  for (const [id, file] of Object.entries(state.users)) console.log(`  ${id.padEnd(20)} key file ${shown(file)}`);
  for (const [org, node] of Object.entries(state.nodes)) {
    console.log(
      `node ${org.padEnd(13)} ${node.url}   console ${node.url}/console/   steward key file ${shown(node.stewardKeyFile)}`,
    );
  }
  console.log(
    `Logs in ${shown(join(dir, 'logs'))}; \`npm stop\` stops the cluster. Try: npm run -s bfa -- analyst list --url ${state.coordinatorUrl} --key ${shown(state.users['analyst.smartstart'])}`,
  );
}

/** `npm start`: the local cluster in the background, started once; its pids and URLs in <dir>/cluster.json. */
async function main(): Promise<void> {
  const { dir, keyBits, scale, natsServers } = clusterSettings(process.env);
  const running = readState(dir);
  if (running?.processes.some(isRunning)) {
    console.log(`The local cluster is already running (since ${running.startedAt}); \`npm stop\` stops it.`);
    printCluster(dir, running);
    return;
  }
  buildIfNeeded();
  const setUp = await provisioned(dir, keyBits, scale);
  const cluster = await startProvisionedCluster(dir, setUp, { detached: true, natsServers });
  const nodes = Object.fromEntries(
    Object.entries(cluster.nodes).map(([org, node]) => [org, { url: node.url, stewardKeyFile: node.stewardKeyFile }]),
  );
  const state = {
    startedAt: new Date().toISOString(),
    natsUrl: cluster.natsUrl,
    coordinatorUrl: cluster.coordinatorUrl,
    processes: processesOf(cluster, join(dir, 'logs')),
    nodes,
    users: cluster.users,
  };
  writeState(dir, state);
  console.log(`The local cluster runs in the background (${PARTNERS.length} partners):`);
  printCluster(dir, state);
}

main().catch((error) => {
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
});
