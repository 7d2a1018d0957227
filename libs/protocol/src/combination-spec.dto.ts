import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { QueryFilterDto, QuerySpec } from './query-spec.dto';

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

/** One risk factor: it holds for a child when one of the child's records in `dataset` passes every filter. */
export class CombinationFactorDto {
  @IsString()
  @Matches(IDENTIFIER, { message: 'factor dataset must be a dataset id' })
  dataset: string;

  @IsString()
  @MinLength(3)
  @MaxLength(80)
  label: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => QueryFilterDto)
  filters?: QueryFilterDto[];
}

/**
 * "How many children per cell have all (or at least m) of these factors", where each factor sits at a
 * different partner: the population dataset owns the grid (e.g. the municipality's children by wijk and
 * age band), the factors are conditions on other partners' datasets, linked per child only under encryption.
 */
export class CombinationSpecDto {
  @IsString()
  @Matches(IDENTIFIER, { message: 'population must be a dataset id' })
  population: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => QueryFilterDto)
  filters?: QueryFilterDto[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsString({ each: true })
  groupBy: string[];

  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(6)
  @ValidateNested({ each: true })
  @Type(() => CombinationFactorDto)
  factors: CombinationFactorDto[];

  /** Count children with at least this many of the factors; all of them when left out. */
  @IsOptional()
  @IsInt()
  @Min(1)
  atLeast?: number;

  @IsString()
  @MinLength(20, { message: 'purpose must say in at least 20 characters why this query is needed' })
  @MaxLength(2000)
  purpose: string;
}

type Filters = QuerySpec['filters'];

export type CombinationSpec = {
  population: string;
  filters?: Filters;
  groupBy: string[];
  factors: { dataset: string; label: string; filters?: Filters }[];
  atLeast?: number;
  purpose: string;
};
