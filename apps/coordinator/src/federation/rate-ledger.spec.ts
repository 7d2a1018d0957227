import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Catalog } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { DecisionRecord } from '../queries/decision.entity';
import { QueryRecord } from '../queries/query.entity';
import { QueryRegistry } from '../queries/query-registry.service';
import { ReleaseRecord } from '../queries/release.entity';
import { ReleasedTable } from '../queries/released-table';
import { protectRateRelease } from './rate-release';
import { protectRelease } from './release-table';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const WIJKEN = ['WK085500', 'WK085501', 'WK085502', 'WK078501', 'WK078502', 'WK078503'];
const catalog = {
  dimensions: { wijk: { label: 'Wijk', values: WIJKEN } },
  datasets: {
    care: {
      label: 'Jeugdhulp',
      holders: ['sterkhuis'],
      table: 'care',
      dimensions: ['wijk'],
      maxRecordsPerHolder: 9999,
      fields: {},
    },
    children: {
      label: 'Kinderen',
      holders: ['gemeente'],
      table: 'children',
      dimensions: ['wijk'],
      maxRecordsPerHolder: 9999,
      population: true,
      fields: { low_income: { type: 'boolean', label: 'Laag inkomen' } },
    },
  },
} as unknown as Catalog;
const PURPOSE = 'a purpose of twenty characters';
const rate: QuerySpec = {
  ...DEMO_GROUNDS,
  dataset: 'care',
  measure: { kind: 'rate', per: 1000, denominator: { dataset: 'children' } },
  groupBy: ['wijk'],
  purpose: PURPOSE,
};
const notLowIncome: QuerySpec = {
  ...DEMO_GROUNDS,
  dataset: 'children',
  measure: { kind: 'count' },
  groupBy: ['wijk'],
  filters: [{ field: 'low_income', op: 'eq', value: false }],
  purpose: PURPOSE,
};
const K = 10;
const leaves = (counts: number[]) =>
  counts.map((n, i) => ({ coordinates: { wijk: WIJKEN[i] }, value: n, contributors: n }));

describe('a rate’s denominators in the population dataset’s release ledger (an analyst differencing them with a later count)', () => {
  let dir: string;
  let source: DataSource;
  let registry: QueryRegistry;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bfa-rate-ledger-'));
    source = await new DataSource({
      type: 'sqlite',
      database: join(dir, 'coordinator.sqlite'),
      entities: [QueryRecord, DecisionRecord, ReleaseRecord],
      synchronize: true,
    }).initialize();
    registry = new QueryRegistry(
      source.getRepository(QueryRecord),
      source.getRepository(DecisionRecord),
      source.getRepository(ReleaseRecord),
    );
  });

  afterEach(async () => {
    await source.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hides the wijken where children minus non-low-income children would give away fewer than k low-income children', async () => {
    const children = [300, 250, 200, 150, 120, 90];
    const lowIncome = [40, 3, 25, 4, 30, 20];
    const contributedBy = ['gemeente', 'sterkhuis'];
    const first = await protectRateRelease(catalog, rate, leaves([30, 25, 20, 15, 12, 10]), children, K, {
      earlier: [],
      earlierDenominators: [],
      contributedBy,
    });
    const published = first.estimates.cells
      .filter((c) => !c.suppressed && WIJKEN.includes(String(c.coordinates.wijk)))
      .map((c) => String(c.coordinates.wijk));
    expect(published).toEqual(expect.arrayContaining(['WK085501', 'WK078501']));
    await registry.saveRelease({ queryId: 'q-rate' } as ReleasedTable, {
      spec: rate,
      cells: first.remembered,
      contributedBy,
      denominators: first.denominators,
    });

    const earlier = await registry.ledger('children');
    expect(earlier.map((basis) => basis.id)).toEqual(['q-rate/denominator']);
    expect(await registry.ledger('care')).toHaveLength(1);
    const second = await protectRelease(catalog, notLowIncome, leaves(children.map((n, i) => n - lowIncome[i])), K, {
      earlier,
      contributedBy: ['gemeente'],
    });
    for (const wijk of ['WK085501', 'WK078501']) {
      const cell = second.table.cells.find((c) => c.coordinates.wijk === wijk)!;
      expect(cell).toMatchObject({ suppressed: true, rule: 'differencing' });
    }
    // Without the denominators remembered, both would have been published: the attack this ledger entry stops.
    const unguarded = await protectRelease(catalog, notLowIncome, leaves(children.map((n, i) => n - lowIncome[i])), K, {
      earlier: [],
      contributedBy: ['gemeente'],
    });
    expect(unguarded.table.cells.find((c) => c.coordinates.wijk === 'WK085501')!.suppressed).toBe(false);
  });
});

