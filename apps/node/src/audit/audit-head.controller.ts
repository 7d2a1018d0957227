import { Controller, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuditHeadMessage, Reply, subjects } from '@bfa/protocol';
import { answer } from '@bfa/runtime';
import { NodeKeys } from '../keys/node-keys';
import { NODE_ORG } from '../node.config';

/** The coordinator shows its new log head (kept by the interceptor); the answer carries this node's. */
@Controller()
export class AuditHeadController {
  private readonly logger = new Logger(AuditHeadController.name);

  constructor(private readonly keys: NodeKeys) {}

  @MessagePattern(subjects.auditHead(NODE_ORG))
  exchange(@Payload() payload: unknown): Promise<Reply<object>> {
    return answer(this.logger, 'audit head exchange', async () => {
      this.keys.coordinatorMessages.accept(AuditHeadMessage, subjects.auditHead(this.keys.org), payload);
      return {};
    });
  }
}
