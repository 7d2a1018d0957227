import { Injectable } from '@nestjs/common';
import { AccessRefusal, AccessRefusalLog, RefusalSummary } from '@bfa/access';
import { AuditLog } from '@bfa/audit';

/** Every 401 and 403 at the coordinator goes into the audit log the ethics board reads; a flood of them as one summary per source and minute. */
@Injectable()
export class AccessRefusalAudit implements AccessRefusalLog {
  constructor(private readonly audit: AuditLog) {}

  async record(refusal: AccessRefusal): Promise<void> {
    const { principal, ...details } = refusal;
    await this.audit.append({
      type: 'access.refused',
      queryId: null,
      actor: principal ?? 'anonymous',
      details: { ...details },
    });
  }

  async summarise(summary: RefusalSummary): Promise<void> {
    const { principal, ...details } = summary;
    await this.audit.append({
      type: 'access.refused.summary',
      queryId: null,
      actor: principal ?? 'anonymous',
      details: { ...details },
    });
  }
}
