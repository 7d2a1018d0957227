import { ARM, Catalog, DatasetSpec } from '@bfa/policy';
import { ageBandOf, ageOn, parseDate, referenceDate } from './birth-date';
import { parseCategory, parseField, parseInteger, Parsed, RecordValue } from './field-values';
import { ImportMapping } from './import-mapping';
import { ImportRow } from './import-table';
import { normalisePostcode, PostcodeTable } from './postcode-table';

/** One thing wrong with an import: where (row as the spreadsheet numbers it, header = 1; column) and what. Only the offending value, never another. */
export interface ImportProblem {
  row: number | null;
  column: string | null;
  problem: string;
  /** The offending cell, except for the child key, date of birth, postcode and house number, which are never repeated. */
  value?: string;
}

export type ImportRecord = Record<string, RecordValue>;

export interface CheckedRow {
  record?: ImportRecord;
  problems: ImportProblem[];
}

/** Checks every row of one export against the catalog through the partner's mapping, and turns the good ones into records. */
export class RowChecker {
  private readonly dataset: DatasetSpec;
  private readonly index = new Map<string, number>();
  private readonly fields: string[];
  private readonly childKeys = new Map<string, number>();
  /** Problems with the file's columns: any of them refuses the whole file. */
  readonly headerProblems: ImportProblem[] = [];

  constructor(
    private readonly catalog: Catalog,
    datasetName: string,
    private readonly mapping: ImportMapping,
    header: string[],
    private readonly postcodes?: PostcodeTable,
  ) {
    this.dataset = catalog.datasets[datasetName];
    const base = ['child_ref', 'wijk', 'buurt', 'age_band', 'year'];
    // Other stored dimensions (a pupil's school) are columns too; the arm is derived per query and never stored.
    const stored = this.dataset.dimensions.filter((d) => !base.includes(d) && d !== ARM);
    this.fields = [...base, ...stored, ...Object.keys(this.dataset.fields)];
    header.forEach((name, i) =>
      this.index.has(name)
        ? this.headerProblems.push({ row: 1, column: name, problem: 'column appears twice in the header' })
        : this.index.set(name, i),
    );
    this.checkHeader(header);
  }

  private mappedColumns(): string[] {
    const { dateOfBirth, postcode } = this.mapping;
    return [
      ...Object.keys(this.mapping.columns),
      ...(dateOfBirth ? [dateOfBirth.column] : []),
      ...(postcode ? [postcode.column] : []),
      ...(postcode?.houseNumber ? [postcode.houseNumber] : []),
    ];
  }

  private checkHeader(header: string[]): void {
    const mapped = this.mappedColumns();
    for (const column of mapped)
      if (!this.index.has(column))
        this.headerProblems.push({
          row: 1,
          column,
          problem: 'required column missing from the file (the mapping names it)',
        });
    const known = new Set([...mapped, ...(this.mapping.ignore ?? [])]);
    for (const column of header)
      if (!known.has(column))
        this.headerProblems.push({
          row: 1,
          column: column || '(empty)',
          problem: 'unknown column: not in the mapping (map it under columns, or list it under ignore)',
        });
  }

  check(row: ImportRow, width: number): CheckedRow {
    if (row.cells.length !== width)
      return {
        problems: [
          { row: row.row, column: null, problem: `has ${row.cells.length} cells where the header has ${width}` },
        ],
      };
    const problems: ImportProblem[] = [];
    const record: ImportRecord = {};
    const cell = (column: string) => row.cells[this.index.get(column)!] ?? '';
    const refuse = (column: string, problem: string, echo: boolean) =>
      problems.push({ row: row.row, column, problem, ...(echo ? { value: cell(column) } : {}) });
    for (const [column, field] of Object.entries(this.mapping.columns)) {
      const parsed = this.parseMapped(field, cell(column));
      if ('problem' in parsed) refuse(column, parsed.problem, field !== this.dataset.childKey && field !== 'child_ref');
      else record[field] = parsed.value;
    }
    if (this.mapping.postcode) this.derivePlace(cell, record, refuse);
    if (this.mapping.dateOfBirth) this.deriveAgeBand(cell, record, refuse);
    this.checkBuurtInWijk(record, refuse);
    if (problems.length === 0) this.checkChildKey(row.row, record, problems);
    return problems.length > 0 ? { problems } : { record: this.complete(record), problems };
  }

  private parseMapped(field: string, text: string): Parsed<RecordValue> {
    const mapped = this.mapping.values?.[field]?.[text] ?? text;
    if (typeof mapped === 'string' && mapped.trim() === '')
      return field === 'buurt' ? { value: '' } : { problem: 'missing value' };
    if (field === 'year') return this.parseYear(mapped);
    if (field === 'child_ref') return { value: String(mapped).trim() };
    if (field === 'buurt') return this.parseBuurt(String(mapped).trim());
    if (this.dataset.fields[field]) return parseField(mapped, this.dataset.fields[field]);
    const dimension = this.catalog.dimensions[field];
    return parseCategory(
      mapped,
      dimension?.values,
      field === 'wijk' ? `wijk code of catalog edition ${this.catalog.version}` : `${field} of the catalog`,
    );
  }

