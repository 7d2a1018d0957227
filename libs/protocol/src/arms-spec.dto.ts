import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { IsPlainText } from './plain-text';
import { IDENTIFIER } from './wire-patterns';

export type ArmValue = string | number;

/** The most values one arm may list: more than any catalog dimension the arms are drawn from. */
export const MAX_ARM_VALUES = 1000;

const isArmValue = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 40) || Number.isSafeInteger(v);

function IsArmValues(): PropertyDecorator {
  return ValidateBy({
    name: 'isArmValues',
    validator: {
      validate: (value: unknown) => Array.isArray(value) && value.every(isArmValue),
      defaultMessage: (args) =>
        `${args?.property} must list catalog values (texts of at most 40 characters, or integers)`,
    },
  });
}

/**
 * The derived dimension `arm`: which values of another dimension (e.g. the schools that run Team op Maat) form the
 * intervention arm, and which the comparison arm (every other value of that dimension when left out). Part of the
 * signed query: every steward approves the lists.
 */
export class ArmsDto {
  @IsString()
  @Matches(IDENTIFIER, { message: 'arms.dimension must be a dimension name' })
  dimension: string;

  @IsString()
  @MinLength(3)
  @MaxLength(80)
  @IsPlainText()
  label: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ARM_VALUES)
  @ArrayUnique()
  @IsArmValues()
  @IsPlainText()
  intervention: ArmValue[];

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ARM_VALUES)
  @ArrayUnique()
  @IsArmValues()
  @IsPlainText()
  comparison?: ArmValue[];
}

export type Arms = { dimension: string; label: string; intervention: ArmValue[]; comparison?: ArmValue[] };
