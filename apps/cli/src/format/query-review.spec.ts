import { readableReview, ReviewedProposal } from './query-review';

const proposal: ReviewedProposal = {
  queryId: '6f1c2b9e-0000-4000-8000-000000000001',
  queryHash: 'ab'.repeat(32),
  state: 'pending',
  decision: null,
  review: {
    dataset: { id: 'youth_care_trajectories', label: 'Jeugdhulptrajecten (Sterk Huis)', holders: ['sterkhuis'] },
    measure: 'number of records',
    fields: [],
    filters: ['Jaar = 2024'],
    grid: {
      dimensions: [
        { name: 'wijk', label: 'Wijk (CBS 2014)', values: 57 },
        { name: 'age_band', label: 'Leeftijdsklasse', values: 4 },
      ],
      cells: 228,
    },
    purpose: 'Smart Start: children in youth care per wijk and age band in 2024',
    requester: 'analyst.smartstart',
    submittedAt: '2026-11-30T17:00:00.000Z',
    minCellSize: 10,
    dataHolders: ['sterkhuis'],
    keyHolders: ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'],
    policy: { allowed: true, rule: 'sterkhuis allows youth_care_trajectories by wijk, age_band' },
    earlierReleases: [
      {
        queryId: '0a0b0c0d-0000-4000-8000-000000000002',
        requester: 'analyst.other',
        purpose: 'earlier',
        groupBy: ['wijk'],
        filters: ['Jaar = 2024'],
        executedAt: '2026-11-29T10:00:00.000Z',
        sharedDimensions: ['wijk'],
        overlaps: true,
      },
      {
        queryId: '0e0f0a0b-0000-4000-8000-000000000003',
        requester: 'analyst.smartstart',
        purpose: 'other year',
        groupBy: ['age_band'],
        filters: ['Jaar = 2023'],
        executedAt: '2026-11-28T10:00:00.000Z',
        sharedDimensions: ['age_band'],
        overlaps: false,
      },
    ],
  },
};

const flat = (text: string) => text.replace(/[│┌┐└┘├┤┬┴┼─]/g, ' ').replace(/\s+/g, ' ');

describe("a steward's review on the terminal", () => {
  it('lists every value of each arm, saying when the comparison arm is every other value', () => {
    const arms = {
      label: 'Team op Maat',
      dimension: { name: 'school', label: 'School (BRIN)' },
      intervention: ['37AN', '98KM', '51SA'],
      comparison: ['92NG', '46PW'],
      comparisonIsRest: true,
    };
    const text = flat(readableReview({ ...proposal, review: { ...proposal.review, arms } }));
    expect(text).toContain('Intervention arm Team op Maat: 3 School (BRIN): 37AN, 98KM, 51SA');
    expect(text).toContain('Comparison arm every other value, 2 School (BRIN): 92NG, 46PW');
    expect(flat(readableReview(proposal))).not.toContain('arm');
  });

  it("says in the catalog's words what is asked, by whom, why, and what the policy says", () => {
    const text = flat(readableReview(proposal));
    expect(text).toContain('Requested by analyst.smartstart, 2026-11-30T17:00:00.000Z');
    expect(text).toContain('Purpose Smart Start: children in youth care per wijk and age band in 2024');
    expect(text).toContain('Dataset Jeugdhulptrajecten (Sterk Huis) (youth_care_trajectories), held by sterkhuis');
    expect(text).toContain('Filters Jaar = 2024');
    expect(text).toContain('Wijk (CBS 2014) (57 values) × Leeftijdsklasse (4 values): 228 cells');
    expect(text).toContain('Your policy allows this query: sterkhuis allows youth_care_trajectories by wijk, age_band');
    expect(text).not.toContain('{');
  });

  it('shows the legal basis, the DPIA and the retention the signature covers, and says when the policies do not know them', () => {
    const grounds = {
      legalBasis: {
        id: 'avg-6-1-e-jeugdwet',
        label: 'Publieke taak (Jeugdwet)',
        article: 'AVG art. 6 lid 1 sub e',
        law: 'Jeugdwet art. 7.4.0',
      },
      dpia: { reference: 'DPIA-SMARTSTART-2026-01', title: 'Smart Start', reviewDate: '2028-06-30' },
      retentionDays: 365,
    };
    const text = flat(readableReview({ ...proposal, review: { ...proposal.review, grounds } }));
    expect(text).toContain(
      'Legal basis Publieke taak (Jeugdwet) (avg-6-1-e-jeugdwet): AVG art. 6 lid 1 sub e, Jeugdwet art. 7.4.0',
    );
    expect(text).toContain(
      'DPIA DPIA-SMARTSTART-2026-01, Smart Start; covers queries until 2028-06-30 (its review date)',
    );
    expect(text).toContain('Release kept 365 days');
    const unknown = flat(
      readableReview({
        ...proposal,
        review: {
          ...proposal.review,
          grounds: { legalBasis: { id: 'made-up' }, dpia: { reference: 'DPIA-X' }, retentionDays: 30 },
        },
      }),
    );
    expect(unknown).toContain('Legal basis made-up: NOT LISTED in the platform policy');
    expect(unknown).toContain('DPIA DPIA-X: NOT KNOWN to your policy');
  });

  it('lists the earlier releases from the same dataset and which count some of the same records', () => {
    const text = flat(readableReview(proposal));
    expect(text).toContain(
      'Earlier releases from youth_care_trajectories: 2, of which 1 count some of the same records',
    );
    expect(text).toMatch(/0a0b0c0d analyst.other wijk Jaar = 2024 wijk yes/);
    expect(text).toMatch(/0e0f0a0b analyst.smartstart age_band Jaar = 2023 age_band no/);
  });

  it('says plainly when the policy refuses and when there is nothing earlier', () => {
    const refused = {
      ...proposal,
      review: {
        ...proposal.review,
        policy: { allowed: false, rule: 'ggd does not allow grouping by wijk' },
        earlierReleases: [],
      },
    };
    const text = flat(readableReview(refused));
    expect(text).toContain('Your policy REFUSES this query: ggd does not allow grouping by wijk');
    expect(text).toContain('Earlier releases from youth_care_trajectories: none.');
  });
});
