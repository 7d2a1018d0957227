import { join } from 'node:path';
import { QueryEnvelope } from '@bfa/protocol';
import { loadPolicies } from './policy-loader';
import { evaluateProposal } from './proposal-evaluation';

const policies = loadPolicies(join(__dirname, '..', '..', '..', 'policies'));
const ORGS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];

const envelope = (change: Partial<QueryEnvelope> = {}): QueryEnvelope => ({
  id: '00000000-0000-4000-8000-000000000001',
  spec: { dataset: 'youth_care_trajectories', measure: { kind: 'count' }, groupBy: ['wijk', 'age_band'], purpose: 'prevention planning per wijk' },
  requester: 'analyst',
  submittedAt: '2026-11-25T10:00:00.000Z',
  dataHolders: ['sterkhuis'],
  keyHolders: ORGS,
  keyId: '0123456789abcdef',
  minCellSize: 10,
  ...change,
});

describe('evaluateProposal (each node checks for itself)', () => {
  it('allows a data holder and a key holder within their policies, saying which rule', () => {
    expect(evaluateProposal(policies, 'sterkhuis', envelope())).toEqual({ allowed: true, rule: expect.stringMatching(/within Sterk Huis/) });
    expect(evaluateProposal(policies, 'ggd', envelope())).toMatchObject({ allowed: true });
  });

  it.each<[string, string, Partial<QueryEnvelope>, RegExp]>([
    ['a cell size below the organisation minimum', 'sterkhuis', { minCellSize: 5 }, /minimum cell size 5 is below/],
    ['data holders other than the catalog says', 'sterkhuis', { dataHolders: ['sterkhuis', 'ggd'] }, /data holders differ/],
    ['an organisation not involved', 'ggd', { keyHolders: ['sterkhuis'] }, /neither a data holder nor a key holder/],
    ['a query outside the catalog', 'sterkhuis', { spec: { dataset: 'youth_care_trajectories', measure: { kind: 'sum', field: 'care_form' }, groupBy: ['wijk'], purpose: 'x' } }, /may not be summed/],
  ])('denies %s', (_what, org, change, rule) => {
    const evaluation = evaluateProposal(policies, org, envelope(change));
    expect(evaluation.allowed).toBe(false);
    expect(evaluation.rule).toMatch(rule);
  });

  it('denies a dataset the organisation does not take part in', () => {
    const restricted = { ...policies, organisations: { ...policies.organisations, sterkhuis: { ...policies.organisations.sterkhuis, datasets: [] } } };
    expect(evaluateProposal(restricted, 'sterkhuis', envelope()).rule).toMatch(/does not take part in queries on youth_care_trajectories/);
  });
});
