import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { ARM, Catalog, DatasetSpec, PolicyFileError, readPolicyDocument } from '@bfa/policy';

/** A mapping file that does not fit the catalog dataset it is used for. */
export class ImportMappingError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(
      `mapping file ${file} does not fit: ${problems.length === 1 ? problems[0] : problems.map((p) => `\n  - ${p}`).join('')}`,
    );
  }
}

/** Where a record's age band (and, with a fixed date, its year) comes from: the child's date of birth on a reference date. */
export interface DateOfBirthMapping {
  column: string;
  /** `MM-DD` (that day of the row's year, which then needs a year column) or a fixed `YYYY-MM-DD` (which also gives the year). */
  referenceDate: string;
}

/** Where a record's wijk and buurt come from: a 6-position postcode (and house number) looked up in the reference table. */
export interface PostcodeMapping {
  column: string;
  houseNumber?: string;
  /** The postcode–house-number–buurt table, relative to the policies directory. */
  table?: string;
}

/** A partner's mapping file: how the columns of its own export become the fields of one catalog dataset. */
export interface ImportMapping {
  dataset?: string;
  /** Export column → record field. */
  columns: Record<string, string>;
  /** Per field: the export's own codes → the catalog's value (e.g. "J" → true). */
  values?: Record<string, Record<string, string | number | boolean>>;
  dateOfBirth?: DateOfBirthMapping;
  postcode?: PostcodeMapping;
  /** Export columns deliberately left out; any other column not in `columns` refuses the file. */
  ignore?: string[];
}

export const DEFAULT_POSTCODE_TABLE = 'reference/pc6hnr-synthetic.csv';

/** Every column of a partner's record table besides the dataset's fields. */
const BASE_FIELDS = ['child_ref', 'wijk', 'buurt', 'age_band', 'year'];

/** The fields a record of `dataset` must have, and those it may leave empty. */
export function recordFields(catalog: Catalog, dataset: DatasetSpec): { required: string[]; optional: string[] } {
  const childKey = dataset.childKey ? [dataset.childKey] : [];
  // The arm is derived per query from the signed lists, never stored. A buurt may be left empty (an export with a
  // wijk but no address): such records count in every table except one by buurt.
  const required = [
    ...childKey,
    ...dataset.dimensions.filter((d) => d !== ARM && d !== 'buurt'),
    ...Object.keys(dataset.fields),
  ];
  return { required, optional: BASE_FIELDS.filter((f) => !required.includes(f)) };
}

/** Fields the mapping fills from derivations rather than columns. */
export function derivedFields(mapping: ImportMapping): string[] {
  const fromBirth = mapping.dateOfBirth
    ? ['age_band', ...(/^\d{4}-/.test(mapping.dateOfBirth.referenceDate) ? ['year'] : [])]
    : [];
  return [...fromBirth, ...(mapping.postcode ? ['wijk', 'buurt'] : [])];
}

/** What is wrong with a mapping for `datasetName`, in words the partner's staff can act on; empty when it fits. */
export function mappingProblems(mapping: ImportMapping, catalog: Catalog, datasetName: string): string[] {
  const dataset = catalog.datasets[datasetName];
  if (!dataset)
    return [`dataset ${datasetName} is not in the catalog (it has: ${Object.keys(catalog.datasets).join(', ')})`];
  if (mapping.dataset && mapping.dataset !== datasetName)
    return [`the mapping is for dataset ${mapping.dataset}, not ${datasetName}`];
  if (!mapping.columns || typeof mapping.columns !== 'object')
    return ['columns: missing; map each export column to a field (columns: { Column: field })'];
  const { required, optional } = recordFields(catalog, dataset);
  const problems: string[] = [];
  const targets = [...Object.values(mapping.columns), ...derivedFields(mapping)];
  for (const [column, field] of Object.entries(mapping.columns)) {
    if (![...required, ...optional].includes(field))
      problems.push(`columns.${column}: ${field} is not a field of ${datasetName} (fields: ${required.join(', ')})`);
  }
  for (const field of new Set(targets))
    if (targets.filter((t) => t === field).length > 1)
      problems.push(`${field} is filled from more than one column or derivation`);
  for (const field of required)
    if (!targets.includes(field)) problems.push(`${field}: no column maps to it (required by ${datasetName})`);
  for (const field of Object.keys(mapping.values ?? {}))
    if (!targets.includes(field)) problems.push(`values.${field}: no column maps to ${field}`);
  if (mapping.dateOfBirth && !/^(\d{4}-)?\d{2}-\d{2}$/.test(String(mapping.dateOfBirth.referenceDate)))
    problems.push("dateOfBirth.referenceDate: must be MM-DD (in the row's year) or YYYY-MM-DD");
  if (mapping.dateOfBirth && !mapping.dateOfBirth.column) problems.push('dateOfBirth.column: missing');
  if (mapping.postcode && !mapping.postcode.column) problems.push('postcode.column: missing');
  return problems;
}

/** Reads a mapping file (YAML or JSON) and checks it against the catalog; throws naming every problem. */
export function loadImportMapping(file: string, catalog: Catalog, datasetName: string): ImportMapping {
  let mapping: ImportMapping;
  try {
    mapping = readPolicyDocument(file).value as ImportMapping;
  } catch (error) {
    if (error instanceof PolicyFileError) throw new ImportMappingError(file, error.problems);
    throw error;
  }
  if (!mapping || typeof mapping !== 'object')
    throw new ImportMappingError(file, ['must be a mapping with columns: { Column: field }']);
  const problems = mappingProblems(mapping, catalog, datasetName);
  if (problems.length > 0) throw new ImportMappingError(file, problems);
  return mapping;
}

/**
 * What an uploaded mapping may not do that a file on the node's machine may: name a postcode table outside the
 * policies directory. Over HTTP the steward has no shell on the node, so a path there would have the node read
 * any file it can (and say whether it exists).
 */
export function uploadedMappingProblems(mapping: ImportMapping): string[] {
  const table = mapping.postcode?.table;
  if (table === undefined) return [];
  const path = normalize(String(table));
  return isAbsolute(path) || path === '..' || path.startsWith(`..${sep}`)
    ? [`postcode.table: an uploaded mapping names a table inside the policies directory only, not '${table}'`]
    : [];
}

/** A mapping sent as text (the steward's upload): checked exactly as a mapping file, its problems named as the upload's. */
export function parseImportMapping(text: string, catalog: Catalog, datasetName: string): ImportMapping {
  const dir = mkdtempSync(join(tmpdir(), 'bfa-mapping-'));
  try {
    writeFileSync(join(dir, 'mapping.yaml'), text);
    const mapping = loadImportMapping(join(dir, 'mapping.yaml'), catalog, datasetName);
    const problems = uploadedMappingProblems(mapping);
    if (problems.length > 0) throw new ImportMappingError('(uploaded)', problems);
    return mapping;
  } catch (error) {
    if (error instanceof ImportMappingError)
      throw new ImportMappingError(
        '(uploaded)',
        error.problems.map((p) => p.replace(dir, '')),
      );
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
