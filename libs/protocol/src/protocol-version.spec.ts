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
const combination = {
  ...count,
  dataset: 'children_households',
  combination: { atLeast: 2, factors: [] },
} as unknown as QuerySpec;

describe('the protocol version a query needs at every node it reaches', () => {
  it('needs version 1 for a plain query and 2 for a combination (its hop chunks changed in version 2)', () => {
    expect(protocolNeeded(count)).toEqual({ version: 1, what: 'a query' });
    expect(protocolNeeded(combination)).toEqual({ version: 2, what: expect.stringContaining('a combination') });
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
      "sterkhuis's node speaks protocol version 1; a combination (sealed binary hop chunks, margins) needs version 2 or later at every partner it reaches: upgrade sterkhuis's node first",
    );
    expect(protocolProblem(combination, 'ggd', 'unannounced')).toEqual(
      expect.stringMatching(
        /^ggd's node announces no protocol version .* needs version 2 or later .* upgrade ggd's node/,
      ),
    );
  });

  it('lets a node of the needed version or later take part, and any node take part in a plain query', () => {
    expect(protocolProblem(combination, 'ggd', 2)).toBeNull();
    expect(protocolProblem(combination, 'ggd', PROTOCOL_VERSION)).toBeNull();
    expect(protocolProblem(count, 'ggd', 'unannounced')).toBeNull();
    expect(protocolProblem(count, 'ggd', 1)).toBeNull();
  });
});
