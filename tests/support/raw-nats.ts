import { connect, NatsConnection, StringCodec } from 'nats';
import { decodeFrame, encodeFrame, isFrame, signCoordinatorMessage } from '@bfa/protocol';
import { natsCaOf } from '../../deploy/local/nats';

const codec = StringCodec();

/**
 * Talks to a node over NATS directly. Given the coordinator's signing key it is a compromised coordinator
 * (every request freshly signed, bypassing the coordinator's own checks); without it, anyone else on NATS.
 * Speaks Nest's packet format: `{ pattern, data, id }` → `{ response }`.
 */
export class RawNats {
  private constructor(
    private readonly connection: NatsConnection,
    private readonly coordinatorKey?: string,
  ) {}

  /**
   * As some NATS account (the local cluster admits no one else), optionally holding the coordinator's signing key.
   * Over TLS checked against the cluster's CA, as the apps connect; with the account's own inbox prefix, if it has one.
   */
  static async connect(
    url: string,
    account: { user: string; password: string; inboxPrefix?: string },
    coordinatorKey?: string,
  ): Promise<RawNats> {
    const caFile = natsCaOf(url);
    const options = {
      servers: url,
      name: 'test-attacker',
      user: account.user,
      pass: account.password,
      inboxPrefix: account.inboxPrefix,
      ...(caFile ? { tls: { caFile } } : {}),
    };
    return new RawNats(await connect(options), coordinatorKey);
  }

  /** Signed as the coordinator when this connection holds its key (a fresh nonce and time each time). */
  request(subject: string, data: object, timeoutMs = 60_000): Promise<any> {
    return this.requestAsIs(
      subject,
      this.coordinatorKey ? signCoordinatorMessage(subject, data, this.coordinatorKey) : data,
      timeoutMs,
    );
  }

  /** Exactly the given payload: for replays and forgeries. */
  async requestAsIs(subject: string, data: unknown, timeoutMs = 60_000): Promise<any> {
    const packet = { pattern: subject, data, id: `test-${Date.now()}-${Math.random()}` };
    return this.requestRaw(subject, JSON.stringify(packet), timeoutMs).then((reply) => reply.response);
  }

  /** A request in a binary frame (hop-chunk-frame.ts) with `bytes` beside the JSON, signed as the coordinator when this connection holds its key. */
  async requestFramed(subject: string, data: object, bytes: Buffer, timeoutMs = 60_000): Promise<any> {
    const signed = this.coordinatorKey ? signCoordinatorMessage(subject, data, this.coordinatorKey) : data;
    const frame = encodeFrame({ pattern: subject, data: signed, id: `test-${Date.now()}-${Math.random()}` }, bytes);
    const message = await this.connection.request(subject, frame, { timeout: timeoutMs });
    return packetOf(message.data).response;
  }

  async requestRaw(subject: string, body: string, timeoutMs = 60_000): Promise<any> {
    const message = await this.connection.request(subject, codec.encode(body), { timeout: timeoutMs });
    return JSON.parse(codec.decode(message.data));
  }

  /** Listens in on a subject (a plain subscriber gets a copy of every message) and keeps the Nest payloads. */
  spy(subject: string): unknown[] {
    return this.spyPackets(subject, (packet) => packet.data);
  }

  /** Keeps whole Nest packets (or what `pick` takes of them): replies on _INBOX carry `response`, not `data`. */
  spyPackets(subject: string, pick: (packet: any) => unknown = (packet) => packet): unknown[] {
    const seen: unknown[] = [];
    const subscription = this.connection.subscribe(subject);
    (async () => {
      for await (const message of subscription) seen.push(pick(packetOf(message.data)));
    })().catch(() => undefined);
    return seen;
  }

  /** The server's refusal when this account may not subscribe to `subject` (a permissions violation), or undefined once it is accepted. */
  async subscriptionRefusal(subject: string, waitMs = 2_000): Promise<string | undefined> {
    const subscription = this.connection.subscribe(subject);
    const ended = (async () => {
      for await (const message of subscription) void message;
    })().then(
      () => undefined,
      (error: Error) => error.message,
    );
    await this.connection.flush();
    let timer: NodeJS.Timeout | undefined;
    const accepted = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)));
    const refusal = await Promise.race([ended, accepted]);
    clearTimeout(timer);
    subscription.unsubscribe();
    return refusal;
  }

  /** Answers requests on a subject as a node would (Nest's reply packet), e.g. to play a key holder that lies. */
  serve(subject: string, answer: (data: any) => unknown): void {
    const subscription = this.connection.subscribe(subject);
    (async () => {
      for await (const message of subscription) {
        const packet = JSON.parse(codec.decode(message.data));
        message.respond(
          codec.encode(JSON.stringify({ id: packet.id, response: answer(packet.data), isDisposed: true })),
        );
      }
    })().catch(() => undefined);
  }

  /** Answers every request on a subject with exactly `body` (not necessarily JSON); counts the requests answered. */
  serveRaw(subject: string, body: string): { answered: number } {
    const seen = { answered: 0 };
    const subscription = this.connection.subscribe(subject);
    (async () => {
      for await (const message of subscription) {
        message.respond(codec.encode(body));
        seen.answered++;
      }
    })().catch(() => undefined);
    return seen;
  }

  publishRaw(subject: string, body: string): void {
    this.connection.publish(subject, codec.encode(body));
  }

  async close(): Promise<void> {
    await this.connection.drain();
  }
}

/** A Nest packet as JSON, or a hop chunk's binary frame read back into one: the frame's bytes as the chunk's base64 box. */
function packetOf(data: Uint8Array): any {
  if (!isFrame(data)) return JSON.parse(codec.decode(data));
  const { packet, bytes } = decodeFrame(data) as { packet: any; bytes: Buffer };
  for (const holder of [packet?.data, packet?.response?.value])
    if (holder?.chunk) {
      const { boxBytes: _length, boxDigest: _digest, ...box } = holder.chunk;
      holder.chunk = { ...box, box: bytes.toString('base64') };
    }
  return packet;
}
