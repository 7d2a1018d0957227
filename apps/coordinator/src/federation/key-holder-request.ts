import { randomBytes } from 'node:crypto';
import {
  AggregateDto,
  contributionChunks,
  QueryEnvelope,
  Reply,
  SealedReply,
  SignedContributionDto,
  subjects,
} from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { NodeGateway } from './node-gateway.service';

/**
 * How a key holder is asked for its partial decryption: one message with every signed contribution when that fits
 * under nats-server's max_payload, else the contributions first, chunk by chunk, then the request naming their batch.
 * At 200 partners × 10,000 cells the one message would be 27 MB, over the 8 MB the local nats-server allows.
 * The batch is fresh for every release attempt, so chunks of an earlier attempt are never mixed in.
 */
export async function keyHolderRequest(
  nodes: Pick<NodeGateway, 'request' | 'maxPayload'>,
  envelope: QueryEnvelope,
  contributions: SignedContributionDto[],
  aggregate: AggregateDto,
): Promise<(org: string) => Promise<Reply<SealedReply>>> {
  const chunks = await refusing(async () =>
    contributionChunks(contributions, { envelope, aggregate }, await nodes.maxPayload()),
  );
  if (!chunks)
    return (org) =>
      nodes.request<SealedReply>(org, subjects.partialDecryption(org), { envelope, contributions, aggregate });
  const batch = randomBytes(16).toString('hex');
  return async (org) => {
    for (const [index, chunk] of chunks.entries()) {
      const sent = await nodes.request<{ received: number }>(org, subjects.contributionChunk(org), {
        queryId: envelope.id,
        batch,
        index,
        contributions: chunk,
      });
      if (!sent.ok) return sent;
    }
    return nodes.request<SealedReply>(org, subjects.partialDecryption(org), {
      envelope,
      aggregate,
      contributionChunks: { batch, count: chunks.length },
    });
  };
}

/** A contribution too large for any NATS message fails the query with that reason, not as an internal error. */
async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new Refusal(`the key holders can't be sent the contributions: ${(error as Error).message}`);
  }
}
