import { Controller, Get } from '@nestjs/common';
import { Allow } from '@bfa/access';
import { AuditLog } from '@bfa/audit';

/** The ethics board's view: every entry (metadata only) and whether the hash chain holds. */
@Controller('audit')
@Allow('ethics-board')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  entries() {
    return this.audit.entries();
  }

  @Get('verify')
  verify() {
    return this.audit.verify();
  }
}
