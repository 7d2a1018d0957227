import { QueryEnvelope, Registry, SignedDecision, queryHash, requiredApprovers, verifyDecision } from '@bfa/protocol';
import { groundsProblem, PolicySet } from '@bfa/policy';
import { Refusal } from '@bfa/runtime';
import { Proposal } from './proposal-store.service';

/**
 * The node acts only on the exact query its own steward approved: same hash as what was proposed
 * and reviewed, and a valid steward signature approving that hash.
 */
export function checkApprovedQuery(
  proposal: Proposal | null,
  envelope: QueryEnvelope,
  stewardPublicKey: string,
): SignedDecision {
  if (!proposal) throw new Refusal(`query ${envelope.id} was never proposed to this node`);
  const hash = queryHash(envelope);
  if (hash !== proposal.queryHash)
    throw new Refusal(`query ${envelope.id} differs from the query the steward reviewed (hash ${hash})`);
  const approval = proposal.decision;
  if (!approval || approval.statement.decision !== 'approve')
    throw new Refusal(`query ${envelope.id} is not approved by this node's steward`);
  if (approval.statement.queryHash !== hash || !verifyDecision(approval, stewardPublicKey)) {
    throw new Refusal(`the stored approval of query ${envelope.id} does not verify for this query`);
  }
  return approval;
}

/** How long an approval stays good for execution, and how far a decision may be dated ahead of the node's clock. */
export interface ApprovalValidity {
  maxAgeMs: number;
  now?: number;
}

const CLOCK_SKEW_MS = 5 * 60_000;

function approvalAgeProblem(approval: SignedDecision, validity: ApprovalValidity): string | null {
  const now = validity.now ?? Date.now();
  const decidedAt = Date.parse(approval.statement.decidedAt);
  const who = `${approval.statement.org}'s approval of query ${approval.statement.queryId}`;
  if (!Number.isFinite(decidedAt) || decidedAt > now + CLOCK_SKEW_MS)
    return `${who} is dated in the future (${approval.statement.decidedAt})`;
  if (now - decidedAt > validity.maxAgeMs)
    return `${who} has expired: decided at ${approval.statement.decidedAt}, valid for ${Math.round(validity.maxAgeMs / 3_600_000)} h`;
  return null;
}

/** Every organisation that must approve did, recently enough, each with its own steward's signature over this query's hash. */
export function checkAllApproved(
  envelope: QueryEnvelope,
  approvals: SignedDecision[],
  registry: Registry,
  validity: ApprovalValidity,
): void {
  const hash = queryHash(envelope);
  for (const org of requiredApprovers(envelope)) {
    const approval = approvals.find((a) => a.statement.org === org);
    if (!approval || approval.statement.decision !== 'approve')
      throw new Refusal(`query ${envelope.id} lacks ${org}'s approval`);
    const stewardKey = registry.organisations[org]?.stewardPublicKey;
    const valid =
      approval.statement.queryHash === hash &&
      approval.statement.queryId === envelope.id &&
      !!stewardKey &&
      verifyDecision(approval, stewardKey);
    if (!valid) throw new Refusal(`${org}'s approval of query ${envelope.id} does not verify for this query`);
    const expired = approvalAgeProblem(approval, validity);
    if (expired) throw new Refusal(expired);
  }
}

/** The query's legal basis and DPIA still accepted by this node's policy when it runs: a DPIA may pass its review date after the approval. */
export function checkGroundsStillAccepted(
  policies: PolicySet,
  org: string,
  envelope: QueryEnvelope,
  now = new Date(),
): void {
  const policy = policies.organisations[org];
  const problem = policy
    ? groundsProblem(policies.platform, policy, envelope.spec, now)
    : `no policy for organisation "${org}"`;
  if (problem) throw new Refusal(`query ${envelope.id} is not run: ${problem}`);
}
