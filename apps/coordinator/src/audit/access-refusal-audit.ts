import { Injectable } from '@nestjs/common';
import { AccessRefusal, AccessRefusalLog } from '@bfa/access';
import { AuditLog } from '@bfa/audit';

/** Every 401 and 403 at the coordinator goes into the audit log the ethics board reads. */
@Injectable()
export class AccessRefusalAudit implements AccessRefusalLog {
  constructor(private readonly audit: AuditLog) {}

  async record(refusal: AccessRefusal): Promise<void> {
    const { principal, ...details } = refusal;
    await this.audit.append({ type: 'access.refused', queryId: null, actor: principal ?? 'anonymous', details: { ...details } });
  }
}
