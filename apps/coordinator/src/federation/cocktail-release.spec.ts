import { join } from 'node:path';
import { combinationLayout, combinationQueryOf } from '@bfa/combination';
import { CombinationQuerySpec, factorAt, loadPolicies } from '@bfa/policy';
import { cocktailCoordinates, cocktailSpecOf } from './cocktail-release';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const { catalog } = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
const in2023 = { field: 'year', op: 'eq' as const, value: 2023 };

const spec = (analysis: 'patterns' | 'outcomeByCount', outcome = true): CombinationQuerySpec => ({
  ...DEMO_GROUNDS,
  dataset: 'children_households',
  measure: { kind: 'count' },
  filters: [in2023],
  groupBy: ['wijk', 'age_band'],
  combination: {
    // The municipality's own factor listed second: the chain still applies it first.
    factors: [
      { dataset: 'health_monitor', label: 'ouder in GGZ', filters: [in2023] },
      {
        dataset: 'children_households',
        label: 'laag inkomen',
        filters: [{ field: 'low_income', op: 'eq', value: true }],
      },
    ],
    analysis,
    ...(outcome
      ? {
          outcome: {
            dataset: 'youth_care_trajectories',
            label: 'jeugdzorg 2024',
            filters: [{ field: 'year', op: 'eq', value: 2024 }],
          },
        }
      : {}),
  },
  purpose: 'Smart Start: giftige cocktails',
});

describe('the cocktail release at the coordinator', () => {
  it('names the risk factors in chain order (bit i of a pattern is the chain’s i-th holder), the outcome apart', () => {
    expect(cocktailSpecOf(catalog, spec('patterns'))).toEqual({
      analysis: 'patterns',
      factors: ['laag inkomen', 'ouder in GGZ'],
      outcome: 'jeugdzorg 2024',
    });
    expect(cocktailSpecOf(catalog, spec('patterns', false))).toEqual({
      analysis: 'patterns',
      factors: ['laag inkomen', 'ouder in GGZ'],
    });
    expect(() =>
      cocktailSpecOf(catalog, {
        ...spec('patterns'),
        combination: { factors: spec('patterns').combination.factors, atLeast: 1 },
      }),
    ).toThrow(/not a cocktail analysis/);
  });

  it('agrees with the encoding every party derives: label i is the chain holder that moves a child 2^i slots, the outcome the last holder', () => {
    for (const analysis of ['patterns', 'outcomeByCount'] as const) {
      const envelope = {
        id: `q-${analysis}`,
        spec: spec(analysis),
        requester: 'a',
        submittedAt: '2026-11-30T00:00:00.000Z',
        dataHolders: [],
        keyHolders: [],
        keyId: 'k',
        minCellSize: 10,
        pseudonymSecretId: 'ps-1',
      };
      const query = combinationQueryOf(catalog, envelope);
      expect(query.measure).toEqual({ kind: analysis });
      const named = cocktailSpecOf(catalog, spec(analysis));
      expect(query.factorHolders.map((org) => factorAt(catalog, spec(analysis), org)!.label)).toEqual([
        ...named.factors,
        named.outcome,
      ]);
      const layout = combinationLayout(query, 1000, 2048);
      expect(layout.shifts).toEqual(analysis === 'patterns' ? [1, 2, 4] : [1, 1, 3]);
    }
  });

  it('gives a grid cell its group-by coordinates back, the total over cells Totaal in each', () => {
    expect(cocktailCoordinates(['wijk', 'age_band'], { cell: 'WK085501|4-11', pattern: '10', outcome: '1' })).toEqual({
      wijk: 'WK085501',
      age_band: '4-11',
      pattern: '10',
      outcome: '1',
    });
    expect(cocktailCoordinates(['wijk', 'age_band'], { cell: 'Totaal', factors: '2', outcome: 'Totaal' })).toEqual({
      wijk: 'Totaal',
      age_band: 'Totaal',
      factors: '2',
      outcome: 'Totaal',
    });
  });
});
