import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadIdentity } from '@bfa/access';
import { Registry } from '@bfa/protocol';
import { keyPassphrase, print, readJsonFile } from '../cli-io';
import { auditFederation, exportJsonLines, fetchFederationLogs } from './federation-audit';

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
      const audit = auditFederation(logs, readJsonFile(options.registry) as Registry);
      if (options.json) print(audit, true);
      else {
        print(audit, false, audit.logs.map((l) => ({ log: l.log, entries: l.entries, chain: l.valid ? 'valid' : 'BROKEN', reason: l.reason ?? '' })));
        print(audit, false, audit.findings.map((f) => ({ query: f.queryId ?? '', node: f.org, problem: f.problem })));
        console.log(audit.ok ? 'All logs verify and agree.' : 'PROBLEMS FOUND: see above.');
      }
      if (!audit.ok) process.exitCode = 2;
    });
  withLogs(ethics.command('export').description('every log as JSON lines, each entry tagged with its log'))
    .requiredOption('--out <file>', 'where to write the .jsonl file')
    .action(async (options: EthicsOptions) => {
      const logs = await fetchFederationLogs(options.coordinator, options.node, loadIdentity(options.key, keyPassphrase()));
      writeFileSync(options.out!, exportJsonLines(logs));
      const count = logs.coordinator.length + Object.values(logs.nodes).reduce((n, e) => n + e.length, 0);
      console.log(`${count} entries from ${1 + Object.keys(logs.nodes).length} logs written to ${options.out}`);
    });
  return ethics;
}
