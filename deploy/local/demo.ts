import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { seedRegion } from '../../seeds/seed-region';
import { AnalystClient, EthicsBoardClient, loadIdentity, StewardClient } from './clients';
import { LocalCluster, startLocalCluster } from './cluster';
import { QuerySpec } from '@bfa/protocol';
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

const YEAR = { field: 'year', op: 'eq' as const, value: 2024 };

/** Two wijken of Hilvarenbeek: every child is encrypted at every partner, so the demo keeps the population small. */
const COMBINATION = {
  dataset: 'children_households',
  measure: { kind: 'count' as const },
  groupBy: ['wijk', 'age_band'],
  filters: [YEAR, { field: 'wijk', op: 'in' as const, value: ['WK079800', 'WK079802'] }],
  combination: {
    atLeast: 2,
    factors: [
      { dataset: 'children_households', label: 'low household income', filters: [YEAR, { field: 'low_income', op: 'eq' as const, value: true }] },
      { dataset: 'youth_care_trajectories', label: 'youth care', filters: [YEAR] },
      { dataset: 'health_monitor', label: 'a parent in mental-health care', filters: [YEAR, { field: 'parent_mental_health_care', op: 'eq' as const, value: true }] },
      { dataset: 'pupils', label: 'a school-disadvantage weight', filters: [YEAR, { field: 'pupil_weight', op: 'gte' as const, value: 30 }] },
    ],
  },
  purpose: 'Smart Start: children growing up with several risk factors at once, per wijk, to plan prevention',
};

/** Submits, has every steward approve through its node, waits for the release. */
async function run(cluster: LocalCluster, analyst: AnalystClient, query: QuerySpec, what: string): Promise<string> {
  const started = Date.now();
  const submitted = await analyst.submit(query);
  console.log(`\nSubmitted query ${submitted.id}: "${query.purpose}"`);
  console.log(`Approvals needed from: ${submitted.approvers.join(', ')}`);
  for (const org of submitted.approvers) {
    const node = cluster.nodes[org];
    await new StewardClient(node.url, node.stewardKeyFile).decide(submitted.id, 'approve');
    console.log(`  steward of ${org} approved (Ed25519 signature over the query hash)`);
  }
  const final = await analyst.waitForState(submitted.id, ['released', 'failed', 'rejected', 'refused']);
  if (final.state !== 'released') throw new Error(`query ended ${final.state}: ${final.reason}`);
  console.log(`Released after ${((Date.now() - started) / 1000).toFixed(1)} s (${what}).\n`);
  return submitted.id;
}

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
    const id = await run(cluster, analyst, QUERY, 'encrypt at the data holder, combine, 3-of-4 threshold decryption, suppression');
    printReleasedTable(await analyst.release(id));
    const combination = await run(cluster, analyst, COMBINATION, 'pseudonymise and encrypt at the gemeente, each partner adds its factor under encryption, sealed hop to hop, 3-of-4 decryption');
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
