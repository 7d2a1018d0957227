import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { PROTOCOL_VERSION, Reply, subjects } from '@bfa/protocol';
import { NODE_ORG } from '../node.config';

/**
 * The coordinator's check, during a long step, that this node is still there: the answer says nothing but that
 * it is, and which protocol version it speaks (the coordinator asks before a query whose steps need a later one).
 * A busy node may answer late; a dead one has no subscription left, which nats-server tells at once.
 */
@Controller()
export class HeartbeatController {
  @MessagePattern(subjects.heartbeat(NODE_ORG))
  beat(): Reply<{ org: string; protocolVersion: number }> {
    return { ok: true, value: { org: NODE_ORG, protocolVersion: PROTOCOL_VERSION } };
  }
}
