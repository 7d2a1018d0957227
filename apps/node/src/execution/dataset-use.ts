import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DataEdition, DatasetBusy, DatasetLocks, readCurrentEditions } from '@bfa/records';
import { Refusal } from '@bfa/runtime';
import { NODE_CONFIG, NodeConfig } from '../node.config';
import { RECORDS } from './records';

/**
 * A query reads a dataset only while no import of it runs (in this node or in `bfa data import` on this
 * machine), and the import waits for the query: the lock in data-locks.sqlite beside records.sqlite.
 */
@Injectable()
export class DatasetUse implements OnModuleDestroy {
  private locks: Promise<DatasetLocks> | undefined;

  constructor(
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @InjectDataSource(RECORDS) private readonly records: DataSource,
  ) {}

  /** Runs `read` on the dataset for query `queryId`, and names the editions of the dataset it read. */
  async reading<T>(
    dataset: string,
    queryId: string,
    read: () => Promise<T>,
  ): Promise<{ result: T; editions: DataEdition[] }> {
    try {
      return await (
        await this.open()
      ).holding(dataset, 'query', queryId, this.config.dataLockWaitMs, async () => ({
        result: await read(),
        editions: await readCurrentEditions(this.records, this.config.org, dataset),
      }));
    } catch (error) {
      if (error instanceof DatasetBusy) throw new Refusal(`${this.config.org}: ${error.message}`);
      throw error;
    }
  }

  /** `reading` over several datasets at once (a rate's numerator and denominator at one holder): every lock held, every edition named. */
  async readingAll<T>(
    datasets: string[],
    queryId: string,
    read: () => Promise<T>,
  ): Promise<{ result: T; editions: DataEdition[] }> {
    if (datasets.length === 0) return { result: await read(), editions: [] };
    const [first, ...rest] = datasets;
    const { result: inner, editions } = await this.reading(first, queryId, () => this.readingAll(rest, queryId, read));
    return { result: inner.result, editions: [...editions, ...inner.editions] };
  }

  async onModuleDestroy(): Promise<void> {
    await (await this.locks)?.close();
  }

  private open(): Promise<DatasetLocks> {
    this.locks ??= DatasetLocks.open(this.config.dataDir);
    return this.locks;
  }
}
