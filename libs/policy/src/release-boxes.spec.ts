import { QuerySpec } from '@bfa/protocol';
import { Catalog } from './catalog';
import { cellBoxes } from './combination-boxes';
import { cellBox, ledgerDomains, recordsOverlap } from './release-boxes';
import { DEMO_GROUNDS } from '../../../deploy/local/grounds';

const catalog = {
  dimensions: {
    wijk: { label: 'Wijk', values: ['WK079800', 'WK079801', 'WK085500'] },
    year: { label: 'Jaar', values: [2023, 2024] },
  },
  datasets: {
    children: {
      label: 'Kinderen',
      holders: ['gemeente'],
      table: 'c',
      dimensions: ['wijk', 'year'],
      maxRecordsPerHolder: 9,
      fields: { low_income: { type: 'boolean', label: 'Laag inkomen' } },
    },
    signals: {
      label: 'Signalen',
      holders: ['gemeente', 'ggd'],
      table: 's',
      dimensions: ['wijk'],
      maxRecordsPerHolder: 9,
      fields: {},
    },
    care: {
      label: 'Jeugdhulp',
      holders: ['sterkhuis'],
      table: 'care',
      dimensions: ['wijk', 'year'],
      maxRecordsPerHolder: 9,
      fields: { days: { type: 'integer', label: 'Dagen', min: 0, max: 366 } },
    },
  },
} as unknown as Catalog;

const spec = (extra: Partial<QuerySpec>): QuerySpec => ({
  ...DEMO_GROUNDS,
  dataset: 'children',
  measure: { kind: 'count' },
  groupBy: ['wijk'],
  purpose: 'a purpose of twenty characters',
  ...extra,
});
const factor = (label: string, op: 'eq' | 'in', value: unknown) => ({
  dataset: 'care',
  label,
  filters: [{ field: 'year', op, value }] as never,
});

describe('cells as boxes over the catalog', () => {
  it('gives a gemeente total its wijken and a total every value', () => {
    expect(cellBox(catalog, spec({}), { wijk: 'GM0798' }).grid).toEqual({ wijk: ['WK079800', 'WK079801'] });
    expect(cellBox(catalog, spec({}), { wijk: 'Totaal' }).grid).toEqual({});
    expect(cellBox(catalog, spec({}), { wijk: 'WK085500' }).grid).toEqual({ wijk: ['WK085500'] });
  });

  it('sees one field per factor, whatever the list’s order, the labels or the wording of a listed value', () => {
    const a = spec({
      combination: {
        factors: [
          factor('care', 'eq', 2024),
          { dataset: 'children', label: 'poor', filters: [{ field: 'low_income', op: 'eq', value: true }] },
        ],
      },
    });
    const b = spec({
      combination: {
        factors: [
          { dataset: 'children', label: 'low income', filters: [{ field: 'low_income', op: 'eq', value: true }] },
          factor('youth care', 'in', [2024]),
        ],
        atLeast: 1,
      },
    });
    const fields = (s: QuerySpec) =>
      new Set(cellBoxes(catalog, s, { wijk: 'Totaal' }).flatMap((box) => box.filters.map((f) => f.field)));
    // A child without the population's own factor fails its filter on its own record too (own-factor-boxes.ts).
    expect(fields(b)).toEqual(new Set([...fields(a), 'low_income']));
    expect(Object.keys(ledgerDomains(catalog, 'children', [a, b])).filter((f) => f.startsWith('factor:'))).toHaveLength(
      2,
    );
    // All 2: one pattern; at least 1 of 2: three patterns, each a box of its own.
    expect(cellBoxes(catalog, a, { wijk: 'Totaal' }).map((box) => box.filters.map((f) => f.value))).toEqual([
      [true, true],
    ]);
    expect(cellBoxes(catalog, b, { wijk: 'Totaal' })).toHaveLength(3);
  });

  it('tells overlapping populations from disjoint ones by value, not wording', () => {
    const gte = spec({ filters: [{ field: 'year', op: 'gte', value: 2024 }] });
    expect(recordsOverlap(catalog, gte, spec({ filters: [{ field: 'year', op: 'eq', value: 2024 }] }))).toBe(true);
    expect(recordsOverlap(catalog, gte, spec({ filters: [{ field: 'year', op: 'lte', value: 2023 }] }))).toBe(false);
    expect(recordsOverlap(catalog, gte, spec({ dataset: 'care' }))).toBe(false);
  });

  it("keeps a release without an offline holder apart: its records are only the contributing holders'", () => {
    const signals = spec({ dataset: 'signals' });
    expect(cellBox(catalog, signals, { wijk: 'Totaal' }, ['gemeente']).filters).toEqual([
      { field: ':holder', op: 'in', value: ['gemeente'] },
    ]);
    expect(cellBox(catalog, signals, { wijk: 'Totaal' }, ['ggd', 'gemeente']).filters).toEqual([]);
    expect(ledgerDomains(catalog, 'signals', [])[':holder']).toEqual({ values: ['gemeente', 'ggd'] });
  });
});
