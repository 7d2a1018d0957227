import { readFileSync } from 'node:fs';
import Table from 'cli-table3';
import { Command, Option } from 'commander';
import { Identity, loadIdentity } from '@bfa/access';
import { passphraseOf } from '@bfa/runtime';
import { cliSettings } from './cli.config';

export interface ConnectionOptions {
  url: string;
  key: string;
  json?: boolean;
}

/** --url and --key on every command that talks to the platform, with BFA_URL / BFA_KEY as defaults. */
export function withConnection(command: Command, what: string): Command {
  return command
    .addOption(new Option('--url <url>', `${what} base URL`).env('BFA_URL').makeOptionMandatory())
    .addOption(
      new Option(
        '--key <file>',
        'your key file ({ id, secretKey }; if sealed by `bfa keys protect`, its passphrase in BFA_SIGNING_KEY_PASSPHRASE(_FILE))',
      )
        .env('BFA_KEY')
        .makeOptionMandatory(),
    )
    .option('--json', 'print JSON instead of a table');
}

export function identityOf(options: ConnectionOptions): Identity & { org?: string } {
  return loadIdentity(options.key, keyPassphrase());
}

/** The passphrase of a sealed key file, from the same settings the coordinator and nodes read theirs. */
export const keyPassphrase = () => passphraseOf(cliSettings());

export function readJsonFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

/** Rows as a table for people (cli-table3, the first row's keys as headings). */
export function rowsTable(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return '(none)';
  const table = new Table({ head: Object.keys(rows[0]), style: { head: [], border: [], compact: true } });
  for (const row of rows)
    table.push(Object.values(row).map((cell) => (cell === undefined || cell === null ? '' : String(cell))));
  return table.toString();
}

/** Rows as a table for people, or the raw value as JSON for scripts (exactly as the API returned it). */
export function print(value: unknown, json: boolean | undefined, rows?: Record<string, unknown>[]): void {
  if (json || !rows) return console.log(JSON.stringify(value, null, 2));
  console.log(rowsTable(rows));
}

/** Text for people, or the raw value as JSON for scripts. */
export function printText(value: unknown, json: boolean | undefined, text: () => string): void {
  console.log(json ? JSON.stringify(value, null, 2) : text());
}
