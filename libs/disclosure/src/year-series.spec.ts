import fc from 'fast-check';
import { attackerIntervals } from './attacker-intervals';
import { protectLinkedTable } from './protect-linked-table';
import { AggregateCell } from './protected-table';
import { crossTable, flatDimension, hierarchyDimension, oneWayTable } from './table-builders';
import { ACROSS_YEARS, yearSeriesTable, yearTables } from './year-series';

const K = 10;
/** The platform's protection interval: max(k, 20% of the value), above and below. */
const policy = { upper: { absolute: K, fraction: 0.2 }, lower: { absolute: K, fraction: 0.2 } };
const reach = (value: number) => Math.max(K, 0.2 * value);
const slack = (value: number) => 1e-6 * Math.max(1, value + reach(value));

const leaf = (wijk: string, year: number, value: number): AggregateCell => ({
  coordinates: { wijk, year },
  value,
  contributors: value,
});
const hiddenOf = (cells: { suppressed: boolean }[]) => cells.flatMap((c, i) => (c.suppressed ? [i] : []));

describe('years as a series: one linked system', () => {
  const values: Record<number, number[]> = { 2023: [3, 40, 50], 2024: [25, 45, 60] };
  const leaves = Object.entries(values).flatMap(([year, row]) => row.map((v, w) => leaf(`W${w + 1}`, Number(year), v)));
  const wijk = flatDimension('wijk', ['W1', 'W2', 'W3'], 'Totaal');

  it('gives each year its own table with its own margins, plus the totals across years', () => {
    const series = yearSeriesTable([wijk], 'year', [2023, 2024], leaves);
    expect(series.years.map((y) => y.year)).toEqual(['2023', '2024']);
    expect(series.years.map((y) => y.cells.map((i) => series.cells[i].coordinates.wijk))).toEqual([
      ['Totaal', 'W1', 'W2', 'W3'],
      ['Totaal', 'W1', 'W2', 'W3'],
    ]);
    const one = oneWayTable(
      'wijk',
      leaves
        .filter((l) => l.coordinates.year === 2024)
        .map((l) => ({ ...l, coordinates: { wijk: l.coordinates.wijk } })),
    );
    expect(series.years[1].cells.map((i) => series.cells[i].value).sort()).toEqual(
      one.cells.map((c) => c.value).sort(),
    );
    expect(series.acrossYears.map((i) => [series.cells[i].coordinates.wijk, series.cells[i].value])).toEqual([
      ['Totaal', 223],
      ['W1', 28],
      ['W2', 85],
      ['W3', 110],
    ]);
  });

  it('the attack: years protected one by one, then totals across years published, give a hidden wijk away by difference', async () => {
    const of2023 = oneWayTable(
      'wijk',
      leaves
        .filter((l) => l.coordinates.year === 2023)
        .map((l) => ({ ...l, coordinates: { wijk: l.coordinates.wijk } })),
    );
    const alone = await protectLinkedTable(of2023, { minCellSize: K, protection: policy });
    expect(alone.cells.find((c) => c.coordinates.wijk === 'W1')?.suppressed).toBe(true);
    // The same pattern in the linked system, 2024 and the totals across years all shown: W1 of 2023 = 28 - 25.
    const series = yearSeriesTable([wijk], 'year', [2023, 2024], leaves);
    const hidden = series.cells.flatMap((c, i) =>
      c.coordinates.year === '2023' && alone.cells.find((a) => a.coordinates.wijk === c.coordinates.wijk)!.suppressed
        ? [i]
        : [],
    );
    const w1 = series.cells.findIndex((c) => c.coordinates.wijk === 'W1' && c.coordinates.year === '2023');
    expect(await attackerIntervals(series, hidden, [w1])).toEqual([{ cell: w1, lower: 3, upper: 3 }]);
  });

  it('protects the years together: the hidden wijk keeps its interval over both years and the totals across them', async () => {
    const series = yearSeriesTable([wijk], 'year', [2023, 2024], leaves);
    const released = await protectLinkedTable(series, { minCellSize: K, protection: policy });
    const w1 = series.cells.findIndex((c) => c.coordinates.wijk === 'W1' && c.coordinates.year === '2023');
    const [interval] = await attackerIntervals(series, hiddenOf(released.cells), [w1]);
    expect(interval.lower).toBeLessThanOrEqual(1e-6);
    expect(interval.upper).toBeGreaterThanOrEqual(3 + K - 1e-6);
    // Its total across years is shown, so another year's W1 is hidden with it: the pattern follows the wijk.
    const w1Across = series.cells.findIndex((c) => c.coordinates.wijk === 'W1' && c.coordinates.year === ACROSS_YEARS);
    const w1In2024 = series.cells.findIndex((c) => c.coordinates.wijk === 'W1' && c.coordinates.year === '2024');
    expect(released.cells[w1Across].suppressed || released.cells[w1In2024].suppressed).toBe(true);
  });

  it('splits released cells by year in their order, the totals across years apart', () => {
    const cells = [
      { coordinates: { year: '2024', w: 'A' } },
      { coordinates: { year: 'Totaal', w: 'A' } },
      { coordinates: { year: '2023', w: 'A' } },
      { coordinates: { year: '2024', w: 'B' } },
    ];
    expect(yearTables(cells, 'year')).toEqual({
      years: [
        { year: '2024', cells: [0, 3] },
        { year: '2023', cells: [2] },
      ],
      acrossYears: [1],
    });
  });
});

