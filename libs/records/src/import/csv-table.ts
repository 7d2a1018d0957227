import { CsvError, parse } from 'csv-parse/sync';
import { decodeText } from './text-decoding';
import { ImportFileError, ImportTable } from './import-table';

const DELIMITERS = [';', ',', '\t'];

/** The delimiter that occurs most often in the header line, outside quotes; Dutch exports mostly use `;`. */
export function detectDelimiter(text: string): string {
  const header = text.split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, '');
  const counts = DELIMITERS.map((d) => header.split(d).length - 1);
  const most = Math.max(...counts);
  return most === 0 ? ';' : DELIMITERS[counts.indexOf(most)];
}

/** Reads a CSV export (UTF-8 with or without BOM, or Windows-1252; `;`, `,` or tab) into its header and rows. */
export function readCsvTable(bytes: Uint8Array): ImportTable {
  const { text, encoding, bom } = decodeText(bytes);
  if (text.trim() === '') throw new ImportFileError('the file is empty: no header row and no data rows');
  const delimiter = detectDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new ImportFileError(
      `not readable as CSV: ${error.code} near line ${(error as CsvError & { lines?: number }).lines ?? '?'}`,
    );
  }
  const [header, ...rows] = records;
  return {
    format: 'csv',
    delimiter,
    encoding,
    bom,
    header: header.record,
    rows: rows.map(({ record, info }) => ({ row: info.lines, cells: record })),
  };
}
