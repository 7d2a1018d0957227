import { randomBytes, randomUUID } from 'node:crypto';
import { ErrorCode, NatsConnection, NatsError } from 'nats';
import { SealedHop } from '@bfa/combination';
import {
  decodeFrame,
  encodeFrame,
  FramedChunk,
  HopSendRequest,
  HopTransferReport,
  isFrame,
  Reply,
  signPushedChunk,
  subjects,
} from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';

/** How long the recipient may take to acknowledge one chunk (≈ 4 MB) before the hop fails. */
export const PUSH_TIMEOUT_MS = 60_000;

const since = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/**
 * This node's hop, pushed to its recipient chunk by chunk (protocol version 4): each chunk a NATS request in a binary
 * frame, with the coordinator's signed request as its authorisation and this node's signature over its header; the
 * next one only once the recipient acknowledged it. The first refusal, silence or absence fails the hop, naming who.
 */
export async function pushHop(
  nats: NatsConnection,
  hop: SealedHop,
  authorisation: HopSendRequest,
  nodeSecretKey: string,
  timeoutMs = PUSH_TIMEOUT_MS,
): Promise<HopTransferReport> {
  const start = process.hrtime.bigint();
  const { queryId, step, from, to } = hop;
  const subject = subjects.hopChunkPushed(to);
  let bytes = 0;
  for (let index = 0; index < hop.chunks.length; index++) {
    const framed = FramedChunk.of(hop.chunks[index]);
    const route = { queryId, step, from, to, index, chunks: hop.chunks.length };
    const data = signPushedChunk({ ...route, chunk: framed.header, authorisation }, nodeSecretKey);
    const frame = encodeFrame({ pattern: subject, data, id: randomUUID() }, framed.bytes);
    const refused = (why: string) =>
      new Refusal(`${to} did not take chunk ${index} of step ${step} of query ${queryId} from ${from}: ${why}`);
    // Its own reply subject, so a partner's leaf node needs to publish only there (deploy/nats/production-authorization.ts).
    const reply = `${subjects.pushReplies(from)}.${randomBytes(12).toString('hex')}`;
    const options = { timeout: timeoutMs, noMux: true, reply };
    const message = await nats.request(subject, frame, options).catch((error: NatsError) => {
      if (error.code === ErrorCode.NoResponders) throw refused(`${to}'s node is not there (no responders)`);
      if (error.code === ErrorCode.Timeout) throw refused(`no answer within ${timeoutMs / 1000} s`);
      throw refused(error.message);
    });
    const answer = replyOf(message.data);
    if (answer === null) throw refused('a malformed reply');
    if (!answer.ok) throw refused(answer.reason);
    bytes += framed.bytes.length;
  }
  return { chunks: hop.chunks.length, bytes, seconds: since(start) };
}

/** Nest's reply packet `{ id, response }` as JSON; a recipient never answers in a frame. */
function replyOf(data: Uint8Array): Reply<unknown> | null {
  try {
    const packet = isFrame(data) ? decodeFrame(data).packet : JSON.parse(Buffer.from(data).toString('utf8'));
    const response = (packet as { response?: Reply<unknown>; err?: unknown } | null)?.response;
    return response !== null && typeof response === 'object' && typeof response.ok === 'boolean' ? response : null;
  } catch {
    return null;
  }
}
