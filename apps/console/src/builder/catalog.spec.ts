import { join } from 'node:path';
import { loadPolicies, queryProblems } from '@bfa/policy';
import { QuerySpecDto, validateMessage } from '@bfa/protocol';
import { publishedCatalog } from '../../../coordinator/src/queries/published-catalog';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';
import {
  conditionsOf,
  emptyDraft,
  factorDatasets,
  inCatalogWords,
  mayCombine,
  PublishedCatalog,
  specOf,
} from './catalog';

/** A draft with the demo's legal basis, DPIA and retention chosen, as the builder's fields hold them. */
const draftOf = (dataset: string) => ({
  ...emptyDraft(dataset),
  legalBasis: DEMO_GROUNDS.legalBasis,
  dpia: DEMO_GROUNDS.dpia,
  retentionDays: String(DEMO_GROUNDS.retentionDays),
});

/** The builder's bodies against the coordinator's own checks: the DTO's validation and the catalog's. */
describe("the query builder's bodies", () => {
  const policies = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
  const catalog: PublishedCatalog = { ...publishedCatalog(policies), role: 'analyst' };
  const purpose = 'Smart Start: children in youth care per wijk, for prevention planning';
  const accepted = (spec: object) => [
    ...queryProblems(policies.catalog, validateMessage(QuerySpecDto, spec)),
    'checked',
  ];

  it('makes a count with a year and a category filter that the coordinator accepts, the year as the catalog writes it', () => {
    const spec = specOf(catalog, {
      ...draftOf('risk_signals'),
      groupBy: ['wijk', 'age_band'],
      year: '2024',
      filters: { signal: 'signal=debt' },
      purpose: ` ${purpose} `,
    });
    expect(spec).toEqual({
      ...DEMO_GROUNDS,
      dataset: 'risk_signals',
      measure: { kind: 'count' },
      groupBy: ['wijk', 'age_band'],
      filters: [
        { field: 'year', op: 'eq', value: 2024 },
        { field: 'signal', op: 'eq', value: 'debt' },
      ],
      purpose,
    });
    expect(accepted(spec)).toEqual(['checked']);
  });

  it('offers the legal bases of the platform policy and every DPIA a partner accepts, with who accepts it until when', () => {
    expect(Object.keys(catalog.legalBases)).toContain(DEMO_GROUNDS.legalBasis);
    expect(catalog.legalBases[DEMO_GROUNDS.legalBasis]).toMatchObject({
      article: 'AVG art. 6 lid 1 sub e',
      law: 'Jeugdwet art. 7.4.0',
    });
    expect(catalog.dpias.find((d) => d.reference === DEMO_GROUNDS.dpia)?.acceptedBy.map((a) => a.org)).toEqual([
      'gemeente',
      'ggd',
      'schoolbestuur',
      'sterkhuis',
    ]);
    expect(catalog.dpias.find((d) => d.reference === 'DPIA-GGD-JGZ-2025-02')?.acceptedBy).toEqual([
      { org: 'ggd', until: '2027-03-31' },
    ]);
  });

  it('sends no retention the coordinator would accept when none was typed', () => {
    expect(() =>
      validateMessage(
        QuerySpecDto,
        specOf(catalog, { ...draftOf('risk_signals'), groupBy: ['wijk'], purpose, retentionDays: '' }),
      ),
    ).toThrow(/retentionDays must not be less than 1/);
  });

  it('makes a sum of a summable field only', () => {
    const spec = specOf(catalog, {
      ...draftOf('youth_care_trajectories'),
      measure: 'sum' as const,
      field: 'duration_days',
      groupBy: ['wijk'],
      purpose,
    });
    expect(spec.measure).toEqual({ kind: 'sum', field: 'duration_days' });
    expect(accepted(spec)).toEqual(['checked']);
    expect(
      conditionsOf('duration_days', policies.catalog.datasets.youth_care_trajectories.fields.duration_days),
    ).toEqual([]);
  });

  it('makes a combination of factors at other partners, at least m of them, over one year, that the coordinator accepts', () => {
    expect(mayCombine(catalog, 'children_households')).toBe(true);
    expect(mayCombine(catalog, 'risk_signals')).toBe(false);
    expect(factorDatasets(catalog, 'children_households').sort()).toEqual([
      'health_monitor',
      'pupils',
      'youth_care_trajectories',
    ]);
    const draft = {
      ...draftOf('children_households'),
      combination: true,
      measure: 'sum' as const,
      field: 'child_budget_eur',
      groupBy: ['wijk'],
      year: '2024',
      filters: { low_income: 'low_income' },
      factors: { youth_care_trajectories: 'out_of_home', health_monitor: 'parent_mental_health_care', pupils: '' },
      atLeast: 1,
      purpose,
    };
    const spec = specOf(catalog, draft);
    expect(spec.measure).toEqual({ kind: 'count' });
    expect(spec.combination).toEqual({
      factors: [
        {
          dataset: 'youth_care_trajectories',
          label: 'Uithuisplaatsing',
          filters: [{ field: 'out_of_home', op: 'eq', value: true }],
        },
        {
          dataset: 'health_monitor',
          label: 'Ouder in GGZ-behandeling',
          filters: [{ field: 'parent_mental_health_care', op: 'eq', value: true }],
        },
      ],
      atLeast: 1,
    });
    expect(accepted(spec)).toEqual(['checked']);
    // "At least all of them" is the default: left out, as the CLI's DSL leaves it out.
    expect(specOf(catalog, { ...draft, atLeast: 2 }).combination).not.toHaveProperty('atLeast');
  });

  it("explains a refusal in the catalog's words, not its ids", () => {
    const refusal =
      'groupBy "school" is not a dimension of pupils; filter on "out_of_home": a boolean field takes eq true or false; purpose must say why';
    expect(inCatalogWords(catalog, refusal)).toBe(
      'groupBy "School (BRIN)" is not a dimension of Leerlingen (schoolbestuur); filter on "Uithuisplaatsing": a boolean field takes eq true or false; purpose must say why',
    );
    // A field or dimension only in quotes, a dataset only as a whole name: prose and organisations stay as they are.
    const prose =
      'a combination covers exactly one year (filter on year, e.g. eq 2024); at most 30 queries of analyst.smartstart at schoolbestuur';
    expect(inCatalogWords(catalog, prose)).toBe(prose);
    expect(inCatalogWords(catalog, 'dataset "pupils" is not in the catalog')).toBe(
      'dataset "Leerlingen (schoolbestuur)" is not in the catalog',
    );
  });
});
