import { NatsRecordSerializer } from '@nestjs/microservices/serializers/nats-record.serializer';
import { encodeFrame, FramedChunk } from '@bfa/protocol';

/** Nest's reply packet: `{ id, response, isDisposed }`, `response` this platform's Reply. */
type OutgoingPacket = Record<string, any> & { response?: Record<string, any> & { value?: { chunk?: unknown } } };

/** A node's answer that carries a hop chunk's bytes (a FramedChunk) goes out as a binary frame; every other answer as JSON. */
export class FramedReplySerializer extends NatsRecordSerializer {
  serialize(packet: OutgoingPacket): { data: Uint8Array; headers?: unknown } {
    const chunk = packet?.response?.value?.chunk;
    if (!(chunk instanceof FramedChunk)) return super.serialize(packet);
    const response = packet.response!;
    const header = { ...packet, response: { ...response, value: { ...response.value, chunk: chunk.header } } };
    return { data: encodeFrame(header, chunk.bytes) };
  }
}
