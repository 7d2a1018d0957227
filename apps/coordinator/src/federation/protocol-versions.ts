import { Injectable } from '@nestjs/common';
import {
  announcedVersion,
  PROTOCOL_VERSION,
  protocolNeeded,
  protocolProblem,
  QueryEnvelope,
  subjects,
  UNANNOUNCED_VERSION,
} from '@bfa/protocol';
import { NodeGateway } from './node-gateway.service';

/** A heartbeat answers at once unless the node is busy with a long step: then it is asked again before execution. */
const ASK_TIMEOUT_MS = 15_000;

/**
 * The protocol version of every node a query reaches, asked of each node's heartbeat: a query with a step that one
 * of them is too old for is refused before any proposal or data moves, naming the node and the version it needs (a
 * rolling upgrade: docs/operations.md). A node that doesn't answer is not refused here; the step that needs it fails
 * as it always did.
 */
@Injectable()
export class ProtocolVersions {
  constructor(private readonly nodes: NodeGateway) {}

  /** What `org`'s node announces, or null when it did not answer. */
  async announced(org: string): Promise<number | 'unannounced' | null> {
    const reply = await this.nodes.request<unknown>(
      org,
      subjects.heartbeat(org),
      { protocolVersion: PROTOCOL_VERSION },
      ASK_TIMEOUT_MS,
    );
    return reply.ok ? announcedVersion(reply.value) : null;
  }

  /** Every node the query reaches that is too old for one of its steps, in words; none for a query any version can do. */
  async problems(envelope: QueryEnvelope): Promise<string[]> {
    if (protocolNeeded(envelope.spec).version <= UNANNOUNCED_VERSION) return [];
    const orgs = [...new Set([...envelope.dataHolders, ...envelope.keyHolders])].sort();
    const versions = await Promise.all(orgs.map((org) => this.announced(org)));
    return orgs.flatMap((org, i) => {
      const version = versions[i];
      const problem = version === null ? null : protocolProblem(envelope.spec, org, version);
      return problem ? [problem] : [];
    });
  }
}
