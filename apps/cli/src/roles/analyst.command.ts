import { Command, InvalidArgumentError, Option } from 'commander';
import { QuerySpec } from '@bfa/protocol';
import { AnalystClient } from '../role-clients';
import { GroundsOptions, withGrounds, withStatedGrounds } from './grounds-options';
import { ConnectionOptions, identityOf, print, printText, readJsonFile, rowsTable, withConnection } from '../cli-io';
import { catalogIn, namesOf } from '../format/catalog-names';
import { progressOn } from '../format/progress';
import { queryProgress, QueryStatus } from '../format/query-progress';
import { estimatesCsv } from '../format/estimates-table';
import { Release, releaseTable } from '../format/release-table';
import { cocktailTable, isCocktailRelease } from '../format/cocktail-table';
import { cohortCsv, cohortTable, isCohortRelease } from '../format/cohort-effect';

type ReleaseOptions = ConnectionOptions & { policies?: string; wait?: boolean; timeout: number; csv?: boolean };

function seconds(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('must be a number of seconds');
  return n;
}

const client = (options: ConnectionOptions) => new AnalystClient(options.url, identityOf(options));

function statusText(status: QueryStatus): string {
  const decisions = status.decisions.map((d) => ({ partner: d.org, decision: d.decision, reason: d.reason ?? '' }));
  return [`${queryProgress(status).words}.`, rowsTable(decisions)].join('\n');
}

/** Follows a query to its end with progress on stderr; anything but a release is an error naming the reason. */
async function waitForRelease(analyst: AnalystClient, id: string, timeoutMs: number): Promise<void> {
  const progress = progressOn();
  const status = await analyst
    .follow(
      id,
      (s) => {
        const { words, done, total } = queryProgress(s);
        progress.step(words, done, total);
      },
      timeoutMs,
    )
    .finally(() => progress.done());
  if (status.state !== 'released') throw new Error(`query ${id} ${queryProgress(status).words}`);
}

export function analystCommand(): Command {
  const analyst = new Command('analyst').description(
    "a central analyst's work: submit queries, follow them, read releases (--url: the coordinator)",
  );
  withGrounds(
    withConnection(
      analyst
        .command('submit <query.json>')
        .description(
          'submit a query (the DSL: dataset, measure, groupBy, filters, purpose, legalBasis, dpia, retentionDays)',
        ),
      'coordinator',
    ),
  ).action(async (file: string, options: ConnectionOptions & GroundsOptions) => {
    const submitted = await client(options).submit(withStatedGrounds(readJsonFile(file) as QuerySpec, options));
    print(submitted, options.json, [
      {
        id: submitted.id,
        'query hash': submitted.queryHash.slice(0, 16),
        'approvals needed': submitted.approvers.join(', '),
      },
    ]);
  });
  withConnection(analyst.command('list').description('your queries, newest first'), 'coordinator').action(
    async (options: ConnectionOptions) => {
      const queries = await client(options).queries();
      print(
        queries,
        options.json,
        queries.map((q) => ({ id: q.id, dataset: q.dataset, state: q.state })),
      );
    },
  );
  withConnection(
    analyst.command('show <id>').description("a query's state and the stewards' decisions"),
    'coordinator',
  ).action(async (id: string, options: ConnectionOptions) => {
    const status = await client(options).query(id);
    printText(status, options.json, () => statusText(status));
  });
  withConnection(
    analyst
      .command('release <id>')
      .description(
        'the released table, wijk names and catalog labels with the codes, a legend of the suppression marks',
      ),
    'coordinator',
  )
    .addOption(
      new Option('--policies <dir>', 'a policies directory whose catalog labels the table (without one: codes only)')
        .env('BFA_POLICIES_DIR')
        .default('policies'),
    )
    .option('--wait', "wait until the query is released, showing the approvals and the partners' work on stderr")
    .option(
      '--csv',
      'print the estimates (mean or rate, interval, suppressed; a cohort: risks and difference in differences) as CSV instead',
    )
    .addOption(new Option('--timeout <seconds>', 'how long --wait waits').argParser(seconds).default(1800))
    .action(async (id: string, options: ReleaseOptions) => {
      const analystClient = client(options);
      if (options.wait) await waitForRelease(analystClient, id, options.timeout * 1000);
      const release = await analystClient.release<Release>(id);
      if (options.csv)
        return printText(release, false, () =>
          (isCohortRelease(release) ? cohortCsv(release) : estimatesCsv(release)).trimEnd(),
        );
      const names = namesOf(catalogIn(options.policies));
      printText(release, options.json, () =>
        isCohortRelease(release)
          ? cohortTable(release, names)
          : isCocktailRelease(release)
            ? cocktailTable(release, names)
            : releaseTable(release, names),
      );
    });
  return analyst;
}
