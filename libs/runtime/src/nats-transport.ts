import { NatsOptions, Transport } from '@nestjs/microservices';
import { SafeNatsDeserializer } from './safe-nats-deserializer';

/** This process's NATS account; nats-server gives each account only the subjects its job needs. */
export interface NatsCredentials {
  user: string;
  pass: string;
}

/** How a process reaches nats-server beyond its URL and account. */
export interface NatsConnectionOptions {
  /** The CA that signed nats-server's certificate: the connection is TLS and verifies the server against it. */
  caFile?: string;
  /** Where replies to this process's requests arrive, for an account that may subscribe only there (the coordinator's). */
  inboxPrefix?: string;
}

/** BFA_NATS_USER and BFA_NATS_PASSWORD, when the server asks for accounts (the local cluster's does). */
export function natsCredentialsFromEnv(env: NodeJS.ProcessEnv): NatsCredentials | undefined {
  return env.BFA_NATS_USER && env.BFA_NATS_PASSWORD ? { user: env.BFA_NATS_USER, pass: env.BFA_NATS_PASSWORD } : undefined;
}

/** BFA_NATS_CA: the CA certificate (PEM file) nats-server's TLS certificate must chain to; unset, the connection is plain. */
export function natsCaFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return env.BFA_NATS_CA?.trim() || undefined;
}

/** The NATS connection every process uses; `name` shows up in nats-server's connection list. */
export function natsTransport(url: string, name: string, credentials?: NatsCredentials, connection: NatsConnectionOptions = {}): NatsOptions {
  const tls = connection.caFile ? { tls: { caFile: connection.caFile } } : {};
  const inbox = connection.inboxPrefix ? { inboxPrefix: connection.inboxPrefix } : {};
  return { transport: Transport.NATS, options: { servers: [url], name, maxReconnectAttempts: -1, reconnectTimeWait: 500, ...credentials, ...tls, ...inbox } };
}

/** The same, for a process's NATS server side: malformed messages are answered, never fatal. */
export function natsServerTransport(url: string, name: string, credentials?: NatsCredentials, connection: NatsConnectionOptions = {}): NatsOptions {
  const transport = natsTransport(url, name, credentials, connection);
  return { ...transport, options: { ...transport.options, deserializer: new SafeNatsDeserializer() } };
}
