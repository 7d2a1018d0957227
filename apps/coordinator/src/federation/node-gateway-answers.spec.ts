import { ClientProxy } from '@nestjs/microservices';
import { generateSigningKeyPair } from '@bfa/crypto';
import { AuditHeads, AuditLog } from '@bfa/audit';
import { CoordinatorConfig } from '../coordinator.config';
import { NodeGateway } from './node-gateway.service';

/**
 * A framed request's answer came on the coordinator's shared inbox, whose names follow one another (nats.js' nuid):
 * a partner that guessed the next one (its leaf node may publish there in production) answered in another node's name.
 */
describe('NodeGateway.requestFramed takes only the answer to its own request', () => {
  /** nats-server as the node answers: with the request's id, or as someone else answers first. */
  function gateway(answer: (id: string) => object) {
    const nats = {
      replies: [] as string[],
      request: async (_subject: string, body: Uint8Array, options: { noMux?: boolean; reply?: string }) => {
        if (!options.noMux) throw new Error('asked on the shared inbox');
        nats.replies.push(options.reply!);
        const { id } = JSON.parse(Buffer.from(body).toString('utf8')) as { id: string };
        return { data: Buffer.from(JSON.stringify(answer(id))) };
      },
    };
    const gateway = new NodeGateway(
      { connect: async () => undefined, unwrap: () => nats } as unknown as ClientProxy,
      { nodeTimeoutMs: 1_000 } as CoordinatorConfig,
      generateSigningKeyPair().secretKey,
      { head: async () => null } as unknown as AuditLog,
      {} as AuditHeads,
    );
    return Object.assign(gateway, { replies: nats.replies });
  }
  const report = { ok: true, value: { chunks: 3, bytes: 9, seconds: 1 } };
  const subject = 'node.sterkhuis.combination.chunk.send';

  it("takes the node's answer to this request, asked with a reply subject of its own nobody can guess", async () => {
    const nodes = gateway((id) => ({ id, response: report }));
    for (let i = 0; i < 3; i++)
      expect((await nodes.requestFramed('sterkhuis', subject, {}, undefined)).reply).toEqual(report);
    expect(await nodes.presence('sterkhuis', 1_000)).toBe('there');
    expect(nodes.replies).toHaveLength(4);
    for (const reply of nodes.replies) expect(reply).toMatch(/^_INBOX\.coordinator\.[0-9a-f]{24}$/);
    expect(new Set(nodes.replies).size).toBe(4);
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
