import { generateSigningKeyPair } from '@bfa/crypto';
import { QueryEnvelope, Registry, queryHash, signDecision } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { join } from 'node:path';
import { loadPolicies } from '@bfa/policy';
import { checkAllApproved, checkApprovedQuery, checkGroundsStillAccepted } from './approved-query';
import { Proposal } from './proposal-store.service';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const ORGS = ['gemeente', 'ggd'];
const stewards = Object.fromEntries(ORGS.map((org) => [org, generateSigningKeyPair()]));
const registry: Registry = {
  paillier: { keyId: '0123456789abcdef', bits: 1024, n: 'ff', scheme: 'shoup-t-of-n', threshold: 2, holders: ORGS },
  organisations: Object.fromEntries(
    ORGS.map((org) => [org, { nodePublicKey: '', stewardPublicKey: stewards[org].publicKey, boxPublicKey: '' }]),
  ),
};

const envelope: QueryEnvelope = {
  id: '00000000-0000-4000-8000-000000000001',
  spec: {
    ...DEMO_GROUNDS,
    dataset: 'risk_signals',
    measure: { kind: 'count' },
    groupBy: ['wijk'],
    purpose: 'prevention planning per wijk',
  },
  requester: 'analyst',
  submittedAt: '2026-11-25T10:00:00.000Z',
  dataHolders: ORGS,
  keyHolders: ORGS,
  keyId: '0123456789abcdef',
  minCellSize: 10,
};

const decide = (org: string, decision: 'approve' | 'reject', about = envelope) =>
  signDecision(
    {
      queryId: about.id,
      queryHash: queryHash(about),
      org,
      decision,
      reason: '',
      decidedAt: '2026-11-25T11:00:00.000Z',
    },
    stewards[org].secretKey,
  );

const proposal = (decision = decide('gemeente', 'approve')): Proposal => ({
  queryId: envelope.id,
  queryHash: queryHash(envelope),
  envelope,
  state: 'approved',
  policyEvaluation: { allowed: true, rule: 'ok' },
  decision,
  decisionDelivery: 'acknowledged',
  receivedAt: '2026-11-25T10:00:01.000Z',
  updatedAt: '2026-11-25T10:00:01.000Z',
});

const validity = { maxAgeMs: 3_600_000, now: Date.parse('2026-11-25T11:30:00.000Z') };

describe('a node acts only on what its steward approved', () => {
  const own = stewards.gemeente.publicKey;

  it('accepts the exact approved query', () => {
    expect(checkApprovedQuery(proposal(), envelope, own).statement.decision).toBe('approve');
  });

  it('refuses an altered query, an unknown one, a rejected one, and a stored approval by another key', () => {
    const altered = { ...envelope, minCellSize: 5 };
    expect(() => checkApprovedQuery(proposal(), altered, own)).toThrow(/differs from the query the steward reviewed/);
    expect(() => checkApprovedQuery(null, envelope, own)).toThrow(/never proposed/);
    expect(() => checkApprovedQuery(proposal(decide('gemeente', 'reject')), envelope, own)).toThrow(/not approved/);
    expect(() => checkApprovedQuery(proposal(decide('ggd', 'approve')), envelope, own)).toThrow(/does not verify/);
  });

  it('requires every approver, each signed by its own steward over this hash', () => {
    const both = [decide('gemeente', 'approve'), decide('ggd', 'approve')];
    expect(() => checkAllApproved(envelope, both, registry, validity)).not.toThrow();
    expect(() => checkAllApproved(envelope, [both[0]], registry, validity)).toThrow(Refusal);
    expect(() => checkAllApproved(envelope, [both[0], decide('ggd', 'reject')], registry, validity)).toThrow(
      /lacks ggd's approval/,
    );
    const forOther = decide('ggd', 'approve', { ...envelope, spec: { ...envelope.spec, groupBy: ['age_band'] } });
    expect(() => checkAllApproved(envelope, [both[0], forOther], registry, validity)).toThrow(/does not verify/);
    const relabelled = { ...both[0], statement: { ...both[0].statement, org: 'ggd' } };
    expect(() => checkAllApproved(envelope, [both[0], relabelled], registry, validity)).toThrow(/does not verify/);
  });

  it('refuses an approval that has expired or is dated in the future', () => {
    const both = [decide('gemeente', 'approve'), decide('ggd', 'approve')];
    const decidedAt = Date.parse('2026-11-25T11:00:00.000Z');
    expect(() =>
      checkAllApproved(envelope, both, registry, { maxAgeMs: 3_600_000, now: decidedAt + 3_599_000 }),
    ).not.toThrow();
    expect(() =>
      checkAllApproved(envelope, both, registry, { maxAgeMs: 3_600_000, now: decidedAt + 3_601_000 }),
    ).toThrow(/gemeente's approval .* has expired/);
    expect(() =>
      checkAllApproved(envelope, both, registry, { maxAgeMs: 3_600_000, now: decidedAt - 3_600_000 }),
    ).toThrow(/dated in the future/);
  });
});

describe('the grounds when the query runs: a DPIA past its review date since the approval', () => {
  const policies = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
  const ggdDpia: QueryEnvelope = {
    ...envelope,
    spec: { ...envelope.spec, legalBasis: 'avg-6-1-e-wpg', dpia: 'DPIA-GGD-JGZ-2025-02' },
  };

  it('runs while the DPIA is before its review date, and refuses with the reason after it', () => {
    expect(() => checkGroundsStillAccepted(policies, 'ggd', ggdDpia, new Date('2027-03-31T12:00:00Z'))).not.toThrow();
    expect(() => checkGroundsStillAccepted(policies, 'ggd', ggdDpia, new Date('2027-04-01T00:00:01Z'))).toThrow(
      new Refusal(
        `query ${envelope.id} is not run: DPIA 'DPIA-GGD-JGZ-2025-02' was due for review on 2027-03-31: GGD Hart voor Brabant no longer accepts it until it is reviewed and its policy gives a new review date`,
      ),
    );
  });

  it('a steward signature on the query does not make another partner accept grounds its policy lacks', () => {
    expect(() => checkGroundsStillAccepted(policies, 'sterkhuis', ggdDpia, new Date('2026-12-01T00:00:00Z'))).toThrow(
      /Sterk Huis \(jeugdhulp\) does not take part on legal basis 'avg-6-1-e-wpg'/,
    );
  });
});
