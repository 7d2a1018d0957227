import { Readiness } from '@bfa/runtime';
import type { NodeKeys } from '../keys/node-keys';
import type { RandomizerSupply } from '../precompute/randomizer-supply';

/** What a node needs besides NATS before it can do all its work; each check names what is missing, or says nothing. */
export function watchNodeReadiness(
  readiness: Readiness,
  keys: Pick<NodeKeys, 'keyShareProblem'>,
  supply: Pick<RandomizerSupply, 'status'>,
  poolTarget: number,
): void {
  readiness.add(() => keys.keyShareProblem());
  // rⁿ ready so encryption at query time is one multiplication; a node told to keep none (0) has nothing to miss.
  readiness.add(() =>
    poolTarget > 0 && supply.status().ready === 0
      ? `randomizer pool empty: no rⁿ precomputed yet (filling to ${poolTarget})`
      : undefined,
  );
}
