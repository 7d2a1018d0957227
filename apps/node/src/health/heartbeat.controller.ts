import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Reply, subjects } from '@bfa/protocol';
import { NODE_ORG } from '../node.config';

/**
 * The coordinator's check, during a long step, that this node is still there: the answer says nothing but that
 * it is. A busy node may answer late; a dead one has no subscription left, which nats-server tells at once.
 */
@Controller()
export class HeartbeatController {
  @MessagePattern(subjects.heartbeat(NODE_ORG))
  beat(): Reply<{ org: string }> {
    return { ok: true, value: { org: NODE_ORG } };
  }
}
