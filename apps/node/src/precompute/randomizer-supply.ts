import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { RandomizerPool, RandomizerPoolStatus, SealedRandomizerStore } from '@bfa/crypto';
import { NodeKeys } from '../keys/node-keys';
import { NODE_CONFIG, NodeConfig } from '../node.config';

export interface RandomizerSupplyStatus extends RandomizerPoolStatus {
  keyId: string;
  /** The last complete fill from empty or near-empty: how long the precomputation ran ahead of queries. */
  lastFill?: { count: number; seconds: number; perSecond: number };
}

/** Where the pool is kept between restarts, sealed to this node: `<data dir>/randomizers/<keyId>/`. */
export const RANDOMIZERS_DIR = 'randomizers';

/**
 * This node's precomputed rⁿ under the registry's current key: filled in the background from start and after
 * every query, up to BFA_RANDOMIZER_POOL (size it to the children of a year: a combination carries its whole year).
 * Kept sealed on disk, so a restart reloads it instead of computing it again.
 */
@Injectable()
export class RandomizerSupply implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Randomizers');
  readonly pool: RandomizerPool;
  private lastFill?: RandomizerSupplyStatus['lastFill'];
  private closing = false;

  constructor(
    private readonly keys: NodeKeys,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {
    const store = new SealedRandomizerStore(
      join(config.dataDir, RANDOMIZERS_DIR),
      keys.keyId,
      keys.encryptor.n,
      keys.boxSecretKey,
    );
    this.pool = new RandomizerPool(keys.encryptor, { threads: config.randomizerThreads, store });
  }

  onApplicationBootstrap(): void {
    const { restored, discarded } = this.pool.restore();
    if (discarded.length > 0)
      this.logger.warn(
        `randomizer pool: ${discarded.length} file(s) that don't open under this node's key discarded, unused (${discarded.slice(0, 5).join(', ')})`,
      );
    if (restored > 0) this.logger.log(`randomizer pool: ${restored} reloaded from ${RANDOMIZERS_DIR}/ (sealed)`);
    this.topUp();
  }

  /** Starts a background fill unless one runs; never throws (a failed fill is logged, and steps compute what they lack). */
  topUp(): void {
    const { ready, filling } = this.pool.status();
    const target = this.config.randomizerPool;
    if (filling || ready >= target) return;
    const started = process.hrtime.bigint();
    this.pool.refill(target).then(
      () => this.filled(target - ready, Number(process.hrtime.bigint() - started) / 1e9),
      (error) => this.closing || this.logger.error(`randomizer pool fill stopped: ${(error as Error).message}`),
    );
  }

  /** At least `count` rⁿ ready before a step that will take them. */
  ensure(count: number): Promise<void> {
    return this.pool.ensure(count);
  }

  status(): RandomizerSupplyStatus {
    return { ...this.pool.status(), keyId: this.keys.keyId, lastFill: this.lastFill };
  }

  onApplicationShutdown(): Promise<void> {
    this.closing = true;
    return this.pool.close();
  }

  private filled(count: number, seconds: number): void {
    if (count <= 0) return;
    const perSecond = count / Math.max(seconds, 1e-9);
    this.lastFill = { count, seconds, perSecond };
    this.logger.log(
      `randomizer pool full: ${this.pool.size} ready (${count} computed in ${seconds.toFixed(1)} s, ${perSecond.toFixed(0)}/s on ${this.config.randomizerThreads || 'the main'} thread${this.config.randomizerThreads === 1 ? '' : 's'})`,
    );
  }
}