  private parseBuurt(code: string): Parsed<RecordValue> {
    if (!/^BU\d{8}$/.test(code)) return { problem: 'not a CBS buurt code (BU + 8 digits)' };
    const listed = this.catalog.dimensions.buurt?.values;
    return !listed || listed.includes(code)
      ? { value: code }
      : { problem: `not a buurt code of catalog edition ${this.catalog.version}` };
  }

  /** A buurt code holds its wijk's digits (BU gggg ww bb in WK gggg ww): a record placed in both must name the same wijk. */
  private checkBuurtInWijk(record: ImportRecord, refuse: (c: string, p: string, echo: boolean) => void): void {
    const { buurt, wijk } = record;
    if (typeof buurt !== 'string' || buurt === '' || typeof wijk !== 'string' || buurt.slice(2, 8) === wijk.slice(2))
      return;
    const column =
      Object.entries(this.mapping.columns).find(([, field]) => field === 'buurt')?.[0] ??
      this.mapping.postcode?.column ??
      'buurt';
    refuse(column, `buurt ${buurt} does not lie in wijk ${wijk}`, true);
  }

  private parseYear(value: RecordValue): Parsed<number> {
    const parsed = parseInteger(value);
    if ('problem' in parsed) return parsed;
    const years = this.catalog.dimensions.year?.values ?? [];
    return years.length === 0 || years.some((y) => Number(y) === parsed.value)
      ? parsed
      : { problem: `not a year of the catalog (${years.join(', ')})` };
  }

  private derivePlace(
    cell: (c: string) => string,
    record: ImportRecord,
    refuse: (c: string, p: string, echo: boolean) => void,
  ): void {
    const { column, houseNumber } = this.mapping.postcode!;
    const postcode = normalisePostcode(cell(column));
    if (!postcode) return refuse(column, 'not a 6-position postcode (1234 AB)', false);
    let number: number | undefined;
    if (houseNumber) {
      const digits = /^\s*(\d+)/.exec(cell(houseNumber));
      if (!digits) return refuse(houseNumber, 'not a house number', false);
      number = Number(digits[1]);
    }
    const place = this.postcodes?.locate(postcode, number) ?? 'no postcode table loaded';
    if (typeof place === 'string') return refuse(column, place, false);
    const wijk = parseCategory(
      place.wijk,
      this.catalog.dimensions.wijk?.values,
      `wijk code of catalog edition ${this.catalog.version}`,
    );
    if ('problem' in wijk) return refuse(column, `lies in ${place.wijk}, ${wijk.problem}`, false);
    const buurt = this.parseBuurt(place.buurt);
    if ('problem' in buurt) return refuse(column, `lies in ${place.buurt}, ${buurt.problem}`, false);
    Object.assign(record, place);
  }

  private deriveAgeBand(
    cell: (c: string) => string,
    record: ImportRecord,
    refuse: (c: string, p: string, echo: boolean) => void,
  ): void {
    const { column, referenceDate: setting } = this.mapping.dateOfBirth!;
    const birth = parseDate(cell(column));
    if (!birth) return refuse(column, 'not a date (DD-MM-YYYY or YYYY-MM-DD)', false);
    const on = referenceDate(setting, record.year as number | undefined);
    if (!on) return; // the row's year is missing or wrong, and already refused for it
    record.year ??= on.year;
    const age = ageOn(birth, on);
    const band = ageBandOf(age, (this.catalog.dimensions.age_band?.values ?? []).map(String), on);
    if ('problem' in band) return refuse(column, band.problem, false);
    record.age_band = band.value;
    const year = this.parseYear(on.year);
    if ('problem' in year) refuse(column, `reference date's year: ${year.problem}`, false);
  }

  /** A child appears at most once per year in a dataset with a child key; the later row is refused, naming the first. */
  private checkChildKey(row: number, record: ImportRecord, problems: ImportProblem[]): void {
    const key = this.dataset.childKey;
    if (!key) return;
    const seen = `${record.year}\u0000${record[key]}`;
    const first = this.childKeys.get(seen);
    if (first === undefined) return void this.childKeys.set(seen, row);
    const column = Object.entries(this.mapping.columns).find(([, field]) => field === key)![0];
    problems.push({ row, column, problem: `the same child as row ${first} in ${record.year} (duplicate ${key})` });
  }

  /** The record in the table's column order, with an empty buurt or child_ref where the dataset has none. */
  private complete(record: ImportRecord): ImportRecord {
    const complete: ImportRecord = {};
    for (const field of this.fields) complete[field] = record[field] ?? '';
    return complete;
  }
}
