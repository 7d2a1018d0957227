import { randomInt } from 'node:crypto';
import { BinomialRow, fitLogistic } from './logistic-regression';
import { Z95 } from './normal';

/** An independent fit on 0/1 records: Newton steps solved by Gaussian elimination, no grouping, no step halving. */
function fitRecords(records: { x: number[]; y: number }[], p: number): { beta: number[]; se: number[] } {
  let beta = new Array<number>(p).fill(0);
  let inverse: number[][] = [];
  for (let it = 0; it < 100; it++) {
    const g = new Array<number>(p).fill(0);
    const h = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    for (const { x, y } of records) {
      const xi = [1, ...x];
      const pi = 1 / (1 + Math.exp(-xi.reduce((s, v, j) => s + v * beta[j], 0)));
      xi.forEach((a, i) => {
        g[i] += a * (y - pi);
        xi.forEach((b, j) => (h[i][j] += a * b * pi * (1 - pi)));
      });
    }
    // [H | I | g] reduced to [I | H⁻¹ | H⁻¹g]
    const m = h.map((row, i) => [...row, ...h.map((_, j) => (i === j ? 1 : 0)), g[i]]);
    for (let c = 0; c < p; c++) {
      const pivot = m.slice(c).reduce((best, row, i) => (Math.abs(row[c]) > Math.abs(m[best][c]) ? i + c : best), c);
      [m[c], m[pivot]] = [m[pivot], m[c]];
      const lead = m[c][c];
      m[c] = m[c].map((v) => v / lead);
      m.forEach((row, r) => {
        if (r !== c) m[r] = row.map((v, j) => v - row[c] * m[c][j]);
      });
    }
    inverse = m.map((row) => row.slice(p, 2 * p));
    const step = m.map((row) => row[2 * p]);
    beta = beta.map((b, j) => b + step[j]);
    if (Math.max(...step.map(Math.abs)) < 1e-12) break;
  }
  return { beta, se: inverse.map((row, j) => Math.sqrt(row[j])) };
}

const expand = (rows: BinomialRow[]) =>
  rows.flatMap((row) =>
    Array.from({ length: row.trials }, (_, i) => ({ x: row.covariates, y: i < row.events ? 1 : 0 })),
  );

describe('logistic regression from a contingency table', () => {
  it('a 2×2 table: the odds ratio is ad/bc, its SE √(1/a + 1/b + 1/c + 1/d) (known answer)', () => {
    // exposed: 30 of 100 with the outcome; unexposed: 20 of 200
    const fit = fitLogistic(
      [
        { covariates: [1], trials: 100, events: 30 },
        { covariates: [0], trials: 200, events: 20 },
      ],
      ['intercept', 'exposed'],
    );
    const [intercept, exposed] = fit.coefficients;
    expect(intercept.estimate).toBeCloseTo(Math.log(20 / 180), 9);
    expect(exposed.oddsRatio).toBeCloseTo((30 * 180) / (70 * 20), 9);
    const se = Math.sqrt(1 / 30 + 1 / 70 + 1 / 20 + 1 / 180);
    expect(exposed.standardError).toBeCloseTo(se, 9);
    expect(exposed.oddsRatioInterval.lower).toBeCloseTo(exposed.oddsRatio * Math.exp(-Z95 * se), 9);
    expect(exposed.oddsRatioInterval.upper).toBeCloseTo(exposed.oddsRatio * Math.exp(Z95 * se), 9);
    expect(fit.deviance).toBeCloseTo(0, 9);
  });

  it('a saturated model of two factors and their interaction reproduces every cell’s log odds (known answer)', () => {
    const logit = (y: number, n: number) => Math.log(y / (n - y));
    const cells = [
      [0, 0, 400, 20],
      [1, 0, 150, 18],
      [0, 1, 120, 15],
      [1, 1, 60, 21],
    ];
    const fit = fitLogistic(
      cells.map(([a, b, n, y]) => ({ covariates: [a, b, a * b], trials: n, events: y })),
      ['intercept', 'a', 'b', 'a×b'],
    );
    const l = cells.map(([, , n, y]) => logit(y, n));
    expect(fit.coefficients.map((c) => c.estimate)).toEqual(
      [l[0], l[1] - l[0], l[2] - l[0], l[3] - l[1] - l[2] + l[0]].map((v) => expect.closeTo(v, 9)),
    );
  });

  it('equals a fit on the expanded records to 1e-6, for random tables of up to 4 factors (property)', () => {
    for (let trial = 0; trial < 12; trial++) {
      const factors = randomInt(1, 5);
      const truth = [-1.5, ...Array.from({ length: factors }, () => randomInt(-100, 150) / 100)];
      const rows: BinomialRow[] = Array.from({ length: 1 << factors }, (_, pattern) => {
        const covariates = Array.from({ length: factors }, (_, i) => (pattern >> i) & 1);
        const trials = randomInt(20, 200);
        const pi = 1 / (1 + Math.exp(-(truth[0] + covariates.reduce((s, v, i) => s + v * truth[i + 1], 0))));
        const events = Math.min(trials - 1, Math.max(1, Math.round(trials * pi + randomInt(-5, 6))));
        return { covariates, trials, events };
      });
      const terms = ['intercept', ...Array.from({ length: factors }, (_, i) => `f${i}`)];
      const grouped = fitLogistic(rows, terms);
      const records = fitRecords(expand(rows), terms.length);
      grouped.coefficients.forEach((c, j) => {
        expect(Math.abs(c.estimate - records.beta[j])).toBeLessThan(1e-6);
        expect(Math.abs(c.standardError - records.se[j])).toBeLessThan(1e-6);
      });
    }
  });

  it('refuses a separated table and a term no row varies, naming the reason', () => {
    const separated = [
      { covariates: [1], trials: 50, events: 50 },
      { covariates: [0], trials: 50, events: 10 },
    ];
    expect(() => fitLogistic(separated, ['intercept', 'x'])).toThrow(/separates/);
    const constant = [
      { covariates: [1], trials: 50, events: 5 },
      { covariates: [1], trials: 40, events: 10 },
    ];
    expect(() => fitLogistic(constant, ['intercept', 'x'])).toThrow(/constant or a combination/);
    expect(() => fitLogistic([{ covariates: [1], trials: 5, events: 6 }], ['intercept', 'x'])).toThrow(
      /between 0 and the trials/,
    );
  });
});
