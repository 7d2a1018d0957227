import { SumCoveringIndexes1764547200000 } from './1764547200000-sum-covering-indexes';

export { SumCoveringIndexes1764547200000 };

/** The partner's records store (records.sqlite), in order: run by the node at every start, each once. */
export const RECORD_MIGRATIONS = [SumCoveringIndexes1764547200000];
