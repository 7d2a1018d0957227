import { Catalog } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { DisclosureWorkers } from './disclosure-workers';
import { protectRelease } from './release-table';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const WIJKEN = ['WK085500', 'WK085501', 'WK085502', 'WK078501', 'WK078502', 'WK078503'];
const catalog = {
  dimensions: { wijk: { label: 'Wijk', values: WIJKEN } },
  datasets: {
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
const all: QuerySpec = {
  ...DEMO_GROUNDS,
  dataset: 'children',
  measure: { kind: 'count' },
  groupBy: ['wijk'],
  purpose: PURPOSE,
};
const notLowIncome: QuerySpec = { ...all, filters: [{ field: 'low_income', op: 'eq', value: false }] };
const K = 10;
const contributedBy = ['gemeente'];
const leaves = (counts: number[]) =>
  counts.map((n, i) => ({ coordinates: { wijk: WIJKEN[i] }, value: n, contributors: n }));
const children = [300, 250, 200, 150, 120, 90];

describe('DisclosureWorkers: releases protected on worker threads', () => {
  const workers = new DisclosureWorkers(2);
  afterAll(() => workers.close());

  it('starts its threads ahead of a release (warm), which answer nothing', async () => {
    workers.warm();
    await expect(workers.protect('warm')).resolves.toBeNull();
  }, 180_000);

  it('protects a release against the ledger on a thread exactly as on the event loop', async () => {
    const first = await protectRelease(catalog, all, leaves(children), K, { earlier: [], contributedBy });
    const earlier = [{ id: 'q-all', spec: all, cells: first.remembered, contributedBy }];
    const second = leaves(children.map((n, i) => n - [40, 3, 25, 4, 30, 20][i]));
    const here = await protectRelease(catalog, notLowIncome, second, K, { earlier, contributedBy });
    const there = await workers.protect('protectRelease', catalog, notLowIncome, second, K, { earlier, contributedBy });
    expect(there).toEqual(here);
    // The ledger's audit hid what the difference with the first release would give away: the LPs ran on the thread.
    expect(there.table.protection.rules.find((r) => r.rule === 'differencing')?.cells).toBeGreaterThan(0);
  }, 180_000);

  it('refuses the release with the reason when an LP fails on the thread, and releases nothing', async () => {
    const first = await protectRelease(catalog, all, leaves(children), K, { earlier: [], contributedBy });
    // More children not on a low income than children: the ledger's LPs are infeasible, the solver finds no table.
    const earlier = [{ id: 'q-all', spec: all, cells: first.remembered, contributedBy }];
    const outcome = workers.protect('protectRelease', catalog, notLowIncome, leaves(children.map((n) => n + 50)), K, {
      earlier,
      contributedBy,
    });
    await expect(outcome).rejects.toThrow(Refusal);
    await expect(outcome).rejects.toThrow(
      "disclosure control failed, nothing released: the ledger's cells contradict each other",
    );
  }, 180_000);
});
