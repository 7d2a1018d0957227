import { join, relative, resolve } from 'node:path';
import { catalogIn, namesOf } from '../../apps/cli/src/format/catalog-names';
import { Release, releaseTable } from '../../apps/cli/src/format/release-table';

/** The same table `bfa analyst release` prints: wijk names with codes, the catalog's labels, a legend of the suppression marks. */
export function printReleasedTable(table: Release): void {
  console.log(releaseTable(table, namesOf(catalogIn(resolve(__dirname, '..', '..', 'policies')))));
}

export function printAuditVerification(
  entries: { seq: number; type: string; actor: string }[],
  verification: { valid: boolean; reason?: string },
): void {
  console.log(`\nCoordinator's audit log: ${entries.length} hash-chained, signed entries`);
  for (const entry of entries)
    console.log(`  #${String(entry.seq).padStart(3)} ${entry.type.padEnd(22)} ${entry.actor}`);
  console.log(`Audit chain verification: ${verification.valid ? 'VALID' : `BROKEN (${verification.reason})`}`);
}

/** What `bfa ethics verify` shows: every log's chain and signatures, and the cross-check between them. */
export function printFederationAudit(audit: {
  logs: { log: string; entries: number; valid: boolean; reason?: string }[];
  findings: { problem: string }[];
  ok: boolean;
}): void {
  console.log("\nEthics board: every log checked against the signers' keys in the registry, then cross-checked");
  for (const log of audit.logs)
    console.log(
      `  ${log.log.padEnd(14)} ${String(log.entries).padStart(3)} entries  ${log.valid ? 'valid' : `BROKEN: ${log.reason}`}`,
    );
  for (const finding of audit.findings) console.log(`  ! ${finding.problem}`);
  console.log(audit.ok ? 'All logs verify and agree.' : 'PROBLEMS FOUND.');
}

/** Where each role's console is, and which key file signs in there (the key stays in the browser). */
export function printConsoleUrls(cluster: {
  dir: string;
  coordinatorUrl: string;
  nodes: Record<string, { url: string; stewardKeyFile: string }>;
  users: Record<string, string>;
}): void {
  const shown = (file: string) => relative(process.cwd(), file);
  console.log('\nThe web console (open in a browser, sign in with the key file):');
  for (const [org, node] of Object.entries(cluster.nodes))
    console.log(`  steward of ${org.padEnd(13)} ${node.url}/console/   key file ${shown(node.stewardKeyFile)}`);
  for (const [id, file] of Object.entries(cluster.users))
    console.log(`  ${id.padEnd(24)} ${cluster.coordinatorUrl}/console/   key file ${shown(file)}`);
  console.log(
    `  (the ethics board also chooses its own copy of the registry: ${shown(join(cluster.dir, 'registry.json'))})`,
  );
}
