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

export interface Review {
  dataset: { id: string; label: string; holders: string[] };
  measure: string;
  fields: { name: string; label: string; use: 'measure' | 'filter' }[];
  filters: string[];
  grid: { dimensions: { name: string; label: string; values: number }[]; cells: number };
  purpose: string;
  requester: string;
  submittedAt: string;
  minCellSize: number;
  dataHolders: string[];
  keyHolders: string[];
  policy: { allowed: boolean; rule: string };
  earlierReleases: { queryId: string; requester: string; purpose: string; groupBy: string[]; filters: string[]; executedAt: string; sharedDimensions: string[] }[];
  combination?: { factors: { label: string; dataset: string; holder: string; filters: string[] }[]; counts: string };
}
