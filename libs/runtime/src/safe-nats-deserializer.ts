import { randomUUID } from 'node:crypto';
import { NatsRequestJSONDeserializer } from '@nestjs/microservices/deserializers/nats-request-json.deserializer';
import { jsonShapeProblem } from '@bfa/crypto';
import { decodeFrame, FRAMED_SUBJECT, FramedPayload, isFrame, MalformedPayload } from '@bfa/protocol';

type IncomingPacket = { pattern: string; data: unknown; id?: string };

/**
 * Nest's NATS deserializer throws on a body that is not JSON, which kills the process. This one hands
 * the handler a MalformedPayload instead, so the sender gets `{ ok: false, reason }` (when it asked
 * for a reply) and the process stays up. So does JSON the platform never sends: nested past
 * MAX_JSON_DEPTH (validation and canonical JSON recurse) or a number like `1e999` (Infinity).
 * A hop chunk delivered in a binary frame (hop-chunk-frame.ts) reaches its handler as a FramedPayload, on that subject only.
 */
export class SafeNatsDeserializer extends NatsRequestJSONDeserializer {
  deserialize(value: Uint8Array, options?: Record<string, any>): any {
    if (isFrame(value)) return framed(value, options);
    let packet: IncomingPacket;
    try {
      packet = super.deserialize(value, options);
    } catch (error) {
      return malformed(`not a JSON message (${(error as Error).message})`, options);
    }
    const problem = jsonShapeProblem(packet?.data);
    return problem ? malformed(`refused message: ${problem}`, options, packet.id) : packet;
  }
}

function framed(value: Uint8Array, options?: Record<string, any>): IncomingPacket {
  if (!FRAMED_SUBJECT.test(String(options?.channel)))
    return malformed('a binary frame on a subject that takes JSON only', options);
  let decoded: { packet: unknown; bytes: Buffer };
  try {
    decoded = decodeFrame(value);
  } catch (error) {
    return malformed(`refused binary frame: ${(error as Error).message}`, options);
  }
  const packet = decoded.packet as Partial<IncomingPacket> | null;
  const problem = jsonShapeProblem(packet?.data);
  if (problem) return malformed(`refused binary frame: ${problem}`, options, packet?.id);
  const id = typeof packet?.id === 'string' ? packet.id : undefined;
  return { pattern: options?.channel, data: new FramedPayload(packet?.data, decoded.bytes), ...(id ? { id } : {}) };
}

function malformed(reason: string, options?: Record<string, any>, id?: unknown): IncomingPacket {
  const packet: IncomingPacket = { pattern: options?.channel, data: new MalformedPayload(reason) };
  if (options?.replyTo) packet.id = typeof id === 'string' ? id : randomUUID();
  return packet;
}
