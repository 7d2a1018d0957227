import { combinationLayout, shiftFactor } from './layout';
import { boxKeyOf, checkContext, keyBitsOf, PartyContext } from './party';
import { factorHopOf } from './factor-holder';
import { HopWorkers } from './hop-workers';
import { pseudonymKeyAt, pseudonymKeys } from './hop-chunks';
import { PrepareSlices, shuffleAndSeal, workOnHop } from './hop-threads';
import { combinationQueryHash } from './query';
import { ciphertextBytes } from './records';
import { signReceipt } from './receipts';
import { SealedHop } from './sealed-hop';

/** Each record's factor bit and its Enc(0), taken from the pool in the records' order; pseudonyms seen once. */
function factorSlices(ctx: PartyContext, withFactor: ReadonlySet<string>): PrepareSlices {
  const { query, encryptor } = ctx;
  return (receipts, hop) => {
    const records = receipts[hop.step].records;
    if (records < query.minRecords)
      throw new Error(`a population of ${records} children is below the query's minimum of ${query.minRecords}`);
    const layout = combinationLayout(query, records, keyBitsOf(encryptor));
    const holder = query.factorHolders.indexOf(ctx.org);
    const shift = layout.encoding === 'histogram' ? shiftFactor(layout, holder).toString(16) : null;
    const seen = new Set<string>();
    const factorKeys = pseudonymKeys(withFactor);
    const n = encryptor.n.toString(16);
    const outWidth = ciphertextBytes(encryptor);
    return (slice, first) => {
      const has = new Uint8Array(slice.count);
      for (let i = 0; i < slice.count; i++) {
        const pseudonym = pseudonymKeyAt(slice.records, slice.width, i);
        if (seen.has(pseudonym)) throw new Error(`record ${first + i}: a pseudonym appears twice`);
        seen.add(pseudonym);
        has[i] = factorKeys.has(pseudonym) ? 1 : 0;
      }
      const randomizers = Array.from({ length: slice.count }, () => ctx.randomizers.take());
      return {
        kind: 'factor',
        n,
        width: slice.width,
        outWidth,
        first,
        records: slice.records,
        has,
        randomizers,
        shift,
      };
    };
  };
}

/**
 * applyFactor with the per-record work on worker threads: the same checks, the same records (each with the pooled
 * Enc(0) applyFactor would give it), the same receipt; each chunk is worked on as soon as it is opened.
 */
export async function applyFactorOnThreads(
  ctx: PartyContext,
  sealedHop: SealedHop,
  withFactor: ReadonlySet<string>,
  workers: HopWorkers,
): Promise<SealedHop> {
  checkContext(ctx);
  const { query } = ctx;
  const next = factorHopOf(ctx);
  const keys = { boxSecretKey: ctx.boxSecretKey, signingPublicKeys: ctx.directory.signingPublicKeys };
  const { receipts, results } = await workOnHop(
    query,
    sealedHop,
    ctx.org,
    keys,
    workers,
    factorSlices(ctx, withFactor),
  );
  const computed = results.map((r) => r.records!);
  const width = ciphertextBytes(ctx.encryptor);
  const sealed = await shuffleAndSeal(query, next, computed, width, boxKeyOf(ctx, next.to), workers);
  const receipt = signReceipt(
    {
      queryHash: combinationQueryHash(query),
      ...next,
      records: sealed.records,
      inputDigest: receipts[receipts.length - 1].outputDigest,
      outputDigest: sealed.outputDigest,
      editions: ctx.editions,
    },
    ctx.signingSecretKey,
  );
  return { queryId: query.queryId, ...next, receipts: [...receipts, receipt], chunks: sealed.chunks };
}
