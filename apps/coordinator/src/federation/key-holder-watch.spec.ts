import { Reply } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { watchKeyHolders } from './key-holder-watch';
import { Presence } from './step-watch';

const HOLDERS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];
const watch = { intervalMs: 20, misses: 3 };
const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const never = <T>() => new Promise<T>(() => undefined);
const partial = (org: string): Reply<string> => ({ ok: true, value: `${org}'s partial` });
/** nats-server's view: the killed key holders have no process any more, the others are there (or busy decrypting). */
const presence =
  (gone: string[]) =>
  async (org: string): Promise<Presence> =>
    gone.includes(org) ? 'gone' : 'busy';

describe('key holders watched during a decryption', () => {
  it('carries on without a key holder that went away when the others still reach the threshold', async () => {
    const ask = watchKeyHolders(HOLDERS, 3, presence(['ggd']), watch);
    const started = Date.now();
    const replies = await Promise.all(
      HOLDERS.map((org) => ask(org, org === 'ggd' ? never<Reply<string>>() : later(50, partial(org)))),
    );
    expect(replies.filter((r) => r.ok)).toHaveLength(3);
    expect(replies[1]).toEqual({
      ok: false,
      unreachable: true,
      reason: expect.stringMatching(/^ggd went away during the step \(nats-server had no ggd node for 3 checks/),
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('stops the whole decryption within seconds once fewer than the threshold can answer, naming the silent key holders', async () => {
    const ask = watchKeyHolders(HOLDERS, 3, presence(['ggd', 'sterkhuis']), watch);
    const started = Date.now();
    const gathering = Promise.all(
      HOLDERS.map((org) =>
        ask(org, ['ggd', 'sterkhuis'].includes(org) ? never<Reply<string>>() : later(20, partial(org))),
      ),
    );
    await expect(gathering).rejects.toThrow(Refusal);
    await expect(gathering).rejects.toThrow(
      /^decryption stopped: only 2 of the 3 key holders needed can still answer; silent: (ggd, sterkhuis|sterkhuis, ggd) \(.*went away during the step/,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('stops even while the other key holders are still working: it does not wait for their answers', async () => {
    const ask = watchKeyHolders(HOLDERS, 4, presence(['schoolbestuur']), watch);
    const gathering = Promise.all(HOLDERS.map((org) => ask(org, never<Reply<string>>())));
    await expect(gathering).rejects.toThrow(
      /only 3 of the 4 key holders needed can still answer; silent: schoolbestuur/,
    );
  });

  it('counts a key holder nobody reached (no subscription, timed out) as silent too', async () => {
    const ask = watchKeyHolders(HOLDERS, 4, presence([]), watch);
    const offline: Reply<string> = {
      ok: false,
      reason: 'gemeente did not answer on node.gemeente.decryption.partial: no subscribers',
      unreachable: true,
    };
    const gathering = Promise.all(
      HOLDERS.map((org) => ask(org, org === 'gemeente' ? Promise.resolve(offline) : never<Reply<string>>())),
    );
    await expect(gathering).rejects.toThrow(/silent: gemeente \(gemeente did not answer .*no subscribers\)/);
  });

  it('leaves a refusal, a busy key holder and one gone for a moment (a NATS reconnect) to the threshold check', async () => {
    let checks = 0;
    const blip = async (): Promise<Presence> => (['gone', 'gone', 'there'] as Presence[])[checks++ % 3];
    const ask = watchKeyHolders(HOLDERS, 4, blip, watch);
    const refused: Reply<string> = { ok: false, reason: 'sterkhuis: not approved' };
    const replies = await Promise.all(
      HOLDERS.map((org) => ask(org, later(200, org === 'sterkhuis' ? refused : partial(org)))),
    );
    expect(replies.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(replies[3]).toEqual(refused);
  });
});
