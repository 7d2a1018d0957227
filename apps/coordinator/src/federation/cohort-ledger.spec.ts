import { join } from 'node:path';
import { CombinationCell } from '@bfa/combination';
import { coordinatesKey, ProtectedTable } from '@bfa/disclosure';
import { CombinationQuerySpec, loadPolicies } from '@bfa/policy';
import { protectCohortRelease } from './cohort-ledger';
import { LedgerBasis } from './release-ledger';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const { catalog } = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
const schools = catalog.dimensions.school.values.map(String);
const K = 10;
const year = (value: number) => ({ field: 'year', op: 'eq' as const, value });
const contributedBy = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];
const ledger = (earlier: LedgerBasis[]) => ({ earlier, contributedBy });

/** Pupils of 2023 by arm, followed to youth care in 2023; the intervention arm is the first `n` schools. */
const cohort = (n: number, cohortYear = 2023): CombinationQuerySpec =>
  ({
    ...DEMO_GROUNDS,
    dataset: 'pupils',
    measure: { kind: 'count' },
    filters: [year(cohortYear)],
    groupBy: ['arm'],
    arms: { dimension: 'school', label: 'Team op Maat', intervention: schools.slice(0, n) },
    combination: {
      analysis: 'cohort',
      factors: [{ dataset: 'youth_care_trajectories', label: 'jeugdzorg 2023', filters: [year(2023)] }],
    },
    purpose: 'Smart Start: Team op Maat, pupils followed to youth care',
  }) as CombinationQuerySpec;

/**
 * Five schools hold 400 pupils of whom 60 have youth care; the sixth school 3 pupils, 2 of them with youth care; the
 * rest 600 and 90. An analyst who gets both arm lists subtracts the sixth school's 2.
 */
const cells = (sixthInIntervention: boolean): CombinationCell[] => {
  const [intervention, comparison] = sixthInIntervention
    ? [
        [403 - 62, 62],
        [600 - 90, 90],
      ]
    : [
        [400 - 60, 60],
        [603 - 92, 92],
      ];
  return [
    { cell: 'intervention', records: intervention[0] + intervention[1], withheld: false, histogram: intervention },
    { cell: 'comparison', records: comparison[0] + comparison[1], withheld: false, histogram: comparison },
  ];
};

const shown = (table: ProtectedTable, arm: string, outcome: string) => {
  const cell = table.cells.find((c) => coordinatesKey(c.coordinates) === coordinatesKey({ arm, outcome }));
  return cell && !cell.suppressed ? cell.value! : undefined;
};

/** Every count of the sixth school the analyst gets by subtracting one release's arm cell from the other's. */
function sixthSchool(five: ProtectedTable, six: ProtectedTable): number[] {
  return ['intervention', 'comparison'].flatMap((arm) =>
    ['0', '1', 'Totaal'].flatMap((outcome) => {
      const [a, b] = [shown(five, arm, outcome), shown(six, arm, outcome)];
      return a !== undefined && b !== undefined && a !== b ? [Math.abs(a - b)] : [];
    }),
  );
}

describe('cohort releases in the release ledger (arm lists that differ by one school)', () => {
  it('is an attack without the ledger: both tables released in full give the sixth school’s pupils and youth care', async () => {
    const five = await protectCohortRelease(catalog, cohort(5), cells(false), K, ledger([]));
    const six = await protectCohortRelease(catalog, cohort(6), cells(true), K, ledger([]));
    expect(sixthSchool(five.table, six.table)).toEqual(expect.arrayContaining([2, 3]));
  });

  it('hides the second cohort’s cells that would give the sixth school away, naming the differencing rule', async () => {
    const five = await protectCohortRelease(catalog, cohort(5), cells(false), K, ledger([]));
    const earlier = [{ id: 'c5', spec: cohort(5), cells: five.remembered, contributedBy }];
    const six = await protectCohortRelease(catalog, cohort(6), cells(true), K, ledger(earlier));
    for (const difference of sixthSchool(five.table, six.table)) expect(difference).toBeGreaterThanOrEqual(K);
    expect(six.table.protection.rules.find((r) => r.rule === 'differencing')?.cells).toBeGreaterThan(0);
  });

  it('remembers every cell, and leaves a cohort of another year alone', async () => {
    const five = await protectCohortRelease(catalog, cohort(5), cells(false), K, ledger([]));
    expect(five.remembered).toHaveLength(five.table.cells.length);
    const alone = await protectCohortRelease(catalog, cohort(6, 2024), cells(true), K, ledger([]));
    const audited = await protectCohortRelease(
      catalog,
      cohort(6, 2024),
      cells(true),
      K,
      ledger([{ id: 'c5', spec: cohort(5), cells: five.remembered, contributedBy }]),
    );
    expect(audited.table.cells.map((c) => c.suppressed)).toEqual(alone.table.cells.map((c) => c.suppressed));
  });
});
