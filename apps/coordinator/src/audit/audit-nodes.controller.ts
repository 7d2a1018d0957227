import { Controller, Get, Inject } from '@nestjs/common';
import { Allow } from '@bfa/access';
import { COORDINATOR_CONFIG, CoordinatorConfig } from '../coordinator.config';

/**
 * Where the ethics board's console reads each node's log itself (BFA_AUDIT_NODE_URLS). Only addresses: the board
 * checks what it reads there against the keys of the registry it brings, so a wrong address here can make a log
 * missing, never make a forged one verify.
 */
@Controller('audit/nodes')
@Allow('ethics-board')
export class AuditNodesController {
  constructor(@Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig) {}

  @Get()
  nodes(): Record<string, string> {
    return this.config.auditNodeUrls;
  }
}
