import { join } from 'node:path';
import { loadPolicies } from '@bfa/policy';
import { QueryEnvelope, queryHash } from '@bfa/protocol';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';
import { submittedDetails } from './submitted-details';

const { catalog } = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
const BEFORE = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

const envelope = (spec: object): QueryEnvelope =>
  ({
    id: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
    spec: { ...DEMO_GROUNDS, purpose: 'Team op Maat: jeugdzorg een jaar later', ...spec },
    requester: 'analyst',
    submittedAt: '2026-12-01T07:00:00.000Z',
    dataHolders: ['gemeente'],
    keyHolders: ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'],
    keyId: 'k1',
    minCellSize: 10,
  }) as unknown as QueryEnvelope;

describe("what the coordinator's query.submitted logs", () => {
  it("names a cohort's before cohort, so the ethics board can check their removals go together", () => {
    const cohort = envelope({
      dataset: 'children_households',
      measure: { kind: 'count' },
      groupBy: ['arm'],
      combination: { analysis: 'cohort', factors: [], before: BEFORE },
    });
    expect(submittedDetails(catalog, cohort)).toMatchObject({
      queryHash: queryHash(cohort),
      dataset: 'children_households',
      before: BEFORE,
      retentionDays: DEMO_GROUNDS.retentionDays,
    });
  });

  it('names no before for any other query', () => {
    const count = envelope({ dataset: 'risk_signals', measure: { kind: 'count' }, groupBy: ['wijk'] });
    expect(Object.keys(submittedDetails(catalog, count))).not.toContain('before');
  });
});
