import { FramedChunk } from '@bfa/protocol';
import { ChunkTransfer, relayHop } from './hop-relay';

const chunkOf = (index: number) =>
  new FramedChunk(
    {
      scheme: 'x25519-chacha20-poly1305',
      recipientPublicKey: 'r',
      ephemeralPublicKey: 'e',
      nonce: 'n',
      boxBytes: 10 + index,
      boxDigest: String(index),
    },
    Buffer.alloc(10 + index),
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A sender and a recipient that take their time and record what they were asked, and how many chunks the coordinator held at once. */
function recorded(failAt?: { fetch?: number; deliver?: number }) {
  const fetched: number[] = [];
  const delivered: number[] = [];
  let held = 0;
  let mostHeld = 0;
  const transfer: ChunkTransfer = {
    fetch: async (index) => {
      fetched.push(index);
      await sleep(0);
      if (index === failAt?.fetch) throw new Error(`sender: no chunk ${index}`);
      mostHeld = Math.max(mostHeld, ++held);
      return chunkOf(index);
    },
    deliver: async (index, chunk) => {
      expect(chunk.header.boxDigest).toBe(String(index));
      // Slower than a fetch, so a chunk fetched ahead is held while the one before is delivered.
      await sleep(3);
      held--;
      if (index === failAt?.deliver) throw new Error(`recipient refused chunk ${index}`);
      delivered.push(index);
    },
  };
  return { transfer, fetched, delivered, mostHeld: () => mostHeld };
}

describe('relayHop', () => {
  it.each([0, 1] as const)(
    'fetching %i ahead: every chunk fetched once and delivered once, in order, never more held than that and one',
    async (ahead) => {
      const run = recorded();
      const timing = await relayHop(13, run.transfer, ahead);
      expect(run.fetched).toEqual([...Array(13).keys()]);
      expect(run.delivered).toEqual([...Array(13).keys()]);
      expect(run.mostHeld()).toBe(ahead + 1);
      expect(timing).toMatchObject({ chunks: 13, bytes: 13 * 10 + 78 });
    },
  );

  it('stops at a fetch that fails: the hop fails with its reason, no chunk after it is asked for, nothing delivered twice', async () => {
    const run = recorded({ fetch: 4 });
    await expect(relayHop(13, run.transfer, 1)).rejects.toThrow('sender: no chunk 4');
    expect(run.fetched).toEqual([0, 1, 2, 3, 4]);
    expect(run.delivered).toEqual([0, 1, 2, 3]);
  });

  it('stops at a delivery the recipient refuses, and settles every chunk under way before failing', async () => {
    const run = recorded({ deliver: 2 });
    let settled = false;
    let fetchesSettled = 0;
    const transfer: ChunkTransfer = {
      fetch: (index) => run.transfer.fetch(index).finally(() => fetchesSettled++),
      deliver: run.transfer.deliver,
    };
    const relayed = relayHop(13, transfer, 1).finally(() => (settled = true));
    await expect(relayed).rejects.toThrow('recipient refused chunk 2');
    expect(settled).toBe(true);
    expect(run.fetched).toEqual([0, 1, 2, 3]);
    expect(fetchesSettled).toBe(4);
    expect(run.delivered).toEqual([0, 1]);
  });

  it('relays a hop of one chunk', async () => {
    const run = recorded();
    await relayHop(1, run.transfer, 1);
    expect(run.delivered).toEqual([0]);
  });
});
