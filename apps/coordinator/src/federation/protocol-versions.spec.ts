import { PROTOCOL_VERSION, QueryEnvelope, Reply } from '@bfa/protocol';
import { NodeGateway } from './node-gateway.service';
import { ProtocolVersions } from './protocol-versions';

const envelope = (spec: object) =>
  ({
    id: 'q1',
    spec: { dataset: 'children_households', measure: { kind: 'count' }, groupBy: ['wijk'], ...spec },
    dataHolders: ['gemeente', 'sterkhuis'],
    keyHolders: ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'],
  }) as unknown as QueryEnvelope;
const combination = envelope({ combination: { atLeast: 2, factors: [] } });

/** Nodes answering their heartbeat as given: a value, or an error (unreachable). */
function versionsOf(answers: Record<string, Reply<unknown>>) {
  const asked: { org: string; subject: string; payload: object }[] = [];
  const gateway = {
    request: async (org: string, subject: string, payload: object) => {
      asked.push({ org, subject, payload });
      return answers[org];
    },
  } as unknown as NodeGateway;
  return { versions: new ProtocolVersions(gateway), asked };
}

const current = (org: string): Reply<unknown> => ({ ok: true, value: { org, protocolVersion: PROTOCOL_VERSION } });

describe("the nodes' protocol versions, asked before a query moves anything", () => {
  it("asks every data holder and key holder once, on its heartbeat, telling the coordinator's own version", async () => {
    const { versions, asked } = versionsOf({
      gemeente: current('gemeente'),
      ggd: current('ggd'),
      schoolbestuur: current('schoolbestuur'),
      sterkhuis: current('sterkhuis'),
    });
    expect(await versions.problems(combination)).toEqual([]);
    expect(asked.map((a) => a.org)).toEqual(['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis']);
    expect(asked[0]).toMatchObject({
      subject: 'node.gemeente.heartbeat',
      payload: { protocolVersion: PROTOCOL_VERSION },
    });
  });

  it('names each node too old for a combination, an older and an unannounced one', async () => {
    const { versions } = versionsOf({
      gemeente: current('gemeente'),
      ggd: { ok: true, value: { org: 'ggd' } },
      schoolbestuur: current('schoolbestuur'),
      sterkhuis: { ok: true, value: { org: 'sterkhuis', protocolVersion: 1 } },
    });
    const problems = await versions.problems(combination);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^ggd's node announces no protocol version/);
    expect(problems[1]).toMatch(/^sterkhuis's node speaks protocol version 1; .* needs version 3 or later/);
  });

  it("doesn't refuse for a node that doesn't answer (its step fails as it always did), and asks nothing for a plain query", async () => {
    const { versions, asked } = versionsOf({
      gemeente: current('gemeente'),
      ggd: { ok: false, reason: 'ggd did not answer', unreachable: true },
      schoolbestuur: current('schoolbestuur'),
      sterkhuis: current('sterkhuis'),
    });
    expect(await versions.announced('ggd')).toBeNull();
    expect(await versions.problems(combination)).toEqual([]);
    asked.length = 0;
    expect(await versions.problems(envelope({}))).toEqual([]);
    expect(asked).toEqual([]);
  });
});
