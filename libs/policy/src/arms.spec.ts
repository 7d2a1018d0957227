import { join } from 'node:path';
import { QueryEnvelope, QuerySpec } from '@bfa/protocol';
import { armProblems, armValues, MIN_ARM_VALUES } from './arms';
import { gridProblems, MAX_GRID_CELLS } from './cell-grid';
import { loadPolicies, PolicySet } from './policy-loader';
import { catalogProblems } from './policy-schema';
import { evaluateProposal } from './proposal-evaluation';
import { queryProblems } from './query-check';
import { cellBox, recordsOverlap } from './release-boxes';
import { DEMO_GROUNDS } from '../../../deploy/local/grounds';

const policies = loadPolicies(join(__dirname, '..', '..', '..', 'policies'));
const { catalog } = policies;
const SCHOOLS = catalog.dimensions.school.values as string[];
const [A, B, C, D, E, F] = SCHOOLS;

const pupils = (change: Partial<QuerySpec> = {}): QuerySpec => ({
  ...DEMO_GROUNDS,
  dataset: 'pupils',
  measure: { kind: 'count' },
  groupBy: ['arm', 'year'],
  purpose: 'Smart Start: absence in Team op Maat schools against the others',
  arms: { dimension: 'school', label: 'Team op Maat', intervention: [A, B, C] },
  ...change,
});

const envelope = (spec: QuerySpec): QueryEnvelope => ({
  id: '00000000-0000-4000-8000-000000000001',
  spec,
  requester: 'analyst',
  submittedAt: '2026-11-25T10:00:00.000Z',
  dataHolders: ['schoolbestuur'],
  keyHolders: ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'],
  keyId: '0123456789abcdef',
  minCellSize: 10,
});

/** The policies with one partner that does not let queries group by school (it still allows the arm). */
const withoutSchool = (org: string): PolicySet => ({
  ...policies,
  organisations: {
    ...policies.organisations,
    [org]: {
      ...policies.organisations[org],
      dimensions: policies.organisations[org].dimensions.filter((d) => d !== 'school'),
    },
  },
});

