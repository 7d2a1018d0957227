import { parse } from 'csv-parse/sync';
import { cellLabels } from './cell-labels';
import { classOf, CLASS_COLOURS, colourClasses } from './colour-classes';
import { releaseCsv } from './release-csv';
import { translate } from './release-i18n';
import { Release, ReleasedCell } from './release-types';
import { defaultSlice, sliceCells } from './slice';

const cell = (wijk: string, age_band: string, value: number | null, rule?: ReleasedCell['rule']): ReleasedCell => ({
  coordinates: { wijk, age_band },
  value,
  suppressed: value === null,
  ...(rule ? { rule } : {}),
});

/** A release as GET /queries/:id/release gives it: wijk by age band with the totals, two cells hidden. */
const release: Release = {
  queryId: 'q',
  queryHash: 'h',
  dataset: 'risk_signals',
  measure: { kind: 'count' },
  groupBy: ['wijk', 'age_band'],
  filters: [],
  dataHolders: ['gemeente'],
  contributedBy: ['gemeente'],
  keyId: 'k',
  decryptedBy: ['gemeente', 'ggd'],
  minCellSize: 10,
  cells: [
    cell('WK076601', '0-3', 12),
    cell('WK076602', '0-3', null, 'primary-frequency'),
    cell('GM0766', '0-3', null, 'secondary'),
    cell('Totaal', 'Totaal', 1234),
  ],
  protection: { rules: [], suppressedCells: 2, totalCells: 4 },
  releasedAt: '2026-11-30T12:00:00.000Z',
};

const names: Record<string, string> = {
  WK076601: 'Wijk 01 Dongen',
  WK076602: 'Wijk 02 \'s-Gravenmoer, "oud"',
  GM0766: 'Dongen',
};

describe("the release's CSV", () => {
  const csv = releaseCsv(
    release,
    cellLabels(release, translate('nl'), (code) => names[code]),
  );
  const rows: Record<string, string>[] = parse(csv, { columns: true });

  it('has one line per cell in the API order, with each code, its label, the value, and the suppression mark', () => {
    expect(Object.keys(rows[0])).toEqual([
      'wijk',
      'wijk_label',
      'age_band',
      'age_band_label',
      'value',
      'suppressed',
      'rule',
    ]);
    expect(
      rows.map((r) => ({
        coordinates: { wijk: r.wijk, age_band: r.age_band },
        value: r.value === '' ? null : Number(r.value),
        suppressed: r.suppressed === 'true',
      })),
    ).toEqual(release.cells.map(({ coordinates, value, suppressed }) => ({ coordinates, value, suppressed })));
    expect(rows.map((r) => r.rule)).toEqual(['', 'primary-frequency', 'secondary', '']);
  });

  it('labels wijken and gemeenten by name with their code, age bands in years, totals as the region; quotes what needs quoting', () => {
    expect(rows.map((r) => r.wijk_label)).toEqual([
      'Wijk 01 Dongen (WK076601)',
      'Wijk 02 \'s-Gravenmoer, "oud" (WK076602)',
      'Dongen (GM0766)',
      'Hele regio',
    ]);
    expect(rows.map((r) => r.age_band_label)).toEqual(['0-3 jaar', '0-3 jaar', '0-3 jaar', 'Totaal']);
    expect(csv).toContain('"Wijk 02 \'s-Gravenmoer, ""oud"" (WK076602)"');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('never writes a value for a hidden cell', () => {
    const leaky = { ...release, cells: [{ ...release.cells[1], value: 7 }] };
    expect(
      parse(
        releaseCsv(
          leaky,
          cellLabels(leaky, translate('en'), () => undefined),
        ),
        { columns: true },
      )[0],
    ).toMatchObject({ value: '', suppressed: 'true' });
  });
});

describe("the map's colour classes", () => {
  it('cover the shown values without gap or overlap, light to dark, every value in exactly one class', () => {
    for (const values of [
      [0, 9],
      [3, 3, 3],
      [0, 1, 2],
      [0, 12, 5, 7],
      [-4, 2, 250, 1234],
      [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
    ]) {
      const classes = colourClasses(values);
      expect(classes[0].from).toBe(Math.min(...values));
      expect(classes.at(-1)!.to).toBe(Math.max(...values));
      classes.slice(1).forEach((c, i) => expect(c.from).toBe(classes[i].to + 1));
      expect(new Set(classes.map((c) => c.colour)).size).toBe(classes.length);
      expect(classes.map((c) => CLASS_COLOURS.indexOf(c.colour))).toEqual(
        [...classes.map((c) => CLASS_COLOURS.indexOf(c.colour))].sort((a, b) => a - b),
      );
      for (let v = Math.min(...values); v <= Math.max(...values); v++)
        expect(classes.filter((c) => v >= c.from && v <= c.to)).toEqual([classOf(classes, v)]);
    }
  });

  it('has at most five classes, one when every value is the same, none when nothing is shown', () => {
    expect(colourClasses([0, 1000])).toHaveLength(5);
    expect(colourClasses([7, 7])).toEqual([{ from: 7, to: 7, colour: CLASS_COLOURS[0] }]);
    expect(colourClasses([])).toEqual([]);
    expect(colourClasses([0, 1]).map((c) => c.colour)).toEqual([CLASS_COLOURS[0], CLASS_COLOURS[4]]);
  });
});

describe("the chart's and the map's first slice", () => {
  it('takes every other dimension at its total, and wijken only (no gemeente or region total)', () => {
    expect(defaultSlice(release)).toEqual({ age_band: 'Totaal' });
    expect(sliceCells(release, { age_band: '0-3' }).map((c) => c.coordinates.wijk)).toEqual(['WK076601', 'WK076602']);
  });

  it('takes the value with the most cells shown where there is no total (a combination)', () => {
    const combination = {
      ...release,
      cells: [
        cell('WK076601', '0-3', null, 'withheld'),
        cell('WK076601', '4-11', 14),
        cell('WK076602', '0-3', null, 'withheld'),
        cell('WK076602', '4-11', 11),
      ],
    };
    expect(defaultSlice(combination)).toEqual({ age_band: '4-11' });
  });
});
