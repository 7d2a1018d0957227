import { SeededRandom } from '../prng';
import { Child } from '../population';
import { baseRow, clamp, forEachChildYear, PartnerData, Row, signal } from './partner-rows';

/**
 * The municipality: every child (population register) with the household's income situation.
 * Low income among households with children ≈ a third of CBS' share of low-income households;
 * social assistance ≈ twice the share around the social minimum; both scaled by the child's risk.
 */
export function gemeenteData(children: Child[], random: SeededRandom): PartnerData {
  const households: Row[] = [];
  const signals: Row[] = [];
  forEachChildYear(children, (child, year, age) => {
    const lowIncome = random.chance(Math.min(0.9, (child.gemeente.lowIncomePct / 300) * child.risk));
    const socialAssistance =
      lowIncome && random.chance(Math.min(0.9, (child.gemeente.socialMinimumPct * 2) / 100 / 0.11));
    const debtSupport = random.chance(Math.min(0.6, (lowIncome ? 0.15 : 0.01) * child.risk));
    const childBudget = lowIncome
      ? clamp(1500 + 3500 * random.next(), 0, 12000)
      : random.chance(0.3)
        ? clamp(600 * random.next(), 0, 12000)
        : 0;
    households.push({
      ...baseRow(child, year, age),
      low_income: lowIncome,
      social_assistance: socialAssistance,
      debt_support: debtSupport,
      child_budget_eur: childBudget,
    });
    if (lowIncome) signals.push(signal(child, year, age, 'poverty', socialAssistance ? 2 : 1));
    if (debtSupport) signals.push(signal(child, year, age, 'debt', 1 + child.risk));
  });
  return { children_households: households, risk_signals: signals };
}
