import { ClientProxy } from '@nestjs/microservices';
import { generateSigningKeyPair } from '@bfa/crypto';
import { AuditHeads, AuditLog } from '@bfa/audit';
import { CoordinatorConfig } from '../coordinator.config';
import { NodeGateway } from './node-gateway.service';

/**
 * A framed request's answer comes on the coordinator's inbox, whose names follow one another (nats.js' nuid): a
 * partner that guessed the next one (its leaf node may publish there in production) answered in another node's name.
 */
describe('NodeGateway.requestFramed takes only the answer to its own request', () => {
  /** nats-server as the node answers: with the request's id, or as someone else answers first. */
  function gateway(answer: (id: string) => object) {
    const nats = {
      request: async (_subject: string, body: Uint8Array) => {
        const { id } = JSON.parse(Buffer.from(body).toString('utf8')) as { id: string };
        return { data: Buffer.from(JSON.stringify(answer(id))) };
      },
    };
    return new NodeGateway(
      { connect: async () => undefined, unwrap: () => nats } as unknown as ClientProxy,
      { nodeTimeoutMs: 1_000 } as CoordinatorConfig,
      generateSigningKeyPair().secretKey,
      { head: async () => null } as unknown as AuditLog,
      {} as AuditHeads,
    );
  }
  const report = { ok: true, value: { chunks: 3, bytes: 9, seconds: 1 } };
  const subject = 'node.sterkhuis.combination.chunk.send';

  it("takes the node's answer to this request", async () => {
    const { reply } = await gateway((id) => ({ id, response: report })).requestFramed(
      'sterkhuis',
      subject,
      {},
      undefined,
    );
    expect(reply).toEqual(report);
  });

  it.each([
    ['no id', () => ({ response: report })],
    ['an empty id', () => ({ id: '', response: report })],
    ["another request's id", () => ({ id: '00000000-0000-4000-8000-000000000000', response: report })],
  ])('refuses a forged answer with %s, naming why', async (_, forged) => {
    const { reply } = await gateway(forged).requestFramed('sterkhuis', subject, {}, undefined);
    expect(reply).toEqual({ ok: false, reason: 'sterkhuis: an answer that is not to this request' });
  });
});
