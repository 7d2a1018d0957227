import { QueryEnvelope } from '@bfa/protocol';
import { OrganisationPolicy } from './organisation-policy';
import {
  earlierSubmissionTimes,
  keyHoldingProblem,
  purposeCodeOf,
  purposeProblem,
  rateLimitProblem,
} from './organisation-rules';
import { DEMO_GROUNDS } from '../../../deploy/local/grounds';

const ggd: OrganisationPolicy = {
  id: 'ggd',
  name: 'GGD Hart voor Brabant',
  keyHolder: true,
  minCellSize: 10,
  datasets: [],
  dimensions: [],
  purposes: ['Smart Start', 'prevention'],
  maxQueriesPerAnalyst: { count: 3, periodDays: 30 },
  legalBases: [DEMO_GROUNDS.legalBasis],
  dpias: [{ reference: DEMO_GROUNDS.dpia, reviewDate: '2028-06-30' }],
};
const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 24 * 60 * 60 * 1000);

describe('purposes: the stated purpose must start with an allowed purpose code', () => {
  it.each([
    ['Smart Start: children in youth care per wijk', 'Smart Start'],
    ['  smart   start - planning per wijk', 'Smart Start'],
    ['Prevention planning per wijk', 'prevention'],
    ['prevention', 'prevention'],
  ])('allows "%s" (code %s)', (purpose, code) => {
    expect(purposeCodeOf(purpose, ggd.purposes!)).toBe(code);
    expect(purposeProblem(ggd, purpose)).toBeNull();
  });

  it.each([
    'Research into household debt per wijk',
    'Preventions are planned',
    'not for prevention but for research',
    'Smart Starter kit evaluation',
  ])('denies "%s", naming the allowed purposes', (purpose) => {
    expect(purposeCodeOf(purpose, ggd.purposes!)).toBeUndefined();
    expect(purposeProblem(ggd, purpose)).toBe(
      `purpose '${purpose}' is not among GGD Hart voor Brabant's allowed purposes: it must start with 'Smart Start' or 'prevention'`,
    );
  });

  it('allows any purpose when the policy lists none', () => {
    expect(purposeProblem({ ...ggd, purposes: undefined }, 'anything at all, for any reason')).toBeNull();
  });
});

describe('maxQueriesPerAnalyst: at most count queries in any periodDays days', () => {
  it('allows fewer than count earlier queries in the period, and ignores older and later ones', () => {
    expect(rateLimitProblem(ggd, 'analyst.a', [day(1), day(20)], day(25))).toBeNull();
    expect(rateLimitProblem(ggd, 'analyst.a', [day(-10), day(-5), day(1), day(20)], day(25))).toBeNull();
    expect(rateLimitProblem(ggd, 'analyst.a', [day(1), day(20), day(26)], day(25))).toBeNull();
  });

  it('denies the query after count within the period, saying when the next is possible', () => {
    expect(rateLimitProblem(ggd, 'analyst.a', [day(1), day(10), day(20)], day(25))).toBe(
      'analyst.a already has 3 queries in the last 30 days that GGD Hart voor Brabant was asked to approve; ' +
        'GGD Hart voor Brabant allows at most 3 per analyst per 30 days (the next is possible from 2026-02-01T00:00:00.000Z)',
    );
  });

  it('rolls: a query leaves the window exactly periodDays after it was submitted', () => {
    const earlier = [day(1), day(10), day(20)];
    expect(rateLimitProblem(ggd, 'analyst.a', earlier, new Date(day(31).getTime() - 1))).not.toBeNull();
    expect(rateLimitProblem(ggd, 'analyst.a', earlier, day(31))).toBeNull();
  });

  it('has no limit when the policy sets none', () => {
    expect(
      rateLimitProblem(
        { ...ggd, maxQueriesPerAnalyst: undefined },
        'analyst.a',
        Array.from({ length: 99 }, () => day(1)),
        day(2),
      ),
    ).toBeNull();
  });
});

describe("earlierSubmissionTimes: the same analyst's other queries this organisation was asked to approve", () => {
  const envelope = (id: string, change: Partial<QueryEnvelope> = {}): QueryEnvelope => ({
    id,
    spec: {
      ...DEMO_GROUNDS,
      dataset: 'health_monitor',
      measure: { kind: 'count' },
      groupBy: ['wijk'],
      purpose: 'prevention planning per wijk',
    },
    requester: 'analyst.a',
    submittedAt: day(Number(id)).toISOString(),
    dataHolders: ['ggd'],
    keyHolders: ['gemeente', 'ggd'],
    keyId: 'k',
    minCellSize: 10,
    ...change,
  });

  it('counts queries by the same analyst involving the organisation, each once, this query excluded', () => {
    const earlier = [
      envelope('1'),
      envelope('1'),
      envelope('2', { requester: 'analyst.b' }),
      envelope('3', { dataHolders: ['sterkhuis'], keyHolders: ['gemeente'] }),
      envelope('4'),
      envelope('5'),
    ];
    expect(earlierSubmissionTimes(earlier, envelope('5'), 'ggd')).toEqual([day(1), day(4)]);
  });
});

describe('mayJoinWithoutKeyHolding', () => {
  const envelope = { keyHolders: ['gemeente', 'sterkhuis'] } as QueryEnvelope;

  it('denies taking part without a key share unless the policy allows it (default: not allowed)', () => {
    expect(keyHoldingProblem(ggd, 'ggd', envelope)).toBe(
      "GGD Hart voor Brabant takes part only as a key holder (mayJoinWithoutKeyHolding is not set), and ggd is not among this query's key holders (gemeente, sterkhuis)",
    );
    expect(keyHoldingProblem({ ...ggd, mayJoinWithoutKeyHolding: true }, 'ggd', envelope)).toBeNull();
    expect(keyHoldingProblem(ggd, 'ggd', { keyHolders: ['ggd'] } as QueryEnvelope)).toBeNull();
  });
});
