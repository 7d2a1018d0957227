import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import {
  add,
  BudgetHolder,
  budgetProblem,
  formatRational,
  parseRational,
  Rational,
  rational,
  readRational,
  storedRational,
} from '@bfa/disclosure';
import { NoisePolicy } from '@bfa/policy';
import { DatasetBudgetRecord } from './dataset-budget.entity';
import { PrivacyBudgetRecord } from './privacy-budget.entity';

/** A query's cost under the noise policy, in its mechanism's unit: ε for discrete Laplace, ρ (zCDP) for the discrete Gaussian. */
export function queryCost(noise: NoisePolicy): { unit: BudgetHolder['unit']; cost: Rational } {
  return noise.mechanism === 'gaussian'
    ? { unit: 'ρ', cost: parseRational(noise.rhoPerQuery!) }
    : { unit: 'ε', cost: parseRational(noise.epsilonPerQuery!) };
}

const UNIT_NAMES: Record<BudgetHolder['unit'], string> = { ε: 'epsilon', ρ: 'rho' };

/** The per-analyst column is a float (it predates the dataset ledger): read back as the decimal it was meant to be. */
const analystSpent = (spent: number | undefined): Rational => parseRational(Number((spent ?? 0).toPrecision(12)));

/**
 * The persisted ledger of privacy spent per dataset, by all analysts together (and each analyst's share, for the
 * optional limit per analyst). A query is charged when it is submitted, before anything runs: a query that fails
 * later is not refunded (the conservative choice). Charges run one at a time, so two submissions can't both spend
 * the last of a budget. No sqlite transaction: TypeORM's sqlite shares one connection across the process, so an open
 * transaction here would take in (or collide with) other services' writes at the same moment. The dataset's row, the
 * budget that protects, is written first; a crash before the analyst's row understates only that analyst's share.
 */
@Injectable()
export class PrivacyBudgetLedger {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@InjectRepository(DatasetBudgetRecord) private readonly datasets: Repository<DatasetBudgetRecord>) {}

  /** Charges the query's cost; answers what the dataset has now spent, or refuses (403) naming the dataset and what is left. */
  charge(analyst: string, dataset: string, noise: NoisePolicy): Promise<string> {
    return this.chargeAll(analyst, [dataset], noise).then((spent) => spent[0]);
  }

  /**
   * Charges the query's cost to each of the datasets (a combination's population and every factor's), all or
   * none: every budget is checked before any is written. Answers what each has now spent, in order.
   */
  chargeAll(analyst: string, datasets: string[], noise: NoisePolicy): Promise<string[]> {
    const charged = this.tail.then(() => this.chargeNow(this.datasets.manager, analyst, [...new Set(datasets)], noise));
    this.tail = charged.catch(() => undefined);
    return charged.then((outcome) => {
      if ('refused' in outcome) throw new ForbiddenException(outcome.refused);
      return outcome.spent;
    });
  }

  private async chargeNow(
    manager: EntityManager,
    analyst: string,
    datasets: string[],
    noise: NoisePolicy,
  ): Promise<{ spent: string[] } | { refused: string }> {
    const checked = [];
    for (const dataset of datasets) {
      const outcome = await this.check(manager, analyst, dataset, noise);
      if ('refused' in outcome) return outcome;
      checked.push({ dataset, ...outcome });
    }
    const { unit, cost } = queryCost(noise);
    const spent: string[] = [];
    for (const { dataset, datasetSpent, mine } of checked) {
      const total = add(datasetSpent, cost);
      await manager.save(
        DatasetBudgetRecord,
        { dataset, unit: UNIT_NAMES[unit], spent: storedRational(total) },
        { transaction: false },
      );
      const share = add(mine, cost);
      await manager.save(
        PrivacyBudgetRecord,
        { analyst, dataset, spent: Number(share.num) / Number(share.den) },
        { transaction: false },
      );
      spent.push(formatRational(total));
    }
    return { spent };
  }

  /** What the dataset and the analyst have spent, or why one more query's cost does not fit. */
  private async check(
    manager: EntityManager,
    analyst: string,
    dataset: string,
    noise: NoisePolicy,
  ): Promise<{ datasetSpent: Rational; mine: Rational } | { refused: string }> {
    const { unit, cost } = queryCost(noise);
    const [datasetSpent, analystRow] = [
      await this.datasetSpent(manager, dataset, UNIT_NAMES[unit]),
      await manager.findOneBy(PrivacyBudgetRecord, { analyst, dataset }),
    ];
    if (datasetSpent.unit !== UNIT_NAMES[unit]) {
      return {
        refused: `privacy budget of ${dataset}: spent in ${datasetSpent.unit} under another noise mechanism; this policy charges ${UNIT_NAMES[unit]}, and the two don't add up (an operator must decide)`,
      };
    }
    const mine = analystSpent(analystRow?.spent);
    const problem =
      budgetProblem({ spent: datasetSpent.spent, budget: parseRational(noise.budgetPerDataset) }, cost, {
        dataset,
        unit,
      }) ??
      (noise.budgetPerAnalystPerDataset === undefined
        ? null
        : budgetProblem({ spent: mine, budget: parseRational(noise.budgetPerAnalystPerDataset) }, cost, {
            dataset,
            analyst,
            unit,
          }));
    return problem ? { refused: problem } : { datasetSpent: datasetSpent.spent, mine };
  }

  /**
   * The dataset's row; for a data directory from before the dataset ledger, the sum of every analyst's ε on it
   * (all of it was spent on this dataset's people, and Laplace was the only mechanism then).
   */
  private async datasetSpent(
    manager: EntityManager,
    dataset: string,
    unit: string,
  ): Promise<{ unit: string; spent: Rational }> {
    const row = await manager.findOneBy(DatasetBudgetRecord, { dataset });
    if (row) return { unit: row.unit, spent: readRational(row.spent) };
    const earlier = await manager.findBy(PrivacyBudgetRecord, { dataset });
    if (earlier.length === 0) return { unit, spent: rational(0n) };
    return {
      unit: 'epsilon',
      spent: earlier.reduce((sum, record) => add(sum, analystSpent(record.spent)), rational(0n)),
    };
  }
}
