import { NatsResponseJSONDeserializer } from '@nestjs/microservices/deserializers/nats-response-json.deserializer';

/** An id no request has (they are UUIDs): Nest's client passes over an answer that carries it. */
export const NOT_AN_ANSWER = 'not-an-answer';

/**
 * The answers to this process's requests, as Nest's NATS client reads them, taken only when they are JSON and carry
 * their request's id. Nest's own deserializer threw on an answer that is not JSON, inside a subscription callback
 * nobody awaits: an unhandled rejection, and the process exited. Any partner's node may answer a request of the
 * coordinator once with whatever bytes it likes (allow_responses), so one partner could stop the coordinator. And
 * Nest's client took an answer without an id (or an empty one) as the answer to whatever it asked on that inbox.
 * Both now pass unseen: the request gets its real answer, or times out.
 */
export class OwnAnswersDeserializer extends NatsResponseJSONDeserializer {
  deserialize(value: Uint8Array, options?: Record<string, any>): any {
    let message: { id?: unknown } | null;
    try {
      message = super.deserialize(value, options);
    } catch {
      return { id: NOT_AN_ANSWER };
    }
    return typeof message?.id === 'string' && message.id !== '' ? message : { id: NOT_AN_ANSWER };
  }
}
