import { PaillierEncryptor } from './paillier-cipher';

/**
 * Precomputed rⁿ mod n² values, so that encrypting on a query's hot path is one multiplication.
 * They are as secret as the plaintexts they will hide: memory only, each handed out once.
 */
export class RandomizerPool {
  private readonly ready: bigint[] = [];
  private refilling?: Promise<void>;

  constructor(private readonly encryptor: PaillierEncryptor) {}

  get size(): number {
    return this.ready.length;
  }

  /** A precomputed rⁿ when there is one, else a fresh one: never the same value twice. */
  take(): bigint {
    return this.ready.pop() ?? this.encryptor.randomizer();
  }

  fill(count: number): void {
    for (let i = 0; i < count; i++) this.ready.push(this.encryptor.randomizer());
  }

  /** Tops the pool up to `target` in small steps, yielding to the event loop between them. */
  refill(target: number, step = 4): Promise<void> {
    this.refilling ??= (async () => {
      while (this.ready.length < target) {
        this.fill(Math.min(step, target - this.ready.length));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })().finally(() => (this.refilling = undefined));
    return this.refilling;
  }
}
