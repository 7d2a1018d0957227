import { randBetween } from 'bigint-crypto-utils';
import { bigintToHex, canonicalHash, FixedPower, fixedPower, signMessage } from '@bfa/crypto';
import { alignFactor, blockOf, CombinationLayout, combinationLayout, initialPlaintext, maskPlaintext } from './layout';
import { CombinationManifest } from './manifest';
import { boxKeyOf, checkContext, keyBitsOf, PartyContext } from './party';
import { pseudonym, PseudonymSecret } from './pseudonym';
import {
  combinationHops,
  Hop,
  CombinationQuery,
  combinationQueryHash,
  populationHoldsFactor,
  slotCells,
  withheldSlotCells,
} from './query';
import { formatRecords, ParsedRecord, parseRecords, recordsDigest, shuffle } from './records';
import { HopReceipt, signReceipt } from './receipts';
import { openHop, sealHop, SealedHop } from './sealed-hop';

/**
 * A child of the year the query covers: its cell in the grid if it is in the query's population (passes its
 * filters), else null; and the population holder's own factor if it holds one. Every child of the year is
 * sent, in the population or not, so that the factor holders can't tell which children the filters select.
 */
export interface PopulationChild {
  childId: string;
  cell: number | null;
  factor?: boolean;
}

/** What the population holder keeps between its two steps; never sent anywhere. */
export interface PopulationState {
  query: CombinationQuery;
  layout: CombinationLayout;
  /** By pseudonym: the child's cell, or null for a child of the year outside the population. */
  cellOf: Map<string, number | null>;
}

function checkChildren(query: CombinationQuery, children: readonly PopulationChild[]): void {
  const ownFactor = populationHoldsFactor(query);
  children.forEach((child, i) => {
    if (child.cell === null) return;
    if (!Number.isInteger(child.cell) || child.cell < 0 || child.cell >= query.cells.length)
      throw new Error(`child ${i}: no such cell`);
    if ((typeof child.factor === 'boolean') !== ownFactor)
      throw new Error(`child ${i}: ${ownFactor ? 'needs' : 'cannot have'} the population holder's factor`);
  });
}

/** What step 1 sends, in the children's order: each child's pseudonym and the plaintext it is encrypted with. */
export interface PopulationPlan {
  state: PopulationState;
  pseudonyms: string[];
  plaintexts: bigint[];
}

/** Step 1's checks and layout; `plan(from, to)` then gives those children's pseudonyms and plaintexts, and keeps their cells. */
export function populationPlanner(
  ctx: PartyContext,
  secret: PseudonymSecret,
  children: readonly PopulationChild[],
): { state: PopulationState; plan: (from: number, to: number) => Omit<PopulationPlan, 'state'> } {
  checkContext(ctx);
  const { query, encryptor } = ctx;
  if (ctx.org !== query.populationHolder) throw new Error(`${ctx.org} is not this query's population holder`);
  if (secret.secretId !== query.secretId)
    throw new Error(`query ${query.queryId} uses pseudonym secret ${query.secretId}, not ${secret.secretId}`);
  checkChildren(query, children);
  const layout = combinationLayout(query, children.length, keyBitsOf(encryptor));
  const cellOf = new Map<string, number | null>();
  const plan = (from: number, to: number) => {
    const some = children.slice(from, to);
    const pseudonyms = some.map((child) => {
      const p = pseudonym(secret, query.queryId, child.childId);
      if (cellOf.has(p)) throw new Error('a child appears twice in the population');
      cellOf.set(p, child.cell);
      return p;
    });
    const plaintexts = some.map((child) =>
      child.cell === null ? 0n : initialPlaintext(layout, child.cell, child.factor ?? null),
    );
    return { pseudonyms, plaintexts };
  };
  return { state: { query, layout, cellOf }, plan };
}

/** Step 1's checks, the layout, and each child's pseudonym and initial plaintext (0 outside the population). */
export function planPopulation(
  ctx: PartyContext,
  secret: PseudonymSecret,
  children: readonly PopulationChild[],
): PopulationPlan {
  const { state, plan } = populationPlanner(ctx, secret, children);
  return { state, ...plan(0, children.length) };
}

/** Step 1's receipt: the first of the chain, over the records in the order they are sealed. */
export function populationReceipt(ctx: PartyContext, hop: Hop, records: number, outputDigest: string): HopReceipt {
  return signReceipt(
    {
      queryHash: combinationQueryHash(ctx.query),
      ...hop,
      records,
      inputDigest: null,
      outputDigest,
      editions: ctx.editions,
    },
    ctx.signingSecretKey,
  );
}

/**
 * Step 1: (pseudonym, Enc(own bit in the child's cell slot)) per child of the year, in a fresh random order,
 * sealed to the first factor holder. A child outside the population travels as an Enc(0): the population's
 * filters ride inside the ciphertext as a 0/1 factor, and the record set is the same for every query of the year.
 */
