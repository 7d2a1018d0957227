import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { AuditHeads, AuditLog } from '@bfa/audit';
import { Reply, signCoordinatorMessage } from '@bfa/protocol';
import { COORDINATOR_CONFIG, COORDINATOR_SIGNING_KEY, CoordinatorConfig } from '../coordinator.config';

export const NODES = Symbol('NODES');

/**
 * Request/reply to one node over NATS, each request signed by the coordinator with a fresh nonce and time;
 * every failure (timeout, no responder, bad reply) becomes a refusal with a reason. Each request shows the
 * coordinator's log head and each answer brings the node's, which the coordinator keeps.
 */
@Injectable()
export class NodeGateway implements OnApplicationShutdown {
  constructor(
    @Inject(NODES) private readonly client: ClientProxy,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(COORDINATOR_SIGNING_KEY) private readonly signingKey: string,
    private readonly audit: AuditLog,
    private readonly heads: AuditHeads,
  ) {}

  async request<T>(org: string, subject: string, payload: object, timeoutMs = this.config.nodeTimeoutMs): Promise<Reply<T>> {
    let reply: Reply<T> & { auditHead?: unknown };
    try {
      const signed = signCoordinatorMessage(subject, { ...payload, auditHead: await this.audit.head() }, this.signingKey);
      reply = await firstValueFrom(this.client.send<Reply<T>>(subject, signed).pipe(timeout(timeoutMs)));
    } catch (error) {
      return { ok: false, reason: `${org} did not answer on ${subject}: ${(error as Error).message ?? error}`, unreachable: true };
    }
    if (reply === null || typeof reply !== 'object' || typeof reply.ok !== 'boolean') return { ok: false, reason: `${org} sent a malformed reply` };
    if (reply.auditHead !== undefined) await this.heads.witness(org, reply.auditHead);
    if (!reply.ok) return { ok: false, reason: `${org}: ${String(reply.reason)}` };
    return reply;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
