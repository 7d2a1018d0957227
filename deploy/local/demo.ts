import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { seedRegion } from '../../seeds/seed-region';
import { AnalystClient, EthicsBoardClient, loadIdentity } from './clients';
import { startLocalCluster } from './cluster';
import { riskFactorCombination } from './risk-factors';
import { runQuery } from './run-query';
import { auditFederation, fetchFederationLogs } from '../../apps/cli/src/roles/federation-audit';
import { printAuditVerification, printCombinationTable, printFederationAudit, printReleasedTable } from './demo-output';

const ROOT = resolve(__dirname, '..', '..');
const KEY_BITS = Number(process.env.BFA_KEY_BITS ?? 2048);

const QUERY = {
  dataset: 'youth_care_trajectories',
  measure: { kind: 'count' as const },
  groupBy: ['wijk', 'age_band'],
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
  purpose: 'Smart Start: children in youth care per wijk and age band in 2024, to plan preventive support in the wijken',
};

/** Two wijken of Hilvarenbeek: every child is encrypted at every partner, so the demo keeps the population small. */
const COMBINATION = riskFactorCombination({
  wijken: ['WK079800', 'WK079802'],
  atLeast: 2,
  purpose: 'Smart Start: children growing up with several risk factors at once, per wijk, to plan prevention',
});

/** The whole path once: seed four partners, start the federation, submit, approve at every steward, release, audit. */
async function main(): Promise<void> {
  const dir = join(ROOT, '.data', 'demo');
  console.log(`Setting up four partner nodes, a coordinator and nats-server in ${dir}.`);
  console.log(`Key set-up: ${KEY_BITS}-bit threshold Paillier, 3 of 4 partners needed to decrypt (safe primes take a while)...`);
  const cluster = await startLocalCluster({
    dir,
    keyBits: KEY_BITS,
    seed: (nodesDir, orgs) => seedRegion({ outDir: nodesDir, orgs }),
  });
  try {
    const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    const ethicsBoard = new EthicsBoardClient(cluster.coordinatorUrl, loadIdentity(cluster.users['ethics.board']));
    const id = await runQuery(cluster, analyst, QUERY, 'encrypt at the data holder, combine, 3-of-4 threshold decryption, suppression');
    printReleasedTable(await analyst.release(id));
    const combination = await runQuery(cluster, analyst, COMBINATION, 'pseudonymise and encrypt at the gemeente, each partner adds its factor under encryption, sealed hop to hop, 3-of-4 decryption');
    printCombinationTable(await analyst.release(combination));
    printAuditVerification(await ethicsBoard.audit(), await ethicsBoard.verify());
    const nodeUrls = Object.fromEntries(Object.entries(cluster.nodes).map(([org, node]) => [org, node.url]));
    const logs = await fetchFederationLogs(cluster.coordinatorUrl, nodeUrls, ethicsBoard.http.identity);
    printFederationAudit(auditFederation(logs, JSON.parse(readFileSync(join(dir, 'registry.json'), 'utf8'))));
  } finally {
    await cluster.stop();
  }
}

main().catch((error) => {
  console.error(`demo failed: ${error.stack ?? error}`);
  process.exit(1);
});
