import { QueryEnvelope, requiredApprovers } from '@bfa/protocol';
import { PolicySet } from './policy-loader';
import { evaluateProposal } from './proposal-evaluation';

/**
 * The coordinator's check before it proposes anything: every approver's own rules (evaluateProposal, the
 * very code each node runs), so a query some partner's policy refuses is never sent. An approver the
 * coordinator has no policy for is left to its own node. `earlierQueries`: the analyst's recorded queries.
 */
export function approverRefusals(
  policies: PolicySet,
  envelope: QueryEnvelope,
  earlierQueries: QueryEnvelope[],
): string[] {
  return requiredApprovers(envelope)
    .filter((org) => policies.organisations[org])
    .flatMap((org) => {
      const evaluation = evaluateProposal(policies, org, envelope, earlierQueries);
      return evaluation.allowed ? [] : [`${org}: ${evaluation.rule}`];
    });
}

/** How many days back an analyst's earlier queries can matter: the longest rate-limit period (0: no limits). */
export function rateLimitLookbackDays(policies: PolicySet): number {
  return Math.max(0, ...Object.values(policies.organisations).map((p) => p.maxQueriesPerAnalyst?.periodDays ?? 0));
}
