import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { NoisePolicy } from '@bfa/policy';
import { DatasetBudgetRecord } from './dataset-budget.entity';
import { PrivacyBudgetRecord } from './privacy-budget.entity';
import { PrivacyBudgetLedger } from './privacy-budget.service';

describe('the privacy budget ledger on a real sqlite file', () => {
  let dir: string;
  let sources: DataSource[];

  const open = async (
    entities: (typeof PrivacyBudgetRecord | typeof DatasetBudgetRecord)[] = [PrivacyBudgetRecord, DatasetBudgetRecord],
  ) => {
    const source = await new DataSource({
      type: 'sqlite',
      database: join(dir, 'coordinator.sqlite'),
      entities,
      synchronize: true,
    }).initialize();
    sources.push(source);
    return source;
  };
  const ledgerOn = (source: DataSource) => new PrivacyBudgetLedger(source.getRepository(DatasetBudgetRecord));
  const laplace = (
    epsilonPerQuery: number,
    budgetPerDataset: number,
    extra: Partial<NoisePolicy> = {},
  ): NoisePolicy => ({ epsilonPerQuery, budgetPerDataset, ...extra });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bfa-budget-'));
    sources = [];
  });

  afterEach(async () => {
    for (const source of sources) if (source.isInitialized) await source.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("charges every analyst against the dataset's one budget, exactly, and keeps other datasets apart", async () => {
    const ledger = ledgerOn(await open());
    await expect(ledger.charge('analyst.a', 'care', laplace(0.1, 0.3))).resolves.toBe('0.1');
    await expect(ledger.charge('analyst.b', 'care', laplace(0.1, 0.3))).resolves.toBe('0.2');
    await expect(ledger.charge('analyst.c', 'care', laplace(0.1, 0.3))).resolves.toBe('0.3');
    await expect(ledger.charge('analyst.d', 'care', laplace(0.1, 0.3))).rejects.toThrow(
      'privacy budget of care spent: all analysts together have used ε = 0.3 of 0.3, ε = 0 left; this query needs 0.1',
    );
    await expect(ledger.charge('analyst.a', 'pupils', laplace(0.1, 0.3))).resolves.toBe('0.1');
  });

  it("charges a combination to its population's and every factor's dataset, all or none", async () => {
    const source = await open();
    const ledger = ledgerOn(source);
    await expect(ledger.charge('analyst.a', 'pupils', laplace(1, 2))).resolves.toBe('1');
    await expect(
      ledger.chargeAll('analyst.a', ['households', 'care', 'households', 'pupils'], laplace(1, 2)),
    ).resolves.toEqual(['1', '1', '2']);
    // pupils is spent: the next combination over it charges nothing anywhere, and says why.
    await expect(ledger.chargeAll('analyst.b', ['households', 'care', 'pupils'], laplace(1, 2))).rejects.toThrow(
      /privacy budget of pupils spent/,
    );
    const rows = await source.getRepository(DatasetBudgetRecord).find({ order: { dataset: 'ASC' } });
    expect(rows.map((r) => [r.dataset, r.spent])).toEqual([
      ['care', '1/1'],
      ['households', '1/1'],
      ['pupils', '2/1'],
    ]);
  });

  it('lets only as many of many concurrent submissions through as the budget pays for', async () => {
    const source = await open();
    const ledger = ledgerOn(source);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => ledger.charge(`analyst.${i}`, 'care', laplace(1, 3))),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    expect(await source.getRepository(DatasetBudgetRecord).find()).toEqual([
      { dataset: 'care', unit: 'epsilon', spent: '3/1' },
    ]);
  });

  it("keeps an optional limit per analyst within the dataset's budget", async () => {
    const ledger = ledgerOn(await open());
    const policy = laplace(0.5, 10, { budgetPerAnalystPerDataset: 1 });
    await ledger.charge('analyst.a', 'care', policy);
    await ledger.charge('analyst.a', 'care', policy);
    await expect(ledger.charge('analyst.a', 'care', policy)).rejects.toThrow(
      'privacy budget of care spent: analyst.a has used ε = 1 of 1, ε = 0 left; this query needs 0.5',
    );
    await expect(ledger.charge('analyst.b', 'care', policy)).resolves.toBe('1.5');
  });

  it('opens a data directory from before the dataset ledger: the new table appears, and what the analysts spent counts against the dataset', async () => {
    const old = await open([PrivacyBudgetRecord]);
    await old.getRepository(PrivacyBudgetRecord).save([
      { analyst: 'analyst.a', dataset: 'care', spent: 1.5 },
      { analyst: 'analyst.b', dataset: 'care', spent: 0.1 + 0.2 },
    ]);
    await old.destroy();
    const ledger = ledgerOn(await open());
    await expect(ledger.charge('analyst.c', 'care', laplace(0.25, 2))).rejects.toThrow(
      'all analysts together have used ε = 1.8 of 2, ε = 0.2 left; this query needs 0.25',
    );
    await expect(ledger.charge('analyst.c', 'care', laplace(0.2, 2))).resolves.toBe('2');
  });

  it('charges ρ under the Gaussian, and refuses rather than add ρ to ε already spent on a dataset', async () => {
    const ledger = ledgerOn(await open());
    const gaussian: NoisePolicy = { mechanism: 'gaussian', rhoPerQuery: 0.125, budgetPerDataset: 0.25 };
    await expect(ledger.charge('analyst.a', 'pupils', gaussian)).resolves.toBe('0.125');
    await ledger.charge('analyst.a', 'care', laplace(1, 2));
    await expect(ledger.charge('analyst.a', 'care', gaussian)).rejects.toThrow(
      /privacy budget of care: spent in epsilon under another noise mechanism; this policy charges rho/,
    );
  });
});
