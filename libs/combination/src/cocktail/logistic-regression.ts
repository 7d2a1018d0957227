import { invertSpd, matVec } from './linear-algebra';
import { Interval, Z95 } from './normal';

/** Children sharing one covariate vector (a pattern of risk factors), and how many of them have the outcome. */
export interface BinomialRow {
  covariates: number[];
  trials: number;
  events: number;
}

export interface Coefficient {
  term: string;
  estimate: number;
  standardError: number;
  interval: Interval;
  oddsRatio: number;
  oddsRatioInterval: Interval;
}

export interface LogisticFit {
  coefficients: Coefficient[];
  iterations: number;
  deviance: number;
}

const MAX_ITERATIONS = 50;
/** A coefficient this large means a (quasi-)separated table: the maximum likelihood estimate is infinite. */
const SEPARATION = 20;

const expit = (eta: number) => 1 / (1 + Math.exp(-eta));

function design(rows: readonly BinomialRow[]): number[][] {
  return rows.map((row) => [1, ...row.covariates]);
}

function logLikelihood(x: number[][], rows: readonly BinomialRow[], beta: number[]): number {
  return rows.reduce((sum, row, i) => {
    const eta = x[i].reduce((s, v, j) => s + v * beta[j], 0);
    // log(1 + e^η) without overflow
    const log1pExp = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta));
    return sum + row.events * eta - row.trials * log1pExp;
  }, 0);
}

/** Xᵀ(y − nπ) and XᵀWX with W = nπ(1 − π): the score and information of the grouped binomial likelihood. */
function scoreAndInformation(x: number[][], rows: readonly BinomialRow[], beta: number[]) {
  const p = beta.length;
  const score = new Array<number>(p).fill(0);
  const information = beta.map(() => new Array<number>(p).fill(0));
  rows.forEach((row, i) => {
    const pi = expit(x[i].reduce((s, v, j) => s + v * beta[j], 0));
    const w = row.trials * pi * (1 - pi);
    for (let a = 0; a < p; a++) {
      score[a] += x[i][a] * (row.events - row.trials * pi);
      for (let b = 0; b < p; b++) information[a][b] += x[i][a] * w * x[i][b];
    }
  });
  return { score, information };
}

function checkRows(rows: readonly BinomialRow[], terms: readonly string[]): void {
  if (rows.length === 0) throw new RangeError('no rows to fit');
  for (const row of rows) {
    if (row.covariates.length !== terms.length - 1)
      throw new RangeError(`a row has ${row.covariates.length} covariates, the model ${terms.length - 1}`);
    if (!Number.isInteger(row.trials) || !Number.isInteger(row.events) || row.events < 0 || row.events > row.trials)
      throw new RangeError('events must be counts between 0 and the trials');
  }
}

function deviance(rows: readonly BinomialRow[], x: number[][], beta: number[]): number {
  const saturated = rows.reduce(
    (sum, { trials: n, events: y }) =>
      sum + (y > 0 ? y * Math.log(y / n) : 0) + (n - y > 0 ? (n - y) * Math.log((n - y) / n) : 0),
    0,
  );
  return 2 * (saturated - logLikelihood(x, rows, beta));
}

/**
 * Maximum likelihood logistic regression on grouped binomial data (Newton–Raphson with step halving), Wald
 * intervals from the inverse information. `terms` names the intercept first, then each covariate. The
 * grouped table is the model's sufficient statistic: the fit equals one on the expanded 0/1 records.
 * Throws when the design is singular (a term no row varies) or the table separates (an infinite estimate).
 */
export function fitLogistic(rows: readonly BinomialRow[], terms: readonly string[], z = Z95): LogisticFit {
  checkRows(rows, terms);
  const x = design(rows);
  let beta = new Array<number>(terms.length).fill(0);
  let current = logLikelihood(x, rows, beta);
  for (let iteration = 1; iteration <= MAX_ITERATIONS; iteration++) {
    const { score, information } = scoreAndInformation(x, rows, beta);
    const inverse = invertSpd(information);
    if (!inverse)
      throw new Error('the model cannot be fitted: a term is constant or a combination of others over the rows');
    const step = matVec(inverse, score);
    let scale = 1;
    let next = beta.map((b, j) => b + step[j]);
    while (logLikelihood(x, rows, next) < current - 1e-12 && scale > 1e-6) {
      scale /= 2;
      next = beta.map((b, j) => b + scale * step[j]);
    }
    const moved = Math.max(...next.map((b, j) => Math.abs(b - beta[j])));
    beta = next;
    current = logLikelihood(x, rows, beta);
    if (beta.some((b) => Math.abs(b) > SEPARATION))
      throw new Error(
        'the table separates the outcome: an estimate is infinite (a pattern where every or no child has the outcome)',
      );
    if (moved < 1e-10) return summarise(rows, x, terms, beta, iteration, z);
  }
  throw new Error(`no convergence in ${MAX_ITERATIONS} iterations`);
}

function summarise(
  rows: readonly BinomialRow[],
  x: number[][],
  terms: readonly string[],
  beta: number[],
  iterations: number,
  z: number,
): LogisticFit {
  const inverse = invertSpd(scoreAndInformation(x, rows, beta).information)!;
  const coefficients = terms.map((term, j) => {
    const standardError = Math.sqrt(inverse[j][j]);
    const interval = { lower: beta[j] - z * standardError, upper: beta[j] + z * standardError };
    return {
      term,
      estimate: beta[j],
      standardError,
      interval,
      oddsRatio: Math.exp(beta[j]),
      oddsRatioInterval: { lower: Math.exp(interval.lower), upper: Math.exp(interval.upper) },
    };
  });
  return { coefficients, iterations, deviance: deviance(rows, x, beta) };
}