export function startCombination(
  ctx: PartyContext,
  secret: PseudonymSecret,
  children: readonly PopulationChild[],
): { state: PopulationState; hop: SealedHop } {
  const { state, pseudonyms, plaintexts } = planPopulation(ctx, secret, children);
  const { query, encryptor } = ctx;
  const records: ParsedRecord[] = pseudonyms.map((p, i) => ({
    pseudonym: p,
    ciphertext: encryptor.encrypt(plaintexts[i], ctx.randomizers.take()),
  }));
  const out = formatRecords(encryptor, shuffle(records));
  const hop = combinationHops(query)[0];
  const receipt = populationReceipt(ctx, hop, out.length, recordsDigest(out));
  return { state, hop: sealHop(query, hop, out, [receipt], boxKeyOf(ctx, hop.to)) };
}

function checkSameChildren(state: PopulationState, records: readonly ParsedRecord[]): void {
  if (records.length !== state.cellOf.size || records.some((r) => !state.cellOf.has(r.pseudonym)))
    throw new Error('the chain returned other children than were sent');
}

/** Children of the population per cell: the population holder's own plaintext count, what the key holders' k-check is on. */
export function countsPerCell(state: PopulationState): number[] {
  const counts = new Array<number>(state.query.cells.length).fill(0);
  for (const cell of state.cellOf.values()) if (cell !== null) counts[cell]++;
  return counts;
}

/** The slot cells (grid and margins) the manifest withholds: fewer than minRecords of the population's children. */
export const withheldCellsOf = (state: PopulationState): Set<number> =>
  new Set(withheldSlotCells(state.query, countsPerCell(state)));

/** atLeast: a uniform mask per slot of every released cell; the manifest carries the sum over the revealed slots. */
function drawMasks(state: PopulationState, released: number[]): Map<number, bigint[]> {
  const { layout } = state;
  if (!layout.masked) return new Map();
  const bound = (1n << BigInt(layout.slotBits - 1)) - 1n;
  return new Map(
    released.map((cell) => [cell, Array.from({ length: layout.countsPerCell }, () => randBetween(bound, 0n))]),
  );
}

function revealOffsets(state: PopulationState, masks: Map<number, bigint[]>): string[] | undefined {
  const measure = state.query.measure;
  if (measure.kind !== 'atLeast') return undefined;
  return Array.from({ length: slotCells(state.query) }, (_, cell) => {
    const cellMasks = masks.get(cell);
    return cellMasks
      ? cellMasks
          .slice(measure.m)
          .reduce((sum, mask) => sum + mask, 0n)
          .toString()
      : '';
  });
}

/** One factor of a margin's withheld sum: a withheld cell's product, or a smaller margin's sum, from its place `from`. */
export interface MarginTerm {
  from: number;
  cell?: number;
  margin?: number;
}

/**
 * Per margin, in the order they are summed, what its withheld grid cells' records are the product of, each moved
 * into the margin's own slots. Smaller margins first, and a margin takes whole smaller ones that cover part of its
 * withheld cells (a gemeente's from its wijken, the region's from its age bands), so the exponentiations are about
 * two per withheld cell, not one per withheld cell and margin.
 */
export function marginTerms(
  query: CombinationQuery,
  withheldWithRecords: ReadonlySet<number>,
): { margin: number; terms: MarginTerm[] }[] {
  const margins = query.margins ?? [];
  const hidden = margins.map((group) => group.filter((cell) => withheldWithRecords.has(cell)));
  const plan: { margin: number; terms: MarginTerm[] }[] = [];
  const done: number[] = [];
  for (const j of margins.map((_, j) => j).sort((a, b) => margins[a].length - margins[b].length)) {
    const remaining = new Set(hidden[j]);
    const terms: MarginTerm[] = [];
    for (const i of [...done].sort((a, b) => hidden[b].length - hidden[a].length)) {
      if (
        hidden[i].length === 0 ||
        hidden[i].length > remaining.size ||
        !hidden[i].every((cell) => remaining.has(cell))
      )
        continue;
      hidden[i].forEach((cell) => remaining.delete(cell));
      terms.push({ from: query.cells.length + i, margin: i });
    }
    for (const cell of remaining) terms.push({ from: cell, cell });
    plan.push({ margin: j, terms });
    done.push(j);
  }
  return plan;
}

