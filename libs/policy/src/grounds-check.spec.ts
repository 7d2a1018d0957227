import { join } from 'node:path';
import { QueryEnvelope } from '@bfa/protocol';
import { DEMO_GROUNDS } from '../../../deploy/local/grounds';
import { groundsProblem } from './grounds-check';
import { OrganisationPolicy } from './organisation-policy';
import { loadPolicies, PolicySet } from './policy-loader';
import { approverRefusals } from './submission-check';
import { evaluateProposal } from './proposal-evaluation';

const policies = loadPolicies(join(__dirname, '..', '..', '..', 'policies'));
const ORGS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];
const NOW = new Date('2026-11-30T12:00:00Z');

const envelope = (grounds: Partial<typeof DEMO_GROUNDS> = {}): QueryEnvelope => ({
  id: '00000000-0000-4000-8000-000000000001',
  spec: {
    ...DEMO_GROUNDS,
    ...grounds,
    dataset: 'health_monitor',
    measure: { kind: 'count' },
    groupBy: ['wijk'],
    purpose: 'prevention planning per wijk',
  },
  requester: 'analyst',
  submittedAt: '2026-11-30T10:00:00.000Z',
  dataHolders: ['ggd'],
  keyHolders: ORGS,
  keyId: '0123456789abcdef',
  minCellSize: 10,
});

const withGgd = (change: Partial<OrganisationPolicy>): PolicySet => ({
  ...policies,
  organisations: { ...policies.organisations, ggd: { ...policies.organisations.ggd, ...change } },
});

describe('legal basis and DPIA: each node refuses what its own policy does not accept', () => {
  it('accepts the demo grounds everywhere, naming the basis and the DPIA with its review date in the rule', () => {
    for (const org of ORGS) {
      expect(evaluateProposal(policies, org, envelope(), [], NOW)).toMatchObject({
        allowed: true,
        rule: expect.stringContaining(
          "legal basis 'avg-6-1-e-jeugdwet', DPIA 'DPIA-SMARTSTART-2026-01' (until 2028-06-30)",
        ),
      });
    }
  });

  it.each<[string, Partial<typeof DEMO_GROUNDS>, string]>([
    [
      'a basis the platform does not list',
      { legalBasis: 'avg-6-1-f-gerechtvaardigd-belang' },
      "legal basis 'avg-6-1-f-gerechtvaardigd-belang' is not one the platform policy lists ('avg-6-1-e-jeugdwet', 'avg-6-1-e-wmo', 'avg-6-1-e-wpg', 'uavg-24-onderzoek')",
    ],
    [
      'a listed basis this partner does not take part on',
      { legalBasis: 'avg-6-1-e-wmo' },
      "GGD Hart voor Brabant does not take part on legal basis 'avg-6-1-e-wmo' (Publieke taak, maatschappelijke ondersteuning (Wmo 2015)); it accepts 'avg-6-1-e-jeugdwet', 'avg-6-1-e-wpg', 'uavg-24-onderzoek'",
    ],
    [
      'an unknown DPIA',
      { dpia: 'DPIA-ELSEWHERE-2026' },
      "DPIA 'DPIA-ELSEWHERE-2026' is unknown to GGD Hart voor Brabant: it accepts 'DPIA-SMARTSTART-2026-01', 'DPIA-GGD-JGZ-2025-02'",
    ],
  ])('denies %s, in words', (_what, grounds, rule) => {
    expect(evaluateProposal(policies, 'ggd', envelope(grounds), [], NOW)).toEqual({ allowed: false, rule });
  });

  it('accepts a DPIA up to and including its review date (UTC), and refuses it the day after', () => {
    const ggd = envelope({ dpia: 'DPIA-GGD-JGZ-2025-02' });
    expect(evaluateProposal(policies, 'ggd', ggd, [], new Date('2027-03-31T23:59:59Z')).allowed).toBe(true);
    expect(evaluateProposal(policies, 'ggd', ggd, [], new Date('2027-04-01T00:00:00Z'))).toEqual({
      allowed: false,
      rule: "DPIA 'DPIA-GGD-JGZ-2025-02' was due for review on 2027-03-31: GGD Hart voor Brabant no longer accepts it until it is reviewed and its policy gives a new review date",
    });
  });

  it('a DPIA another partner accepts is still unknown to this one: each partner decides for itself', () => {
    const problem = groundsProblem(
      policies.platform,
      policies.organisations.sterkhuis,
      { ...DEMO_GROUNDS, dpia: 'DPIA-GGD-JGZ-2025-02' },
      NOW,
    );
    expect(problem).toBe(
      "DPIA 'DPIA-GGD-JGZ-2025-02' is unknown to Sterk Huis (jeugdhulp): it accepts 'DPIA-SMARTSTART-2026-01'",
    );
  });

  it('the coordinator refuses before proposing, with every refusing partner and its reason', () => {
    const strict = withGgd({ legalBases: ['avg-6-1-e-wpg'] });
    expect(approverRefusals(strict, envelope(), [])).toEqual([
      expect.stringMatching(/^ggd: GGD Hart voor Brabant does not take part on legal basis 'avg-6-1-e-jeugdwet'/),
    ]);
    expect(approverRefusals(policies, envelope({ dpia: 'DPIA-GGD-JGZ-2025-02' }), [])).toEqual([
      expect.stringMatching(/^gemeente: DPIA 'DPIA-GGD-JGZ-2025-02' is unknown to Gemeente Tilburg/),
      expect.stringMatching(/^schoolbestuur: DPIA 'DPIA-GGD-JGZ-2025-02' is unknown/),
      expect.stringMatching(/^sterkhuis: DPIA 'DPIA-GGD-JGZ-2025-02' is unknown/),
    ]);
  });
});
