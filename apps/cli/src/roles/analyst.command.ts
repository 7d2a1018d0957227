import { Command } from 'commander';
import { QuerySpec } from '@bfa/protocol';
import { AnalystClient } from '../role-clients';
import { ConnectionOptions, identityOf, print, readJsonFile, withConnection } from '../cli-io';

type Cell = { coordinates: Record<string, string | number>; value: number | null; suppressed: boolean; rule?: string };

const client = (options: ConnectionOptions) => new AnalystClient(options.url, identityOf(options));

export function analystCommand(): Command {
  const analyst = new Command('analyst').description("a central analyst's work: submit queries, follow them, read releases (--url: the coordinator)");
  withConnection(analyst.command('submit <query.json>').description('submit a query (the DSL: dataset, measure, groupBy, filters, purpose)'), 'coordinator').action(
    async (file: string, options: ConnectionOptions) => {
      const submitted = await client(options).submit(readJsonFile(file) as QuerySpec);
      print(submitted, options.json, [{ id: submitted.id, 'query hash': submitted.queryHash.slice(0, 16), 'approvals needed': submitted.approvers.join(', ') }]);
    },
  );
  withConnection(analyst.command('list').description('your queries, newest first'), 'coordinator').action(async (options: ConnectionOptions) => {
    const queries = await client(options).queries();
    print(queries, options.json, queries.map((q) => ({ id: q.id, dataset: q.dataset, state: q.state })));
  });
  withConnection(analyst.command('show <id>').description("a query's state and the stewards' decisions"), 'coordinator').action(async (id: string, options: ConnectionOptions) => {
    const query = await client(options).query(id);
    print(query, options.json, [{ state: query.state, reason: query.reason ?? '' }, ...query.decisions.map((d) => ({ state: `${d.org}: ${d.decision}`, reason: '' }))]);
  });
  withConnection(analyst.command('release <id>').description('the released table (x = suppressed)'), 'coordinator').action(async (id: string, options: ConnectionOptions) => {
    const table = await client(options).release<{ cells: Cell[] }>(id);
    print(table, options.json, table.cells.map((c) => ({ ...c.coordinates, value: c.suppressed ? 'x' : c.value })));
  });
  return analyst;
}
