import { NatsOptions, Transport } from '@nestjs/microservices';
import { SafeNatsDeserializer } from './safe-nats-deserializer';

/** This process's NATS account; nats-server gives each account only the subjects its job needs. */
export interface NatsCredentials {
  user: string;
  pass: string;
}

/** BFA_NATS_USER and BFA_NATS_PASSWORD, when the server asks for accounts (the local cluster's does). */
export function natsCredentialsFromEnv(env: NodeJS.ProcessEnv): NatsCredentials | undefined {
  return env.BFA_NATS_USER && env.BFA_NATS_PASSWORD ? { user: env.BFA_NATS_USER, pass: env.BFA_NATS_PASSWORD } : undefined;
}

/** The NATS connection every process uses; `name` shows up in nats-server's connection list. */
export function natsTransport(url: string, name: string, credentials?: NatsCredentials): NatsOptions {
  return { transport: Transport.NATS, options: { servers: [url], name, maxReconnectAttempts: -1, reconnectTimeWait: 500, ...credentials } };
}

/** The same, for a process's NATS server side: malformed messages are answered, never fatal. */
export function natsServerTransport(url: string, name: string, credentials?: NatsCredentials): NatsOptions {
  const transport = natsTransport(url, name, credentials);
  return { ...transport, options: { ...transport.options, deserializer: new SafeNatsDeserializer() } };
}
