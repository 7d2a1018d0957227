import { QuerySpec } from '@bfa/protocol';
import { AnalystClient, StewardClient } from './clients';
import { LocalCluster } from './cluster';

/** Submits, has every steward approve through its node, waits for the release; says each step on the console. */
export async function runQuery(cluster: LocalCluster, analyst: AnalystClient, query: QuerySpec, what: string, waitMs?: number): Promise<string> {
  const started = Date.now();
  const submitted = await analyst.submit(query);
  console.log(`\nSubmitted query ${submitted.id}: "${query.purpose}"`);
  console.log(`Approvals needed from: ${submitted.approvers.join(', ')}`);
  for (const org of submitted.approvers) {
    const node = cluster.nodes[org];
    await new StewardClient(node.url, node.stewardKeyFile).decide(submitted.id, 'approve');
    console.log(`  steward of ${org} approved (Ed25519 signature over the query hash)`);
  }
  const final = await analyst.waitForState(submitted.id, ['released', 'failed', 'rejected', 'refused'], waitMs);
  if (final.state !== 'released') throw new Error(`query ${submitted.id} ended ${final.state}: ${final.reason}`);
  console.log(`Released after ${((Date.now() - started) / 1000).toFixed(1)} s (${what}).\n`);
  return submitted.id;
}