describe('arms: intervention vs comparison from a list the query names', () => {
  it('takes every other value of the dimension as the comparison arm unless the query lists it, in catalog order', () => {
    expect(armValues(catalog, { dimension: 'school', label: 'x', intervention: [C, A] })).toEqual({
      intervention: [A, C],
      comparison: SCHOOLS.filter((s) => s !== A && s !== C),
    });
    expect(armValues(catalog, { dimension: 'school', label: 'x', intervention: [A], comparison: [E, D] })).toEqual({
      intervention: [A],
      comparison: [D, E],
    });
  });

  it('accepts a well-formed arm list', () => {
    expect(queryProblems(catalog, pupils())).toEqual([]);
    expect(
      queryProblems(
        catalog,
        pupils({ arms: { dimension: 'school', label: 'Placebo', intervention: [D, E, F], comparison: [A, B, C] } }),
      ),
    ).toEqual([]);
  });

  it.each<[string, Partial<QuerySpec>, RegExp]>([
    [
      'a value outside the catalog',
      { arms: { dimension: 'school', label: 'T', intervention: [A, '99ZZ'] } },
      /arms: \["99ZZ"\] not among the catalog's values of school/,
    ],
    [
      'a value in both arms',
      { arms: { dimension: 'school', label: 'T', intervention: [A, B], comparison: [B, C] } },
      /arms: \[".*"\] in both the intervention and the comparison arm/,
    ],
    [
      'every value in the intervention arm',
      { arms: { dimension: 'school', label: 'T', intervention: SCHOOLS } },
      /the comparison arm is empty/,
    ],
    [
      'a dimension the dataset does not have',
      { dataset: 'children_households', arms: { dimension: 'school', label: 'T', intervention: [A] } },
      /"school" is not a dimension of children_households/,
    ],
    [
      'arms drawn from the arm itself',
      { arms: { dimension: 'arm', label: 'T', intervention: ['intervention'] } },
      /"arm" is not a dimension of pupils/,
    ],
    [
      'grouping by the arm and its dimension at once',
      { groupBy: ['arm', 'school'] },
      /grouping by both arm and school/,
    ],
    ['grouping by arm without a list', { arms: undefined }, /grouping by arm needs the query's arms/],
    ['a list without grouping by arm', { groupBy: ['wijk'] }, /arms are only for grouping by arm/],
    [
      'a filter on the arm',
      { filters: [{ field: 'arm', op: 'eq', value: 'intervention' }] },
      /filter on "arm": an arm is derived per query/,
    ],
  ])('refuses %s, naming the reason', (_, change, reason) => {
    expect(queryProblems(catalog, pupils(change)).join('; ')).toMatch(reason);
  });

  it('lets a partner that allows grouping by school approve an arm of one school: no finer than grouping by school', () => {
    const one = pupils({ arms: { dimension: 'school', label: 'T', intervention: [A] } });
    expect(evaluateProposal(policies, 'schoolbestuur', envelope(one))).toMatchObject({ allowed: true });
  });

  it(`refuses, at a partner that does not allow grouping by school, any arm of fewer than ${MIN_ARM_VALUES} schools (either arm)`, () => {
    const policy = withoutSchool('ggd');
    const one = pupils({ arms: { dimension: 'school', label: 'T', intervention: [A] } });
    expect(evaluateProposal(policy, 'ggd', envelope(one))).toEqual({
      allowed: false,
      rule: `GGD Hart voor Brabant does not allow grouping by school, so each arm must hold at least ${MIN_ARM_VALUES} values of it; the intervention arm holds 1 (${A})`,
    });
    const smallComparison = pupils({ arms: { dimension: 'school', label: 'T', intervention: SCHOOLS.slice(2) } });
    expect(evaluateProposal(policy, 'ggd', envelope(smallComparison)).rule).toMatch(/the comparison arm holds 2 \(/);
    expect(evaluateProposal(policy, 'ggd', envelope(pupils()))).toMatchObject({ allowed: true });
    expect(evaluateProposal(policy, 'schoolbestuur', envelope(one))).toMatchObject({ allowed: true });
  });

  it('refuses, at a partner that does not allow a dimension, a filter that picks out part of it as a group would', () => {
    const oneSchool = pupils({
      groupBy: ['year'],
      arms: undefined,
      filters: [{ field: 'school', op: 'eq', value: A }],
    });
    expect(evaluateProposal(withoutSchool('ggd'), 'ggd', envelope(oneSchool))).toEqual({
      allowed: false,
      rule: 'GGD Hart voor Brabant does not allow filtering on school (a dimension it does not allow grouping by)',
    });
    expect(evaluateProposal(policies, 'ggd', envelope(oneSchool))).toMatchObject({ allowed: true });
  });

  it('makes each arm cell a box over its schools, so the release ledger sees two arm lists as overlapping sets', () => {
    const spec = pupils();
    expect(cellBox(catalog, spec, { arm: 'intervention', year: 2024 }).grid).toEqual({
      school: [A, B, C],
      year: ['2024'],
    });
    expect(cellBox(catalog, spec, { arm: 'comparison', year: 'Totaal' }).grid.school).toHaveLength(SCHOOLS.length - 3);
    const explicit = pupils({ arms: { dimension: 'school', label: 'T', intervention: [A], comparison: [B] } });
    expect(cellBox(catalog, explicit, { arm: 'Totaal', year: 'Totaal' }).grid).toEqual({ school: [A, B] });
    const others = pupils({ arms: { dimension: 'school', label: 'T', intervention: [D, E, F], comparison: [C] } });
    expect(
      recordsOverlap(
        catalog,
        pupils({ arms: { dimension: 'school', label: 'T', intervention: [A], comparison: [B] } }),
        others,
      ),
    ).toBe(false);
    expect(
      recordsOverlap(
        catalog,
        pupils({ arms: { dimension: 'school', label: 'T', intervention: [A, B, C, D] } }),
        others,
      ),
    ).toBe(true);
  });
});

describe('the arm dimension in the catalog', () => {
  it('must hold exactly the two values the node derives', () => {
    const raw = JSON.parse(JSON.stringify(catalog));
    raw.dimensions.arm.values = ['treated', 'control'];
    expect(catalogProblems(raw)).toEqual([
      "dimensions.arm.values: must be [intervention, comparison]: the node derives these two values from a query's arm lists",
    ]);
    expect(catalogProblems(JSON.parse(JSON.stringify(catalog)))).toEqual([]);
  });
});

describe('grid size', () => {
  it(`allows buurt × age band (876 cells) and school × age band × year, refuses buurt × age band × year above ${MAX_GRID_CELLS}`, () => {
    expect(catalog.dimensions.buurt.values).toHaveLength(219);
    expect(gridProblems(catalog, ['buurt', 'age_band'])).toEqual([]);
    expect(gridProblems(catalog, ['school', 'age_band', 'year'])).toEqual([]);
    expect(gridProblems(catalog, ['buurt', 'age_band', 'year'])).toEqual([
      `grouping by buurt × age_band × year gives 1752 cells; at most ${MAX_GRID_CELLS} (group by fewer or coarser dimensions)`,
    ]);
    expect(
      queryProblems(catalog, {
        ...DEMO_GROUNDS,
        dataset: 'children_households',
        measure: { kind: 'count' },
        groupBy: ['buurt', 'age_band', 'year'],
        purpose: 'p'.repeat(20),
      }),
    ).toHaveLength(1);
  });
});
