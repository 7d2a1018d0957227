import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadIdentity } from '@bfa/access';
import { AuditRegistry } from '@bfa/audit';
import { keyPassphrase, print, readJsonFile } from '../cli-io';
import {
  auditFederation,
  exportJsonLines,
  FederationLogs,
  fetchFederationLogs,
  verdictLines,
} from './federation-audit';
import { dataUseAnswer, writeRegister } from './register-export';

interface EthicsOptions {
  coordinator: string;
  node: Record<string, string>;
  key: string;
  registry: string;
  json?: boolean;
  out?: string;
  register?: boolean;
}

interface DataUseOptions extends EthicsOptions {
  org: string;
  dataset?: string;
  from?: string;
  until?: string;
}

function isoTime(value: string): string {
  if (Number.isNaN(Date.parse(value)))
    throw new InvalidArgumentError('must be a date (2026-01-31) or an ISO 8601 time');
  return value;
}

/** Every fetched log's name and URL, and a warning on stderr for each that could not be fetched (exit status 2). */
function reportFetched(logs: FederationLogs): string {
  const got = logs.fetched.filter((f) => 'entries' in f);
  for (const f of logs.fetched)
    if ('unreachable' in f)
      console.error(`NOT READ: ${f.log}'s log could not be fetched from ${f.url}: ${f.unreachable}`);
  if (got.length < logs.fetched.length) process.exitCode = 2;
  return got.map((f) => `${f.log} (${f.url})`).join(', ');
}

function nodeUrl(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const [org, url] = value.split(/=(.*)/s);
  if (!org || !url) throw new InvalidArgumentError('expected <org>=<url>, e.g. ggd=http://127.0.0.1:4102');
  return { ...previous, [org]: url };
}

function withLogs(command: Command): Command {
  return command
    .addOption(
      new Option('--coordinator <url>', "the coordinator's base URL").env('BFA_COORDINATOR_URL').makeOptionMandatory(),
    )
    .option('--node <org=url>', "a node's base URL (repeat for every node)", nodeUrl, {})
    .addOption(
      new Option('--key <file>', 'your key file as an ethics-board member').env('BFA_KEY').makeOptionMandatory(),
    )
    .option('--json', 'print JSON instead of tables');
}

export function ethicsCommand(): Command {
  const ethics = new Command('ethics').description(
    "the ethics board's work: verify every audit log and cross-check them, export them",
  );
  withLogs(
    ethics
      .command('verify')
      .description(
        "recompute every chain, check every signature against the registry, cross-check the coordinator's log against the nodes'",
      ),
  )
    .requiredOption('--registry <file>', 'registry.json: the public keys that signed the logs')
    .action(async (options: EthicsOptions) => {
      const logs = await fetchFederationLogs(
        options.coordinator,
        options.node,
        loadIdentity(options.key, keyPassphrase()),
      );
      const audit = auditFederation(logs, readJsonFile(options.registry) as AuditRegistry);
      if (options.json) print(audit, true);
      else {
        print(
          audit,
          false,
          audit.logs.map((l) => ({
            log: l.log,
            url: l.url,
            entries: l.entries,
            chain: l.valid ? 'valid' : 'BROKEN',
            reason: l.reason ?? '',
          })),
        );
        print(
          audit,
          false,
          audit.findings.map((f) => ({ query: f.queryId ?? '', node: f.org, problem: f.problem })),
        );
        for (const line of verdictLines(audit)) console.log(line);
      }
      if (!audit.ok) process.exitCode = 2;
    });
  withLogs(
    ethics
      .command('export')
      .description(
        'every log as JSON lines, each entry tagged with its log; --register: the processing register instead',
      ),
  )
    .requiredOption('--out <file>', 'where to write the .jsonl file (--register: FILE.csv and FILE.json)')
    .option(
      '--register',
      'write the processing register (AVG art. 30) read from the logs: every query with its purpose, legal basis, DPIA, partners, dates and release hash, as CSV and JSON',
    )
    .action(async (options: EthicsOptions) => {
      const logs = await fetchFederationLogs(
        options.coordinator,
        options.node,
        loadIdentity(options.key, keyPassphrase()),
      );
      if (options.register) {
        const { rows, files } = writeRegister(logs, options.out!);
        console.log(
          `${rows.length} processing(s) from ${reportFetched(logs)} written to ${files.csv} and ${files.json}`,
        );
        return;
      }
      writeFileSync(options.out!, exportJsonLines(logs));
      const count = logs.coordinator.length + Object.values(logs.nodes).reduce((n, e) => n + e.length, 0);
      const got = logs.fetched.filter((f) => 'entries' in f);
      console.log(
        `${count} entries from ${got.length} log(s) written to ${options.out}: ${got.map((f) => `${f.log} (${f.url})`).join(', ')}`,
      );
      for (const f of logs.fetched)
        if ('unreachable' in f)
          console.error(`NOT EXPORTED: ${f.log}'s log could not be fetched from ${f.url}: ${f.unreachable}`);
      if (got.length < logs.fetched.length) process.exitCode = 2;
    });
  withLogs(
    ethics
      .command('data-use')
      .description(
        "for a partner's privacy desk: which queries read which of its datasets, for which years, when (never which children), from its node's log",
      ),
  )
    .requiredOption('--org <org>', 'the partner asking (its --node URL must be given)')
    .option('--dataset <id>', 'only queries that read this dataset')
    .option('--from <date>', 'only uses on or after this date or time', isoTime)
    .option('--until <date>', 'only uses before this date or time', isoTime)
    .option('--out <file.csv>', 'also write the list as CSV')
    .action(async (options: DataUseOptions) => {
      const logs = await fetchFederationLogs(
        options.coordinator,
        options.node,
        loadIdentity(options.key, keyPassphrase()),
      );
      reportFetched(logs);
      const { text, uses } = dataUseAnswer(
        logs,
        options.org,
        { dataset: options.dataset, from: options.from, until: options.until },
        options.out,
      );
      console.log(options.json ? JSON.stringify(uses, null, 2) : text);
    });
  return ethics;
}
