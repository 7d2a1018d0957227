import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { debounceTime, interval, merge, Subscription } from 'rxjs';
import { AuditLog } from '@bfa/audit';
import { Registry, subjects } from '@bfa/protocol';
import { COORDINATOR_CONFIG, CoordinatorConfig } from '../coordinator.config';
import { REGISTRY } from '../coordinator.providers';
import { NodeGateway } from '../federation/node-gateway.service';

/** How long a node may take to answer with its head: it is a table read and a signature. */
const PUSH_TIMEOUT_MS = 10_000;

/**
 * After the coordinator's log grows (debounced) and every BFA_AUDIT_HEAD_INTERVAL_MS, every node is shown the
 * log's new head and answers with its own: the last entries of either log are then held by the other side too.
 */
@Injectable()
export class AuditHeadPush implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditHeadPush.name);
  private subscription?: Subscription;
  private pushing: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly audit: AuditLog,
    private readonly nodes: NodeGateway,
    @Inject(REGISTRY) private readonly registry: Registry,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
  ) {}

  onApplicationBootstrap(): void {
    const grown = this.audit.appended.pipe(debounceTime(this.config.auditHeadDebounceMs));
    this.subscription = merge(grown, interval(this.config.auditHeadIntervalMs)).subscribe(() => void this.push());
  }

  /** One exchange at a time; a trigger during one runs another right after, so the nodes always end up with the latest head. */
  push(): Promise<void> {
    if (this.pushing) {
      this.again = true;
      return this.pushing;
    }
    this.pushing = (async () => {
      do {
        this.again = false;
        const orgs = Object.keys(this.registry.organisations);
        await Promise.all(orgs.map((org) => this.nodes.request(org, subjects.auditHead(org), {}, PUSH_TIMEOUT_MS)));
      } while (this.again);
    })()
      .catch((error) => this.logger.warn(`could not exchange audit heads: ${(error as Error).message}`))
      .finally(() => (this.pushing = null));
    return this.pushing;
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }
}
