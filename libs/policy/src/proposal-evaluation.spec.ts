import { join } from 'node:path';
import { QueryEnvelope } from '@bfa/protocol';
import { OrganisationPolicy } from './organisation-policy';
import { loadPolicies, PolicySet } from './policy-loader';
import { evaluateProposal } from './proposal-evaluation';
import { DEMO_GROUNDS } from '../../../deploy/local/grounds';

const policies = loadPolicies(join(__dirname, '..', '..', '..', 'policies'));
const ORGS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];

const envelope = (change: Partial<QueryEnvelope> = {}): QueryEnvelope => ({
  id: '00000000-0000-4000-8000-000000000001',
  spec: {
    ...DEMO_GROUNDS,
    dataset: 'youth_care_trajectories',
    measure: { kind: 'count' },
    groupBy: ['wijk', 'age_band'],
    purpose: 'prevention planning per wijk',
  },
  requester: 'analyst',
  submittedAt: '2026-11-25T10:00:00.000Z',
  dataHolders: ['sterkhuis'],
  keyHolders: ORGS,
  keyId: '0123456789abcdef',
  minCellSize: 10,
  ...change,
});

const withPolicy = (org: string, change: Partial<OrganisationPolicy>): PolicySet => ({
  ...policies,
  organisations: { ...policies.organisations, [org]: { ...policies.organisations[org], ...change } },
});

/** `count` earlier queries by the same analyst, one every 20 hours before this one. */
const earlier = (count: number, change: Partial<QueryEnvelope> = {}): QueryEnvelope[] =>
  Array.from({ length: count }, (_, i) =>
    envelope({
      id: `earlier-${i}`,
      submittedAt: new Date(Date.parse('2026-11-25T10:00:00.000Z') - (i + 1) * 72_000_000).toISOString(),
      ...change,
    }),
  );

describe('evaluateProposal (each node checks for itself)', () => {
  it('allows a data holder and a key holder within their policies, saying which rule', () => {
    expect(evaluateProposal(policies, 'sterkhuis', envelope(), [])).toEqual({
      allowed: true,
      rule: "within Sterk Huis (jeugdhulp)'s policy: dataset, dimensions, minimum cell size 10, any purpose, legal basis 'avg-6-1-e-jeugdwet', DPIA 'DPIA-SMARTSTART-2026-01' (until 2028-06-30) and key holding allowed, within 30 queries per analyst per 30 days",
    });
    expect(evaluateProposal(policies, 'ggd', envelope(), [])).toMatchObject({ allowed: true });
  });

  it('says so when it could not check a rate limit for lack of earlier queries', () => {
    expect(evaluateProposal(policies, 'ggd', envelope()).rule).toMatch(
      /rate limit not checked \(no earlier queries given\)/,
    );
  });

  it.each<[string, string, Partial<QueryEnvelope>, RegExp]>([
    ['a cell size below the organisation minimum', 'sterkhuis', { minCellSize: 5 }, /minimum cell size 5 is below/],
    [
      'data holders other than the catalog says',
      'sterkhuis',
      { dataHolders: ['sterkhuis', 'ggd'] },
      /data holders differ/,
    ],
    ['an organisation not involved', 'ggd', { keyHolders: ['sterkhuis'] }, /neither a data holder nor a key holder/],
    [
      'a query outside the catalog',
      'sterkhuis',
      {
        spec: {
          ...DEMO_GROUNDS,
          dataset: 'youth_care_trajectories',
          measure: { kind: 'sum', field: 'care_form' },
          groupBy: ['wijk'],
          purpose: 'x',
        },
      },
      /may not be summed/,
    ],
    [
      'a data holder that is no key holder of the query',
      'sterkhuis',
      { keyHolders: ['gemeente', 'ggd'] },
      /Sterk Huis \(jeugdhulp\) takes part only as a key holder \(mayJoinWithoutKeyHolding is not set\), and sterkhuis is not among this query's key holders \(gemeente, ggd\)/,
    ],
  ])('denies %s', (_what, org, change, rule) => {
    const evaluation = evaluateProposal(policies, org, envelope(change), []);
    expect(evaluation.allowed).toBe(false);
    expect(evaluation.rule).toMatch(rule);
  });

  it('denies a dataset the organisation does not take part in', () => {
    expect(evaluateProposal(withPolicy('sterkhuis', { datasets: [] }), 'sterkhuis', envelope()).rule).toMatch(
      /does not take part in queries on youth_care_trajectories/,
    );
  });

  it('lets a data holder without a key share take part when its policy allows that', () => {
    const allowed = withPolicy('sterkhuis', { mayJoinWithoutKeyHolding: true });
    expect(evaluateProposal(allowed, 'sterkhuis', envelope({ keyHolders: ['gemeente', 'ggd'] }), [])).toMatchObject({
      allowed: true,
    });
  });

  describe('purposes', () => {
    const restricted = withPolicy('ggd', { purposes: ['Smart Start', 'prevention'] });

    it('allows a purpose starting with an allowed code, and names the codes in the rule', () => {
      expect(evaluateProposal(restricted, 'ggd', envelope(), [])).toMatchObject({
        allowed: true,
        rule: expect.stringMatching(/purpose 'Smart Start' or 'prevention'/),
      });
    });

    it('denies any other purpose, in words', () => {
      const research = envelope({ spec: { ...envelope().spec, purpose: 'research into youth care per wijk' } });
      expect(evaluateProposal(restricted, 'ggd', research, [])).toEqual({
        allowed: false,
        rule: "purpose 'research into youth care per wijk' is not among GGD Hart voor Brabant's allowed purposes: it must start with 'Smart Start' or 'prevention'",
      });
    });
  });

  describe('maxQueriesPerAnalyst (30 per 30 days in the repository policies)', () => {
    it('allows the 30th query in 30 days and denies the 31st, saying which limit', () => {
      expect(evaluateProposal(policies, 'ggd', envelope(), earlier(29))).toMatchObject({ allowed: true });
      expect(evaluateProposal(policies, 'ggd', envelope(), earlier(30))).toEqual({
        allowed: false,
        rule: expect.stringMatching(
          /^analyst already has 30 queries in the last 30 days that GGD Hart voor Brabant was asked to approve; GGD Hart voor Brabant allows at most 30 per analyst per 30 days/,
        ),
      });
    });

    it("counts only the same analyst's queries in the period", () => {
      expect(evaluateProposal(policies, 'ggd', envelope(), earlier(30, { requester: 'someone.else' }))).toMatchObject({
        allowed: true,
      });
      const old = earlier(66).slice(36); // 30 to 55 days old
      expect(evaluateProposal(policies, 'ggd', envelope(), old)).toMatchObject({ allowed: true });
    });
  });
});
