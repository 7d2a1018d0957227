/** policies/organisations/<org>.json: what one partner is willing to take part in. */
export interface OrganisationPolicy {
  id: string;
  name: string;
  keyHolder: boolean;
  minCellSize: number;
  datasets: string[];
  dimensions: string[];
}

/** policies/platform.json: defaults every query starts from. */
export interface PlatformPolicy {
  minCellSize: number;
}
