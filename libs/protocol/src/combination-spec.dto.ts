import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { IsPlainText } from './plain-text';
import { IsQueryFilters, QueryFilter, QueryFilterDto } from './query-filter.dto';
import { IDENTIFIER, QUERY_ID } from './wire-patterns';

export const COMBINATION_ANALYSES = ['atLeast', 'patterns', 'outcomeByCount', 'cohort'] as const;
export type CombinationAnalysis = (typeof COMBINATION_ANALYSES)[number];

/** One risk factor: it holds for a child when one of the child's records in `dataset` passes every filter. */
export class CombinationFactorDto {
  @IsString()
  @Matches(IDENTIFIER, { message: 'factor dataset must be a dataset id' })
  dataset: string;

  @IsString()
  @MinLength(3)
  @MaxLength(80)
  @IsPlainText()
  label: string;

  @IsQueryFilters()
  filters?: QueryFilterDto[];
}

/** At least 2 factors; a cohort's factors are its outcomes, and one is enough. */
function HasEnoughFactors(): PropertyDecorator {
  const least = (combination: object) => ((combination as { analysis?: string }).analysis === 'cohort' ? 1 : 2);
  return ValidateBy({
    name: 'hasEnoughFactors',
    validator: {
      validate: (value: unknown, args) => Array.isArray(value) && value.length >= least(args!.object),
      defaultMessage: (args) =>
        `factors must list at least ${least(args!.object)} ${least(args!.object) === 1 ? 'outcome' : 'factors'}`,
    },
  });
}

/**
 * Turns a count over a population dataset (its filters and grid: e.g. the municipality's children of 2024
 * by wijk and age band) into "how many of those children have all (or at least m) of these factors", each
 * factor a condition on one other partner's dataset, linked per child only under encryption.
 */
export class CombinationDto {
  @IsArray()
  @HasEnoughFactors()
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => CombinationFactorDto)
  factors: CombinationFactorDto[];

  /** Count children with at least this many of the factors; all of them when left out. */
  @IsOptional()
  @IsInt()
  @Min(1)
  atLeast?: number;

  /**
   * atLeast (left out): one count per cell. patterns: children per combination of the factors (the "giftige
   * cocktail" table), per outcome too if one is named. outcomeByCount: per number of factors, the children and
   * those of them with the outcome. See docs/combination-protocol.md, "The cocktail analysis". cohort: the population
   * is a cohort grouped by arm, the factors are its later outcomes; per arm, the children and those with an outcome.
   */
  @IsOptional()
  @IsIn(COMBINATION_ANALYSES, { message: `analysis must be one of ${COMBINATION_ANALYSES.join(', ')}` })
  analysis?: CombinationAnalysis;

  /** A later outcome, held by a partner that holds none of the factors: the last link of the chain. */
  @IsOptional()
  @ValidateNested()
  @Type(() => CombinationFactorDto)
  outcome?: CombinationFactorDto;

  /**
   * cohort: the analyst's released cohort query of an earlier year (same arms, same outcomes a year earlier) that is
   * the before cohort of a difference-in-differences estimate (docs/combination-protocol.md, "Cohort follow-up").
   */
  @IsOptional()
  @IsString()
  @Matches(QUERY_ID, { message: 'combination.before must be a query id' })
  before?: string;
}

export type CombinationFactor = { dataset: string; label: string; filters?: QueryFilter[] };

export type Combination = {
  factors: CombinationFactor[];
  atLeast?: number;
  analysis?: CombinationAnalysis;
  outcome?: CombinationFactor;
  before?: string;
};
