import { QueryEnvelope } from '@bfa/protocol';
import { ReleasedTable } from '../queries/released-table';
import { COMBINATION_NOT_RESUMED, resumeStep } from './query-resume.service';

const spec = { dataset: 'risk_signals', measure: { kind: 'count' }, groupBy: ['wijk'], purpose: 'prevention planning per wijk' };
const envelope = { id: '3f1c2b9e-4d5a-4e6f-8a7b-9c0d1e2f3a4b', spec } as QueryEnvelope;
const combination = { ...envelope, spec: { ...spec, combination: { atLeast: 2, factors: [] } } } as unknown as QueryEnvelope;
const release = { queryId: envelope.id } as ReleasedTable;

describe('what a query found executing at start does', () => {
  it('announces a release stored before the restart, without asking a node anything', () => {
    expect(resumeStep(envelope, release)).toEqual({ kind: 'announce' });
    expect(resumeStep(combination, release)).toEqual({ kind: 'announce' });
  });

  it('asks the nodes again for a query without a release (they answer a step already taken as they did)', () => {
    expect(resumeStep(envelope, null)).toEqual({ kind: 'rerun' });
  });

  it('ends a combination with a reason: its sealed hops are one-shot at every partner', () => {
    expect(resumeStep(combination, null)).toEqual({ kind: 'fail', reason: COMBINATION_NOT_RESUMED });
  });
});
