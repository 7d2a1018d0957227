import { join } from 'node:path';
import { coordinatesKey } from '@bfa/disclosure';
import { loadPolicies } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { LedgerBasis } from './release-ledger';
import { protectRelease } from './release-table';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const { catalog } = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
const SCHOOLS = catalog.dimensions.school.values as string[];
const [A, B, C, D] = SCHOOLS;
const K = 10;
const YEARS = catalog.dimensions.year.values as number[];
const YEAR = YEARS[YEARS.length - 1];
/** Pupils per school: D is a small school (3 pupils of YEAR), the others 40 each; other years 50 each. */
const pupilsAt = (school: string, year: number) => (year !== YEAR ? 50 : school === D ? 3 : 40);

const armCount = (intervention: string[], change: Partial<QuerySpec> = {}): QuerySpec => ({
  ...DEMO_GROUNDS,
  dataset: 'pupils',
  measure: { kind: 'count' },
  groupBy: ['arm'],
  purpose: 'Smart Start: pupils in Team op Maat schools against the others',
  arms: { dimension: 'school', label: 'Team op Maat', intervention },
  ...change,
});

/** The true leaves of a query grouped by arm (and year when asked), counted from the schools' pupils. */
function leavesOf(spec: QuerySpec) {
  const values = (list: string[] | undefined, inverse: string[]) => list ?? SCHOOLS.filter((s) => !inverse.includes(s));
  const arms = {
    intervention: spec.arms!.intervention as string[],
    comparison: values(spec.arms!.comparison as string[] | undefined, spec.arms!.intervention as string[]),
  };
  const filtered = spec.filters?.find((f) => f.field === 'year')?.value as number | undefined;
  const years = spec.groupBy.includes('year') || filtered === undefined ? YEARS : [filtered];
  const count = (schools: string[], years: number[]) =>
    schools.reduce((n, s) => n + years.reduce((m, y) => m + pupilsAt(s, y), 0), 0);
  return (['intervention', 'comparison'] as const).flatMap((arm) =>
    spec.groupBy.includes('year')
      ? years.map((year) => ({
          coordinates: { arm, year },
          value: count(arms[arm], [year]),
          contributors: count(arms[arm], [year]),
        }))
      : [{ coordinates: { arm }, value: count(arms[arm], years), contributors: count(arms[arm], years) }],
  );
}

async function release(spec: QuerySpec, earlier: LedgerBasis[] = []) {
  return protectRelease(catalog, spec, leavesOf(spec), K, { earlier, contributedBy: ['schoolbestuur'] });
}

/** What an analyst holding both releases reads for an arm (and year), or undefined where hidden. */
const shown = (table: Awaited<ReturnType<typeof release>>['table'], coordinates: Record<string, string | number>) => {
  const cell = table.cells.find((c) => coordinatesKey(c.coordinates) === coordinatesKey(coordinates));
  return cell && !cell.suppressed ? cell.value! : undefined;
};

/** Every difference of one arm's published counts between the releases: the small school's pupils where both are shown. */
function differences(
  first: Awaited<ReturnType<typeof release>>['table'],
  second: Awaited<ReturnType<typeof release>>['table'],
  coordinates: Record<string, string | number>[],
) {
  return coordinates.flatMap((c) => {
    const [a, b] = [shown(first, c), shown(second, c)];
    return a === undefined || b === undefined ? [] : [Math.abs(a - b)];
  });
}

describe('arm lists that differ by one school (an analyst subtracting two arm counts)', () => {
  const intervention = [A, B, C];

  it.each([
    [
      'a year filter, the comparison arm implicit',
      { filters: [{ field: 'year', op: 'eq', value: YEAR }] },
      [{ arm: 'intervention' }, { arm: 'comparison' }, { arm: 'Totaal' }],
    ],
    [
      'grouped by year, the comparison arm implicit',
      { groupBy: ['arm', 'year'] },
      [
        { arm: 'intervention', year: YEAR },
        { arm: 'comparison', year: YEAR },
      ],
    ],
  ])('hides the small school’s difference: %s', async (_, change, cells) => {
    const first = await release(armCount(intervention, change as Partial<QuerySpec>));
    expect(shown(first.table, cells[0])).toBe(120);
    const basis = { id: 'q1', spec: armCount(intervention, change as Partial<QuerySpec>), cells: first.remembered };
    const second = await release(armCount([...intervention, D], change as Partial<QuerySpec>), [basis]);
    for (const difference of differences(first.table, second.table, cells))
      expect(difference === 0 || difference >= K).toBe(true);
    expect(second.table.protection.rules.find((r) => r.rule === 'differencing')?.cells).toBeGreaterThan(0);
  });

  it('hides it when the second query lists the comparison arm explicitly and the first leaves it implicit', async () => {
    const change = { filters: [{ field: 'year' as const, op: 'eq' as const, value: YEAR }] };
    const first = await release(armCount(intervention, change));
    const comparison = SCHOOLS.filter((s) => !intervention.includes(s) && s !== D);
    const second = await release(
      armCount(intervention, {
        ...change,
        arms: { dimension: 'school', label: 'Team op Maat', intervention, comparison },
      }),
      [{ id: 'q1', spec: armCount(intervention, change), cells: first.remembered }],
    );
    for (const difference of differences(first.table, second.table, [{ arm: 'comparison' }, { arm: 'Totaal' }]))
      expect(difference === 0 || difference >= K).toBe(true);
    expect(second.table.protection.rules.find((r) => r.rule === 'differencing')?.cells).toBeGreaterThan(0);
  });

  it('lets the second list through when the school that differs is large', async () => {
    const change = { filters: [{ field: 'year' as const, op: 'eq' as const, value: YEAR }] };
    const first = await release(armCount(intervention, change));
    const second = await release(armCount([...intervention, SCHOOLS[4]], change), [
      { id: 'q1', spec: armCount(intervention, change), cells: first.remembered },
    ]);
    expect(second.table.cells.every((c) => !c.suppressed)).toBe(true);
  });
});
