import { QueryEnvelope } from '@bfa/protocol';
import { dimensionProblem } from './arms';
import { OrganisationPolicy } from './organisation-policy';
import { earlierSubmissionTimes, keyHoldingProblem, purposeProblem, rateLimitProblem } from './organisation-rules';
import { PolicySet } from './policy-loader';
import { queryProblems } from './query-check';
import { dataHoldersOf, datasetsAt, isCombination } from './combination-check';
import { acceptedGroundsText, groundsProblem } from './grounds-check';

export interface PolicyEvaluation {
  allowed: boolean;
  rule: string;
}

const allow = (rule: string): PolicyEvaluation => ({ allowed: true, rule });
const deny = (rule: string): PolicyEvaluation => ({ allowed: false, rule });

/**
 * One organisation's own verdict on a proposed query: it never trusts the coordinator's check.
 * `earlierQueries` are queries the organisation saw before (any requester; the rate limit picks the
 * same analyst's); without them a rate limit can't be checked, and the verdict says so. `now` decides whether
 * the query's DPIA is past its review date.
 */
export function evaluateProposal(
  policies: PolicySet,
  org: string,
  envelope: QueryEnvelope,
  earlierQueries?: QueryEnvelope[],
  now = new Date(),
): PolicyEvaluation {
  const policy = policies.organisations[org];
  if (!policy) return deny(`no policy for organisation "${org}"`);
  const problems = queryProblems(policies.catalog, envelope.spec);
  if (problems.length > 0) return deny(`query does not match the catalog: ${problems.join('; ')}`);
  if (!sameSet(envelope.dataHolders, dataHoldersOf(policies.catalog, envelope.spec)))
    return deny("data holders differ from the catalog's holders of the datasets");
  if (isCombination(envelope.spec) && !envelope.pseudonymSecretId)
    return deny('a combination query must name the pseudonym secret its pseudonyms come from');
  const involved = envelope.dataHolders.includes(org) || envelope.keyHolders.includes(org);
  if (!involved) return deny(`${org} is neither a data holder nor a key holder of this query`);
  const refused = datasetsAt(policies.catalog, envelope.spec, org).find(
    (dataset) => !policy.datasets.includes(dataset),
  );
  if (refused) return deny(`${policy.name} does not take part in queries on ${refused}`);
  const dimension = dimensionProblem(policies.catalog, policy, envelope.spec);
  if (dimension) return deny(dimension);
  if (envelope.minCellSize < policy.minCellSize)
    return deny(`minimum cell size ${envelope.minCellSize} is below ${policy.name}'s ${policy.minCellSize}`);
  const refusal =
    organisationRuleProblem(policy, org, envelope, earlierQueries) ??
    groundsProblem(policies.platform, policy, envelope.spec, now);
  return refusal ? deny(refusal) : allow(allowedRule(policy, envelope, earlierQueries));
}

function organisationRuleProblem(
  policy: OrganisationPolicy,
  org: string,
  envelope: QueryEnvelope,
  earlierQueries?: QueryEnvelope[],
): string | null {
  const times = earlierQueries && earlierSubmissionTimes(earlierQueries, envelope, org);
  return (
    keyHoldingProblem(policy, org, envelope) ??
    purposeProblem(policy, envelope.spec.purpose) ??
    (times ? rateLimitProblem(policy, envelope.requester, times, new Date(envelope.submittedAt)) : null)
  );
}

function allowedRule(policy: OrganisationPolicy, envelope: QueryEnvelope, earlierQueries?: QueryEnvelope[]): string {
  const limit = policy.maxQueriesPerAnalyst;
  const rate = !limit
    ? ''
    : earlierQueries
      ? `, within ${limit.count} queries per analyst per ${limit.periodDays} days`
      : '; rate limit not checked (no earlier queries given)';
  const purpose = policy.purposes ? `purpose ${policy.purposes.map((p) => `'${p}'`).join(' or ')}` : 'any purpose';
  return `within ${policy.name}'s policy: dataset, dimensions, minimum cell size ${policy.minCellSize}, ${purpose}, ${acceptedGroundsText(policy, envelope.spec)} and key holding allowed${rate}`;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}
