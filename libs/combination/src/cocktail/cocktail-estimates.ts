import { ReleasedCell } from '@bfa/disclosure';
import { CocktailSpec, OUTCOME, patternBits, patternCode, TOTAL } from './cocktail-table';
import { BinomialRow, fitLogistic, LogisticFit } from './logistic-regression';
import { RelativeRisk, relativeRisk } from './relative-risk';

export interface RiskByCount {
  factors: number;
  children: number | null;
  withOutcome: number | null;
  /** Against the children with no risk factor; absent for s = 0. */
  relativeRisk?: RelativeRisk;
}

export interface CocktailRegression {
  /** Intercept, one term per risk factor, then the interactions the released counts allowed. */
  fit: LogisticFit | null;
  /** Why there is no fit, or which terms were left out and why. */
  notes: string[];
  /** Patterns left out of the fit because a count of theirs was suppressed, with their children where released. */
  unusedPatterns: { pattern: string; children: number | null }[];
  childrenInFit: number;
}

export interface CocktailEstimates {
  method: string;
  /** The risk factors in chain order: digit i of a pattern code is factor i. */
  factors: string[];
  outcome?: string;
  byCount?: RiskByCount[];
  regression?: CocktailRegression;
}

/** The region's row of a protected cocktail table: released values by (middle code, outcome code). */
function regionRow(cells: readonly ReleasedCell[], middle: 'pattern' | 'factors') {
  const at = new Map<string, number | null>();
  for (const cell of cells)
    if (cell.coordinates.cell === TOTAL)
      at.set(`${cell.coordinates[middle]}|${cell.coordinates.outcome}`, cell.suppressed ? null : cell.value);
  return (code: string, outcome: string) => at.get(`${code}|${outcome}`) ?? null;
}

function riskByCount(spec: CocktailSpec, cells: readonly ReleasedCell[]): RiskByCount[] {
  const value = regionRow(cells, 'factors');
  const rows = Array.from({ length: spec.factors.length + 1 }, (_, s) => ({
    factors: s,
    children: value(String(s), TOTAL),
    withOutcome: value(String(s), OUTCOME.with),
  }));
  const [base] = rows;
  return rows.map((row) => {
    if (row.factors === 0) return row;
    const known =
      row.children !== null && row.withOutcome !== null && base.children !== null && base.withOutcome !== null;
    const rr: RelativeRisk = known
      ? relativeRisk({
          exposed: row.children!,
          exposedWithOutcome: row.withOutcome!,
          unexposed: base.children!,
          unexposedWithOutcome: base.withOutcome!,
        })
      : { estimable: false, reason: 'a count it needs is suppressed' };
    return { ...row, relativeRisk: rr };
  });
}

const pairs = (f: number) =>
  Array.from({ length: f }, (_, i) => Array.from({ length: f - i - 1 }, (_, d) => [i, i + d + 1] as const)).flat();

/** A pairwise interaction is tried only where the released rows hold children with both factors, with and without the outcome. */
function supportedPairs(rows: { bits: number[]; trials: number; events: number }[], f: number) {
  return pairs(f).filter(([i, j]) => {
    const both = rows.filter((r) => r.bits[i] && r.bits[j]);
    return both.reduce((s, r) => s + r.events, 0) > 0 && both.reduce((s, r) => s + r.trials - r.events, 0) > 0;
  });
}

function fitWith(
  spec: CocktailSpec,
  rows: { bits: number[]; trials: number; events: number }[],
  interactions: (readonly [number, number])[],
): LogisticFit {
  const terms = [
    'intercept',
    ...spec.factors,
    ...interactions.map(([i, j]) => `${spec.factors[i]} × ${spec.factors[j]}`),
  ];
  const binomial: BinomialRow[] = rows.map((r) => ({
    covariates: [...r.bits, ...interactions.map(([i, j]) => r.bits[i] * r.bits[j])],
    trials: r.trials,
    events: r.events,
  }));
  return fitLogistic(binomial, terms);
}

function regression(spec: CocktailSpec, cells: readonly ReleasedCell[]): CocktailRegression {
  const value = regionRow(cells, 'pattern');
  const f = spec.factors.length;
  const codes = Array.from({ length: 2 ** f }, (_, p) => patternCode(p, f));
  const usable = codes.filter((code) => value(code, OUTCOME.with) !== null && value(code, OUTCOME.without) !== null);
  const unusedPatterns = codes
    .filter((code) => !usable.includes(code))
    .map((pattern) => ({ pattern, children: value(pattern, TOTAL) }));
  const rows = usable
    .map((code) => ({
      bits: patternBits(code),
      events: value(code, OUTCOME.with)!,
      trials: value(code, OUTCOME.with)! + value(code, OUTCOME.without)!,
    }))
    .filter((r) => r.trials > 0);
  const childrenInFit = rows.reduce((s, r) => s + r.trials, 0);
  const notes: string[] = [];
  // A factor every released row has, or none has, has no estimate: it is left out, and said so.
  const varying = spec.factors.map((_, i) => rows.some((r) => r.bits[i]) && rows.some((r) => !r.bits[i]));
  const dropped = spec.factors.filter((_, i) => !varying[i]);
  if (dropped.length > 0)
    notes.push(`left out of the model: ${dropped.join(', ')} (the released patterns do not vary in it)`);
  const kept = { ...spec, factors: spec.factors.filter((_, i) => varying[i]) };
  const keptRows = rows.map((r) => ({ ...r, bits: r.bits.filter((_, i) => varying[i]) }));
  const interactions = supportedPairs(keptRows, kept.factors.length);
  const skipped = pairs(kept.factors.length).length - interactions.length;
  if (skipped > 0)
    notes.push(
      `${skipped} pairwise interaction(s) left out: the released counts hold no children with both factors with and without the outcome`,
    );
  for (const attempt of interactions.length > 0 ? [interactions, []] : [[]]) {
    try {
      return { fit: fitWith(kept, keptRows, attempt), notes, unusedPatterns, childrenInFit };
    } catch (error) {
      notes.push(`${attempt.length > 0 ? 'with interactions' : 'main effects'}: ${(error as Error).message}`);
    }
  }
  return { fit: null, notes, unusedPatterns, childrenInFit };
}

const METHOD = {
  outcomeByCount:
    'Per number of risk factors, the risk of the outcome against children with none: relative risk with a 95% Katz (log-RR Wald) interval, from the released region totals.',
  patterns:
    'Logistic regression of the outcome on the risk factors (main effects, pairwise interactions where the released counts allow), fitted by maximum likelihood on the released pattern × outcome totals; 95% Wald intervals; patterns with a suppressed count are left out of the fit.',
};

/** The estimates the coordinator derives from a protected cocktail table: released values only, never a suppressed one. */
export function cocktailEstimates(spec: CocktailSpec, cells: readonly ReleasedCell[]): CocktailEstimates {
  const named = { factors: spec.factors, ...(spec.outcome ? { outcome: spec.outcome } : {}) };
  if (!spec.outcome)
    return { method: 'Children per combination of the risk factors, per cell, protected by suppression.', ...named };
  if (spec.analysis === 'outcomeByCount')
    return { method: METHOD.outcomeByCount, ...named, byCount: riskByCount(spec, cells) };
  return { method: METHOD.patterns, ...named, regression: regression(spec, cells) };
}
