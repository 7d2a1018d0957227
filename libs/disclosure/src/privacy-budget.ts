import { add, compare, formatRational, Rational, rational, subtract } from './rational';

/** How much of a privacy budget is spent, exactly, in the mechanism's unit (ε for Laplace, ρ for the Gaussian). */
export interface BudgetState {
  spent: Rational;
  budget: Rational;
}

/** Whose budget: the dataset's (every analyst together), or, where the policy sets one, one analyst's share of it. */
export interface BudgetHolder {
  dataset: string;
  analyst?: string;
  unit: 'ε' | 'ρ';
}

const left = (state: BudgetState): Rational =>
  compare(state.spent, state.budget) >= 0 ? rational(0n) : subtract(state.budget, state.spent);

/** Why a query costing `cost` can't run (null when it can): once the budget is spent, no more noisy releases. */
export function budgetProblem(state: BudgetState, cost: Rational, holder: BudgetHolder): string | null {
  if (compare(add(state.spent, cost), state.budget) <= 0) return null;
  const [spent, budget, remaining, needed] = [state.spent, state.budget, left(state), cost].map(formatRational);
  const used = holder.analyst ? `${holder.analyst} has used` : 'all analysts together have used';
  return `privacy budget of ${holder.dataset} spent: ${used} ${holder.unit} = ${spent} of ${budget}, ${holder.unit} = ${remaining} left; this query needs ${needed}`;
}
