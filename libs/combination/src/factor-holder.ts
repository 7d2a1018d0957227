import { FixedPower, fixedPower } from '@bfa/crypto';
import { combinationLayout, shiftFactor } from './layout';
import { boxKeyOf, checkContext, keyBitsOf, PartyContext } from './party';
import { combinationHops, combinationQueryHash, Hop } from './query';
import { formatRecords, ParsedRecord, parseRecords, recordsDigest, shuffle } from './records';
import { signReceipt } from './receipts';
import { openHop, sealHop, SealedHop } from './sealed-hop';

/** Product encoding: keep, or zero (1 times the Enc(0) to come is a fresh Enc(0)). Histogram: one slot up, or keep. */
function withBit(c: bigint, has: boolean, shift: FixedPower | null): bigint {
  if (shift) return has ? shift(c) : c;
  return has ? c : 1n;
}

/** The hop this factor holder seals: it must be one of the query's factor holders, not its population holder. */
export function factorHopOf(ctx: PartyContext): Hop {
  const next = combinationHops(ctx.query).find((h) => h.from === ctx.org);
  if (!next || ctx.org === ctx.query.populationHolder)
    throw new Error(`${ctx.org} is not a factor holder of query ${ctx.query.queryId}`);
  return next;
}

/**
 * Step 2, at each factor holder: per record, one multiplication by a pooled Enc(0) = rⁿ, so no output
 * ciphertext can be matched to an input one. Product encoding: the record itself if the child has the
 * factor, else a fresh Enc(0). Histogram encodings: the record moved up by the holder's slots
 * (c^(2^(slotBits·shift)), one slot except in the cocktail encodings) if it has the factor, else as it was. Then shuffled, and sealed to the next partner.
 */
export function applyFactor(ctx: PartyContext, sealedHop: SealedHop, withFactor: ReadonlySet<string>): SealedHop {
  checkContext(ctx);
  const { query, encryptor } = ctx;
  const next = factorHopOf(ctx);
  const { records: opened, receipts } = openHop(
    query,
    sealedHop,
    ctx.org,
    ctx.boxSecretKey,
    ctx.directory.signingPublicKeys,
  );
  if (opened.length < query.minRecords)
    throw new Error(`a population of ${opened.length} children is below the query's minimum of ${query.minRecords}`);
  const records = parseRecords(encryptor, opened);
  const layout = combinationLayout(query, records.length, keyBitsOf(encryptor));
  const shift =
    layout.encoding === 'histogram'
      ? fixedPower(shiftFactor(layout, query.factorHolders.indexOf(ctx.org)), encryptor.n2)
      : null;
  const out: ParsedRecord[] = records.map(({ pseudonym, ciphertext }) => ({
    pseudonym,
    ciphertext: encryptor.add(withBit(ciphertext, withFactor.has(pseudonym), shift), ctx.randomizers.take()),
  }));
  const formatted = formatRecords(encryptor, shuffle(out));
  const receipt = signReceipt(
    {
      queryHash: combinationQueryHash(query),
      ...next,
      records: formatted.length,
      inputDigest: receipts[receipts.length - 1].outputDigest,
      outputDigest: recordsDigest(formatted),
      editions: ctx.editions,
    },
    ctx.signingSecretKey,
  );
  return sealHop(query, next, formatted, [...receipts, receipt], boxKeyOf(ctx, next.to));
}
