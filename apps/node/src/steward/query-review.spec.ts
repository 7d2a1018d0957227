import { Catalog, OrganisationPolicy } from '@bfa/policy';
import { QueryEnvelope, queryHash } from '@bfa/protocol';
import { Proposal } from '../proposals/proposal-store.service';
import { reviewOf } from './query-review';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const catalog = {
  dimensions: {
    wijk: { label: 'Wijk', values: ['WK01', 'WK02', 'WK03'] },
    age_band: { label: 'Leeftijd', values: ['0-3', '4-11'] },
  },
  datasets: {
    care: {
      label: 'Jeugdhulp',
      holders: ['sterkhuis'],
      table: 'care',
      dimensions: ['wijk', 'age_band'],
      maxRecordsPerHolder: 100,
      fields: {
        days: { type: 'integer', label: 'Dagen in zorg', summable: true, min: 0, max: 366 },
        placed: { type: 'boolean', label: 'Uithuisplaatsing' },
      },
    },
    other: {
      label: 'Ander',
      holders: ['ggd'],
      table: 'other',
      dimensions: ['wijk'],
      maxRecordsPerHolder: 100,
      fields: {},
    },
  },
} as unknown as Catalog;

function proposal(id: string, spec: Partial<QueryEnvelope['spec']>, state: Proposal['state'] = 'pending'): Proposal {
  const envelope: QueryEnvelope = {
    id,
    spec: {
      ...DEMO_GROUNDS,
      dataset: 'care',
      measure: { kind: 'count' },
      groupBy: ['wijk'],
      purpose: 'prevention planning per wijk',
      ...spec,
    },
    requester: 'analyst.one',
    submittedAt: '2026-11-25T09:00:00.000Z',
    dataHolders: ['sterkhuis'],
    keyHolders: ['sterkhuis', 'ggd'],
    keyId: '0123456789abcdef',
    minCellSize: 10,
  };
  const at = '2026-11-25T10:00:00.000Z';
  return {
    queryId: id,
    queryHash: queryHash(envelope),
    envelope,
    state,
    policyEvaluation: { allowed: true, rule: 'allowed by sterkhuis' },
    decision: null,
    decisionDelivery: null,
    receivedAt: at,
    updatedAt: at,
  };
}

describe("the steward's review of a query", () => {
  it('spells out the arms the steward signs: every value of each, the comparison arm too when the query left it as the rest', () => {
    const armed = {
      ...catalog,
      dimensions: { ...catalog.dimensions, arm: { label: 'Arm', values: ['intervention', 'comparison'] } },
    } as Catalog;
    const review = reviewOf(
      proposal('q1', {
        groupBy: ['arm'],
        arms: { dimension: 'wijk', label: 'Team op Maat', intervention: ['WK03', 'WK01'] },
      }),
      armed,
      [],
    );
    expect(review.arms).toEqual({
      label: 'Team op Maat',
      dimension: { name: 'wijk', label: 'Wijk' },
      intervention: ['WK01', 'WK03'],
      comparison: ['WK02'],
      comparisonIsRest: true,
    });
    expect(reviewOf(proposal('q2', {}), catalog, []).arms).toBeUndefined();
  });

  it("says in the catalog's words what is asked: measure, fields, filters, grid, purpose, requester, policy", () => {
    const review = reviewOf(
      proposal('q1', {
        measure: { kind: 'sum', field: 'days' },
        groupBy: ['wijk', 'age_band'],
        filters: [{ field: 'placed', op: 'eq', value: true }],
      }),
      catalog,
      [],
    );
    expect(review).toMatchObject({
      dataset: { id: 'care', label: 'Jeugdhulp', holders: ['sterkhuis'] },
      measure: 'sum of Dagen in zorg',
      fields: [
        { name: 'days', label: 'Dagen in zorg', use: 'measure' },
        { name: 'placed', label: 'Uithuisplaatsing', use: 'filter' },
      ],
      filters: ['Uithuisplaatsing = true'],
      grid: {
        cells: 6,
        dimensions: [
          { name: 'wijk', values: 3 },
          { name: 'age_band', values: 2 },
        ],
      },
      requester: 'analyst.one',
      policy: { allowed: true, rule: 'allowed by sterkhuis' },
    });
  });

  it("shows the legal basis and DPIA in the policies' words, and says when this partner's policy does not know them", () => {
    const platform = {
      minCellSize: 10,
      legalBases: {
        [DEMO_GROUNDS.legalBasis]: {
          label: 'Publieke taak (Jeugdwet)',
          article: 'AVG art. 6 lid 1 sub e',
          law: 'Jeugdwet art. 7.4.0',
        },
      },
    };
    const own = {
      dpias: [{ reference: DEMO_GROUNDS.dpia, title: 'Smart Start', reviewDate: '2028-06-30' }],
    } as unknown as OrganisationPolicy;
    expect(reviewOf(proposal('q1', {}), catalog, [], { platform, own }).grounds).toEqual({
      legalBasis: {
        id: DEMO_GROUNDS.legalBasis,
        label: 'Publieke taak (Jeugdwet)',
        article: 'AVG art. 6 lid 1 sub e',
        law: 'Jeugdwet art. 7.4.0',
      },
      dpia: { reference: DEMO_GROUNDS.dpia, title: 'Smart Start', reviewDate: '2028-06-30' },
      retentionDays: DEMO_GROUNDS.retentionDays,
    });
    expect(
      reviewOf(proposal('q1', { legalBasis: 'made-up', dpia: 'DPIA-X' }), catalog, [], { platform, own }).grounds,
    ).toEqual({
      legalBasis: { id: 'made-up' },
      dpia: { reference: 'DPIA-X' },
      retentionDays: DEMO_GROUNDS.retentionDays,
    });
  });

  it('lists earlier releases from the same dataset, with the dimensions they share', () => {
    const earlier = [
      proposal(
        'q0',
        { groupBy: ['wijk', 'age_band'], filters: [{ field: 'placed', op: 'eq', value: false }] },
        'executed',
      ),
      proposal('q9', { dataset: 'other' }, 'executed'),
    ];
    const review = reviewOf(proposal('q1', {}), catalog, earlier);
    expect(review.earlierReleases).toEqual([
      expect.objectContaining({ queryId: 'q0', sharedDimensions: ['wijk'], filters: ['Uithuisplaatsing = false'] }),
    ]);
  });

  it("says which earlier releases count some of the same records, whatever the filters' wording", () => {
    const days = (filters: NonNullable<QueryEnvelope['spec']['filters']>) => ({ filters });
    const earlier = [
      proposal('q0', days([{ field: 'days', op: 'gte', value: 100 }]), 'executed'),
      proposal(
        'q2',
        days([
          { field: 'days', op: 'lte', value: 99 },
          { field: 'placed', op: 'eq', value: true },
        ]),
        'executed',
      ),
      proposal('q3', days([{ field: 'wijk', op: 'in', value: ['WK01', 'WK02'] }]), 'executed'),
    ];
    const review = reviewOf(
      proposal(
        'q1',
        days([
          { field: 'days', op: 'gte', value: 200 },
          { field: 'wijk', op: 'eq', value: 'WK03' },
        ]),
      ),
      catalog,
      earlier,
    );
    expect(review.earlierReleases.map((r) => [r.queryId, r.overlaps])).toEqual([
      ['q0', true],
      ['q2', false],
      ['q3', false],
    ]);
  });
});
