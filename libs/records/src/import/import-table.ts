/** One data row of an import file: its row number as the partner's spreadsheet shows it (the header is row 1) and its cells as text. */
export interface ImportRow {
  row: number;
  cells: string[];
}

/** What an import file holds once read: its column names and data rows, whatever the file's format. */
export interface ImportTable {
  format: 'csv' | 'xlsx';
  /** For CSV: the delimiter found and how the bytes were decoded. */
  delimiter?: string;
  encoding?: string;
  bom?: boolean;
  header: string[];
  rows: ImportRow[];
}

/** A file that can't be read as a table at all; its message never quotes a cell. */
export class ImportFileError extends Error {}
