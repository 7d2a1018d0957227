import { randomUUID } from 'node:crypto';
import { NatsRequestJSONDeserializer } from '@nestjs/microservices/deserializers/nats-request-json.deserializer';
import { jsonShapeProblem } from '@bfa/crypto';
import { MalformedPayload } from '@bfa/protocol';

type IncomingPacket = { pattern: string; data: unknown; id?: string };

/**
 * Nest's NATS deserializer throws on a body that is not JSON, which kills the process. This one hands
 * the handler a MalformedPayload instead, so the sender gets `{ ok: false, reason }` (when it asked
 * for a reply) and the process stays up. So does JSON the platform never sends: nested past
 * MAX_JSON_DEPTH (validation and canonical JSON recurse) or a number like `1e999` (Infinity).
 */
export class SafeNatsDeserializer extends NatsRequestJSONDeserializer {
  deserialize(value: Uint8Array, options?: Record<string, any>): any {
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

function malformed(reason: string, options?: Record<string, any>, id?: unknown): IncomingPacket {
  const packet: IncomingPacket = { pattern: options?.channel, data: new MalformedPayload(reason) };
  if (options?.replyTo) packet.id = typeof id === 'string' ? id : randomUUID();
  return packet;
}
