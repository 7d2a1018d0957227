import reference from '../../seeds/reference/hart-van-brabant.json';
import { relative } from 'node:path';

interface Cell {
  coordinates: Record<string, string | number>;
  value: number | null;
  suppressed: boolean;
  rule?: string;
}

interface Table {
  dataset: string;
  minCellSize: number;
  cells: Cell[];
  protection: { suppressedCells: number; totalCells: number };
  combination?: { factors: { label: string }[]; atLeast?: number };
}

const SUPPRESSED = 'x';
const TOTAL = 'Totaal';
const wijkNames = new Map<string, string>([
  ...reference.wijken.map((w) => [w.code, `${w.gemeentenaam}: ${w.name}`] as [string, string]),
  ...reference.wijken.map((w) => [`GM${w.code.slice(2, 6)}`, `${w.gemeentenaam} (gemeente)`] as [string, string]),
  [TOTAL, 'Hart van Brabant (regio)'],
]);
const totalLast = (codes: string[]) => [...codes.filter((c) => c !== TOTAL), ...codes.filter((c) => c === TOTAL)];

/** Wijk and gemeente rows by age-band columns, with totals; a suppressed cell shows as `x` and carries no value. */
export function printReleasedTable(table: Table): void {
  const bands = totalLast([...new Set(table.cells.map((c) => String(c.coordinates.age_band)))]);
  const wijken = totalLast([...new Set(table.cells.map((c) => String(c.coordinates.wijk)))]);
  const cell = (wijk: string, band: string) => table.cells.find((c) => c.coordinates.wijk === wijk && String(c.coordinates.age_band) === band)!;
  console.log(`${table.dataset}: cells with fewer than ${table.minCellSize} children suppressed (${SUPPRESSED}), and complementary cells so that none can be worked out from the totals`);
  printRows(wijken, bands, cell);
  console.log(`\n${table.protection.suppressedCells} of ${table.protection.totalCells} cells suppressed.`);
}

/** A combination's grid: only the wijken of its population (every other cell is withheld at the source), no totals. */
export function printCombinationTable(table: Table): void {
  const { factors, atLeast } = table.combination!;
  const bands = [...new Set(table.cells.map((c) => String(c.coordinates.age_band)))];
  const wijken = [...new Set(table.cells.filter((c) => c.rule !== 'withheld').map((c) => String(c.coordinates.wijk)))];
  const cell = (wijk: string, band: string) => table.cells.find((c) => c.coordinates.wijk === wijk && String(c.coordinates.age_band) === band)!;
  console.log(`Children with at least ${atLeast ?? factors.length} of: ${factors.map((f) => f.label).join('; ')}`);
  console.log(`(cells of fewer than ${table.minCellSize} children in the population withheld at the source, counts below ${table.minCellSize} suppressed: ${SUPPRESSED})`);
  printRows(wijken, bands, cell);
}

function printRows(wijken: string[], bands: string[], cell: (wijk: string, band: string) => Cell): void {
  const label = (wijk: string) => `${wijk} ${(wijkNames.get(wijk) ?? '').slice(0, 44)}`.padEnd(54);
  console.log(`${'wijk'.padEnd(54)}${bands.map((b) => b.padStart(8)).join('')}`);
  for (const wijk of wijken) {
    const values = bands.map((band) => {
      const c = cell(wijk, band);
      return (c.suppressed ? SUPPRESSED : String(c.value)).padStart(8);
    });
    console.log(`${label(wijk)}${values.join('')}`);
  }
}

export function printAuditVerification(entries: { seq: number; type: string; actor: string }[], verification: { valid: boolean; reason?: string }): void {
  console.log(`\nCoordinator's audit log: ${entries.length} hash-chained, signed entries`);
  for (const entry of entries) console.log(`  #${String(entry.seq).padStart(3)} ${entry.type.padEnd(22)} ${entry.actor}`);
  console.log(`Audit chain verification: ${verification.valid ? 'VALID' : `BROKEN (${verification.reason})`}`);
}

/** What `bfa ethics verify` shows: every log's chain and signatures, and the cross-check between them. */
export function printFederationAudit(audit: { logs: { log: string; entries: number; valid: boolean; reason?: string }[]; findings: { problem: string }[]; ok: boolean }): void {
  console.log('\nEthics board: every log checked against the signers\' keys in the registry, then cross-checked');
  for (const log of audit.logs) console.log(`  ${log.log.padEnd(14)} ${String(log.entries).padStart(3)} entries  ${log.valid ? 'valid' : `BROKEN: ${log.reason}`}`);
  for (const finding of audit.findings) console.log(`  ! ${finding.problem}`);
  console.log(audit.ok ? 'All logs verify and agree.' : 'PROBLEMS FOUND.');
}

/** Where each role's console is, and which key file signs in there (the key stays in the browser). */
export function printConsoleUrls(cluster: { dir: string; coordinatorUrl: string; nodes: Record<string, { url: string; stewardKeyFile: string }>; users: Record<string, string> }): void {
  const shown = (file: string) => relative(process.cwd(), file);
  console.log('\nThe web console (open in a browser, sign in with the key file):');
  for (const [org, node] of Object.entries(cluster.nodes)) console.log(`  steward of ${org.padEnd(13)} ${node.url}/console/   key file ${shown(node.stewardKeyFile)}`);
  const users = Object.entries(cluster.users).map(([id, file]) => `${id} (${shown(file)})`);
  console.log(`  analyst and ethics board  ${cluster.coordinatorUrl}/console/   (their views are still to come; key files: ${users.join(', ')})`);
}
