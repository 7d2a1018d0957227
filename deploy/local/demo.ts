import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AnalystClient, EthicsBoardClient, loadIdentity } from './clients';
import { LocalCluster, startLocalCluster } from './cluster';
import { DEMO_QUERY } from './demo-query';
import { riskFactorCombination } from './risk-factors';
import { ConfigError } from '@bfa/runtime';
import { demoSettings } from './settings';
import { runQuery } from './run-query';
import { seedNodes } from './seed-nodes';
import { auditFederation, fetchFederationLogs } from '../../apps/cli/src/roles/federation-audit';
import { progressOn } from '../../apps/cli/src/format/progress';
import { writeRegister } from '../../apps/cli/src/roles/register-export';
import { printAuditVerification, printConsoleUrls, printFederationAudit, printReleasedTable } from './demo-output';
import { DEMO_GROUNDS } from './grounds';

const ROOT = resolve(__dirname, '..', '..');

/** `npm run demo -- --keep`: leave the cluster running, with one query waiting in every steward's console, until Ctrl-C. */
const KEEP = process.argv.includes('--keep');

/** Children in households on social assistance: the factor holders see every child of 2024 and can't tell which those are. */
const COMBINATION = riskFactorCombination({
  population: [{ field: 'social_assistance', op: 'eq', value: true }],
  atLeast: 2,
  purpose:
    'Smart Start: children in households on social assistance with several risk factors at once, per wijk, to plan prevention',
});

/** The whole path once: seed four partners, start the federation, submit, approve at every steward, release, audit. */
async function main(): Promise<void> {
  const dir = join(ROOT, '.data', 'demo');
  const { keyBits: KEY_BITS, scale: SCALE } = demoSettings(process.env);
  console.log(
    `Setting up four partner nodes (${SCALE} of the region's children), a coordinator and nats-server in ${dir}.`,
  );
  console.log(
    `Key set-up: ${KEY_BITS}-bit threshold Paillier, 3 of 4 partners needed to decrypt (safe primes take a while)...`,
  );
  const setUp = progressOn();
  const cluster = await startLocalCluster({
    dir,
    keyBits: KEY_BITS,
    seed: (nodesDir, orgs, policiesDir) => seedNodes({ nodesDir, orgs, policiesDir, scale: SCALE, through: 'cli' }),
    progress: setUp.step,
  }).finally(() => setUp.done());
  try {
    const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    const ethicsBoard = new EthicsBoardClient(cluster.coordinatorUrl, loadIdentity(cluster.users['ethics.board']));
    const id = await runQuery(
      cluster,
      analyst,
      DEMO_QUERY,
      'encrypt at the data holder, combine, 3-of-4 threshold decryption, suppression',
    );
    printReleasedTable(await analyst.release(id));
    const combination = await runQuery(
      cluster,
      analyst,
      COMBINATION,
      'pseudonymise and encrypt at the gemeente, each partner adds its factor under encryption, sealed hop to hop, 3-of-4 decryption',
    );
    printReleasedTable(await analyst.release(combination));
    printAuditVerification(await ethicsBoard.audit(), await ethicsBoard.verify());
    const nodeUrls = Object.fromEntries(Object.entries(cluster.nodes).map(([org, node]) => [org, node.url]));
    const logs = await fetchFederationLogs(cluster.coordinatorUrl, nodeUrls, ethicsBoard.http.identity);
    printFederationAudit(auditFederation(logs, JSON.parse(readFileSync(join(dir, 'registry.json'), 'utf8'))));
    const register = writeRegister(logs, join(dir, 'register'));
    console.log(
      `\nProcessing register (bfa ethics export --register): ${register.rows.length} queries with their legal basis and DPIA, in ${register.files.csv} and ${register.files.json}`,
    );
    if (KEEP) await keepRunning(cluster, analyst);
  } finally {
    await cluster.stop();
  }
}

async function keepRunning(cluster: LocalCluster, analyst: AnalystClient): Promise<void> {
  const waiting = await analyst.submit({
    ...DEMO_QUERY,
    purpose: `${DEMO_QUERY.purpose} (a second look, waiting for the stewards in their consoles)`,
  });
  console.log(`\nQuery ${waiting.id} waits for the decision of ${waiting.approvers.join(', ')}.`);
  printConsoleUrls(cluster);
  console.log('\nThe cluster keeps running; Ctrl-C stops it.');
  await new Promise((resolve) => ['SIGINT', 'SIGTERM'].forEach((signal) => process.once(signal, resolve)));
}

main().catch((error) => {
  console.error(`demo failed: ${error instanceof ConfigError ? error.message : (error.stack ?? error)}`);
  process.exit(1);
});
