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
}

export interface RateLimit {
  count: number;
  periodDays: number;
}

/** policies/platform.yaml (or .yml, .json): defaults every query starts from. */
export interface PlatformPolicy {
  minCellSize: number;
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
