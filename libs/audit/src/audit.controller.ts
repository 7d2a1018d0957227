import { Controller, Get, Header } from '@nestjs/common';
import { Allow } from '@bfa/access';
import { AuditLog } from './audit-log.service';

/** The ethics board's view of one process's log: every entry (metadata only), its verification, a JSON-lines export. */
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

  @Get('export')
  @Header('content-type', 'application/x-ndjson')
  export() {
    return this.audit.exportJsonLines();
  }
}
