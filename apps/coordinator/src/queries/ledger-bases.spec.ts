import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { QuerySpec } from '@bfa/protocol';
import { DecisionRecord } from './decision.entity';
import { QueryRecord } from './query.entity';
import { DifferencingBasis, QueryRegistry } from './query-registry.service';
import { ReleaseRecord } from './release.entity';
import { ReleasedTable } from './released-table';

const spec = (kind: 'count' | 'mean', dataset = 'risk_signals') =>
  ({
    dataset,
    groupBy: ['wijk'],
    measure: kind === 'mean' ? { kind, field: 'severity' } : { kind },
  }) as unknown as QuerySpec;
const cell = (wijk: string, contributors: number) => ({
  key: JSON.stringify([['wijk', wijk]]),
  contributors,
  released: true,
});
const basis = (kind: 'count' | 'mean', contributors: number): DifferencingBasis => ({
  spec: spec(kind),
  cells: [cell('WK076601', contributors), cell('WK076602', contributors + 1)],
  contributedBy: ['ggd'],
});
const table = (queryId: string) => ({ queryId, cells: [] }) as unknown as ReleasedTable;

describe("the release ledger's records, read once per process", () => {
  let store: DataSource;
  let registry: QueryRegistry;
  const registryOn = (source: DataSource) =>
    new QueryRegistry(
      source.getRepository(QueryRecord),
      source.getRepository(DecisionRecord),
      source.getRepository(ReleaseRecord),
    );

  beforeEach(async () => {
    store = await new DataSource({
      type: 'sqlite',
      database: join(mkdtempSync(join(tmpdir(), 'bfa-ledger-')), 'coordinator.sqlite'),
      entities: [QueryRecord, DecisionRecord, ReleaseRecord],
      synchronize: true,
    }).initialize();
    registry = registryOn(store);
  });

  afterEach(() => store.destroy());

  it('gives the same ledger as a fresh read, and parses each record once, a new release at the next read', async () => {
    await registry.saveRelease(table('q1'), basis('count', 20));
    await registry.saveRelease(table('q2'), basis('mean', 30));
    const parse = jest.spyOn(JSON, 'parse');
    const first = await registry.ledger('risk_signals');
    expect(first.map((b) => b.id)).toEqual(['q1', 'q2', 'q2/counts']);
    expect(parse).toHaveBeenCalledTimes(2);
    parse.mockClear();
    expect(await registry.ledger('risk_signals')).toEqual(first);
    expect(parse).not.toHaveBeenCalled();
    await registry.saveRelease(table('q3'), basis('count', 40));
    const third = await registry.ledger('risk_signals');
    expect(parse).toHaveBeenCalledTimes(1);
    parse.mockRestore();
    expect(third).toEqual(await registryOn(store).ledger('risk_signals'));
    expect(third.map((b) => b.id)).toEqual(['q1', 'q2', 'q2/counts', 'q3']);
    expect(await registry.ledger('health_monitor')).toEqual([]);
  });

  it('shares only frozen records: a caller that changes one fails, and the ledger stays as stored', async () => {
    await registry.saveRelease(table('q1'), basis('count', 20));
    const [read] = await registry.ledger('risk_signals');
    expect(() => {
      'use strict';
      (read.cells[0] as { contributors: number }).contributors = 3;
    }).toThrow(TypeError);
    expect((await registry.ledger('risk_signals'))[0].cells[0].contributors).toBe(20);
  });

  it('reads a release written again through the registry anew, and a ledger of more releases than one read asks for', async () => {
    await registry.saveRelease(table('q1'), basis('count', 20));
    await registry.ledger('risk_signals');
    await registry.saveRelease(table('q1'), basis('count', 25));
    expect((await registry.ledger('risk_signals'))[0].cells[0].contributors).toBe(25);
    const more = Array.from({ length: 1_202 }, (_, i) => ({
      queryId: `q${i + 2}`,
      table: '{}',
      tableHash: 'h',
      dataset: 'risk_signals',
      differencingBasis: JSON.stringify(basis('count', i + 2)),
    }));
    for (let start = 0; start < more.length; start += 100)
      await store.getRepository(ReleaseRecord).insert(more.slice(start, start + 100));
    const all = await registryOn(store).ledger('risk_signals');
    expect(all).toHaveLength(1_203);
    expect(new Set(all.map((b) => b.id)).size).toBe(1_203);
  }, 60_000);
});
