import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { HeldHeadRecord } from './audit-entry.record';
import { AuditLog } from './audit-log.service';
import { SignedHead, signedHeadProblem } from './signed-head';

import type { HeadKeys } from './signed-head';

export const AUDIT_HEAD_KEYS = Symbol('AUDIT_HEAD_KEYS');

/**
 * The latest signed head of every other party's log. A newer head replaces the held one; when it covers a new
 * event of its writer (not merely the writer witnessing ours), it is also logged in this party's own chain.
 */
@Injectable()
export class AuditHeads {
  private readonly logger = new Logger(AuditHeads.name);
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectRepository(HeldHeadRecord) private readonly held: Repository<HeldHeadRecord>,
    private readonly log: AuditLog,
    @Inject(AUDIT_HEAD_KEYS) private readonly keys: HeadKeys,
  ) {}

  /** Keeps `raw` if it is `from`'s validly signed head and newer than the one held; a bad head is logged here and ignored. */
  witness(from: string, raw: unknown): Promise<void> {
    const done = this.tail.then(() => this.witnessNow(from, raw));
    this.tail = done.catch(() => undefined);
    return done;
  }

  private async witnessNow(from: string, raw: unknown): Promise<void> {
    const problem = signedHeadProblem(raw, this.keys(from));
    const head = raw as SignedHead;
    if (problem || head.writer !== from) {
      this.logger.warn(`ignored an audit head from ${from}: ${problem ?? `it is ${head.writer}'s`}`);
      return;
    }
    const held = await this.held.findOneBy({ writer: from });
    if (held && held.count === head.count && held.hash !== head.hash) {
      // Two heads of one length: the writer rewrote its log. Its own signature on both goes into this log for the board.
      await this.log.append({
        type: 'head.witnessed',
        queryId: null,
        actor: from,
        details: { head: { ...head }, conflictsWith: held.hash },
      });
      return;
    }
    if (held && held.count >= head.count) return;
    let witnessedEvent = held?.witnessedEvent ?? 0;
    if (head.lastEvent > witnessedEvent) {
      await this.log.append({ type: 'head.witnessed', queryId: null, actor: from, details: { head: { ...head } } });
      witnessedEvent = head.lastEvent;
    }
    const { writer, count, hash, lastEvent, time, signature } = head;
    // No transaction: sqlite's one connection is shared by the process, and another service's transaction may be open on it.
    await this.held.save({ writer, count, hash, lastEvent, time, signature, witnessedEvent }, { transaction: false });
  }

  /** Every head held, for the ethics board. */
  async all(): Promise<SignedHead[]> {
    const rows = await this.held.find({ order: { writer: 'ASC' } });
    return rows.map(({ writer, count, hash, lastEvent, time, signature }) => ({
      writer,
      count,
      hash,
      lastEvent,
      time,
      signature,
    }));
  }
}
