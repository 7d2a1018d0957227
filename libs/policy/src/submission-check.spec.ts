import { join } from 'node:path';
import { QueryEnvelope } from '@bfa/protocol';
import { loadPolicies, PolicySet } from './policy-loader';
import { evaluateProposal } from './proposal-evaluation';
import { approverRefusals, rateLimitLookbackDays } from './submission-check';
import { DEMO_GROUNDS } from '../../../deploy/local/grounds';

const policies = loadPolicies(join(__dirname, '..', '..', '..', 'policies'));
const ORGS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];

const envelope = (change: Partial<QueryEnvelope> = {}): QueryEnvelope => ({
  id: 'q-new',
  spec: {
    ...DEMO_GROUNDS,
    dataset: 'risk_signals',
    measure: { kind: 'count' },
    groupBy: ['wijk'],
    purpose: 'prevention planning per wijk',
  },
  requester: 'analyst',
  submittedAt: '2026-11-25T10:00:00.000Z',
  dataHolders: ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'],
  keyHolders: ORGS,
  keyId: '0123456789abcdef',
  minCellSize: 10,
  ...change,
});

const withOrg = (org: string, change: object): PolicySet => ({
  ...policies,
  organisations: { ...policies.organisations, [org]: { ...policies.organisations[org], ...change } },
});

describe("approverRefusals: the coordinator applies every approver's own rules before proposing", () => {
  it('finds nothing to refuse in a query within every policy', () => {
    expect(approverRefusals(policies, envelope(), [])).toEqual([]);
  });

  it('names each refusing organisation with the very rule its node would give', () => {
    const strict = withOrg('ggd', { purposes: ['Smart Start'] });
    const refusals = approverRefusals(strict, envelope(), []);
    expect(refusals).toEqual([`ggd: ${evaluateProposal(strict, 'ggd', envelope(), []).rule}`]);
    expect(refusals[0]).toMatch(
      /^ggd: purpose 'prevention planning per wijk' is not among GGD Hart voor Brabant's allowed purposes/,
    );
  });

  it("applies every partner's rate limit to the analyst's recorded queries", () => {
    const earlier = Array.from({ length: 30 }, (_, i) =>
      envelope({ id: `q${i}`, submittedAt: `2026-11-${String((i % 24) + 1).padStart(2, '0')}T09:00:00.000Z` }),
    );
    expect(approverRefusals(policies, envelope(), earlier)).toEqual(
      ORGS.map((org) =>
        expect.stringMatching(new RegExp(`^${org}: analyst already has 30 queries in the last 30 days`)),
      ),
    );
    expect(approverRefusals(policies, envelope({ requester: 'other.analyst' }), earlier)).toEqual([]);
  });

  it("leaves an approver it has no policy for to that organisation's own node", () => {
    expect(approverRefusals(policies, envelope({ keyHolders: [...ORGS, 'zorgverzekeraar'] }), [])).toEqual([]);
  });
});

describe('rateLimitLookbackDays', () => {
  it('is the longest rate-limit period of any organisation, 0 without limits', () => {
    expect(rateLimitLookbackDays(policies)).toBe(30);
    expect(rateLimitLookbackDays(withOrg('ggd', { maxQueriesPerAnalyst: { count: 5, periodDays: 90 } }))).toBe(90);
    const none = {
      ...policies,
      organisations: Object.fromEntries(
        Object.entries(policies.organisations).map(([id, p]) => [id, { ...p, maxQueriesPerAnalyst: undefined }]),
      ),
    };
    expect(rateLimitLookbackDays(none)).toBe(0);
  });
});
