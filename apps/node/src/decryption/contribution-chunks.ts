import { Inject, Injectable } from '@nestjs/common';
import { MAX_CONTRIBUTION_CHUNKS, SignedContributionDto } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { NODE_CONFIG, NodeConfig } from '../node.config';

/** Chunks wait for their partial decryption request this long at most; nothing of them is written to disk. */
const BATCH_TTL_MS = 30 * 60_000;

interface Batch {
  chunks: SignedContributionDto[][];
  bytes: number;
  touchedAt: number;
}

export type ChunkLimits = Pick<NodeConfig, 'contributionChunksMaxBytes' | 'contributionChunksMaxPending'>;

/**
 * The signed contributions the coordinator sends ahead of a partial decryption request when they don't fit in one
 * NATS message, kept in memory by query and batch until that request takes them. They are checked then, all
 * together, exactly as contributions that came in the request itself. Bounded in bytes and in requests pending,
 * not only by the coordinator's signature: a coordinator that sends chunks and never the request can't fill memory.
 */
@Injectable()
export class ContributionChunks {
  private readonly batches = new Map<string, Batch>();

  constructor(@Inject(NODE_CONFIG) private readonly limits: ChunkLimits) {}

  deliver(queryId: string, batch: string, index: number, contributions: SignedContributionDto[]): void {
    this.expire();
    if (!Number.isInteger(index) || index < 0 || index >= MAX_CONTRIBUTION_CHUNKS)
      throw new Refusal(`chunk ${index} of the contributions to query ${queryId} is out of range`);
    const key = `${queryId}/${batch}`;
    const kept = this.batches.get(key) ?? { chunks: [], bytes: 0, touchedAt: 0 };
    if (kept.chunks[index])
      throw new Refusal(`chunk ${index} of the contributions to query ${queryId} was already delivered`);
    if (!this.batches.has(key)) this.checkPending(queryId);
    const bytes = Buffer.byteLength(JSON.stringify(contributions));
    this.checkBytes(queryId, key, bytes);
    kept.chunks[index] = contributions;
    kept.bytes += bytes;
    kept.touchedAt = Date.now();
    this.batches.set(key, kept);
  }

  /** Every chunk of the batch, 0 to count − 1 and no other, in order; once only. */
  take(queryId: string, batch: string, count: number): SignedContributionDto[] {
    this.expire();
    const key = `${queryId}/${batch}`;
    const chunks = this.batches.get(key)?.chunks ?? [];
    this.batches.delete(key);
    const delivered = chunks.filter(Boolean).length;
    if (delivered !== count || chunks.length !== count)
      throw new Refusal(
        `the partial decryption request of query ${queryId} announces ${count} chunks of contributions; ${delivered} were delivered`,
      );
    return chunks.flat();
  }

  /** What is held now: for the limits' checks and the tests. */
  held(): { requests: number; bytes: number } {
    let bytes = 0;
    for (const batch of this.batches.values()) bytes += batch.bytes;
    return { requests: this.batches.size, bytes };
  }

  private checkPending(queryId: string): void {
    const most = this.limits.contributionChunksMaxPending;
    if (this.batches.size >= most)
      throw new Refusal(
        `the contributions to query ${queryId} are refused: this node already holds the chunks of ${this.batches.size} partial decryption requests not yet made, its most (BFA_CONTRIBUTION_CHUNKS_MAX_PENDING=${most})`,
      );
  }

  /** Over the limit the batch can't complete: what it holds goes now rather than in half an hour. */
  private checkBytes(queryId: string, key: string, bytes: number): void {
    const most = this.limits.contributionChunksMaxBytes;
    const total = this.held().bytes + bytes;
    if (total <= most) return;
    this.batches.delete(key);
    throw new Refusal(
      `the contributions to query ${queryId} are refused: a chunk of ${bytes} bytes would have this node hold ${total} bytes of contribution chunks, over its most of ${most} (BFA_CONTRIBUTION_CHUNKS_MAX_BYTES)`,
    );
  }

  private expire(now = Date.now()): void {
    for (const [key, batch] of this.batches) if (now - batch.touchedAt > BATCH_TTL_MS) this.batches.delete(key);
  }
}
