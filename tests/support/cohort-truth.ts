import { QuerySpec } from '@bfa/protocol';
import { DEMO_GROUNDS } from '../../deploy/local/grounds';
import { schools } from '../../seeds/schools';
import { teamOpMaatSchools } from '../../seeds/team-op-maat';
import { sqliteAll } from './sqlite';

/** Arms of the school board's schools: Team op Maat against every other school, or a placebo drawn among the schools without it. */
export interface CohortArms {
  label: string;
  intervention: string[];
  comparison: string[];
}

export const teamOpMaatArms = (): CohortArms => {
  const tom = teamOpMaatSchools();
  return {
    label: 'Team op Maat',
    intervention: tom,
    comparison: schools()
      .map((s) => s.brin)
      .filter((b) => !tom.includes(b)),
  };
};

/** Schools of five wijken without Team op Maat against the other schools without it: no intervention in either arm. */
export const placeboArms = (): CohortArms => {
  const tom = new Set(teamOpMaatSchools());
  const placebo = schools()
    .filter((s) => ['WK085501', 'WK085507', 'WK082400', 'WK076601', 'WK085506'].includes(s.wijk))
    .map((s) => s.brin);
  return {
    label: 'placebo',
    intervention: placebo,
    comparison: schools()
      .map((s) => s.brin)
      .filter((b) => !tom.has(b) && !placebo.includes(b)),
  };
};

/** The school board's pupils of `year` by arm, followed to a youth-care trajectory at Sterk Huis in the same year (the seeds hold 2023 and 2024). */
export function cohortSpec(arms: CohortArms, year: number, before?: string): QuerySpec {
  const inYear = { field: 'year', op: 'eq' as const, value: year };
  return {
    ...DEMO_GROUNDS,
    dataset: 'pupils',
    measure: { kind: 'count' },
    groupBy: ['arm'],
    filters: [inYear],
    arms: {
      dimension: 'school',
      label: arms.label,
      intervention: arms.intervention,
      // None listed: every other school, as the console's builder sends it when its comparison arm is left empty.
      ...(arms.comparison.length > 0 ? { comparison: arms.comparison } : {}),
    },
    combination: {
      analysis: 'cohort',
      factors: [{ dataset: 'youth_care_trajectories', label: `jeugdzorg in ${year}`, filters: [inYear] }],
      ...(before ? { before } : {}),
    },
    purpose: `Smart Start end-to-end test: pupils of ${year} by ${arms.label} arm, followed to youth care`,
  };
}

/** Per arm, the cohort's children and those with a youth-care trajectory in the year, read straight from the two sqlite files. */
export async function cohortTruth(
  recordsFile: (org: string) => string,
  arms: CohortArms,
  year: number,
): Promise<Record<'intervention' | 'comparison', { children: number; withOutcome: number }>> {
  const pupils = await sqliteAll<{ child_ref: string; school: string }>(
    recordsFile('schoolbestuur'),
    'SELECT child_ref, school FROM pupils WHERE year = ?',
    [year],
  );
  const care = new Set(
    (
      await sqliteAll<{ child_ref: string }>(
        recordsFile('sterkhuis'),
        'SELECT DISTINCT child_ref FROM youth_care_trajectories WHERE year = ?',
        [year],
      )
    ).map((r) => String(r.child_ref)),
  );
  const count = (values: string[]) => {
    const mine = pupils.filter((p) => values.includes(p.school));
    return { children: mine.length, withOutcome: mine.filter((p) => care.has(String(p.child_ref))).length };
  };
  return { intervention: count(arms.intervention), comparison: count(arms.comparison) };
}
