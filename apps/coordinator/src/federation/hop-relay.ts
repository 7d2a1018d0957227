import { FramedChunk } from '@bfa/protocol';

/** How one hop's chunks travel: fetched from the sender, delivered to the recipient, each once. */
export interface ChunkTransfer {
  fetch(index: number): Promise<FramedChunk>;
  deliver(index: number, chunk: FramedChunk): Promise<void>;
}

/** What a hop's relay cost, for the log: no chunk's content, only counts, sizes and times. */
export interface RelayTiming {
  chunks: number;
  bytes: number;
  seconds: number;
  /** Summed over the chunks, so with several under way at once more than `seconds`. */
  fetchSeconds: number;
  deliverSeconds: number;
}

/**
 * Whether the next chunk is fetched while one is delivered (1) or only after it (0). Sender and recipient are two
 * processes, so the two transfers can overlap, the coordinator then holding two chunks (≈ 8 MB) instead of one. Measured
 * on the shared 2-core machine (bench/hop-relay.bench.ts, load average 15–25), overlapping made the relay slower, not
 * faster (every process of the relay waits for a core; two transfers at once only compete): one after the other.
 */
export const RELAY_AHEAD: 0 | 1 = 0;

const since = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/**
 * Moves `chunks` chunks in order, each fetched once and delivered once; with `ahead` = 1 chunk i + 1 is fetched
 * while chunk i is delivered. The first failure stops the hop: nothing is asked for after it, and it fails once the
 * fetch under way has settled, so no request outlives the hop.
 */
export async function relayHop(
  chunks: number,
  transfer: ChunkTransfer,
  ahead: 0 | 1 = RELAY_AHEAD,
): Promise<RelayTiming> {
  const start = process.hrtime.bigint();
  const timing: RelayTiming = { chunks, bytes: 0, seconds: 0, fetchSeconds: 0, deliverSeconds: 0 };
  const fetch = (index: number): Promise<FramedChunk> => {
    const begun = process.hrtime.bigint();
    const fetched = transfer.fetch(index).then((chunk) => {
      timing.fetchSeconds += since(begun);
      return chunk;
    });
    // Handled from the start: a fetch that fails while the previous chunk is delivered is not an unhandled rejection.
    fetched.catch(() => undefined);
    return fetched;
  };
  let next: Promise<FramedChunk> | null = null;
  try {
    for (let index = 0; index < chunks; index++) {
      const chunk = await (next ?? fetch(index));
      next = ahead === 1 && index + 1 < chunks ? fetch(index + 1) : null;
      const begun = process.hrtime.bigint();
      await transfer.deliver(index, chunk);
      timing.deliverSeconds += since(begun);
      timing.bytes += chunk.bytes.length;
    }
  } finally {
    await next?.catch(() => undefined);
  }
  timing.seconds = since(start);
  return timing;
}
