import {
  AggregateCell,
  auditLedger,
  BoxSpec,
  brokenMagnitudeRule,
  cellsOfLeaf,
  combineBounds,
  controlledRounding,
  coordinatesKey,
  crossTable,
  Dimension,
  DominanceBounds,
  LedgerRelease,
  LinkedTable,
  MAGNITUDE_DEFAULTS,
  MagnitudeRule,
  MagnitudeRules,
  NoiseParameters,
  noisyLeaves,
  noisyRelease,
  ProtectedTable,
  protectLinkedTable,
  ProtectionPolicy,
  RememberedCell,
  SuppressionRule,
} from '@bfa/disclosure';
import { Catalog, cellBoxes, ledgerDomains, marginDimensions, measureOf, NoisePolicy } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { legacyCocktailProblem } from './legacy-cocktails';
import { LedgerBasis, ledgerRelease } from './release-ledger';
import { seriesDimensions, seriesLeaves } from './year-series';

/** A release the disclosure rules refuse whatever is hidden: told to the analyst, counted as a disclosure refusal. */
export class DisclosureRefusal extends Refusal {}

export const TOTAL = 'Totaal';

/** The release's dimensions: wijken roll up into gemeenten and the region, every other dimension into its total (the same the combination's margins use). */
export const releaseDimensions = marginDimensions;

/** The cells the release ledger names, as the protection's `differencing` rule (none when it names none). */
export function hiddenByLedger(cells: number[], minCellSize: number, earlierReleases: number) {
  return cells.length > 0
    ? [{ cells, rule: 'differencing' as const, parameters: { minCellSize, earlierReleases } }]
    : [];
}

/**
 * The protection interval a suppressed cell must keep: at least k (so a count can't be pinned near a small
 * number, nor shown to be non-zero) and at least 20% of the value (tau-Argus' usual safety range), above and below.
 */
export function protectionPolicy(minCellSize: number, intervalPercent = 20): ProtectionPolicy {
  const level = { absolute: minCellSize, fraction: intervalPercent / 100 };
  return { upper: level, lower: level };
}

/** The platform policy's disclosure settings, with the design's defaults. */
export interface ReleasePolicy {
  rounding?: { base: number };
  magnitudeRules?: { dominance: { k: number }; pPercent: number };
  protectionInterval?: number;
}

function magnitudeRules(policy: ReleasePolicy): MagnitudeRules {
  const rules = policy.magnitudeRules;
  return rules ? { dominanceK: rules.dominance.k / 100, pPercent: rules.pPercent / 100 } : MAGNITUDE_DEFAULTS;
}

/** Cells another table of the same release hid (a mean's counts), hidden here too, under the rule that hid them there. */
export type AlsoHidden = { cells: number[]; rule: SuppressionRule; parameters: Record<string, number> };

/** A leaf of a sum query: its value is the sum, and the bounds on its largest contributions come along. */
export interface MagnitudeLeaf extends AggregateCell {
  dominance?: DominanceBounds;
}

export interface ProtectedRelease {
  table: ProtectedTable;
  /** What the coordinator keeps for the ledger: true contributor counts and amounts, never released. */
  remembered: RememberedCell[];
  roundingBase?: number;
}

/** Cells of the linked table (totals included) that break the dominance or the p% rule. */
function magnitudeBreaches(
  dimensions: Dimension[],
  linked: LinkedTable,
  keys: string[],
  leaves: MagnitudeLeaf[],
  rules: MagnitudeRules,
): Map<MagnitudeRule, number[]> {
  const parts = new Map<string, DominanceBounds[]>();
  for (const leaf of leaves.filter((l) => l.dominance)) {
    for (const cell of cellsOfLeaf(dimensions, leaf.coordinates))
      parts.set(coordinatesKey(cell), [...(parts.get(coordinatesKey(cell)) ?? []), leaf.dominance!]);
  }
  const breaches = new Map<MagnitudeRule, number[]>([
    ['dominance', []],
    ['p-percent', []],
  ]);
  linked.cells.forEach((cell, i) => {
    const rule = parts.has(keys[i]) ? brokenMagnitudeRule(cell.value, combineBounds(parts.get(keys[i])!), rules) : null;
    if (rule) breaches.get(rule)!.push(i);
  });
  return breaches;
}

/**
 * The released table: the query's grid plus every marginal total (per gemeente and region along wijk);
 * the frequency rule on every cell; for sums the dominance and p% rules; then complementary suppression so no
 * hidden cell can be worked out from the totals, checked with the attacker's LPs. Then the release ledger: the
 * table and every earlier release over the dataset audited as one linked system (auditLedger); cells that would
 * give a small group away are hidden (`differencing`), complements chosen again, and the whole audited again,
 * until nothing is given away or nothing more can be hidden (then the query is refused).
 */
