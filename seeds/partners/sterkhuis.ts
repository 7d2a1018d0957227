import { SeededRandom } from '../prng';
import { Child } from '../population';
import { baseRow, clamp, forEachChildYear, PartnerData, Row, signal } from './partner-rows';

/** A child's chance of a youth-care trajectory in a year: CBS' municipal rate of youth in care, scaled by its risk. */
export const youthCareChance = (child: Child) => Math.min(0.8, (child.gemeente.youthCarePct / 100) * child.risk);

/** Sterk Huis: youth-care trajectories at CBS' municipal rate of youth in care, scaled by risk (Team op Maat: seeds/team-op-maat.ts). */
export function sterkhuisData(children: Child[], random: SeededRandom): PartnerData {
  const trajectories: Row[] = [];
  const signals: Row[] = [];
  forEachChildYear(children, (child, year, age) => {
    if (!random.chance(youthCareChance(child))) return;
    const roll = random.next();
    const careForm = roll < 0.8 ? 'ambulant' : roll < 0.88 ? 'residential' : 'foster_care';
    const outOfHome = careForm !== 'ambulant';
    trajectories.push({
      ...baseRow(child, year, age),
      care_form: careForm,
      out_of_home: outOfHome,
      duration_days: clamp(30 + 336 * random.next(), 0, 366),
    });
    signals.push(signal(child, year, age, 'youth_care', outOfHome ? 2 : 1));
    if (outOfHome) signals.push(signal(child, year, age, 'out_of_home_placement', 3));
  });
  return { youth_care_trajectories: trajectories, risk_signals: signals };
}
