import { Injectable } from '@nestjs/common';
import { MAX_CONTRIBUTION_CHUNKS, SignedContributionDto } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';

/** Chunks wait for their partial decryption request this long at most; nothing of them is written to disk. */
const BATCH_TTL_MS = 30 * 60_000;

interface Batch {
  chunks: SignedContributionDto[][];
  touchedAt: number;
}

/**
 * The signed contributions the coordinator sends ahead of a partial decryption request when they don't fit in one
 * NATS message, kept in memory by query and batch until that request takes them. They are checked then, all
 * together, exactly as contributions that came in the request itself.
 */
@Injectable()
export class ContributionChunks {
  private readonly batches = new Map<string, Batch>();

  deliver(queryId: string, batch: string, index: number, contributions: SignedContributionDto[]): void {
    this.expire();
    if (!Number.isInteger(index) || index < 0 || index >= MAX_CONTRIBUTION_CHUNKS)
      throw new Refusal(`chunk ${index} of the contributions to query ${queryId} is out of range`);
    const key = `${queryId}/${batch}`;
    const kept = this.batches.get(key) ?? { chunks: [], touchedAt: 0 };
    if (kept.chunks[index])
      throw new Refusal(`chunk ${index} of the contributions to query ${queryId} was already delivered`);
    kept.chunks[index] = contributions;
    kept.touchedAt = Date.now();
    this.batches.set(key, kept);
  }

  /** Every chunk of the batch, 0 to count − 1 and no other, in order; once only. */
  take(queryId: string, batch: string, count: number): SignedContributionDto[] {
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

  private expire(now = Date.now()): void {
    for (const [key, batch] of this.batches) if (now - batch.touchedAt > BATCH_TTL_MS) this.batches.delete(key);
  }
}
