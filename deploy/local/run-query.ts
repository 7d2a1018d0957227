import { QuerySpec } from '@bfa/protocol';
import { progressOn } from '../../apps/cli/src/format/progress';
import { queryProgress } from '../../apps/cli/src/format/query-progress';
import { AnalystClient, StewardClient } from './clients';
import { RunningNode } from './cluster';

/** Submits, has every steward approve through its node, waits for the release; says each step, the waits as progress on stderr. */
export async function runQuery(
  cluster: { nodes: Record<string, Pick<RunningNode, 'url' | 'stewardKeyFile'>> },
  analyst: AnalystClient,
  query: QuerySpec,
  what: string,
  waitMs?: number,
): Promise<string> {
  const started = Date.now();
  const submitted = await analyst.submit(query);
  console.log(`\nSubmitted query ${submitted.id}: "${query.purpose}"`);
  console.log(
    `Approvals needed from: ${submitted.approvers.join(', ')} (each steward signs over the query hash with Ed25519)`,
  );
  const progress = progressOn();
  try {
    for (const org of submitted.approvers) {
      const node = cluster.nodes[org];
      await new StewardClient(node.url, node.stewardKeyFile).decide(submitted.id, 'approve');
    }
    const final = await analyst.follow(
      submitted.id,
      (status) => {
        const { words, done, total } = queryProgress(status);
        progress.step(words, done, total);
      },
      waitMs,
    );
    if (final.state !== 'released') throw new Error(`query ${submitted.id} ${queryProgress(final).words}`);
  } finally {
    progress.done();
  }
  console.log(`Released after ${((Date.now() - started) / 1000).toFixed(1)} s (${what}).\n`);
  return submitted.id;
}
