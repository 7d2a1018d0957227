import { CombinationManifest } from './manifest';
import { boxKeyOf, checkContext, PartyContext } from './party';
import { HopJobResult } from './hop-work';
import { HopWorkers } from './hop-workers';
import { pseudonymAt, PrepareSlices, ranges, shuffleAndSeal, workOnHop } from './hop-threads';
import { alignFactor } from './layout';
import {
  marginTerms,
  withheldCellsOf,
  populationPlanner,
  PopulationChild,
  PopulationState,
  populationReceipt,
  signManifest,
} from './population-holder';
import { PSEUDONYM_BYTES } from './hop-codec';
import { PseudonymSecret } from './pseudonym';
import { combinationHops } from './query';
import { ciphertextBytes } from './records';
import { SealedHop } from './sealed-hop';

/**
 * startCombination with the encryptions on worker threads: the same checks, each child's record with the pooled
 * Enc(0) startCombination would give it (taken in the children's order), shuffled over all before sealing.
 */
export async function startCombinationOnThreads(
  ctx: PartyContext,
  secret: PseudonymSecret,
  children: readonly PopulationChild[],
  workers: HopWorkers,
): Promise<{ state: PopulationState; hop: SealedHop }> {
  const { state, plan } = populationPlanner(ctx, secret, children);
  const { query, encryptor } = ctx;
  const n = encryptor.n.toString(16);
  const width = ciphertextBytes(encryptor);
  // Each slice goes to a thread as soon as it is planned, while the next one's pseudonyms are computed.
  const jobs: Promise<HopJobResult>[] = [];
  try {
    for (const [from, to] of ranges(children.length, 4 * workers.slices)) {
      const { pseudonyms, plaintexts } = plan(from, to);
      const bytes = Buffer.alloc((to - from) * PSEUDONYM_BYTES);
      pseudonyms.forEach((p, i) => bytes.write(p, i * PSEUDONYM_BYTES, 'hex'));
      const randomizers = Array.from({ length: to - from }, () => ctx.randomizers.take());
      const texts = plaintexts.map((m) => (m === 0n ? '' : m.toString(16)));
      jobs.push(workers.run({ kind: 'encrypt', n, width, pseudonyms: bytes, plaintexts: texts, randomizers }));
    }
  } catch (error) {
    await Promise.allSettled(jobs);
    throw error;
  }
  const settled = await Promise.allSettled(jobs);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  const computed = settled.map((s) => (s as PromiseFulfilledResult<{ records?: Uint8Array }>).value.records!);
  const hop = combinationHops(query)[0];
  const sealed = await shuffleAndSeal(query, hop, computed, width, boxKeyOf(ctx, hop.to), workers);
  const receipt = populationReceipt(ctx, hop, sealed.records, sealed.outputDigest);
  return { state, hop: { queryId: query.queryId, ...hop, receipts: [receipt], chunks: sealed.chunks } };
}

/** Each record into its cell's product on a thread; on the event loop, that it is one of the children sent, once. */
function aggregateSlices(ctx: PartyContext, state: PopulationState): PrepareSlices {
  const n = ctx.encryptor.n.toString(16);
  const size = state.query.cells.length;
  const seen = new Set<string>();
  return () => (slice, first) => {
    const targets = new Int32Array(slice.count);
    for (let i = 0; i < slice.count; i++) {
      const pseudonym = pseudonymAt(slice, i);
      if (seen.has(pseudonym)) throw new Error(`record ${first + i}: a pseudonym appears twice`);
      seen.add(pseudonym);
      const cell = state.cellOf.get(pseudonym);
      if (cell === undefined) throw new Error('the chain returned other children than were sent');
      targets[i] = cell ?? -1;
    }
    return { kind: 'aggregate', n, width: slice.width, first, records: slice.records, targets, size };
  };
}

/**
 * finishCombination with the per-record work on worker threads: each chunk's records multiplied into per-cell
 * products as soon as it is opened, then the same manifest (the products of the same records are the same numbers).
 */
export async function finishCombinationOnThreads(
  ctx: PartyContext,
  state: PopulationState,
  sealedHop: SealedHop,
  workers: HopWorkers,
): Promise<CombinationManifest> {
  checkContext(ctx);
  const keys = { boxSecretKey: ctx.boxSecretKey, signingPublicKeys: ctx.directory.signingPublicKeys };
  // Only the last hop is addressed to the population holder: opening it checks every receipt of the chain.
  const { receipts, results } = await workOnHop(
    state.query,
    sealedHop,
    ctx.org,
    keys,
    workers,
    aggregateSlices(ctx, state),
  );
  const records = receipts[receipts.length - 1].records;
  if (records !== state.cellOf.size) throw new Error('the chain returned other children than were sent');
  const products = new Map<number, bigint>();
  for (const { products: partial } of results)
    partial!.forEach((hex, cell) => {
      if (hex === '') return;
      const value = BigInt(`0x${hex}`);
      products.set(cell, products.has(cell) ? ctx.encryptor.add(products.get(cell)!, value) : value);
    });
  const sums = await marginSumsOnThreads(ctx, state, products, workers);
  return signManifest(ctx, state, receipts, records, products, sums);
}

/**
 * withheldPerMargin's sums with its exponentiations on the threads: each margin's terms at once, a margin as soon
 * as the smaller margins it takes are summed. The same terms in the same order: the same numbers.
 */
async function marginSumsOnThreads(
  ctx: PartyContext,
  state: PopulationState,
  products: Map<number, bigint>,
  workers: HopWorkers,
): Promise<Map<number, bigint> | undefined> {
  const { query, layout } = state;
  if (!query.margins) return undefined;
  const withheld = withheldCellsOf(state);
  const withheldProducts = new Map([...products].filter(([cell]) => withheld.has(cell)));
  const n = ctx.encryptor.n.toString(16);
  const align = async (from: number, to: number, base: bigint) => {
    const exponent = alignFactor(layout, from, to, ctx.encryptor.n).toString(16);
    return (await workers.run({ kind: 'power', n, exponent, base })).value!;
  };
  const sums = new Map<number, Promise<bigint>>();
  for (const { margin, terms } of marginTerms(query, new Set(withheldProducts.keys()))) {
    const to = query.cells.length + margin;
    const parts = terms.map(async (term) =>
      align(
        term.from,
        to,
        term.margin !== undefined ? await sums.get(term.margin)! : withheldProducts.get(term.cell!)!,
      ),
    );
    sums.set(
      margin,
      Promise.all(parts).then((values) => values.reduce((sum, value) => ctx.encryptor.add(sum, value), 1n)),
    );
  }
  const settled = await Promise.allSettled(sums.values());
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return new Map([...sums.keys()].map((margin, i) => [margin, (settled[i] as PromiseFulfilledResult<bigint>).value]));
}
