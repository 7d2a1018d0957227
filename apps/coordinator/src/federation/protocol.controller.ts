import { Controller, Get, Inject } from '@nestjs/common';
import { Allow } from '@bfa/access';
import { PROTOCOL_VERSION, Registry } from '@bfa/protocol';
import { REGISTRY } from '../coordinator.providers';
import { ProtocolVersions } from './protocol-versions';

/**
 * The protocol version of the coordinator and of every node in the registry, as each node announces it now: during a
 * rolling upgrade the board (and whoever runs it) sees which nodes are still to be upgraded. Versions only, nothing else.
 */
@Controller('protocol')
@Allow('ethics-board')
export class ProtocolController {
  constructor(
    private readonly versions: ProtocolVersions,
    @Inject(REGISTRY) private readonly registry: Registry,
  ) {}

  @Get()
  async protocol(): Promise<{ coordinator: number; nodes: Record<string, number | 'unannounced' | 'unreachable'> }> {
    const orgs = Object.keys(this.registry.organisations).sort();
    const announced = await Promise.all(orgs.map((org) => this.versions.announced(org)));
    return {
      coordinator: PROTOCOL_VERSION,
      nodes: Object.fromEntries(orgs.map((org, i) => [org, announced[i] ?? 'unreachable'])),
    };
  }
}
