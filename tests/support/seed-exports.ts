import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalCluster } from '../../deploy/local/cluster';
import { PARTNER_EXPORTS } from '../../seeds/exports/partner-exports';

/** Where a test cluster's seeds wrote a partner's export of `dataset` (deploy/local/seed-nodes.ts: exports/<org>/). */
export function seedExportFile(cluster: LocalCluster, org: string, dataset: string): string {
  return join(cluster.dir, 'exports', org, PARTNER_EXPORTS[org].find((e) => e.dataset === dataset)!.file);
}

/** A seed CSV read as plain text, outside the platform's import: each row by the partner's own column names. */
export function readSeedCsv(file: string, delimiter: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(file, 'utf8')
    .replace(/^\ufeff/, '')
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => line.split(delimiter));
  return rows.map((cells) => Object.fromEntries(header.map((column, i) => [column, cells[i]])));
}
