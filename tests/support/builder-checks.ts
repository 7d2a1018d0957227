import { join } from 'node:path';
import { loadPolicies, queryProblems } from '@bfa/policy';
import { QuerySpecDto, validateMessage } from '@bfa/protocol';
import { publishedCatalog } from '../../apps/coordinator/src/queries/published-catalog';
import type { PublishedCatalog } from '../../apps/console/src/builder/catalog';

/**
 * The console builder's specs against the coordinator's own checks: the repository's policies, the catalog as the
 * coordinator publishes it to an analyst, and what the coordinator says of a body (the DTO's problems as thrown, or
 * the catalog's; [] when it accepts it).
 */
export function builderChecks() {
  const policies = loadPolicies(join(__dirname, '..', '..', 'policies'));
  const catalog: PublishedCatalog = { ...publishedCatalog(policies), role: 'analyst' };
  const coordinatorProblems = (spec: object): string[] => {
    try {
      return queryProblems(policies.catalog, validateMessage(QuerySpecDto, spec));
    } catch (error) {
      return [(error as Error).message];
    }
  };
  return { policies, catalog, coordinatorProblems };
}
