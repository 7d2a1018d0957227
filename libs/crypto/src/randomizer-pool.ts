import { PaillierEncryptor } from './paillier-cipher';
import { RandomizerWorkers } from './randomizer-workers';
import { SealedRandomizerStore, StoredChunk } from './sealed-randomizer-store';

/** Where a step's randomness comes from: each rⁿ (= an Enc(0)) handed out once. */
export interface RandomizerSource {
  take(): bigint;
}

export interface RandomizerPoolOptions {
  /** Worker threads for filling the pool; 0 computes on the calling thread, between event-loop turns. */
  threads?: number;
  /** Where the pool is kept sealed across restarts; without it, memory only. */
  store?: SealedRandomizerStore;
}

export interface RandomizerPoolStatus {
  ready: number;
  target: number;
  filling: boolean;
  threads: number;
  /** Of `ready`, how many are sealed on disk and would survive a restart. */
  sealed: number;
}

/** rⁿ per round of a background fill: small enough that the pool grows visibly; one sealed file each with a store. */
const BACKGROUND_ROUND = 256;
const BACKGROUND_NICE = 19;
/** rⁿ per sealed file: one background round, about 128 KiB at 2048 bits. */
const CHUNK = 256;

/**
 * Precomputed rⁿ mod n² values, so that encrypting on a query's hot path is one multiplication.
 * They are as secret as the plaintexts they will hide: in memory, and with a store sealed on disk; each handed out once.
 * With worker threads the pool fills in the background at low priority, and `ensure` computes a query's
 * shortfall at normal priority across every thread. With a store, a value is handed out only from a chunk whose
 * file is already gone from disk ("claimed"), so no crash can hand it out again.
 */
export class RandomizerPool implements RandomizerSource {
  /** Claimed (or never stored): free to hand out. */
  private readonly ready: bigint[] = [];
  /** On disk, sealed, and in memory: claimed before use. */
  private readonly stored: StoredChunk[] = [];
  private storedCount = 0;
  private refilling?: Promise<void>;
  private target = 0;
  private readonly background?: RandomizerWorkers;
  private readonly urgent?: RandomizerWorkers;

  private readonly store?: SealedRandomizerStore;

  constructor(
    private readonly encryptor: PaillierEncryptor,
    options: RandomizerPoolOptions = {},
  ) {
    const threads = options.threads ?? 0;
    this.store = options.store;
    if (threads > 0) {
      this.background = new RandomizerWorkers(encryptor.publicKey, { threads, nice: BACKGROUND_NICE });
      this.urgent = new RandomizerWorkers(encryptor.publicKey, { threads });
    }
  }

  get size(): number {
    return this.ready.length + this.storedCount;
  }

  status(): RandomizerPoolStatus {
    return {
      ready: this.size,
      target: this.target,
      filling: this.refilling !== undefined,
      threads: this.background?.threads ?? 0,
      sealed: this.storedCount,
    };
  }

  /** Reads back what the store kept from before a restart; returns how many, and the files it had to discard. */
  restore(): { restored: number; discarded: string[] } {
    if (!this.store) return { restored: 0, discarded: [] };
    const { chunks, discarded } = this.store.load();
    for (const chunk of chunks) this.keep(chunk);
    return { restored: chunks.reduce((sum, c) => sum + c.values.length, 0), discarded };
  }

  /** A precomputed rⁿ when there is one, else a fresh one: never the same value twice. */
  take(): bigint {
    if (this.ready.length === 0) this.claim(1);
    return this.ready.pop() ?? this.encryptor.randomizer();
  }

  /** Computes `count` more on the calling thread, blocking it. */
  fill(count: number): void {
    this.add(Array.from({ length: count }, () => this.encryptor.randomizer()));
  }

  /** Tops the pool up to `target` in the background: on the worker threads, or here in small steps yielding to the event loop. */
  refill(target: number, step = 4): Promise<void> {
    this.target = target;
    this.refilling ??= (async () => {
      while (this.size < this.target) {
        const round = Math.min(BACKGROUND_ROUND, this.target - this.size);
        this.add(this.background ? await this.background.compute(round) : await this.computeHere(round, step));
      }
    })().finally(() => (this.refilling = undefined));
    return this.refilling;
  }

  /**
   * At least `count` ready before a step that needs them: the shortfall computed now, on every thread at normal
   * priority, into memory only (the step takes them at once), and stored chunks claimed in one go.
   */
  async ensure(count: number): Promise<void> {
    const missing = count - this.size;
    if (missing > 0) {
      const values = this.urgent
        ? await this.urgent.compute(missing)
        : Array.from({ length: missing }, () => this.encryptor.randomizer());
      for (const value of values) this.ready.push(value);
    }
    this.claim(count);
  }

  async close(): Promise<void> {
    await Promise.all([this.background?.close(), this.urgent?.close()]);
  }

  /** `count` on this thread, `step` at a time, yielding to the event loop between steps. */
  private async computeHere(count: number, step: number): Promise<bigint[]> {
    const values: bigint[] = [];
    while (values.length < count) {
      for (let i = 0; i < step && values.length < count; i++) values.push(this.encryptor.randomizer());
      await new Promise((resolve) => setImmediate(resolve));
    }
    return values;
  }

  private add(values: bigint[]): void {
    if (!this.store) {
      for (const value of values) this.ready.push(value);
      return;
    }
    for (let at = 0; at < values.length; at += CHUNK) this.keep(this.store.write(values.slice(at, at + CHUNK)));
  }

  private keep(chunk: StoredChunk): void {
    this.stored.push(chunk);
    this.storedCount += chunk.values.length;
  }

  /** Moves stored chunks to `ready` until it holds `count` (or the store is empty), their files deleted durably first. */
  private claim(count: number): void {
    const claimed: StoredChunk[] = [];
    let coming = this.ready.length;
    while (coming < count && this.stored.length > 0) {
      const chunk = this.stored.pop()!;
      claimed.push(chunk);
      coming += chunk.values.length;
      this.storedCount -= chunk.values.length;
    }
    this.store?.claim(claimed);
    for (const chunk of claimed) for (const value of chunk.values) this.ready.push(value);
  }
}
