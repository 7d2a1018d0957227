import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadIdentity } from '@bfa/access';
import { AuditRegistry } from '@bfa/audit';
import { keyPassphrase, print, readJsonFile } from '../cli-io';
import { auditFederation, exportJsonLines, fetchFederationLogs, verdictLines } from './federation-audit';

interface EthicsOptions {
  coordinator: string;
  node: Record<string, string>;
  key: string;
  registry: string;
  json?: boolean;
  out?: string;
}

function nodeUrl(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const [org, url] = value.split(/=(.*)/s);
  if (!org || !url) throw new InvalidArgumentError('expected <org>=<url>, e.g. ggd=http://127.0.0.1:4102');
  return { ...previous, [org]: url };
}

function withLogs(command: Command): Command {
  return command
    .addOption(new Option('--coordinator <url>', "the coordinator's base URL").env('BFA_COORDINATOR_URL').makeOptionMandatory())
    .option('--node <org=url>', "a node's base URL (repeat for every node)", nodeUrl, {})
    .addOption(new Option('--key <file>', 'your key file as an ethics-board member').env('BFA_KEY').makeOptionMandatory())
    .option('--json', 'print JSON instead of tables');
}

export function ethicsCommand(): Command {
  const ethics = new Command('ethics').description("the ethics board's work: verify every audit log and cross-check them, export them");
  withLogs(ethics.command('verify').description("recompute every chain, check every signature against the registry, cross-check the coordinator's log against the nodes'"))
    .requiredOption('--registry <file>', 'registry.json: the public keys that signed the logs')
    .action(async (options: EthicsOptions) => {
      const logs = await fetchFederationLogs(options.coordinator, options.node, loadIdentity(options.key, keyPassphrase()));
      const audit = auditFederation(logs, readJsonFile(options.registry) as AuditRegistry);
      if (options.json) print(audit, true);
      else {
        print(audit, false, audit.logs.map((l) => ({ log: l.log, url: l.url, entries: l.entries, chain: l.valid ? 'valid' : 'BROKEN', reason: l.reason ?? '' })));
        print(audit, false, audit.findings.map((f) => ({ query: f.queryId ?? '', node: f.org, problem: f.problem })));
        for (const line of verdictLines(audit)) console.log(line);
      }
      if (!audit.ok) process.exitCode = 2;
    });
  withLogs(ethics.command('export').description('every log as JSON lines, each entry tagged with its log'))
    .requiredOption('--out <file>', 'where to write the .jsonl file')
    .action(async (options: EthicsOptions) => {
      const logs = await fetchFederationLogs(options.coordinator, options.node, loadIdentity(options.key, keyPassphrase()));
      writeFileSync(options.out!, exportJsonLines(logs));
      const count = logs.coordinator.length + Object.values(logs.nodes).reduce((n, e) => n + e.length, 0);
      const got = logs.fetched.filter((f) => 'entries' in f);
      console.log(`${count} entries from ${got.length} log(s) written to ${options.out}: ${got.map((f) => `${f.log} (${f.url})`).join(', ')}`);
      for (const f of logs.fetched) if ('unreachable' in f) console.error(`NOT EXPORTED: ${f.log}'s log could not be fetched from ${f.url}: ${f.unreachable}`);
      if (got.length < logs.fetched.length) process.exitCode = 2;
    });
  return ethics;
}
