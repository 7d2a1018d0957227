import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { AuditHeads, AuditLog } from '@bfa/audit';
import { ErrorCode, NatsConnection, NatsError } from 'nats';
import { randomBytes, randomUUID } from 'node:crypto';
import { decodeFrame, encodeFrame, isFrame, Reply, signCoordinatorMessage, subjects } from '@bfa/protocol';
import { COORDINATOR_CONFIG, COORDINATOR_SIGNING_KEY, CoordinatorConfig } from '../coordinator.config';

export const NODES = Symbol('NODES');

/**
 * A raw request's own reply subject under the coordinator's inbox, from random bytes: nats.js' shared inbox names
 * follow one another, and a partner's leaf node may publish on the coordinator's inbox (production).
 */
const unguessable = (timeoutMs: number) => ({
  timeout: timeoutMs,
  noMux: true,
  reply: `${subjects.coordinatorInbox}.${randomBytes(12).toString('hex')}`,
});

/** How long a node, or the coordinator itself, may be reconnecting before a request to the node fails. */
const RECONNECT_GRACE_MS = 10_000;
/**
 * Failures where nothing was delivered: nats-server had no subscriber, or the coordinator's own client was between a
 * lost connection and its reconnect (Nest's ClientNats refuses to send then). Either may pass in a moment.
 */
const NOT_DELIVERED = /no subscribers|connection lost\. trying to reconnect/i;
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

/**
 * Request/reply to one node over NATS, each request signed by the coordinator with a fresh nonce and time;
 * every failure (timeout, no responder, bad reply) becomes a refusal with a reason. Each request shows the
 * coordinator's log head and each answer brings the node's, which the coordinator keeps.
 */
