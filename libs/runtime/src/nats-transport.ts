import { NatsOptions, Transport } from '@nestjs/microservices';

/** The NATS connection every process uses; `name` shows up in nats-server's connection list. */
export function natsTransport(url: string, name: string): NatsOptions {
  return { transport: Transport.NATS, options: { servers: [url], name, maxReconnectAttempts: -1, reconnectTimeWait: 500 } };
}
