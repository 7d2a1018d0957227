import { Injectable, Logger } from '@nestjs/common';
import { announcedVersion, PROTOCOL_VERSION, subjects, UNANNOUNCED_VERSION } from '@bfa/protocol';
import { NodeKeys } from '../keys/node-keys';

/**
 * The protocol version the coordinator announces when it asks this node's heartbeat (protocol-versions.ts), for IT
 * staff: a warning in the journal once per older version, and `bfa_coordinator_protocol_version` in /metrics. Never
 * a refusal: an older coordinator asks for no step this node added, and a step it asks that this node can't read is
 * refused with its reason. Only a heartbeat the coordinator signed counts; its presence pings are unsigned and empty.
 */
@Injectable()
export class CoordinatorVersion {
  private readonly logger = new Logger(CoordinatorVersion.name);
  private version: number | null = null;
  private readonly warned = new Set<number>();

  constructor(private readonly keys: NodeKeys) {}

  heard(payload: unknown): void {
    if (!this.keys.coordinatorMessages.signed(subjects.heartbeat(this.keys.org), payload)) return;
    const announced = announcedVersion(payload);
    this.version = announced === 'unannounced' ? UNANNOUNCED_VERSION : announced;
    if (this.version >= PROTOCOL_VERSION || this.warned.has(this.version)) return;
    this.warned.add(this.version);
    this.logger.warn(
      `the coordinator speaks protocol version ${this.version}, older than this node's ${PROTOCOL_VERSION}: upgrade the coordinator first (docs/operations.md, "Rolling upgrade"); this node goes on answering it`,
    );
  }

  /** The coordinator's version as last announced; 0 while it has announced none since this node started. */
  announced(): number {
    return this.version ?? 0;
  }
}
