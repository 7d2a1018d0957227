import { NatsOptions, Transport } from '@nestjs/microservices';
import { FramedReplySerializer } from './framed-reply-serializer';
import { OwnAnswersDeserializer } from './own-answers-deserializer';
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
  /** This process's client certificate and key, for a server that verifies its clients (mutual TLS). */
  certFile?: string;
  keyFile?: string;
  /** Where replies to this process's requests arrive, for an account that may subscribe only there (the coordinator's). */
  inboxPrefix?: string;
}

/** The NATS connection every process uses (`url` may list a cluster's servers, comma-separated); `name` shows up in nats-server's connection list. */
export function natsTransport(
  url: string,
  name: string,
  credentials?: NatsCredentials,
  connection: NatsConnectionOptions = {},
): NatsOptions {
  const { caFile, certFile, keyFile } = connection;
  const tls = caFile ? { tls: { caFile, ...(certFile && keyFile ? { certFile, keyFile } : {}) } } : {};
  const inbox = connection.inboxPrefix ? { inboxPrefix: connection.inboxPrefix } : {};
  return {
    transport: Transport.NATS,
    options: {
      servers: url.split(',').map((server) => server.trim()),
      name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      ...credentials,
      ...tls,
      ...inbox,
      // A client's: answers that are not JSON or not to its request pass unseen (the server side sets its own below).
      deserializer: new OwnAnswersDeserializer(),
    },
  };
}

/** The same, for a process's NATS server side: malformed messages are answered, never fatal; hop chunks go in binary frames. */
export function natsServerTransport(
  url: string,
  name: string,
  credentials?: NatsCredentials,
  connection: NatsConnectionOptions = {},
): NatsOptions {
  const transport = natsTransport(url, name, credentials, connection);
  return {
    ...transport,
    options: {
      ...transport.options,
      deserializer: new SafeNatsDeserializer(),
      serializer: new FramedReplySerializer(),
    },
  };
}
