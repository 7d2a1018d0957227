import { writeFileSync } from 'node:fs';
import { stream } from 'exceljs';

/** A cell of a partner's export: text as the partner's system writes it, a number, or a date. */
export type ExportCell = string | number | Date;

/** How a partner's office software writes a CSV. */
export interface CsvStyle {
  delimiter: ';' | ',' | '\t';
  /** Excel's "CSV UTF-8" starts with a byte-order mark. */
  bom: boolean;
}

/** DD-MM-YYYY, as Dutch exports write dates. */
export function dutchDate(date: Date): string {
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}-${mm}-${date.getUTCFullYear()}`;
}

/** An amount in euros as Dutch software writes it: thousands grouped with `.`, a decimal comma ("1.234,00"). */
export function dutchAmount(euros: number): string {
  const [whole, cents] = euros.toFixed(2).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${cents}`;
}

function csvCell(cell: ExportCell, delimiter: string): string {
  const text = cell instanceof Date ? dutchDate(cell) : String(cell);
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function writeCsv(file: string, header: string[], rows: ExportCell[][], style: CsvStyle): void {
  const lines = [header, ...rows].map((cells) =>
    cells.map((cell) => csvCell(cell, style.delimiter)).join(style.delimiter),
  );
  writeFileSync(file, (style.bom ? '\ufeff' : '') + lines.join('\r\n') + '\r\n');
}

/**
 * One sheet, header in row 1; numbers as numbers, dates as Excel dates in the built-in short date format (which
 * Excel shows in the reader's own locale: DD-MM-YYYY in Dutch). Streamed, so a whole region fits.
 */
export async function writeXlsx(
  file: string,
  sheetName: string,
  header: string[],
  rows: ExportCell[][],
): Promise<void> {
  const workbook = new stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header).commit();
  for (const row of rows) sheet.addRow(row).commit();
  await workbook.commit();
}
