import { Subject } from 'rxjs';
import { Readiness } from '@bfa/runtime';
import { RandomizerSupply } from '../precompute/randomizer-supply';
import { watchNodeReadiness } from './node-readiness';

type Status = ReturnType<RandomizerSupply['status']>;

describe("a node's readiness", () => {
  let shareProblem: string | undefined;
  let ready: number;
  const keys = { keyShareProblem: () => shareProblem };
  const supply = { status: () => ({ ready }) as Status };

  beforeEach(() => {
    shareProblem = undefined;
    ready = 0;
  });

  function readinessOf(poolTarget: number): Readiness {
    const readiness = new Readiness();
    const nats = new Subject<string>();
    readiness.watchNats(nats);
    nats.next('connected');
    watchNodeReadiness(readiness, keys, supply, poolTarget);
    return readiness;
  }

  it('names an unopened key share and an empty randomizer pool, each on its own', () => {
    const readiness = readinessOf(64);
    shareProblem =
      "key share not opened: ggd is a holder of the registry's key k1 but has no sealed share of it in key-shares/";
    expect(readiness.missing()).toEqual([shareProblem, 'randomizer pool empty: no rⁿ precomputed yet (filling to 64)']);
    ready = 1;
    expect(readiness.missing()).toEqual([shareProblem]);
    shareProblem = undefined;
    expect(readiness.missing()).toEqual([]);
  });

  it('does not miss a pool the node is told to keep empty (BFA_RANDOMIZER_POOL=0)', () => {
    expect(readinessOf(0).missing()).toEqual([]);
  });
});
