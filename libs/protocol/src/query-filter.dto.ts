import { IsDefined, IsIn, IsString, Matches } from 'class-validator';

export const FILTER_OPERATORS = ['eq', 'in', 'gte', 'lte'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export type FilterValue = string | number | boolean | (string | number)[];

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

export class QueryFilterDto {
  @IsString()
  @Matches(IDENTIFIER, { message: 'filter field must be a field name' })
  field: string;

  @IsIn(FILTER_OPERATORS)
  op: FilterOperator;

  @IsDefined()
  value: FilterValue;
}

export type QueryFilter = { field: string; op: FilterOperator; value: FilterValue };
