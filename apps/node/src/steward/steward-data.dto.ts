import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';

/** The steward's upload of an export to import: the file's bytes in base64, its name, and the mapping (by name, or its text). */
export class StewardImportDto {
  @IsString()
  @Matches(/^[\w][\w .()-]{0,150}\.(csv|xlsx)$/i, {
    message: 'fileName must be a plain file name ending in .csv or .xlsx',
  })
  fileName: string;

  @IsString()
  @Matches(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'content must be the file in base64' })
  content: string;

  @IsString() @Matches(/^[a-z][a-z0-9_]{0,62}$/) dataset: string;

  /** A mapping file of the node's mapping folder, by its name without extension (gemeente → gemeente.yaml). */
  @ValidateIf((dto: StewardImportDto) => dto.mappingText === undefined)
  @IsString({ message: "give mapping (a name from the node's mapping folder) or mappingText (the mapping YAML)" })
  @Matches(/^[a-z0-9][a-z0-9_-]{0,60}$/, {
    message: 'mapping must be the name of a mapping file, without directory or extension',
  })
  mapping?: string;

  @IsOptional() @IsString() @MaxLength(65_536) mappingText?: string;

  @IsOptional() @IsBoolean() acceptPartial?: boolean;

  @IsOptional() @IsInt() @Min(1900) @Max(2999) replaceYear?: number;

  /** Check and answer with the report, write nothing: the console's step before the steward confirms. */
  @IsOptional() @IsBoolean() checkOnly?: boolean;
}
