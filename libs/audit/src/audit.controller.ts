import { Controller, Get, Header } from '@nestjs/common';
import { Allow } from '@bfa/access';
import { AuditHeads } from './audit-heads.service';
import { AuditLog } from './audit-log.service';

/** The ethics board's view of one process's log: every entry (metadata only), its verification, a JSON-lines export, and the other logs' heads it holds. */
@Controller('audit')
@Allow('ethics-board')
export class AuditController {
  constructor(
    private readonly audit: AuditLog,
    private readonly heads: AuditHeads,
  ) {}

  @Get()
  entries() {
    return this.audit.entries();
  }

  @Get('verify')
  verify() {
    return this.audit.verify();
  }

  @Get('heads')
  held() {
    return this.heads.all();
  }

  @Get('export')
  @Header('content-type', 'application/x-ndjson')
  export() {
    return this.audit.exportJsonLines();
  }
}
