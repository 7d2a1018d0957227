import { ImportProblem } from './row-checker';

/** What an import did with a file: counts, every problem (row, column, what, only the offending value), and the edition if one was written. */
export interface ImportReport {
  file: string;
  dataset: string;
  format: string;
  encoding?: string;
  delimiter?: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRefused: number;
  /** imported: written as a new edition; unchanged: the store already held exactly these records; refused: nothing written; checked: would import, nothing written yet. */
  outcome: 'imported' | 'unchanged' | 'refused' | 'checked';
  reason?: string;
  years: number[];
  edition?: { id: string; importedAt: string; rowsReplaced: number };
  problems: ImportProblem[];
}

const CSV_COLUMNS = ['row', 'column', 'problem', 'value'] as const;

function csvCell(value: unknown): string {
  const text = value === undefined || value === null ? '' : String(value);
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The problems as a CSV for the partner's own spreadsheet (`;`-separated, as Dutch spreadsheets expect), a summary line first. */
export function reportCsv(report: ImportReport): string {
  const summary = `# ${report.file}: ${report.outcome}; ${report.rowsRead} rows read, ${report.rowsAccepted} accepted, ${report.rowsRefused} refused${report.edition ? `; edition ${report.edition.id}` : ''}`;
  const lines = report.problems.map((p) => CSV_COLUMNS.map((c) => csvCell(p[c])).join(';'));
  return [summary, CSV_COLUMNS.join(';'), ...lines].join('\n') + '\n';
}

export function reportSummary(report: ImportReport): string {
  const counts = `${report.rowsRead} rows read, ${report.rowsAccepted} accepted, ${report.rowsRefused} refused`;
  if (report.outcome === 'refused')
    return `${report.file}: nothing imported into ${report.dataset} (${counts}): ${report.reason}`;
  if (report.outcome === 'checked')
    return `${report.file}: checked, nothing written yet; importing it would replace ${report.dataset} of ${report.years.join(', ')} (${counts})`;
  if (report.outcome === 'unchanged')
    return `${report.file}: ${report.dataset} of ${report.years.join(', ')} already holds exactly these records (edition ${report.edition!.id}); nothing written (${counts})`;
  const partial =
    report.rowsRefused > 0 ? `; the ${report.rowsRefused} refused rows were left out (--accept-partial)` : '';
  return `${report.file}: imported into ${report.dataset}, years ${report.years.join(', ')} replaced (${report.edition!.rowsReplaced} records before), edition ${report.edition!.id} (${counts}${partial})`;
}
