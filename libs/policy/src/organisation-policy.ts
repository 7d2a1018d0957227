/** policies/organisations/<org>.yaml (or .yml, .json): what one partner is willing to take part in. See docs/policies.md. */
export interface OrganisationPolicy {
  id: string;
  name: string;
  keyHolder: boolean;
  minCellSize: number;
  datasets: string[];
  dimensions: string[];
  /** Purpose codes; a query's purpose must start with one. Absent: any stated purpose. */
  purposes?: string[];
  /** At most `count` queries per analyst in any `periodDays` days. Absent: no limit. */
  maxQueriesPerAnalyst?: RateLimit;
  /** May take part in a query whose key holders it is not among. Absent: false. */
  mayJoinWithoutKeyHolding?: boolean;
  /** Ids of the platform's legal bases this partner takes part on; a query on any other is refused. */
  legalBases: string[];
  /** The DPIAs this partner accepts a query to be covered by, each until its review date. */
  dpias: AcceptedDpia[];
  /** How many years after a year has ended its records may stay in this partner's node (`bfa data purge`). Absent: no limit set, nothing purged. */
  recordRetentionYears?: number;
}

/** A DPIA a partner accepts: its reference and the date it must be reviewed by (after it, it no longer covers queries). */
export interface AcceptedDpia {
  reference: string;
  /** YYYY-MM-DD; the DPIA covers queries up to and including this day (UTC). */
  reviewDate: string;
  title?: string;
}

/** A legal basis a query may state (AVG art. 6), as the platform policy lists it. */
export interface LegalBasis {
  label: string;
  /** The AVG or UAVG article, e.g. "AVG art. 6 lid 1 sub e". */
  article: string;
  /** The national law that makes it a public task, e.g. "Jeugdwet art. 7.4.0". */
  law?: string;
}

export interface RateLimit {
  count: number;
  periodDays: number;
}

/** policies/platform.yaml (or .yml, .json): defaults every query starts from. */
export interface PlatformPolicy {
  minCellSize: number;
  /** Every legal basis a query may state, by id; each partner's policy says which it accepts. */
  legalBases: Record<string, LegalBasis>;
  /** When set, releases are noisy (discrete Laplace or Gaussian) instead of suppressed, within a budget per dataset shared by all analysts. */
  noise?: NoisePolicy;
  /** When set, released values are controlled-rounded to this base (after suppression). */
  rounding?: { base: 5 | 10 };
  /** (2, k%) dominance and the p% rule for sums; default k = 90, p = 10. */
  magnitudeRules?: { dominance: { n: 2; k: number }; pPercent: number };
  /** How wide, in % of its value (and at least k), the interval an attacker can derive for a hidden cell must be; default 20. */
  protectionInterval?: number;
}

export interface NoisePolicy {
  /** Default laplace: pure ε-DP, charged in ε. gaussian: ρ-zCDP, charged in ρ. */
  mechanism?: 'laplace' | 'gaussian';
  epsilonPerQuery?: number;
  rhoPerQuery?: number;
  /** ε (or ρ) each dataset may spend on noisy releases, whoever asks: the budget belongs to the people in the data. */
  budgetPerDataset: number;
  /** An extra, optional limit per analyst within the dataset's budget. */
  budgetPerAnalystPerDataset?: number;
}
