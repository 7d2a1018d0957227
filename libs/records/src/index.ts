export * from './child-record';
export * from './data-edition.entity';
export * from './record-entities';
export * from './import';
export { ChildHouseholdRecord } from './children-household.entity';
export { HealthMonitorRecord } from './health-monitor.entity';
export { PupilRecord } from './pupil.entity';
export { RiskSignalRecord } from './risk-signal.entity';
export { YouthCareTrajectoryRecord } from './youth-care-trajectory.entity';