describe('a mean’s counts in its dataset’s release ledger', () => {
  let dir: string;
  let source: DataSource;
  let registry: QueryRegistry;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bfa-mean-ledger-'));
    source = await new DataSource({
      type: 'sqlite',
      database: join(dir, 'coordinator.sqlite'),
      entities: [QueryRecord, DecisionRecord, ReleaseRecord],
      synchronize: true,
    }).initialize();
    registry = new QueryRegistry(
      source.getRepository(QueryRecord),
      source.getRepository(DecisionRecord),
      source.getRepository(ReleaseRecord),
    );
  });

  afterEach(async () => {
    await source.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hides a later count’s wijken that differ from the mean’s published counts by fewer than k records', async () => {
    const meanCatalog = {
      ...catalog,
      datasets: {
        ...catalog.datasets,
        care: {
          ...catalog.datasets.care,
          fields: {
            days: { type: 'integer', label: 'Dagen', summable: true, min: 0, max: 366 },
            placed: { type: 'boolean', label: 'Uithuis' },
          },
        },
      },
    } as unknown as Catalog;
    const mean: QuerySpec = {
      ...DEMO_GROUNDS,
      dataset: 'care',
      measure: { kind: 'mean', field: 'days' },
      groupBy: ['wijk'],
      purpose: PURPOSE,
    };
    const counts = [60, 50, 40, 30, 25, 20];
    const first = await protectRelease(
      meanCatalog,
      mean,
      counts.map((n, i) => ({ coordinates: { wijk: WIJKEN[i] }, value: 100 * n, contributors: n })),
      K,
      { earlier: [], contributedBy: ['sterkhuis'] },
    );
    await registry.saveRelease({ queryId: 'q-mean' } as ReleasedTable, {
      spec: mean,
      cells: first.remembered,
      contributedBy: ['sterkhuis'],
    });
    const earlier = await registry.ledger('care');
    expect(earlier.map((basis) => [basis.id, basis.spec.measure.kind])).toEqual([
      ['q-mean', 'mean'],
      ['q-mean/counts', 'count'],
    ]);
    const notPlaced: QuerySpec = {
      ...DEMO_GROUNDS,
      dataset: 'care',
      measure: { kind: 'count' },
      groupBy: ['wijk'],
      filters: [{ field: 'placed', op: 'eq', value: false }],
      purpose: PURPOSE,
    };
    const placed = [20, 2, 15, 12, 11, 10];
    const second = await protectRelease(meanCatalog, notPlaced, leaves(counts.map((n, i) => n - placed[i])), K, {
      earlier,
      contributedBy: ['sterkhuis'],
    });
    expect(second.table.cells.find((c) => c.coordinates.wijk === 'WK085501')).toMatchObject({
      suppressed: true,
      rule: 'differencing',
    });
    // The sums alone (another measure) don't constrain a count: without the counts remembered, the wijk was published.
    const sumsOnly = await protectRelease(meanCatalog, notPlaced, leaves(counts.map((n, i) => n - placed[i])), K, {
      earlier: earlier.slice(0, 1),
      contributedBy: ['sterkhuis'],
    });
    expect(sumsOnly.table.cells.find((c) => c.coordinates.wijk === 'WK085501')!.suppressed).toBe(false);
  });
});
