/**
 * What a node's steward API says of one query (`GET /steward/queries/:id`, `review`): the node writes it
 * (apps/node/src/steward/query-review.ts), `bfa steward show` and the steward's console read it. Plain types with
 * no imports, so the browser build can use them too.
 */

/** An earlier query this node answered on the same dataset: what a steward weighs against differencing. */
export interface EarlierRelease {
  queryId: string;
  requester: string;
  purpose: string;
  groupBy: string[];
  filters: string[];
  executedAt: string;
  /** Dimensions both queries break down by. */
  sharedDimensions: string[];
  /** Whether the two count some of the same records (filters evaluated on the catalog's values, not their wording): the releases the coordinator's ledger audits together. */
  overlaps: boolean;
}

/** What the processing rests on, in the policies' words: what the steward's signature covers besides the query itself. */
export interface GroundsReview {
  /** As the platform policy lists it; label and article are absent when it lists no such basis. */
  legalBasis: { id: string; label?: string; article?: string; law?: string };
  /** As this partner's policy lists it; reviewDate is absent when the policy does not know this DPIA. */
  dpia: { reference: string; title?: string; reviewDate?: string };
  /** How many days the release may be kept. */
  retentionDays: number;
}

/** Everything a steward needs to decide on one query, in the catalog's words. */
export interface QueryReview {
  dataset: { id: string; label: string; holders: string[] };
  measure: string;
  fields: { name: string; label: string; use: 'measure' | 'filter' }[];
  filters: string[];
  grid: { dimensions: { name: string; label: string; values: number }[]; cells: number };
  purpose: string;
  /** Legal basis, DPIA and retention (absent only for a query recorded before queries stated them). */
  grounds?: GroundsReview;
  requester: string;
  submittedAt: string;
  minCellSize: number;
  dataHolders: string[];
  keyHolders: string[];
  /** This partner's policy check: allowed, and the rule that decided. */
  policy: { allowed: boolean; rule: string };
  earlierReleases: EarlierRelease[];
  /** Grouping by arm: the signed lists of values of another dimension that make up each arm. */
  arms?: QueryArms;
  /** Combination queries: what else a counted child must have, each at which partner. */
  combination?: { factors: { label: string; dataset: string; holder: string; filters: string[] }[]; counts: string };
}

/** A query's arms as a steward reads them: every value of each arm, the comparison arm spelled out even when it is "the rest". */
export interface QueryArms {
  label: string;
  dimension: { name: string; label: string };
  intervention: string[];
  comparison: string[];
  /** The query left the comparison arm out: every other value of the dimension. */
  comparisonIsRest: boolean;
}
