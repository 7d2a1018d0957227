import { QuerySpec } from '@bfa/protocol';
import { Catalog } from './catalog';
import { dataHoldersOf, datasetsAt } from './combination-check';
import { contributionLayouts } from './contribution-layout';
import { queryProblems } from './query-check';
import { requiredDataHolders } from './quorum';
import { DEMO_GROUNDS } from '../../../deploy/local/grounds';

const catalog = {
  dimensions: {
    wijk: { label: 'w', values: ['WK01', 'WK02'] },
    year: { label: 'y', values: [2023, 2024] },
    school: { label: 's', values: ['A'] },
  },
  datasets: {
    care: {
      label: 'c',
      holders: ['sterkhuis'],
      quorum: 1,
      table: 'care',
      dimensions: ['wijk', 'year', 'school'],
      maxRecordsPerHolder: 1000,
      fields: { placed: { type: 'boolean', label: 'p' } },
    },
    children: {
      label: 'k',
      holders: ['gemeente'],
      table: 'children',
      dimensions: ['wijk', 'year'],
      maxRecordsPerHolder: 5000,
      population: true,
      fields: { low_income: { type: 'boolean', label: 'l' } },
    },
    pupils: {
      label: 'p',
      holders: ['school'],
      table: 'pupils',
      dimensions: ['wijk', 'year'],
      maxRecordsPerHolder: 5000,
      fields: {},
    },
  },
} as unknown as Catalog;

const rate = (measure: Partial<QuerySpec['measure']> = {}, groupBy = ['wijk']): QuerySpec => ({
  ...DEMO_GROUNDS,
  dataset: 'care',
  measure: {
    kind: 'rate',
    per: 1000,
    denominator: { dataset: 'children', filters: [{ field: 'year', op: 'eq', value: 2024 }] },
    ...measure,
  },
  groupBy,
  filters: [{ field: 'year', op: 'eq', value: 2024 }],
  purpose: 'p',
});

describe('a rate query against the catalog', () => {
  it('is valid with a population dataset as denominator, and involves both datasets’ holders', () => {
    expect(queryProblems(catalog, rate())).toEqual([]);
    expect(dataHoldersOf(catalog, rate())).toEqual(['gemeente', 'sterkhuis']);
    expect(datasetsAt(catalog, rate(), 'gemeente')).toEqual(['children']);
    expect(datasetsAt(catalog, rate(), 'sterkhuis')).toEqual(['care']);
  });

  it('names what is wrong with its denominator', () => {
    expect(queryProblems(catalog, rate({ denominator: { dataset: 'nope' } }))).toEqual([
      'denominator: dataset "nope" is not in the catalog',
    ]);
    expect(queryProblems(catalog, rate({ denominator: { dataset: 'pupils' } }))).toEqual([
      'denominator: pupils is not a population dataset (population: true in the catalog)',
    ]);
    expect(queryProblems(catalog, rate({}, ['wijk', 'school']))).toEqual([
      'denominator: groupBy "school" is not a dimension of children',
    ]);
    expect(
      queryProblems(
        catalog,
        rate({ denominator: { dataset: 'children', filters: [{ field: 'placed', op: 'eq', value: true }] } }),
      ),
    ).toEqual(['denominator: filter on "placed": "placed" is not a field of children']);
    expect(queryProblems(catalog, rate({ field: 'placed' }))).toEqual([
      'a rate counts records: it takes no measure.field',
    ]);
    expect(queryProblems(catalog, rate({ kind: 'count' }))).toEqual([
      'only a rate takes measure.per, measure.interval and measure.denominator',
    ]);
  });

  it('needs every holder of both parts (the numerator’s quorum does not apply) and packs both grids in one vector', () => {
    const envelope = { spec: rate(), dataHolders: ['gemeente', 'sterkhuis'] } as never;
    expect(requiredDataHolders(catalog, envelope)).toBe(2);
    const layouts = contributionLayouts(catalog, rate(), 1024);
    expect(layouts.contributors).toMatchObject({ cells: 4, contributors: 2, contributionBound: 5000n });
    expect(layouts.magnitudes).toBeUndefined();
  });
});
