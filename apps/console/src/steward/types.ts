import type { QueryReview } from '../../../../libs/protocol/src/query-review';

/** What the node's steward API returns (apps/node/src/steward, apps/node/src/proposals/proposal-store.service.ts). */
export interface Proposal {
  queryId: string;
  queryHash: string;
  state: 'pending' | 'approved' | 'rejected' | 'executed';
  envelope: { requester: string; submittedAt: string; spec: { dataset: string; purpose: string } };
  policyEvaluation: { allowed: boolean; rule: string };
  decision: { statement: { decision: 'approve' | 'reject'; reason: string; decidedAt: string; org: string } } | null;
  receivedAt: string;
  updatedAt: string;
}

/** The node's review of a query, as the CLI and the node itself know it. */
export type Review = QueryReview;
