import { QuerySpec } from './query-spec.dto';
import {
  announcedVersion,
  PROTOCOL_HISTORY,
  PROTOCOL_STEPS,
  PROTOCOL_VERSION,
  protocolNeeded,
  protocolProblem,
} from './protocol-version';

const count = { dataset: 'risk_signals', measure: { kind: 'count' }, groupBy: ['wijk'] } as unknown as QuerySpec;
const mean = { ...count, dataset: 'health_monitor', measure: { kind: 'mean', field: 'score' } } as unknown as QuerySpec;
const rate = {
  ...count,
  measure: { kind: 'rate', per: 1000, denominator: { dataset: 'population' } },
} as unknown as QuerySpec;
const combination = {
  ...count,
  dataset: 'children_households',
  combination: { atLeast: 2, factors: [] },
} as unknown as QuerySpec;

describe('the protocol version a query needs at every node it reaches', () => {
  it('needs version 1 for a plain query and 3 for a combination (sealed in version 2, relayed in frames in 3)', () => {
    expect(protocolNeeded(count)).toEqual({ version: 1, what: 'a query' });
    expect(protocolNeeded(combination)).toEqual({
      version: 3,
      what: 'a combination (hop chunks relayed in binary frames)',
    });
  });

  it('needs version 3 for a mean (its fifth magnitude part, the smallest value) and 1 for a sum or a rate', () => {
    expect(protocolNeeded(mean)).toEqual({ version: 3, what: 'a mean (its magnitudes carry the smallest value)' });
    expect(protocolNeeded({ ...mean, measure: { kind: 'sum', field: 'score' } } as QuerySpec).version).toBe(1);
    expect(protocolNeeded(rate).version).toBe(1);
  });

  it('refuses a mean at a node of version 1, 2 or an unannounced one, naming the node and the version', () => {
    expect(protocolProblem(mean, 'ggd', 2)).toBe(
      "ggd's node speaks protocol version 2; a mean (its magnitudes carry the smallest value) needs version 3 or later at every partner it reaches: upgrade ggd's node first",
    );
    expect(protocolProblem(mean, 'ggd', 1)).toEqual(expect.stringContaining('needs version 3 or later'));
    expect(protocolProblem(mean, 'sterkhuis', 'unannounced')).toEqual(
      expect.stringMatching(/^sterkhuis's node announces no protocol version .* a mean .* needs version 3 or later/),
    );
    expect(protocolProblem(mean, 'ggd', 3)).toBeNull();
  });

  it('has every step at a version this build speaks, and every version described for the operators', () => {
    for (const step of PROTOCOL_STEPS) expect(step.version).toBeLessThanOrEqual(PROTOCOL_VERSION);
    for (let v = 1; v <= PROTOCOL_VERSION; v++) expect(PROTOCOL_HISTORY[v]).toEqual(expect.any(String));
  });

  it("reads a heartbeat's announcement, and counts one without a version (or with nonsense) as unannounced", () => {
    expect(announcedVersion({ org: 'ggd', protocolVersion: 3 })).toBe(3);
    for (const answer of [{ org: 'ggd' }, null, 'x', { protocolVersion: '3' }, { protocolVersion: 0 }])
      expect(announcedVersion(answer)).toBe('unannounced');
    expect(announcedVersion({ protocolVersion: 2.5 })).toBe('unannounced');
  });

  it('refuses a combination at a node of version 1 or an unannounced one, naming the node and the version it needs', () => {
    expect(protocolProblem(combination, 'sterkhuis', 1)).toBe(
      "sterkhuis's node speaks protocol version 1; a combination (hop chunks relayed in binary frames) needs version 3 or later at every partner it reaches: upgrade sterkhuis's node first",
    );
    expect(protocolProblem(combination, 'sterkhuis', 2)).toEqual(expect.stringContaining('needs version 3 or later'));
    expect(protocolProblem(combination, 'ggd', 'unannounced')).toEqual(
      expect.stringMatching(
        /^ggd's node announces no protocol version .* needs version 3 or later .* upgrade ggd's node/,
      ),
    );
  });

  it('lets a node of the needed version or later take part, and any node take part in a plain query', () => {
    expect(protocolProblem(combination, 'ggd', PROTOCOL_VERSION)).toBeNull();
    expect(protocolProblem(count, 'ggd', 'unannounced')).toBeNull();
    expect(protocolProblem(count, 'ggd', 1)).toBeNull();
  });
});
