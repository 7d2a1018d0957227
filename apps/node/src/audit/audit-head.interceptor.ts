import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, mergeMap, Observable, switchMap } from 'rxjs';
import { AuditHeads, AuditLog } from '@bfa/audit';

/**
 * Every coordinator request carries the coordinator's signed log head and the answer this node's: the node
 * keeps the coordinator's (and logs it when it covers a new event), the coordinator keeps the node's. A request
 * without a head (not from the coordinator's gateway) gets a plain answer.
 */
@Injectable()
export class AuditHeadInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditLog,
    private readonly heads: AuditHeads,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const head = (context.switchToRpc().getData() as { auditHead?: unknown } | null)?.auditHead;
    if (head === undefined) return next.handle();
    return from(this.heads.witness('coordinator', head)).pipe(
      switchMap(() => next.handle()),
      mergeMap(async (reply) =>
        reply !== null && typeof reply === 'object' ? { ...reply, auditHead: await this.audit.head() } : reply,
      ),
    );
  }
}
