import { SeededRandom } from '../prng';
import { Child } from '../population';
import { schoolsByWijk } from '../schools';
import { baseRow, clamp, forEachChildYear, PartnerData, Row, signal } from './partner-rows';

const SHARE_OF_PUPILS = 0.7;

/** The school board: 70 % of pupils aged 4-17, each at one school of its wijk (seeds/schools.ts) in every year, with a disadvantage weight and unauthorised absence. */
export function schoolbestuurData(children: Child[], random: SeededRandom): PartnerData {
  const schools = schoolsByWijk();
  const schoolOf = new Map<string, string>();
  const atBoard = new Map<string, boolean>();
  const pupils: Row[] = [];
  const signals: Row[] = [];
  forEachChildYear(children, (child, year, age) => {
    if (age < 4) return;
    if (!atBoard.has(child.childRef)) atBoard.set(child.childRef, random.chance(SHARE_OF_PUPILS));
    if (!atBoard.get(child.childRef)) return;
    if (!schoolOf.has(child.childRef)) schoolOf.set(child.childRef, random.pick(schools.get(child.wijk)!));
    const weightRoll = random.next() / Math.min(3, child.risk + 0.2);
    const pupilWeight = weightRoll < 0.02 ? 120 : weightRoll < 0.12 ? 30 : 0;
    const absence = clamp(-Math.log(1 - random.next() * 0.999) * 6 * child.risk, 0, 1000);
    pupils.push({
      ...baseRow(child, year, age),
      school: schoolOf.get(child.childRef)!,
      pupil_weight: pupilWeight,
      absence_hours: absence,
    });
    if (absence > 16) signals.push(signal(child, year, age, 'absenteeism', absence > 60 ? 3 : absence > 32 ? 2 : 1));
    if (pupilWeight > 0) signals.push(signal(child, year, age, 'school_disadvantage', pupilWeight === 120 ? 2 : 1));
  });
  return { pupils, risk_signals: signals };
}
