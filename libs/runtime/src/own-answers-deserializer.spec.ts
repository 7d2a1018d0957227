import { ClientNats } from '@nestjs/microservices';
import { natsTransport } from './nats-transport';

/**
 * A partner's node answering a request of the coordinator (it may, once, with any bytes: allow_responses), or
 * anyone who can publish on the coordinator's inbox (a partner's leaf node in production), against Nest's client
 * with the options every process's client is made with.
 */
describe("the answers a process's NATS client takes", () => {
  const request = { id: '9b2f0c8e-5d1a-4c3b-8e7f-000000000001', pattern: 'node.ggd.query.execute', data: {} };
  /** The client's handler of its inbox for `request`, and the answers it passed on to the waiting request. */
  function inbox() {
    const client = new ClientNats(natsTransport('nats://127.0.0.1:1', 'coordinator-client').options!);
    const taken: unknown[] = [];
    const handler = (
      client as unknown as {
        createSubscriptionHandler: (p: object, cb: (r: unknown) => void) => (e: unknown, m: object) => Promise<unknown>;
      }
    ).createSubscriptionHandler(request, (answer) => taken.push(answer));
    const answer = (data: string | Uint8Array) => handler(undefined, { data: Buffer.from(data) });
    return { taken, answer };
  }

  it('passes over an answer that is not JSON: no rejection nobody awaits, which ended the process', async () => {
    const { taken, answer } = inbox();
    for (const junk of ['not json', '\u0000\u0001BFAF', '{"id":', Buffer.from([0xff, 0xfe, 0x00])])
      await expect(answer(junk)).resolves.toBeUndefined();
    expect(taken).toEqual([]);
  });

  it("passes over an answer without the request's id, with an empty one or another's, and takes its own", async () => {
    const { taken, answer } = inbox();
    const forged = { response: { ok: true, value: { chunks: 1, bytes: 0, seconds: 0 } }, isDisposed: true };
    for (const id of [undefined, '', null, 0, 'another request'])
      await answer(JSON.stringify({ ...forged, ...(id === undefined ? {} : { id }) }));
    expect(taken).toEqual([]);
    await answer(JSON.stringify({ id: request.id, response: { ok: false, reason: 'refused' }, isDisposed: true }));
    expect(taken).toEqual([expect.objectContaining({ response: { ok: false, reason: 'refused' } })]);
  });
});