/** Random series: 2 to 4 years, one or two gemeenten of 2 or 3 wijken, 1 or 2 age bands; many small cells, some zeros. */
const seriesArbitrary = fc
  .record({
    years: fc.integer({ min: 2, max: 4 }),
    gemeenten: fc.array(fc.integer({ min: 2, max: 3 }), { minLength: 1, maxLength: 2 }),
    bands: fc.integer({ min: 1, max: 2 }),
  })
  .chain((shape) => {
    const wijken = shape.gemeenten.flatMap((n, g) => Array.from({ length: n }, (_, w) => `WK0${g}0${w}`));
    const cells = shape.years * wijken.length * shape.bands;
    const value = fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 9 }) },
      { weight: 5, arbitrary: fc.integer({ min: 10, max: 80 }) },
    );
    return fc.record({
      shape: fc.constant({ ...shape, wijken }),
      values: fc.array(value, { minLength: cells, maxLength: cells }),
    });
  });

describe('years as a series, property (fast-check)', () => {
  it('never lets the attacker LP over all years together narrow a hidden cell below its protection interval', async () => {
    await fc.assert(
      fc.asyncProperty(seriesArbitrary, async ({ shape, values }) => {
        const years = Array.from({ length: shape.years }, (_, y) => 2021 + y);
        const parentOf = Object.fromEntries(
          shape.wijken.flatMap((w) => [
            [w, `GM${w.slice(2, 4)}`],
            [`GM${w.slice(2, 4)}`, 'Totaal'],
          ]),
        );
        const dimensions = [
          hierarchyDimension('wijk', 'Totaal', parentOf),
          flatDimension('age_band', ['0-3', '4-11'].slice(0, shape.bands), 'Totaal'),
        ];
        let n = 0;
        const leaves = years.flatMap((year) =>
          shape.wijken.flatMap((wijk) =>
            ['0-3', '4-11'].slice(0, shape.bands).map((band) => ({
              coordinates: { wijk, age_band: band, year },
              value: values[n],
              contributors: values[n++],
            })),
          ),
        );
        const series = yearSeriesTable(dimensions, 'year', years, leaves);
        const released = await protectLinkedTable(series, { minCellSize: K, protection: policy });
        const primary = released.cells.flatMap((c, i) => (c.rule === 'primary-frequency' ? [i] : []));
        for (const interval of await attackerIntervals(series, hiddenOf(released.cells), primary)) {
          const value = series.cells[interval.cell].value;
          expect(interval.upper).toBeGreaterThanOrEqual(value + reach(value) - slack(value));
          expect(interval.lower).toBeLessThanOrEqual(Math.max(0, value - reach(value)) + slack(value));
        }
        // Consistency where a total across years is published: some other year's same cell is hidden too.
        const across = new Map(
          series.acrossYears.map((i) => [JSON.stringify({ ...series.cells[i].coordinates, year: undefined }), i]),
        );
        for (const cell of primary.filter((i) => series.cells[i].coordinates.year !== ACROSS_YEARS)) {
          const { year, ...rest } = series.cells[cell].coordinates;
          const total = across.get(JSON.stringify({ ...rest, year: undefined }))!;
          if (released.cells[total].suppressed) continue;
          const others = series.cells.flatMap((c, i) =>
            c.coordinates.year !== year &&
            c.coordinates.year !== ACROSS_YEARS &&
            Object.entries(rest).every(([d, v]) => c.coordinates[d] === v)
              ? [i]
              : [],
          );
          expect(others.some((i) => released.cells[i].suppressed)).toBe(true);
        }
        // A year's table is that year alone: its cells never mix years, and each has the margins a one-year table has.
        const oneYear = crossTable(
          dimensions,
          leaves
            .filter((l) => l.coordinates.year === years[0])
            .map((l) => ({ ...l, coordinates: { wijk: l.coordinates.wijk, age_band: l.coordinates.age_band } })),
        );
        for (const { cells } of series.years) expect(cells).toHaveLength(oneYear.cells.length);
      }),
      { numRuns: 30, seed: 20261130 },
    );
  }, 300_000);
});
