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
import { Combination, CombinationDto } from './combination-spec.dto';
import { IsPlainText } from './plain-text';
import { ProcessingGrounds, ProcessingGroundsDto } from './processing-grounds.dto';
import { IsQueryFilters, QueryFilter, QueryFilterDto } from './query-filter.dto';
import { IDENTIFIER } from './wire-patterns';

export { FILTER_OPERATORS, FilterOperator, FilterValue, QueryFilter, QueryFilterDto } from './query-filter.dto';

export const MEASURE_KINDS = ['count', 'sum'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

export class MeasureDto {
  @IsIn(MEASURE_KINDS)
  kind: MeasureKind;

  @ValidateIf((measure: MeasureDto) => measure.kind === 'sum' || measure.field !== undefined)
  @IsString()
  @Matches(IDENTIFIER, { message: 'measure.field must be a field name' })
  field?: string;
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
}

export type QuerySpec = ProcessingGrounds & {
  dataset: string;
  measure: { kind: MeasureKind; field?: string };
  groupBy: string[];
  filters?: QueryFilter[];
  purpose: string;
  combination?: Combination;
};
