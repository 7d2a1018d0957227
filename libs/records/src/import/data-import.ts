import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { Catalog } from '@bfa/policy';
import { readCsvTable } from './csv-table';
import { DEFAULT_POSTCODE_TABLE, ImportMapping } from './import-mapping';
import { ImportReport } from './import-report';
import { ImportFileError, ImportTable } from './import-table';
import { PostcodeTable } from './postcode-table';
import { DatasetBusy, DatasetLocks } from '../dataset-lock';
import { EditionSource, openRecordStore, writeEdition, WriteOutcome } from './record-store';
import { ImportProblem, ImportRecord, RowChecker } from './row-checker';
import { readXlsxTable } from './xlsx-table';

export interface DataImportOptions {
  /** The node's data directory (BFA_DATA_DIR): its records.sqlite is written. */
  dataDir: string;
  catalog: Catalog;
  /** Where the catalog came from; the postcode table is found relative to it. */
  policiesDir: string;
  dataset: string;
  mapping: ImportMapping;
  /** The export's path; or, with `content`, only its name (the steward's upload). */
  file: string;
  content?: Buffer;
  acceptPartial?: boolean;
  /** Import only this year's rows (others are refused) and replace only this year. */
  replaceYear?: number;
  now?: Date;
  /** Check and report only: nothing is written (the steward's console shows the report before the import is confirmed). */
  checkOnly?: boolean;
  /** How long the import waits for queries reading the dataset before it refuses, naming them (default a minute). */
  lockWaitMs?: number;
  /** Called after each batch of inserted records, inside the transaction (tests interrupt an import with it). */
  afterChunk?: (inserted: number) => void;
}

function readTable(file: string, bytes: Buffer): Promise<ImportTable> | ImportTable {
  return extname(file).toLowerCase() === '.xlsx' ? readXlsxTable(bytes) : readCsvTable(bytes);
}

interface Checked {
  records: ImportRecord[];
  problems: ImportProblem[];
  refused: number;
}

function checkRows(table: ImportTable, checker: RowChecker, replaceYear?: number): Checked {
  const checked: Checked = { records: [], problems: [], refused: 0 };
  for (const row of table.rows) {
    const { record, problems } = checker.check(row, table.header.length);
    if (record && replaceYear !== undefined && record.year !== replaceYear)
      problems.push({
        row: row.row,
        column: null,
        problem: `a row of ${record.year}, not of the year being replaced (${replaceYear})`,
      });
    if (problems.length > 0) {
      checked.problems.push(...problems);
      checked.refused += 1;
    } else checked.records.push(record!);
  }
  return checked;
}

/** The mapping's postcode table, if it derives wijk and buurt; one that can't be read refuses the import, naming it. */
function readPostcodes(options: DataImportOptions): PostcodeTable | undefined {
  if (!options.mapping.postcode) return undefined;
  const table = options.mapping.postcode.table ?? DEFAULT_POSTCODE_TABLE;
  try {
    return PostcodeTable.read(resolve(options.policiesDir, table));
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new Error(`the postcode table ${table} can't be read: ${why.replace(options.policiesDir, '')}`);
  }
}

/**
 * Reads a partner's export, checks every row against the catalog through its mapping and, when nothing is
 * refused (or --accept-partial), replaces the dataset's records of the file's years in one transaction.
 */
export async function importData(options: DataImportOptions): Promise<ImportReport> {
  const base = {
    file: basename(options.file),
    dataset: options.dataset,
    format: extname(options.file).slice(1).toLowerCase(),
    rowsRead: 0,
    rowsAccepted: 0,
    rowsRefused: 0,
    years: [],
    problems: [],
  };
  const refuse = (reason: string, extra: Partial<ImportReport> = {}): ImportReport => ({
    ...base,
    ...extra,
    outcome: 'refused',
    reason,
  });
  if (!existsSync(options.dataDir) || !statSync(options.dataDir).isDirectory())
    return refuse(`no node data directory at ${options.dataDir}`);
  let table: ImportTable;
  const bytes = options.content ?? readFileSync(options.file);
  try {
    table = await readTable(options.file, bytes);
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    return refuse(error.message, { problems: [{ row: null, column: null, problem: error.message }] });
  }
  const described = {
    format: table.format,
    encoding: table.encoding,
    delimiter: table.delimiter,
    rowsRead: table.rows.length,
  };
  let postcodes: PostcodeTable | undefined;
  try {
    postcodes = readPostcodes(options);
  } catch (error) {
    return refuse((error as Error).message, described);
  }
  const checker = new RowChecker(options.catalog, options.dataset, options.mapping, table.header, postcodes);
  if (checker.headerProblems.length > 0)
    return refuse("the file's columns do not match the mapping", {
      ...described,
      rowsRefused: table.rows.length,
      problems: checker.headerProblems,
    });
  if (table.rows.length === 0) return refuse('the file has a header but no data rows', described);
  const { records, problems, refused } = checkRows(table, checker, options.replaceYear);
  const counted = { ...described, rowsAccepted: records.length, rowsRefused: refused, problems };
  if (refused > 0 && !options.acceptPartial)
    return refuse(
      `${refused} of ${table.rows.length} rows refused: fix them, or import only the accepted rows with --accept-partial`,
      { ...counted, rowsAccepted: 0 },
    );
  if (records.length === 0) return refuse('no row was accepted', counted);
  const years =
    options.replaceYear !== undefined
      ? [options.replaceYear]
      : [...new Set(records.map((r) => r.year as number))].sort();
  if (options.checkOnly) return { ...base, ...counted, years, outcome: 'checked' };
  const locks = await DatasetLocks.open(options.dataDir);
  try {
    const source = {
      dataset: options.dataset,
      table: options.catalog.datasets[options.dataset].table,
      years,
      file: base.file,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      rowsRead: table.rows.length,
      rowsRefused: refused,
    };
    const write = () => writeToStore(options, source, records);
    const { edition, changed } = await locks.holding(
      options.dataset,
      'import',
      base.file,
      options.lockWaitMs ?? 60_000,
      write,
    );
    return {
      ...base,
      ...counted,
      years,
      outcome: changed ? 'imported' : 'unchanged',
      edition: {
        id: edition.edition_id,
        importedAt: edition.imported_at,
        rowsReplaced: changed ? edition.rows_replaced : 0,
      },
    };
  } catch (error) {
    if (error instanceof DatasetBusy) return refuse(error.message, { ...counted, rowsAccepted: 0 });
    throw error;
  } finally {
    await locks.close();
  }
}

async function writeToStore(
  options: DataImportOptions,
  source: EditionSource,
  records: ImportRecord[],
): Promise<WriteOutcome> {
  const store = await openRecordStore(join(options.dataDir, 'records.sqlite'), source.table);
  try {
    return await writeEdition(store, source, records, options.now ?? new Date(), options.afterChunk);
  } finally {
    await store.destroy();
  }
}
