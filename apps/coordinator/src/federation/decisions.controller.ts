import { Controller, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DecisionEvent, Reply, subjects, validateMessage } from '@bfa/protocol';
import { answer } from '@bfa/runtime';
import { QueryLifecycle } from './query-lifecycle.service';

/**
 * Stewards' decisions arrive from their nodes' outboxes; each is verified before it counts. The answer is the
 * node's acknowledgement: until it has one, the node sends the decision again.
 */
@Controller()
export class DecisionsController {
  private readonly logger = new Logger(DecisionsController.name);

  constructor(private readonly lifecycle: QueryLifecycle) {}

  @MessagePattern(subjects.decision)
  decided(@Payload() payload: unknown): Promise<Reply<{ queryId: string; org: string; recorded: 'now' | 'before' }>> {
    return answer(this.logger, 'decision', async () => {
      const { decision } = validateMessage(DecisionEvent, payload);
      const recorded = await this.lifecycle.recordDecision(decision);
      return { queryId: decision.statement.queryId, org: decision.statement.org, recorded };
    });
  }
}
