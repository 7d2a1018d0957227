import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@bfa/audit';
import { purgesAfter } from '@bfa/records';
import { RECORDS } from '../execution/records';

interface EditionRow {
  seq: number;
  edition_id: string;
  dataset: string;
  years: string;
  records_hash: string;
  imported_at: string;
  source_sha256: string;
  rows_read: number;
  rows_accepted: number;
  rows_refused: number;
  rows_replaced: number;
}

/**
 * `bfa data import` runs on the node's machine without the node's signing key, so it keeps each edition in
 * records.sqlite (data_editions) and the node signs a `data.imported` entry for it into its own log: at start
 * and before each execution, so no contribution is computed from an edition its log doesn't name. `bfa data purge`
 * likewise keeps each purge in records.sqlite (data_purges): the node signs a `data.purged` entry with its counts.
 */
@Injectable()
export class DataEditionsLog implements OnApplicationBootstrap {
  private loggedUpTo: number | undefined;
  private purgesLoggedUpTo: number | undefined;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectDataSource(RECORDS) private readonly records: DataSource,
    private readonly audit: AuditLog,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.logNewEditions();
  }

  /** Appends `data.imported` for every edition kept since the last one logged; serialised, so each is logged once. */
  logNewEditions(): Promise<void> {
    const done = this.tail.then(() => this.logNow());
    this.tail = done.catch(() => undefined);
    return done;
  }

  private async logNow(): Promise<void> {
    this.loggedUpTo ??= await this.lastLogged();
    for (const row of await this.editionsAfter(this.loggedUpTo)) {
      await this.audit.append({
        type: 'data.imported',
        queryId: null,
        actor: 'data-import',
        details: {
          edition: row.edition_id,
          seq: row.seq,
          dataset: row.dataset,
          years: JSON.parse(row.years),
          importedAt: row.imported_at,
          recordsHash: row.records_hash,
          sourceSha256: row.source_sha256,
          rowsRead: row.rows_read,
          rowsAccepted: row.rows_accepted,
          rowsRefused: row.rows_refused,
          rowsReplaced: row.rows_replaced,
        },
      });
      this.loggedUpTo = row.seq;
    }
    await this.logPurges();
  }

  private async logPurges(): Promise<void> {
    this.purgesLoggedUpTo ??= Math.max(
      0,
      ...(await this.audit.entries()).filter((e) => e.type === 'data.purged').map((e) => Number(e.details.seq)),
    );
    for (const purge of await purgesAfter(this.records, this.purgesLoggedUpTo)) {
      await this.audit.append({ type: 'data.purged', queryId: null, actor: 'data-purge', details: { ...purge } });
      this.purgesLoggedUpTo = purge.seq;
    }
  }

  private async lastLogged(): Promise<number> {
    const logged = (await this.audit.entries())
      .filter((e) => e.type === 'data.imported')
      .map((e) => Number(e.details.seq));
    return Math.max(0, ...logged);
  }

  private async editionsAfter(seq: number): Promise<EditionRow[]> {
    const table = await this.records.query(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'data_editions'`,
    );
    if (table.length === 0) return [];
    return this.records.query('SELECT * FROM data_editions WHERE seq > ? ORDER BY seq', [seq]);
  }
}
