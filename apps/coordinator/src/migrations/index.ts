import { InitialSchema1764460800000 } from './1764460800000-initial-schema';
import { ReleaseRetention1796083200000 } from './1796083200000-release-retention';

/** The coordinator's store (coordinator.sqlite), in order: run at every start, each once. */
export const COORDINATOR_MIGRATIONS = [InitialSchema1764460800000, ReleaseRetention1796083200000];
