import { randomUUID } from 'node:crypto';
import { NatsRequestJSONDeserializer } from '@nestjs/microservices/deserializers/nats-request-json.deserializer';
import { MalformedPayload } from '@bfa/protocol';

type IncomingPacket = { pattern: string; data: unknown; id?: string };

/**
 * Nest's NATS deserializer throws on a body that is not JSON, which kills the process. This one hands
 * the handler a MalformedPayload instead, so the sender gets `{ ok: false, reason }` (when it asked
 * for a reply) and the process stays up.
 */
export class SafeNatsDeserializer extends NatsRequestJSONDeserializer {
  deserialize(value: Uint8Array, options?: Record<string, any>): any {
    try {
      return super.deserialize(value, options);
    } catch (error) {
      const packet: IncomingPacket = { pattern: options?.channel, data: new MalformedPayload(`not a JSON message (${(error as Error).message})`) };
      if (options?.replyTo) packet.id = randomUUID();
      return packet;
    }
  }
}
