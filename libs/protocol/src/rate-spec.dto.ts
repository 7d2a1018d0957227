import { IsString, Matches } from 'class-validator';
import { IsQueryFilters, QueryFilter, QueryFilterDto } from './query-filter.dto';
import { IDENTIFIER } from './wire-patterns';

/** What a rate may be expressed per: per record, per cent, per thousand and so on. */
export const RATE_PER = [1, 100, 1000, 10_000, 100_000] as const;
export const RATE_METHODS = ['wilson', 'exact'] as const;

/** A rate's denominator: records of the population dataset (another partner's, or the same one's), with its own filters. */
export class RateDenominatorDto {
  @IsString()
  @Matches(IDENTIFIER, { message: 'denominator.dataset must be a dataset id' })
  dataset: string;

  @IsQueryFilters()
  filters?: QueryFilterDto[];
}

export type RateDenominator = { dataset: string; filters?: QueryFilter[] };
