/** How much of an analyst's privacy budget on one dataset is spent, and what a new query would cost. */
export interface BudgetState {
  spent: number;
  budget: number;
}

/** Why a query costing ε can't run (null when it can): once the budget is spent, no more noisy releases. */
export function budgetProblem(state: BudgetState, epsilon: number, who: { analyst: string; dataset: string }): string | null {
  if (state.spent + epsilon <= state.budget + 1e-12) return null;
  return `privacy budget spent: ${who.analyst} has used ε = ${state.spent} of ${state.budget} on ${who.dataset}; this query needs ${epsilon} more`;
}
