import { ReleasedCell } from '@bfa/disclosure';
import { namesOf } from './catalog-names';
import { cocktailTable, CocktailRelease, isCocktailRelease } from './cocktail-table';

const cell = (
  wijk: string,
  factors: string,
  outcome: string,
  value: number | null,
  rule?: ReleasedCell['rule'],
): ReleasedCell =>
  rule
    ? { coordinates: { wijk, factors, outcome }, value: null, suppressed: true, rule }
    : { coordinates: { wijk, factors, outcome }, value, suppressed: false };

const release: CocktailRelease = {
  queryId: 'q-c',
  dataset: 'children_households',
  measure: { kind: 'count' },
  groupBy: ['wijk'],
  minCellSize: 10,
  cells: [
    cell('WK085501', '0', '0', 120),
    cell('WK085501', '0', '1', null, 'primary-frequency'),
    cell('WK085501', '0', 'Totaal', 125),
    cell('Totaal', '1', '1', 14),
  ],
  protection: {
    rules: [{ rule: 'primary-frequency', parameters: { minCellSize: 10 }, cells: 1 }],
    suppressedCells: 1,
    totalCells: 4,
  },
  combination: { factors: [{ label: 'ouder in GGZ' }, { label: 'laag inkomen' }], analysis: 'outcomeByCount' },
  cocktail: {
    method: 'Per number of risk factors, the risk against none.',
    factors: ['laag inkomen', 'ouder in GGZ'],
    outcome: 'jeugdzorg 2024',
    byCount: [
      { factors: 0, children: 400, withOutcome: 20 },
      {
        factors: 1,
        children: 100,
        withOutcome: 15,
        relativeRisk: { estimable: true, rr: 3, interval: { lower: 1.6, upper: 5.63 } },
      },
      {
        factors: 2,
        children: null,
        withOutcome: null,
        relativeRisk: { estimable: false, reason: 'a count it needs is suppressed' },
      },
    ],
  },
};

describe('the cocktail release for people', () => {
  it('prints the counts with suppression marks, the relative risks with their intervals, and the method', () => {
    expect(isCocktailRelease(release)).toBe(true);
    const text = cocktailTable(release, namesOf());
    expect(text).toContain('outcomeByCount of 1. laag inkomen; 2. ouder in GGZ; outcome: jeugdzorg 2024');
    expect(text).toMatch(/Tilburg: .*\(WK085501\)\s*│\s*0\s*│\s*120\s*│\s*\S+\s*│\s*125/);
    expect(text).not.toMatch(/│\s*5\s*│/);
    expect(text).toMatch(/1\s*│\s*100\s*│\s*15\s*│\s*15\.0%\s*│\s*3\.00\s*│\s*1\.60 – 5\.63/);
    expect(text).toContain('not estimable: a count it needs is suppressed');
    expect(text).toContain('Per number of risk factors, the risk against none.');
  });

  it('prints the regression: terms, odds ratios, intervals, and the patterns left out', () => {
    const regression = {
      fit: {
        iterations: 5,
        deviance: 1.2,
        coefficients: [
          {
            term: 'intercept',
            estimate: -2.5,
            standardError: 0.1,
            interval: { lower: -2.7, upper: -2.3 },
            oddsRatio: 0.082,
            oddsRatioInterval: { lower: 0.067, upper: 0.1 },
          },
        ],
      },
      notes: ['1 pairwise interaction(s) left out'],
      unusedPatterns: [{ pattern: '11', children: 12 }],
      childrenInFit: 500,
    };
    const text = cocktailTable(
      {
        ...release,
        combination: { ...release.combination, analysis: 'patterns' },
        cocktail: { ...release.cocktail, byCount: undefined, regression },
      },
      namesOf(),
    );
    expect(text).toMatch(/intercept\s*│\s*-2\.500\s*│\s*0\.100\s*│\s*0\.08\s*│\s*0\.07 – 0\.10/);
    expect(text).toContain('Left out of the fit (a count suppressed): 11 (12 children).');
    expect(text).toContain('Fitted on 500 children.');
    expect(text).toContain('pattern digit i: factor i');
  });
});
