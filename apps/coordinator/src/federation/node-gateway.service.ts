import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { AuditHeads, AuditLog } from '@bfa/audit';
import { ErrorCode, NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { Reply, signCoordinatorMessage, subjects } from '@bfa/protocol';
import { COORDINATOR_CONFIG, COORDINATOR_SIGNING_KEY, CoordinatorConfig } from '../coordinator.config';

export const NODES = Symbol('NODES');

/** How long a node may have no subscription (reconnecting) before a request to it fails. */
const RECONNECT_GRACE_MS = 10_000;
const NOT_SUBSCRIBED = /no subscribers/i;
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
   * A node with nothing subscribed (nats-server says so at once) may be reconnecting after a NATS restart: asked
   * again, signed afresh, for a few seconds before it counts as unreachable. Nothing was delivered, so nothing repeats.
   */
  async request<T>(
    org: string,
    subject: string,
    payload: object,
    timeoutMs = this.config.nodeTimeoutMs,
  ): Promise<Reply<T>> {
    const until = Date.now() + RECONNECT_GRACE_MS;
    for (;;) {
      const reply = await this.requestOnce<T>(org, subject, payload, timeoutMs);
      if (reply.ok || !reply.unreachable || !NOT_SUBSCRIBED.test(reply.reason) || Date.now() > until) return reply;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  private async requestOnce<T>(org: string, subject: string, payload: object, timeoutMs: number): Promise<Reply<T>> {
    let reply: Reply<T> & { auditHead?: unknown };
    try {
      const signed = signCoordinatorMessage(
        subject,
        { ...payload, auditHead: await this.audit.head() },
        this.signingKey,
      );
      reply = await firstValueFrom(this.client.send<Reply<T>>(subject, signed).pipe(timeout(timeoutMs)));
    } catch (error) {
      return {
        ok: false,
        reason: `${org} did not answer on ${subject}: ${(error as Error).message ?? error}`,
        unreachable: true,
      };
    }
    if (reply === null || typeof reply !== 'object' || typeof reply.ok !== 'boolean')
      return { ok: false, reason: `${org} sent a malformed reply` };
    if (reply.auditHead !== undefined) await this.heads.witness(org, reply.auditHead);
    if (!reply.ok) return { ok: false, reason: `${org}: ${String(reply.reason)}` };
    return reply;
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
      await nats.request(subject, JSON.stringify({ pattern: subject, data: {}, id: randomUUID() }), {
        timeout: timeoutMs,
      });
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
