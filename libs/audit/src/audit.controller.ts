import { BadRequestException, Controller, Get, Header, Query } from '@nestjs/common';
import { Allow } from '@bfa/access';
import { AuditHeads } from './audit-heads.service';
import { AuditLog } from './audit-log.service';
import { auditPageOf } from './audit-pages';

/** The ethics board's view of one process's log: every entry (metadata only) or a page of them, its verification, a JSON-lines export, and the other logs' heads it holds. */
@Controller('audit')
@Allow('ethics-board')
export class AuditController {
  constructor(
    private readonly audit: AuditLog,
    private readonly heads: AuditHeads,
  ) {}

  /** `?after=SEQ&limit=N` pages through it (the cursor is the seq of the last entry read); without either, every entry. */
  @Get()
  entries(@Query('after') after?: unknown, @Query('limit') limit?: unknown) {
    const page = auditPageOf({ after, limit });
    if (typeof page === 'string') throw new BadRequestException(page);
    return page ? this.audit.page(page) : this.audit.entries();
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
