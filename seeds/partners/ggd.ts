import { SeededRandom } from '../prng';
import { Child } from '../population';
import { baseRow, forEachChildYear, PartnerData, Row, signal } from './partner-rows';

const SAMPLE = 0.6;

/** GGD: the youth health monitor's sample (60 % of children a year). */
export function ggdData(children: Child[], random: SeededRandom): PartnerData {
  const monitor: Row[] = [];
  const signals: Row[] = [];
  forEachChildYear(children, (child, year, age) => {
    if (!random.chance(SAMPLE)) return;
    const parentMentalHealth = random.chance(Math.min(0.7, 0.06 * child.risk));
    const overweight = random.chance(Math.min(0.7, 0.12 * Math.sqrt(child.risk)));
    const domesticViolence = random.chance(Math.min(0.5, 0.02 * child.risk));
    monitor.push({
      ...baseRow(child, year, age),
      parent_mental_health_care: parentMentalHealth,
      overweight,
      domestic_violence_report: domesticViolence,
    });
    if (domesticViolence) signals.push(signal(child, year, age, 'domestic_violence', 3));
    if (parentMentalHealth) signals.push(signal(child, year, age, 'parent_mental_health', 1 + child.risk / 2));
  });
  return { health_monitor: monitor, risk_signals: signals };
}
