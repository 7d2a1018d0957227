import { attackerIntervals } from '@bfa/disclosure';
import { SeededRandom } from '../../../../seeds/prng';
import { CombinationCell } from '../result';
import { cocktailTable, patternCode, TOTAL } from './cocktail-table';
import { protectCocktail } from './protect-cocktail';

const K = 10;
const FACTORS = ['laag inkomen', 'GGZ ouder', 'onderwijsachterstand'];
/** Planted: log odds −2.5 + 0.7·f₁ + 0.5·f₂ + 0.9·f₃ of the outcome; prevalences 0.25, 0.15, 0.3. */
const PLANTED = { intercept: -2.5, logOdds: [0.7, 0.5, 0.9], prevalence: [0.25, 0.15, 0.3] };

/** Children of a few gemeenten with planted risk factors and outcome: pattern × outcome per cell, as the protocol would decrypt them. */
function children(
  cells: Record<string, number>,
  seed = 11,
): { pattern: CombinationCell[]; byCount: CombinationCell[] } {
  const prng = new SeededRandom(seed);
  const random = () => prng.next();
  const f = FACTORS.length;
  const pattern: CombinationCell[] = [];
  const byCount: CombinationCell[] = [];
  for (const [cell, n] of Object.entries(cells)) {
    const slots = new Array<number>(2 ** (f + 1)).fill(0);
    for (let i = 0; i < n; i++) {
      const bits = PLANTED.prevalence.map((p): number => (random() < p ? 1 : 0));
      const eta = PLANTED.intercept + bits.reduce((s, b, j) => s + b * PLANTED.logOdds[j], 0);
      const outcome = random() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
      slots[bits.reduce((p, b, j) => p + (b << j), 0) + (outcome << f)]++;
    }
    const withheld = n < K;
    pattern.push({ cell, records: n, withheld, ...(withheld ? {} : { patterns: slots }) });
    const count = (o: number) =>
      Array.from({ length: f + 1 }, (_, s) =>
        slots
          .filter(
            (x, slot) => slot >> f === o && [...patternCode(slot % 2 ** f, f)].filter((d) => d === '1').length === s,
          )
          .reduce((a, b) => a + b, 0),
      );
    const [without, withOutcome] = [count(0), count(1)];
    byCount.push({
      cell,
      records: n,
      withheld,
      ...(withheld ? {} : { byCount: { children: without.map((x, s) => x + withOutcome[s]), withOutcome } }),
    });
  }
  return { pattern, byCount };
}

