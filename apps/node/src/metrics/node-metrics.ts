import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { AuditEntry, AuditLog } from '@bfa/audit';
import { Metrics, RefusalClass, refusalCounter } from '@bfa/runtime';
import { CoordinatorVersion } from '../health/coordinator-version';
import { RandomizerSupply } from '../precompute/randomizer-supply';

const REFUSED: Partial<Record<AuditEntry['type'], RefusalClass>> = {
  'execution.refused': 'execution',
  'decryption.refused': 'decryption',
};

/** A node's metrics: executions and decryptions it performed and refused, as its audit log records them, and its rⁿ pool. */
@Injectable()
export class NodeMetrics implements OnModuleInit, OnModuleDestroy {
  readonly refusals: ReturnType<typeof refusalCounter>;
  private readonly performed: Record<'execution.performed' | 'decryption.performed', { inc(): void }>;
  private subscription?: Subscription;

  constructor(
    metrics: Metrics,
    private readonly audit: AuditLog,
    supply: RandomizerSupply,
    coordinator: CoordinatorVersion,
  ) {
    this.refusals = refusalCounter(metrics);
    this.performed = {
      'execution.performed': metrics.counter(
        'bfa_executions_total',
        'Executions (contributions and combination steps) this node performed, repeats of an earlier answer included.',
      ),
      'decryption.performed': metrics.counter(
        'bfa_decryptions_total',
        'Partial decryptions this node performed, repeats of an earlier answer included.',
      ),
    };
    metrics.gauge('bfa_randomizer_pool', "Precomputed rⁿ ready in this node's pool.", () => supply.status().ready);
    metrics.gauge(
      'bfa_coordinator_protocol_version',
      'The protocol version the coordinator last announced in a heartbeat; 0 while it has announced none since the start.',
      () => coordinator.announced(),
    );
  }

  onModuleInit(): void {
    this.subscription = this.audit.appended.subscribe((entry) => this.seen(entry));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  private seen(entry: AuditEntry): void {
    const refused = REFUSED[entry.type];
    if (refused) this.refusals.inc(refused);
    if (entry.type === 'execution.performed' || entry.type === 'decryption.performed') this.performed[entry.type].inc();
  }
}
