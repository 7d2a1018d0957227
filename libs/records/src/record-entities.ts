import { ChildHouseholdRecord } from './children-household.entity';
import { HealthMonitorRecord } from './health-monitor.entity';
import { PupilRecord } from './pupil.entity';
import { RiskSignalRecord } from './risk-signal.entity';
import { YouthCareTrajectoryRecord } from './youth-care-trajectory.entity';

/** Entity per catalog table name. */
export const RECORD_ENTITIES: Record<string, Function> = {
  children_households: ChildHouseholdRecord,
  youth_care_trajectories: YouthCareTrajectoryRecord,
  health_monitor: HealthMonitorRecord,
  pupils: PupilRecord,
  risk_signals: RiskSignalRecord,
};

export function recordEntitiesFor(tables: string[]): Function[] {
  return tables.map((table) => {
    const entity = RECORD_ENTITIES[table];
    if (!entity) throw new Error(`no record entity for table ${table}`);
    return entity;
  });
}