describe('cocktail release: the pattern × outcome table, protected, and what the coordinator estimates from it', () => {
  const data = children({ GM0785: 6000, GM0798: 3500, GM0855: 12000, GM0865: 40, GM0867: 7 });

  it('releases no count below k, and no count hidden under k can be bounded from above closer than k by the published totals', async () => {
    for (const [analysis, cells] of [
      ['patterns', data.pattern],
      ['outcomeByCount', data.byCount],
    ] as const) {
      const spec = { analysis, factors: FACTORS, outcome: 'jeugdzorg later' };
      const { table } = await protectCocktail(spec, cells, K);
      const linked = cocktailTable(spec, cells);
      expect(table.cells.map((c) => c.coordinates)).toEqual(linked.cells.map((c) => c.coordinates));
      table.cells.forEach((cell, i) =>
        cell.suppressed ? expect(cell.value).toBeNull() : expect(cell.value).toBe(linked.cells[i].value),
      );
      expect(table.cells.filter((c) => !c.suppressed).every((c) => c.value! >= K)).toBe(true);
      expect(table.cells.some((c) => c.suppressed)).toBe(true);
      // The attacker: every published value and every additivity constraint, the hidden cells unknown and ≥ 0.
      const hidden = table.cells.flatMap((c, i) => (c.suppressed ? [i] : []));
      const intervals = await attackerIntervals(linked, hidden);
      const primary = hidden.filter((i) => table.cells[i].rule === 'primary-frequency');
      expect(primary.length).toBeGreaterThan(0);
      primary.forEach((cell) =>
        expect(intervals[hidden.indexOf(cell)].upper - linked.cells[cell].value).toBeGreaterThanOrEqual(K - 1e-6),
      );
      // A gemeente of 7 children was never decrypted: it is not in the table at all.
      expect(table.cells.some((c) => c.coordinates.cell === 'GM0867')).toBe(false);
    }
  }, 120_000);

  it('outcome by number of factors: the risk rises with s, and each relative risk equals the hand computation on the released totals', async () => {
    const spec = { analysis: 'outcomeByCount' as const, factors: FACTORS, outcome: 'jeugdzorg later' };
    const { table, estimates } = await protectCocktail(spec, data.byCount, K);
    const released = (s: string, outcome: string) =>
      table.cells.find(
        (c) => c.coordinates.cell === TOTAL && c.coordinates.factors === s && c.coordinates.outcome === outcome,
      )!.value!;
    const rows = estimates.byCount!;
    expect(rows.map((r) => r.factors)).toEqual([0, 1, 2, 3]);
    for (const row of rows.slice(1)) {
      const rr =
        released(String(row.factors), '1') /
        released(String(row.factors), TOTAL) /
        (released('0', '1') / released('0', TOTAL));
      expect(row.relativeRisk).toMatchObject({ estimable: true, rr: expect.closeTo(rr, 12) });
      if (row.relativeRisk?.estimable) expect(row.relativeRisk.interval.lower).toBeGreaterThan(1);
    }
  }, 120_000);

  it('logistic regression from the released pattern × outcome table: the planted odds ratios fall inside the intervals', async () => {
    const spec = { analysis: 'patterns' as const, factors: FACTORS, outcome: 'jeugdzorg later' };
    const { estimates } = await protectCocktail(spec, data.pattern, K);
    const { fit, unusedPatterns, childrenInFit } = estimates.regression!;
    expect(fit).not.toBeNull();
    expect(unusedPatterns).toEqual([]);
    expect(childrenInFit).toBe(6000 + 3500 + 12000 + 40);
    FACTORS.forEach((factor, j) => {
      const c = fit!.coefficients.find((x) => x.term === factor)!;
      expect(c.oddsRatioInterval.lower).toBeLessThan(Math.exp(PLANTED.logOdds[j]));
      expect(c.oddsRatioInterval.upper).toBeGreaterThan(Math.exp(PLANTED.logOdds[j]));
    });
  }, 120_000);

  it('says which patterns a small population had to leave out of the fit, and never fits on a suppressed count', async () => {
    const small = children({ GM0785: 300, GM0798: 150 }, 5);
    const spec = { analysis: 'patterns' as const, factors: FACTORS, outcome: 'jeugdzorg later' };
    const { table, estimates } = await protectCocktail(spec, small.pattern, K);
    const { unusedPatterns, childrenInFit, fit, notes } = estimates.regression!;
    expect(unusedPatterns.length).toBeGreaterThan(0);
    const hiddenTotals = table.cells
      .filter(
        (c) =>
          c.coordinates.cell === TOTAL &&
          c.coordinates.pattern !== TOTAL &&
          c.coordinates.outcome !== TOTAL &&
          c.suppressed,
      )
      .map((c) => c.coordinates.pattern);
    expect(unusedPatterns.map((u) => u.pattern).sort()).toEqual([...new Set(hiddenTotals)].sort());
    expect(childrenInFit).toBeLessThan(450);
    expect(fit !== null || notes.length > 0).toBe(true);
    // A factor the released patterns do not vary in is left out of the model and named, never fitted on a guess.
    const terms = fit?.coefficients.map((c) => c.term) ?? [];
    for (const factor of FACTORS.filter((f) => fit && !terms.includes(f))) expect(notes.join(' ')).toContain(factor);
  }, 120_000);
});
