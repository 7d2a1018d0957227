import { NatsOptions, Transport } from '@nestjs/microservices';
import { SafeNatsDeserializer } from './safe-nats-deserializer';

/** The NATS connection every process uses; `name` shows up in nats-server's connection list. */
export function natsTransport(url: string, name: string): NatsOptions {
  return { transport: Transport.NATS, options: { servers: [url], name, maxReconnectAttempts: -1, reconnectTimeWait: 500 } };
}

/** The same, for a process's NATS server side: malformed messages are answered, never fatal. */
export function natsServerTransport(url: string, name: string): NatsOptions {
  const transport = natsTransport(url, name);
  return { ...transport, options: { ...transport.options, deserializer: new SafeNatsDeserializer() } };
}
