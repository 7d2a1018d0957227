import type { DimensionSpec, FieldSpec } from '../../../../libs/policy/src/catalog';
import type { LegalBasis } from '../../../../libs/policy/src/organisation-policy';

/**
 * GET /catalog's shape, in a file of types only: the console's query builder reads it too, and its bundle can't
 * take the policy library (Node's fs, class-validator) that computes it.
 */

/** A dataset as the query builder may offer it: its words and what may be asked, not where its records live. */
export interface PublishedDataset {
  label: string;
  holders: string[];
  dimensions: string[];
  fields: Record<string, FieldSpec>;
  /** Held by one partner that can link its records per child: a combination's population or factor. */
  linkable: boolean;
  /** One record per person: what a rate's denominator may count. */
  population: boolean;
}

/** GET /catalog: what policies/catalog.yaml publishes to analysts, and the partners' names; nothing from any record. */
export interface PublishedCatalog {
  version: number;
  region: string;
  dimensions: Record<string, DimensionSpec>;
  datasets: Record<string, PublishedDataset>;
  organisations: Record<string, string>;
  combinationYear: string;
  /** The legal bases a query may state (platform.yaml), for the builder's choice. */
  legalBases: Record<string, LegalBasis>;
  /** Every DPIA some partner accepts, with who accepts it until when, for the builder's choice. */
  dpias: { reference: string; title?: string; acceptedBy: { org: string; until: string }[] }[];
}
