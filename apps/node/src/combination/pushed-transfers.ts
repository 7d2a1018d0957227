import { Injectable } from '@nestjs/common';
import { PushedHopChunk } from '@bfa/protocol';

/** A hop's transfer, and a hop taken here, are remembered this long (a run's own lifetime), then forgotten with it. */
const TRANSFER_TTL_MS = 2 * 60 * 60_000;

interface Transfer {
  /** The nonce of the coordinator's authorisation every chunk of this transfer carries. */
  nonce: string;
  from: string;
  chunks: number;
  at: number;
}

const key = (queryId: string, step: number) => `${queryId}/${step}`;

/**
 * The hops their senders push to this node (protocol version 4): one authorisation per hop, its chunks all under it,
 * from the sender it names and with the count it signed; once the hop was taken for its step, nothing more for it.
 * In memory only, like the runs.
 */
@Injectable()
export class PushedTransfers {
  private readonly open = new Map<string, Transfer>();
  private readonly spent = new Map<string, number>();

  /** Why this chunk can't join its hop's transfer, or null: checked before anything is kept. */
  problem({ queryId, step, from, chunks, index, authorisation }: PushedHopChunk, now = Date.now()): string | null {
    this.expire(now);
    if (this.spent.has(key(queryId, step)))
      return `step ${step} of query ${queryId} was already received here: a chunk pushed for it again is a replay`;
    if (index >= chunks) return `chunk ${index} is past the ${chunks} chunks its sender announces`;
    const transfer = this.open.get(key(queryId, step));
    if (!transfer) return null;
    if (transfer.nonce !== authorisation.nonce)
      return `step ${step} of query ${queryId} is already being pushed here under another authorisation of the coordinator`;
    if (transfer.from !== from || transfer.chunks !== chunks)
      return `step ${step} of query ${queryId} is being pushed by ${transfer.from} in ${transfer.chunks} chunks, not by ${from} in ${chunks}`;
    return null;
  }

  /** After the chunk was kept: its transfer is the hop's from now on. */
  record({ queryId, step, from, chunks, authorisation }: PushedHopChunk, now = Date.now()): void {
    this.open.set(key(queryId, step), { nonce: authorisation.nonce, from, chunks, at: now });
  }

  /** The hop was taken (applied or finished): its authorisation is spent. */
  spend(queryId: string, step: number, now = Date.now()): void {
    this.open.delete(key(queryId, step));
    this.spent.set(key(queryId, step), now);
  }

  private expire(now: number): void {
    for (const [hop, at] of this.spent) if (now - at > TRANSFER_TTL_MS) this.spent.delete(hop);
    for (const [hop, { at }] of this.open) if (now - at > TRANSFER_TTL_MS) this.open.delete(hop);
  }
}
