import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HopWorkers } from '@bfa/combination';
import { nativeBignumUnavailableReason } from '@bfa/crypto';
import { NODE_CONFIG, NodeConfig } from '../node.config';

/** The worker threads of this node's combination steps (BFA_COMBINATION_THREADS): started on first use, idle between. */
@Injectable()
export class CombinationWorkers extends HopWorkers implements OnApplicationShutdown {
  constructor(@Inject(NODE_CONFIG) config: NodeConfig) {
    super(config.combinationThreads);
    const unavailable = nativeBignumUnavailableReason();
    if (unavailable) Logger.warn(`combination steps in BigInt, slower: ${unavailable}`, 'Node');
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
