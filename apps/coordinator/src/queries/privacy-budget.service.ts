import { ForbiddenException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { budgetProblem } from '@bfa/disclosure';
import { NoisePolicy } from '@bfa/policy';
import { PrivacyBudgetRecord } from './privacy-budget.entity';

/**
 * The persisted ledger of ε per analyst and dataset. A query is charged when it is submitted, before
 * anything runs: a query that fails later is not refunded (the conservative choice). Charges are
 * serialised, so two submissions can't both spend the last of a budget.
 */
@Injectable()
export class PrivacyBudgetLedger {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@InjectRepository(PrivacyBudgetRecord) private readonly records: Repository<PrivacyBudgetRecord>) {}

  charge(analyst: string, dataset: string, noise: NoisePolicy): Promise<number> {
    const charged = this.tail.then(() => this.chargeNow(analyst, dataset, noise));
    this.tail = charged.catch(() => undefined);
    return charged;
  }

  private async chargeNow(analyst: string, dataset: string, noise: NoisePolicy): Promise<number> {
    const spent = (await this.records.findOneBy({ analyst, dataset }))?.spent ?? 0;
    const problem = budgetProblem({ spent, budget: noise.budgetPerAnalystPerDataset }, noise.epsilonPerQuery, { analyst, dataset });
    if (problem) throw new ForbiddenException(problem);
    await this.records.save({ analyst, dataset, spent: spent + noise.epsilonPerQuery });
    return spent + noise.epsilonPerQuery;
  }
}
