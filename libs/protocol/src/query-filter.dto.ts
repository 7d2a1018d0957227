import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { IsPlainText } from './plain-text';
import { IDENTIFIER } from './wire-patterns';

export const FILTER_OPERATORS = ['eq', 'in', 'gte', 'lte'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export type FilterValue = string | number | boolean | (string | number)[];

export class QueryFilterDto {
  @IsString()
  @Matches(IDENTIFIER, { message: 'filter field must be a field name' })
  field: string;

  @IsIn(FILTER_OPERATORS)
  op: FilterOperator;

  /** A category the steward reads in the review: plain text like the purpose. */
  @IsDefined()
  @IsPlainText()
  value: FilterValue;
}

export type QueryFilter = { field: string; op: FilterOperator; value: FilterValue };

/** An optional list of at most 8 filters, each validated: a query's, or a combination factor's. */
export function IsQueryFilters(): PropertyDecorator {
  return (target, property) => {
    for (const decorate of [
      IsOptional(),
      IsArray(),
      ArrayMaxSize(8),
      ValidateNested({ each: true }),
      Type(() => QueryFilterDto),
    ])
      decorate(target, property);
  };
}
