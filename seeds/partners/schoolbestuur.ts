import { SeededRandom } from '../prng';
import { Child } from '../population';
import { baseRow, clamp, forEachChildYear, PartnerData, Row, signal } from './partner-rows';

const SHARE_OF_PUPILS = 0.7;
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXZ';

/** A few BRIN-like school codes per wijk (two digits from the wijk code, two letters), stable per seed. */
function schoolsOf(wijk: string, random: SeededRandom): string[] {
  return Array.from({ length: random.int(2, 4) }, () => `${wijk.slice(-2)}${random.pick([...LETTERS])}${random.pick([...LETTERS])}`);
}

/** The school board: 70 % of pupils aged 4-17, with a disadvantage weight and unauthorised absence. */
export function schoolbestuurData(children: Child[], random: SeededRandom): PartnerData {
  const schools = new Map<string, string[]>();
  const atBoard = new Map<string, boolean>();
  const pupils: Row[] = [];
  const signals: Row[] = [];
  forEachChildYear(children, (child, year, age) => {
    if (age < 4) return;
    if (!atBoard.has(child.childRef)) atBoard.set(child.childRef, random.chance(SHARE_OF_PUPILS));
    if (!atBoard.get(child.childRef)) return;
    if (!schools.has(child.wijk)) schools.set(child.wijk, schoolsOf(child.wijk, random));
    const weightRoll = random.next() / Math.min(3, child.risk + 0.2);
    const pupilWeight = weightRoll < 0.02 ? 120 : weightRoll < 0.12 ? 30 : 0;
    const absence = clamp(-Math.log(1 - random.next() * 0.999) * 6 * child.risk, 0, 1000);
    pupils.push({ ...baseRow(child, year, age), school: random.pick(schools.get(child.wijk)!), pupil_weight: pupilWeight, absence_hours: absence });
    if (absence > 16) signals.push(signal(child, year, age, 'absenteeism', absence > 60 ? 3 : absence > 32 ? 2 : 1));
    if (pupilWeight > 0) signals.push(signal(child, year, age, 'school_disadvantage', pupilWeight === 120 ? 2 : 1));
  });
  return { pupils, risk_signals: signals };
}
