import { Controller, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DecisionEvent, subjects, validateMessage } from '@bfa/protocol';
import { QueryLifecycle } from './query-lifecycle.service';

/** Stewards' decisions arrive from their nodes as events; each is verified before it counts. */
@Controller()
export class DecisionsController {
  private readonly logger = new Logger(DecisionsController.name);

  constructor(private readonly lifecycle: QueryLifecycle) {}

  @EventPattern(subjects.decision)
  async decided(@Payload() payload: unknown): Promise<void> {
    try {
      const { decision } = validateMessage(DecisionEvent, payload);
      await this.lifecycle.recordDecision(decision);
    } catch (error) {
      this.logger.warn(`decision refused: ${(error as Error).message}`);
    }
  }
}
