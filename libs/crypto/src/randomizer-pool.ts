import { PaillierEncryptor } from './paillier-cipher';
import { RandomizerWorkers } from './randomizer-workers';

/** Where a step's randomness comes from: each rⁿ (= an Enc(0)) handed out once. */
export interface RandomizerSource {
  take(): bigint;
}

export interface RandomizerPoolOptions {
  /** Worker threads for filling the pool; 0 computes on the calling thread, between event-loop turns. */
  threads?: number;
}

export interface RandomizerPoolStatus {
  ready: number;
  target: number;
  filling: boolean;
  threads: number;
}

/** rⁿ per round of a background fill with worker threads: small enough that the pool grows visibly. */
const BACKGROUND_ROUND = 256;
const BACKGROUND_NICE = 19;

/**
 * Precomputed rⁿ mod n² values, so that encrypting on a query's hot path is one multiplication.
 * They are as secret as the plaintexts they will hide: memory only, each handed out once.
 * With worker threads the pool fills in the background at low priority, and `ensure` computes a query's
 * shortfall at normal priority across every thread.
 */
export class RandomizerPool implements RandomizerSource {
  private readonly ready: bigint[] = [];
  private refilling?: Promise<void>;
  private target = 0;
  private readonly background?: RandomizerWorkers;
  private readonly urgent?: RandomizerWorkers;

  constructor(
    private readonly encryptor: PaillierEncryptor,
    options: RandomizerPoolOptions = {},
  ) {
    const threads = options.threads ?? 0;
    if (threads > 0) {
      this.background = new RandomizerWorkers(encryptor.publicKey, { threads, nice: BACKGROUND_NICE });
      this.urgent = new RandomizerWorkers(encryptor.publicKey, { threads });
    }
  }

  get size(): number {
    return this.ready.length;
  }

  status(): RandomizerPoolStatus {
    return { ready: this.ready.length, target: this.target, filling: this.refilling !== undefined, threads: this.background?.threads ?? 0 };
  }

  /** A precomputed rⁿ when there is one, else a fresh one: never the same value twice. */
  take(): bigint {
    return this.ready.pop() ?? this.encryptor.randomizer();
  }

  /** Computes `count` more on the calling thread, blocking it. */
  fill(count: number): void {
    for (let i = 0; i < count; i++) this.ready.push(this.encryptor.randomizer());
  }

  /** Tops the pool up to `target` in the background: on the worker threads, or here in small steps yielding to the event loop. */
  refill(target: number, step = 4): Promise<void> {
    this.target = target;
    this.refilling ??= (async () => {
      while (this.ready.length < this.target) {
        const missing = this.target - this.ready.length;
        if (this.background) this.add(await this.background.compute(Math.min(BACKGROUND_ROUND, missing)));
        else {
          this.fill(Math.min(step, missing));
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    })().finally(() => (this.refilling = undefined));
    return this.refilling;
  }

  /** At least `count` ready before a step that needs them: the shortfall computed now, on every thread at normal priority. */
  async ensure(count: number): Promise<void> {
    const missing = count - this.ready.length;
    if (missing <= 0) return;
    if (this.urgent) this.add(await this.urgent.compute(missing));
    else this.fill(missing);
  }

  async close(): Promise<void> {
    await Promise.all([this.background?.close(), this.urgent?.close()]);
  }

  private add(values: bigint[]): void {
    for (const value of values) this.ready.push(value);
  }
}
