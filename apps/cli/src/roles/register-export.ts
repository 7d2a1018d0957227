import { writeFileSync } from 'node:fs';
import {
  dataUse,
  dataUseCsv,
  DataUseQuestion,
  dataUseSummary,
  processingRegister,
  RegisterRow,
  registerCsv,
} from '@bfa/audit';
import { rowsTable } from '../cli-io';
import { FederationLogs } from './federation-audit';

/** `--out register` or `--out register.csv` (or .json): the two files the register is written to. */
export function registerFiles(out: string): { csv: string; json: string } {
  const base = out.replace(/\.(csv|json)$/i, '');
  return { csv: `${base}.csv`, json: `${base}.json` };
}

/** Writes the processing register as CSV and JSON; returns its rows. */
export function writeRegister(
  logs: FederationLogs,
  out: string,
): { rows: RegisterRow[]; files: { csv: string; json: string } } {
  const rows = processingRegister(logs.coordinator, logs.nodes);
  const files = registerFiles(out);
  writeFileSync(files.csv, registerCsv(rows));
  writeFileSync(files.json, `${JSON.stringify(rows, null, 2)}\n`);
  return { rows, files };
}

/** The privacy desk's answer for one partner, in words and as a table (or CSV in `out`). */
export function dataUseAnswer(
  logs: FederationLogs,
  org: string,
  question: DataUseQuestion,
  out?: string,
): { text: string; uses: ReturnType<typeof dataUse> } {
  const nodeLog = logs.nodes[org];
  if (!nodeLog) throw new Error(`${org}'s node log was not fetched: give --node ${org}=<its URL>`);
  const uses = dataUse(
    nodeLog,
    logs.fetched.some((f) => f.log === 'coordinator' && 'entries' in f) ? logs.coordinator : undefined,
    question,
  );
  if (out) writeFileSync(out, dataUseCsv(uses));
  const table = uses.map((u) => ({
    query: u.queryId,
    used: u.usedAt,
    datasets: u.datasets.join(', '),
    years: u.period,
    purpose: u.purpose,
    'legal basis': u.legalBasis,
    dpia: u.dpia,
    outcome: u.outcome,
  }));
  return {
    text: [...dataUseSummary(org, uses, question), ...(uses.length > 0 ? [rowsTable(table)] : [])].join('\n'),
    uses,
  };
}