export async function protectRelease(
  catalog: Catalog,
  spec: QuerySpec,
  leaves: MagnitudeLeaf[],
  minCellSize: number,
  ledger: { earlier: LedgerBasis[]; contributedBy: string[] },
  policy: ReleasePolicy = {},
  alsoHidden: AlsoHidden[] = [],
): Promise<ProtectedRelease> {
  const { earlier } = ledger;
  // A query grouped by year: every year's table and the totals across years are one linked table, protected together.
  const dimensions = seriesDimensions(catalog, spec, releaseDimensions(catalog, spec.groupBy));
  leaves = seriesLeaves(catalog, spec, leaves);
  const linked = crossTable(
    dimensions,
    leaves.map(({ coordinates, value, contributors }) => ({ coordinates, value, contributors })),
  );
  const keys = linked.cells.map((cell) => coordinatesKey(cell.coordinates));
  const rules = magnitudeRules(policy);
  const breaches = magnitudeBreaches(dimensions, linked, keys, leaves, rules);
  const magnitudeParameters = { n: 2, k: Math.round(rules.dominanceK * 100), p: Math.round(rules.pPercent * 100) };
  const magnitude = leaves.some((l) => l.dominance)
    ? [...breaches].map(([rule, cells]) => ({ rule, cells, parameters: magnitudeParameters }))
    : [];
  const protect = (differencing: number[]) =>
    protectLinkedTable(linked, {
      minCellSize,
      protection: protectionPolicy(minCellSize, policy.protectionInterval),
      alsoHide: [
        ...magnitude,
        ...alsoHidden,
        { cells: differencing, rule: 'differencing', parameters: { minCellSize, earlierReleases: earlier.length } },
      ],
    });
  const table = await withLedger(
    catalog,
    spec,
    linked,
    ledger,
    { minCellSize, intervalPercent: policy.protectionInterval ?? 20 },
    protect,
  );
  const remembered = linked.cells.map((cell, i) => ({
    key: keys[i],
    contributors: cell.contributors,
    value: cell.value,
    released: !table.cells[i].suppressed,
  }));
  return roundedRelease(linked, table, remembered, policy);
}

/**
 * Protects the table, audits it with every earlier release of the dataset, hides what the audit names, again until it
 * passes. Cells not `known` (withheld at the source) are not in the ledger. `boxesOf`: the records a cell counts, as
 * boxes whose union it is (cellBoxes of the query's coordinates unless told).
 */
export async function withLedger(
  catalog: Catalog,
  spec: QuerySpec,
  linked: LinkedTable,
  { earlier, contributedBy }: { earlier: LedgerBasis[]; contributedBy: string[] },
  options: { minCellSize: number; intervalPercent: number },
  protect: (differencing: number[]) => Promise<ProtectedTable>,
  known: (cell: number) => boolean = () => true,
  boxesOf: (coordinates: Record<string, string | number>) => BoxSpec[] = (coordinates) =>
    cellBoxes(catalog, spec, coordinates, contributedBy),
): Promise<ProtectedTable> {
  const legacy = legacyCocktailProblem(catalog, spec, earlier);
  if (legacy) throw new DisclosureRefusal(legacy);
  earlier = earlier.filter((basis) => !basis.legacy);
  const domains = ledgerDomains(catalog, spec.dataset, [...earlier.map((basis) => basis.spec), spec]);
  const releases = earlier.map((basis) => ledgerRelease(catalog, basis));
  const boxes = linked.cells.map((cell) => boxesOf(cell.coordinates));
  const measure = measureOf(spec);
  let differencing: number[] = [];
  for (;;) {
    const table = await protect(differencing);
    if (releases.length === 0) return table;
    const indices = linked.cells.flatMap((_, i) => (known(i) ? [i] : []));
    const cells = indices.map((i) => ({
      box: boxes[i][0],
      union: boxes[i].slice(1),
      contributors: linked.cells[i].contributors,
      value: linked.cells[i].value,
      published: !table.cells[i].suppressed,
    }));
    const candidate: LedgerRelease = { id: 'new', measure, cells };
    const { failures } = await auditLedger(domains, releases, candidate, options);
    if (failures.length === 0) return table;
    const more = [...new Set(failures.flatMap((failure) => failure.cells.map((c) => indices[c])))];
    if (more.length === 0) {
      throw new DisclosureRefusal(
        `refused by the release ledger: with the ${releases.length} earlier release(s) of ${spec.dataset}, this table would let ${failures[0].reason}, whichever of its cells are hidden`,
      );
    }
    differencing = [...differencing, ...more];
  }
}

/** Controlled rounding of the whole table; the released cells show their rounded values, hidden cells stay hidden. */
export async function roundReleased(linked: LinkedTable, table: ProtectedTable, base: number): Promise<ProtectedTable> {
  const rounded = await controlledRounding(linked, base);
  const cells = table.cells.map((cell, i) => (cell.suppressed ? cell : { ...cell, value: rounded[i] }));
  const released = cells.filter((c) => !c.suppressed).length;
  return {
    cells,
    protection: {
      ...table.protection,
      rules: [...table.protection.rules, { rule: 'rounding', parameters: { base }, cells: released }],
    },
  };
}

