import { QueryEnvelope } from '@bfa/protocol';
import { Catalog } from './catalog';

/** How many of a query's data holders must contribute: the dataset's quorum, by default all of them. */
export function requiredDataHolders(catalog: Catalog, envelope: QueryEnvelope): number {
  // A rate needs both its parts whole: a quorum of the numerator's holders says nothing of the denominator's.
  if (envelope.spec.measure.kind === 'rate') return envelope.dataHolders.length;
  const quorum = catalog.datasets[envelope.spec.dataset]?.quorum ?? envelope.dataHolders.length;
  return Math.min(quorum, envelope.dataHolders.length);
}

/** Why an aggregate over these contributors can't be released (null when it can). */
export function contributorsProblem(catalog: Catalog, envelope: QueryEnvelope, orgs: string[]): string | null {
  const strangers = orgs.filter((org) => !envelope.dataHolders.includes(org));
  if (strangers.length > 0) return `${strangers.join(', ')} hold no data for query ${envelope.id}`;
  if (new Set(orgs).size !== orgs.length) return `a data holder contributes twice to query ${envelope.id}`;
  const required = requiredDataHolders(catalog, envelope);
  if (orgs.length < required) {
    return `the aggregate must combine at least ${required} of the data holders ${envelope.dataHolders.join(', ')}; got ${orgs.join(', ') || 'none'}`;
  }
  return null;
}
