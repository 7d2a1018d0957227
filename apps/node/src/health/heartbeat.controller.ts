import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PROTOCOL_VERSION, Reply, subjects } from '@bfa/protocol';
import { NODE_ORG } from '../node.config';
import { CoordinatorVersion } from './coordinator-version';

/**
 * The coordinator's check, during a long step, that this node is still there: the answer says nothing but that
 * it is, and which protocol version it speaks (the coordinator asks before a query whose steps need a later one).
 * A busy node may answer late; a dead one has no subscription left, which nats-server tells at once.
 */
@Controller()
export class HeartbeatController {
  constructor(private readonly coordinator: CoordinatorVersion) {}

  /** The coordinator's own version, when it announces one, is noted for IT staff (coordinator-version.ts). */
  @MessagePattern(subjects.heartbeat(NODE_ORG))
  beat(@Payload() payload: unknown): Reply<{ org: string; protocolVersion: number }> {
    this.coordinator.heard(payload);
    return { ok: true, value: { org: NODE_ORG, protocolVersion: PROTOCOL_VERSION } };
  }
}
