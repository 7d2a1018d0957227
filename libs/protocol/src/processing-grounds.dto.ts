import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

/** A legal basis's id as the platform policy lists it (`legalBases`), e.g. avg-6-1-e-jeugdwet. */
export const LEGAL_BASIS_ID = /^[a-z][a-z0-9_-]{1,62}$/;
/** A DPIA's reference as the organisations' policies list it, e.g. DPIA-SMARTSTART-2026-01. */
export const DPIA_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/-]{1,62}$/;
/** The longest a release may be kept: ten years, in days. */
export const MAX_RETENTION_DAYS = 3650;

/**
 * What the processing rests on (AVG art. 5, 6 and 35): its legal basis, the DPIA that covers it and how long
 * its release may be kept. Part of every query, so every steward's signature covers them.
 */
export class ProcessingGroundsDto {
  @IsString()
  @Matches(LEGAL_BASIS_ID, {
    message: 'legalBasis must be the id of a legal basis the platform policy lists, e.g. avg-6-1-e-jeugdwet',
  })
  legalBasis: string;

  @IsString()
  @Matches(DPIA_REFERENCE, {
    message: 'dpia must be the reference of the DPIA that covers this query, e.g. DPIA-SMARTSTART-2026-01',
  })
  dpia: string;

  @IsInt({ message: 'retentionDays must be a whole number of days the release may be kept' })
  @Min(1)
  @Max(MAX_RETENTION_DAYS)
  retentionDays: number;
}

export interface ProcessingGrounds {
  legalBasis: string;
  dpia: string;
  retentionDays: number;
}