@Injectable()
export class NodeGateway implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(NODES) private readonly client: ClientProxy,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(COORDINATOR_SIGNING_KEY) private readonly signingKey: string,
    private readonly audit: AuditLog,
    private readonly heads: AuditHeads,
  ) {}

  /**
   * After a NATS restart a node may have nothing subscribed yet (nats-server says so at once), or the coordinator's
   * own client may not have reconnected: asked again, signed afresh, for a few seconds before it counts as
   * unreachable. Nothing was delivered, so nothing repeats.
   */
  async request<T>(
    org: string,
    subject: string,
    payload: object,
    timeoutMs = this.config.nodeTimeoutMs,
  ): Promise<Reply<T>> {
    const send = async (signed: object) => ({
      reply: await firstValueFrom(this.client.send<Reply<T>>(subject, signed).pipe(timeout(timeoutMs))),
    });
    const { reply } = await graced(() => this.signedRequest<T>(org, subject, payload, send));
    return reply;
  }

  /**
   * A request whose payload or answer carries a hop chunk's sealed bytes, in a binary frame beside the signed JSON
   * (hop-chunk-frame.ts) rather than as base64 inside it: `bytes` go with the request, the answer's come back.
   */
  async requestFramed<T>(
    org: string,
    subject: string,
    payload: object,
    bytes: Buffer | undefined,
    timeoutMs = this.config.nodeTimeoutMs,
  ): Promise<{ reply: Reply<T>; bytes?: Buffer }> {
    const send = async (signed: object) => {
      await this.client.connect();
      const packet = { pattern: subject, data: signed, id: randomUUID() };
      const body = bytes ? encodeFrame(packet, bytes) : Buffer.from(JSON.stringify(packet));
      const nats = this.client.unwrap<NatsConnection>();
      const message = await nats.request(subject, body, unguessable(timeoutMs)).catch((error: NatsError) => {
        throw error.code === ErrorCode.NoResponders ? new Error('no subscribers (no responders)') : error;
      });
      let answer: { packet: unknown; bytes?: Buffer };
      try {
        answer = isFrame(message.data)
          ? decodeFrame(message.data)
          : { packet: JSON.parse(Buffer.from(message.data).toString('utf8')) };
      } catch (error) {
        return { reply: { ok: false as const, reason: `a malformed reply (${(error as Error).message})` } };
      }
      const { response, err, id } = (answer.packet ?? {}) as { response?: Reply<T>; err?: unknown; id?: unknown };
      // Only this request's own answer counts, wherever else one might come from.
      if (id !== packet.id) return { reply: { ok: false as const, reason: 'an answer that is not to this request' } };
      if (response === undefined && err !== undefined) throw new Error(String(err));
      return { reply: response as Reply<T>, bytes: answer.bytes };
    };
    return graced(() => this.signedRequest<T>(org, subject, payload, send));
  }

  private async signedRequest<T>(
    org: string,
    subject: string,
    payload: object,
    send: (signed: object) => Promise<{ reply: Reply<T>; bytes?: Buffer }>,
  ): Promise<{ reply: Reply<T>; bytes?: Buffer }> {
    let reply: Reply<T> & { auditHead?: unknown };
    let bytes: Buffer | undefined;
    try {
      const signed = signCoordinatorMessage(
        subject,
        { ...payload, auditHead: await this.audit.head() },
        this.signingKey,
      );
      ({ reply, bytes } = await send(signed));
    } catch (error) {
      const reason = `${org} did not answer on ${subject}: ${(error as Error).message ?? error}`;
      return { reply: { ok: false, reason, unreachable: true } };
    }
    if (reply === null || typeof reply !== 'object' || typeof reply.ok !== 'boolean')
      return { reply: { ok: false, reason: `${org} sent a malformed reply` } };
    if (reply.auditHead !== undefined) await this.heads.witness(org, reply.auditHead);
    if (!reply.ok) return { reply: { ok: false, reason: `${org}: ${String(reply.reason)}` } };
    return { reply, bytes };
  }

  /**
   * Whether a node is still there, asked of nats-server: `gone` when no process listens on the node's subjects any
   * more (a killed node's connection closes and its subscriptions go with it), `busy` when it is there but did not
   * answer in time, `unknown` when the coordinator itself can't reach nats-server.
   */
  async presence(org: string, timeoutMs: number): Promise<'there' | 'busy' | 'gone' | 'unknown'> {
    const subject = subjects.heartbeat(org);
    try {
      await this.client.connect();
      const nats = this.client.unwrap<NatsConnection>();
      await nats.request(
        subject,
        JSON.stringify({ pattern: subject, data: {}, id: randomUUID() }),
        unguessable(timeoutMs),
      );
      return 'there';
    } catch (error) {
      const code = (error as { code?: string }).code;
      return code === ErrorCode.NoResponders ? 'gone' : code === ErrorCode.Timeout ? 'busy' : 'unknown';
    }
  }

  /**
   * The largest message nats-server accepts (its max_payload, announced when the coordinator connects): what does
   * not fit goes in chunks. NATS' own default of 1 MB when the server has not said.
   */
  async maxPayload(): Promise<number> {
    try {
      await this.client.connect();
      return this.client.unwrap<NatsConnection>().info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
    } catch {
      return DEFAULT_MAX_PAYLOAD;
    }
  }

  /**
   * Connects at start rather than at the first request: under a burst of submissions (the load bench's 100 at once)
   * the busy event loop let nats-server's TLS handshake time out, and every proposal of the burst was refused. A
   * failed connection is tried again at the next request, so a nats-server that is down at start delays nothing.
   */
  onApplicationBootstrap(): void {
    this.client.connect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

/** Asked again while nothing could be delivered, for RECONNECT_GRACE_MS (see NodeGateway.request). */
async function graced<T, R extends { reply: Reply<T> }>(ask: () => Promise<R>): Promise<R> {
  const until = Date.now() + RECONNECT_GRACE_MS;
  for (;;) {
    const answer = await ask();
    const { reply } = answer;
    if (reply.ok || !reply.unreachable || !NOT_DELIVERED.test(reply.reason) || Date.now() > until) return answer;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
