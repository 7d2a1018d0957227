import { differenceInDifferences } from '@bfa/combination';
import { generateRegionWithChildren } from './region-data';
import { Row } from './partners/partner-rows';
import { plantedTeamOpMaatEffect, TEAM_OP_MAAT, teamOpMaatSchools } from './team-op-maat';

describe('the planted Team op Maat effect', () => {
  const { children, partners } = generateRegionWithChildren(undefined, 0.2);
  const pupils = partners.schoolbestuur.pupils;
  const care = new Set(partners.sterkhuis.youth_care_trajectories.map((t) => `${t.child_ref}|${t.year}`));
  const tom = new Set(teamOpMaatSchools());
  const group = (intervention: boolean, year: number) => {
    const mine = pupils.filter((p: Row) => p.year === year && tom.has(String(p.school)) === intervention);
    return { children: mine.length, withOutcome: mine.filter((p) => care.has(`${p.child_ref}|${year}`)).length };
  };

  it('runs at a third of the school board’s pupils and leaves every other partner’s rows as they were', () => {
    expect(tom.size).toBeGreaterThanOrEqual(10);
    const share = group(true, 2024).children / (group(true, 2024).children + group(false, 2024).children);
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.45);
    const alone = generateRegionWithChildren(undefined, 0.2, ['gemeente', 'sterkhuis']).partners;
    expect(alone.sterkhuis).toEqual(partners.sterkhuis);
    expect(alone.gemeente).toEqual(partners.gemeente);
  });

  it('lowers youth care in the intervention arm: the seeded difference in differences covers the planted effect and excludes 0', () => {
    const planted = plantedTeamOpMaatEffect(children, pupils, TEAM_OP_MAAT.firstYear);
    expect(planted).toBeLessThan(-0.03);
    expect(plantedTeamOpMaatEffect(children, pupils, TEAM_OP_MAAT.firstYear - 1)).toBe(0);
    const did = differenceInDifferences({
      'intervention before': group(true, 2023),
      'comparison before': group(false, 2023),
      'intervention after': group(true, 2024),
      'comparison after': group(false, 2024),
    });
    if (!did.estimable) throw new Error(did.reason);
    expect(did.interval.lower).toBeLessThan(planted);
    expect(did.interval.upper).toBeGreaterThan(planted);
    expect(did.interval.upper).toBeLessThan(0);
  });
});