/** Per margin, its withheld cells' records moved into its own slots, not yet masked (marginTerms, on this thread). */
function withheldPerMargin(
  ctx: PartyContext,
  state: PopulationState,
  withheldProducts: Map<number, bigint>,
): Map<number, bigint> {
  const { query, layout } = state;
  const powers = new Map<bigint, FixedPower>();
  const align = (from: number, to: number, ciphertext: bigint) => {
    const factor = alignFactor(layout, from, to, ctx.encryptor.n);
    if (!powers.has(factor)) powers.set(factor, fixedPower(factor, ctx.encryptor.n2));
    return powers.get(factor)!(ciphertext);
  };
  const sums = new Map<number, bigint>();
  for (const { margin, terms } of marginTerms(query, new Set(withheldProducts.keys()))) {
    let sum = 1n;
    for (const term of terms) {
      const value = term.margin !== undefined ? sums.get(term.margin)! : withheldProducts.get(term.cell!)!;
      sum = ctx.encryptor.add(sum, align(term.from, query.cells.length + margin, value));
    }
    sums.set(margin, sum);
  }
  return sums;
}

/** Each margin not withheld gets its withheld cells' records: decrypted, it is their sum only (its released cells are decrypted on their own). */
function addWithheldToMargins(
  ctx: PartyContext,
  state: PopulationState,
  aggregates: bigint[],
  withheldProducts: Map<number, bigint>,
  withheld: Set<number>,
  marginSums?: Map<number, bigint>,
): void {
  const { query, layout } = state;
  if (!query.margins) return;
  for (const [j, sum] of marginSums ?? withheldPerMargin(ctx, state, withheldProducts)) {
    const margin = query.cells.length + j;
    if (!withheld.has(margin))
      aggregates[blockOf(layout, margin)] = ctx.encryptor.add(aggregates[blockOf(layout, margin)], sum);
  }
}

/**
 * Step 3: opens the last hop, and per block multiplies the records of the population's children in its cells
 * that have at least minRecords of them (plus a fresh encryption of the block's masks), and into each margin
 * the records of its withheld cells: the signed manifest key holders check. Records of children outside the
 * population (Enc(0)) go into no aggregate.
 */
export function finishCombination(
  ctx: PartyContext,
  state: PopulationState,
  sealedHop: SealedHop,
): CombinationManifest {
  checkContext(ctx);
  // Only the last hop is addressed to the population holder: opening it checks every receipt of the chain.
  const { records: opened, receipts } = openHop(
    state.query,
    sealedHop,
    ctx.org,
    ctx.boxSecretKey,
    ctx.directory.signingPublicKeys,
  );
  const records = parseRecords(ctx.encryptor, opened);
  checkSameChildren(state, records);
  const products = new Map<number, bigint>();
  for (const r of records) {
    const cell = state.cellOf.get(r.pseudonym)!;
    if (cell !== null) products.set(cell, ctx.encryptor.add(products.get(cell) ?? 1n, r.ciphertext));
  }
  return signManifest(ctx, state, receipts, records.length, products);
}

/**
 * The manifest from each cell's product of its population's records (cells without any have none): released cells
 * into their blocks' aggregates after a fresh Enc(masks), withheld ones into their margins only (`marginSums`: as
 * withheldPerMargin would compute them, done elsewhere); signed.
 */
export function signManifest(
  ctx: PartyContext,
  state: PopulationState,
  receipts: HopReceipt[],
  records: number,
  cellProducts: Map<number, bigint>,
  marginSums?: Map<number, bigint>,
): CombinationManifest {
  const { query, layout } = state;
  const cellRecords = countsPerCell(state);
  const withheldSet = withheldCellsOf(state);
  const withheld = cellRecords.flatMap((_, cell) => (withheldSet.has(cell) ? [cell] : []));
  const released = Array.from({ length: slotCells(query) }, (_, cell) => cell).filter((cell) => !withheldSet.has(cell));
  const masks = drawMasks(state, released);
  const aggregates = Array.from({ length: layout.blocks }, (_, block) =>
    ctx.encryptor.encrypt(maskPlaintext(layout, masks, block), ctx.randomizers.take()),
  );
  const withheldProducts = new Map<number, bigint>();
  for (const [cell, product] of [...cellProducts].sort(([a], [b]) => a - b)) {
    if (!withheldSet.has(cell))
      aggregates[blockOf(layout, cell)] = ctx.encryptor.add(aggregates[blockOf(layout, cell)], product);
    else if (query.margins) withheldProducts.set(cell, product);
  }
  addWithheldToMargins(ctx, state, aggregates, withheldProducts, withheldSet, marginSums);
  const body: Omit<CombinationManifest, 'signature'> = {
    queryHash: combinationQueryHash(query),
    queryId: query.queryId,
    keyId: query.keyId,
    populationHolder: ctx.org,
    records,
    cellRecords,
    withheld,
    aggregates: aggregates.map(bigintToHex),
    revealOffsets: revealOffsets(state, masks),
    receipts,
  };
  return { ...body, signature: signMessage(canonicalHash(body), ctx.signingSecretKey) };
}