/**
 * Under a noise policy: discrete Laplace (ε) or discrete Gaussian (ρ) noise on the query's grid cells, sampled
 * exactly, sensitivity 1 for a count and the field's max for a sum; totals summed from the noisy cells, nothing
 * suppressed. The ε (or ρ) was charged to the dataset's budget when the query was submitted.
 */
export function noisyReleaseTable(
  catalog: Catalog,
  spec: QuerySpec,
  leaves: AggregateCell[],
  noise: NoisePolicy,
): ProtectedTable {
  const sensitivity =
    spec.measure.kind === 'sum' ? (catalog.datasets[spec.dataset].fields[spec.measure.field!].max ?? 1) : 1;
  const parameters: NoiseParameters =
    noise.mechanism === 'gaussian'
      ? { rho: noise.rhoPerQuery!, sensitivity }
      : { epsilon: noise.epsilonPerQuery!, sensitivity };
  leaves = seriesLeaves(catalog, spec, leaves);
  const noisy = noisyLeaves(leaves, parameters);
  const linked = crossTable(
    seriesDimensions(catalog, spec, releaseDimensions(catalog, spec.groupBy)),
    leaves.map((leaf, i) => ({ coordinates: leaf.coordinates, value: noisy[i], contributors: 0 })),
  );
  return noisyRelease(linked.cells, parameters);
}

/** One grid cell of a decrypted combination: its count, or withheld at the source (fewer than k children in the population cell). */
export interface CombinationLeaf {
  coordinates: Record<string, string | number>;
  count: number | null;
}

/**
 * A combination's release: the grid only, without marginal totals, because a cell withheld at the source was
 * never decrypted and a total over it can't be computed (nor released without letting it be derived). Withheld
 * cells are hidden as such; every other cell passes the frequency rule on its count of children (zeros too). Then
 * the release ledger over the population's dataset, as for any count (a withheld cell is a hidden one of unknown size).
 */
export async function protectCombinationRelease(
  catalog: Catalog,
  spec: QuerySpec,
  leaves: CombinationLeaf[],
  minCellSize: number,
  ledger: { earlier: LedgerBasis[]; contributedBy: string[] },
  policy: ReleasePolicy = {},
): Promise<ProtectedRelease> {
  const { earlier } = ledger;
  // A withheld cell enters with k contributors so that it is hidden under its own rule, not the frequency rule.
  const cells = leaves.map(({ coordinates, count }) => ({
    coordinates,
    value: count ?? 0,
    contributors: count ?? minCellSize,
  }));
  const linked: LinkedTable = { cells, constraints: [] };
  const withheld = leaves.flatMap((leaf, i) => (leaf.count === null ? [i] : []));
  const protect = (differencing: number[]) =>
    protectLinkedTable(linked, {
      minCellSize,
      protection: protectionPolicy(minCellSize, policy.protectionInterval),
      alsoHide: [
        { cells: withheld, rule: 'withheld', parameters: { minCellSize } },
        ...hiddenByLedger(differencing, minCellSize, earlier.length),
      ],
    });
  const known = (i: number) => leaves[i].count !== null;
  const table = await withLedger(
    catalog,
    spec,
    linked,
    ledger,
    { minCellSize, intervalPercent: policy.protectionInterval ?? 20 },
    protect,
    known,
  );
  return roundedRelease(linked, table, rememberedCounts(linked, table, known), policy);
}

/** What the ledger keeps of a count's release: every cell known at the source, its count and whether it was shown. */
export function rememberedCounts(
  linked: LinkedTable,
  table: ProtectedTable,
  known: (i: number) => boolean,
): RememberedCell[] {
  return linked.cells.flatMap((cell, i) =>
    known(i)
      ? [
          {
            key: coordinatesKey(cell.coordinates),
            contributors: cell.value,
            value: cell.value,
            released: !table.cells[i].suppressed,
          },
        ]
      : [],
  );
}

/**
 * Controlled rounding of the whole linked table when the policy asks for it (hidden cells stay hidden); the ledger
 * then remembers what each released cell showed beside its true value.
 */
export async function roundedRelease(
  linked: LinkedTable,
  table: ProtectedTable,
  remembered: RememberedCell[],
  policy: ReleasePolicy,
): Promise<ProtectedRelease> {
  if (!policy.rounding) return { table, remembered };
  const rounded = await roundReleased(linked, table, policy.rounding.base);
  const index = new Map(linked.cells.map((cell, i) => [coordinatesKey(cell.coordinates), i]));
  const shown = remembered.map((cell) => {
    const value = rounded.cells[index.get(cell.key)!].value;
    return cell.released && value !== cell.value ? { ...cell, shown: value! } : cell;
  });
  return { table: rounded, remembered: shown, roundingBase: policy.rounding.base };
}
