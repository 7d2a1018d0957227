import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Arms, ArmsDto } from './arms-spec.dto';
import { Combination, CombinationDto } from './combination-spec.dto';
import { IsPlainText } from './plain-text';
import { RATE_METHODS, RATE_PER, RateDenominator, RateDenominatorDto } from './rate-spec.dto';
import { ProcessingGrounds, ProcessingGroundsDto } from './processing-grounds.dto';
import { IsQueryFilters, QueryFilter, QueryFilterDto } from './query-filter.dto';
import { IDENTIFIER } from './wire-patterns';

export { RATE_METHODS, RATE_PER, RateDenominator, RateDenominatorDto } from './rate-spec.dto';
export type RateMethod = (typeof RATE_METHODS)[number];
export { FILTER_OPERATORS, FilterOperator, FilterValue, QueryFilter, QueryFilterDto } from './query-filter.dto';

/**
 * `mean`: the field's mean per cell, with its SD and 95% interval (the holders also add the sum of squares).
 * `rate`: the count per `per` records of the `denominator` (the population dataset), with a 95% interval.
 */
export const MEASURE_KINDS = ['count', 'sum', 'mean', 'rate'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

export class MeasureDto {
  @IsIn(MEASURE_KINDS)
  kind: MeasureKind;

  @ValidateIf((measure: MeasureDto) => measure.kind === 'sum' || measure.kind === 'mean' || measure.field !== undefined)
  @IsString()
  @Matches(IDENTIFIER, { message: 'measure.field must be a field name' })
  field?: string;

  @ValidateIf((measure: MeasureDto) => measure.kind === 'rate' || measure.per !== undefined)
  @IsIn(RATE_PER, { message: `measure.per must be one of ${RATE_PER.join(', ')}` })
  per?: number;

  @IsOptional()
  @IsIn(RATE_METHODS, { message: `measure.interval must be one of ${RATE_METHODS.join(', ')}` })
  interval?: RateMethod;

  @ValidateIf((measure: MeasureDto) => measure.kind === 'rate' || measure.denominator !== undefined)
  @IsDefined({ message: 'a rate needs measure.denominator: the population dataset and its filters' })
  @ValidateNested()
  @Type(() => RateDenominatorDto)
  denominator?: RateDenominatorDto;
}

/** The analyst's query: aggregate only, over catalog datasets, never free SQL; with its legal basis, DPIA and retention. */
export class QuerySpecDto extends ProcessingGroundsDto {
  @IsString()
  @Matches(IDENTIFIER, { message: 'dataset must be a dataset id' })
  dataset: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => MeasureDto)
  measure: MeasureDto;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsString({ each: true })
  groupBy: string[];

  @IsQueryFilters()
  filters?: QueryFilterDto[];

  @IsString()
  @MinLength(20, { message: 'purpose must say in at least 20 characters why this query is needed' })
  @MaxLength(2000)
  @IsPlainText()
  purpose: string;

  /** A combination query: the count above, of children who also have these factors at other partners. */
  @IsOptional()
  @ValidateNested()
  @Type(() => CombinationDto)
  combination?: CombinationDto;

  /** Grouping by `arm`: which values of another dimension form the intervention and the comparison arm. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ArmsDto)
  arms?: ArmsDto;
}

export type QuerySpec = ProcessingGrounds & {
  dataset: string;
  measure: { kind: MeasureKind; field?: string; per?: number; interval?: RateMethod; denominator?: RateDenominator };
  groupBy: string[];
  filters?: QueryFilter[];
  purpose: string;
  combination?: Combination;
  arms?: Arms;
};
