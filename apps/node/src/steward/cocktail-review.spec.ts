import { Catalog } from '@bfa/policy';
import { QueryEnvelope, queryHash } from '@bfa/protocol';
import { Proposal } from '../proposals/proposal-store.service';
import { reviewOf } from './query-review';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const catalog = {
  dimensions: { wijk: { label: 'Wijk', values: ['WK01', 'WK02'] } },
  datasets: {
    households: {
      label: 'Huishoudens',
      holders: ['gemeente'],
      table: 'h',
      dimensions: ['wijk'],
      maxRecordsPerHolder: 100,
      fields: { low_income: { type: 'boolean', label: 'Laag inkomen' } },
    },
    monitor: {
      label: 'Monitor',
      holders: ['ggd'],
      table: 'm',
      dimensions: ['wijk'],
      maxRecordsPerHolder: 100,
      fields: {},
    },
    care: {
      label: 'Jeugdhulp',
      holders: ['sterkhuis'],
      table: 'c',
      dimensions: ['wijk'],
      maxRecordsPerHolder: 100,
      fields: {},
    },
  },
} as unknown as Catalog;

function proposal(combination: object): Proposal {
  const envelope: QueryEnvelope = {
    id: 'q-cocktail',
    spec: {
      ...DEMO_GROUNDS,
      dataset: 'households',
      measure: { kind: 'count' },
      groupBy: ['wijk'],
      purpose: 'Smart Start: giftige cocktails per wijk',
      combination: combination as never,
    },
    requester: 'analyst.one',
    submittedAt: '2026-11-25T09:00:00.000Z',
    dataHolders: ['gemeente', 'ggd', 'sterkhuis'],
    keyHolders: ['gemeente', 'ggd', 'sterkhuis'],
    keyId: '0123456789abcdef',
    minCellSize: 10,
  };
  const at = '2026-11-25T10:00:00.000Z';
  return {
    queryId: envelope.id,
    queryHash: queryHash(envelope),
    envelope,
    state: 'pending',
    policyEvaluation: { allowed: true, rule: 'allowed' },
    decision: null,
    decisionDelivery: null,
    receivedAt: at,
    updatedAt: at,
  };
}

const factors = [
  { dataset: 'households', label: 'laag inkomen', filters: [{ field: 'low_income', op: 'eq', value: true }] },
  { dataset: 'monitor', label: 'ouder in GGZ' },
];
const outcome = { dataset: 'care', label: 'jeugdzorg in 2024' };

describe("the steward's review of a cocktail analysis", () => {
  it('names the analysis, what is released and derived, and the outcome with the partner holding it', () => {
    const byCount = reviewOf(proposal({ factors, analysis: 'outcomeByCount', outcome }), catalog, []);
    expect(byCount.measure).toBe(
      'children with 0 to 2 of the 2 factors, with and without the outcome "jeugdzorg in 2024", and the relative risk of the outcome against children with none',
    );
    expect(byCount.combination!.factors).toEqual([
      { label: 'laag inkomen', dataset: 'households', holder: 'gemeente', filters: ['Laag inkomen = true'] },
      { label: 'ouder in GGZ', dataset: 'monitor', holder: 'ggd', filters: [] },
      { label: 'outcome: jeugdzorg in 2024', dataset: 'care', holder: 'sterkhuis', filters: [] },
    ]);
    const patterns = reviewOf(proposal({ factors, analysis: 'patterns', outcome }), catalog, []);
    expect(patterns.measure).toMatch(
      /^children per combination of the 2 factors \(4 patterns\), with and without the outcome .*logistic regression/,
    );
    expect(reviewOf(proposal({ factors, atLeast: 1 }), catalog, []).measure).toBe(
      'children with at least 1 of the 2 factors',
    );
  });
});
