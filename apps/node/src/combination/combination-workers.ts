import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HopWorkers } from '@bfa/combination';
import { NODE_CONFIG, NodeConfig } from '../node.config';

/** The worker threads of this node's combination steps (BFA_COMBINATION_THREADS): started on first use, idle between. */
@Injectable()
export class CombinationWorkers extends HopWorkers implements OnApplicationShutdown {
  constructor(@Inject(NODE_CONFIG) config: NodeConfig) {
    super(config.combinationThreads);
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}
