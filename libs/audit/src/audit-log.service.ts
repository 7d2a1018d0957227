import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Subject } from 'rxjs';
import { MoreThan, Repository } from 'typeorm';
import { canonicalJson, publicKeyOfSigningKey } from '@bfa/crypto';
import { AuditEntry, AuditEventType, AuditInput, AuditWriter } from './audit-entry';
import { AuditEntryRecord } from './audit-entry.record';
import { AuditPage } from './audit-pages';
import { chainEntry, ChainVerification, verifyChain } from './hash-chain';
import { SignedHead, signHead } from './signed-head';

export const AUDIT_WRITER = Symbol('AUDIT_WRITER');

/** The append-only log. Appends are serialised so two concurrent appends never share a sequence number or fork the chain. */
@Injectable()
export class AuditLog {
  private tail: Promise<unknown> = Promise.resolve();
  private lastEvent: number | undefined;
  /** Every entry once it is stored: the coordinator shows its new head to the nodes. */
  readonly appended = new Subject<AuditEntry>();

  constructor(
    @InjectRepository(AuditEntryRecord) private readonly records: Repository<AuditEntryRecord>,
    @Inject(AUDIT_WRITER) private readonly writer: AuditWriter,
  ) {}

  append(input: AuditInput): Promise<AuditEntry> {
    const appended = this.tail.then(() => this.appendNow(input));
    this.tail = appended.catch(() => undefined);
    return appended;
  }

  private async appendNow(input: AuditInput): Promise<AuditEntry> {
    const [last] = await this.records.find({ order: { seq: 'DESC' }, take: 1 });
    const entry = chainEntry(last ? toEntry(last) : null, input, this.writer);
    await this.records.insert({ ...entry, details: canonicalJson(entry.details) });
    if (entry.type !== 'head.witnessed') this.lastEvent = entry.seq;
    this.appended.next(entry);
    return entry;
  }

  /** The log's current length and last hash, signed by its writer, consistent with every append before it. */
  head(): Promise<SignedHead> {
    return this.tail.then(async () => {
      const [last] = await this.records.find({ order: { seq: 'DESC' }, take: 1 });
      return signHead(last ?? null, await this.lastEventSeq(), this.writer);
    });
  }

  private async lastEventSeq(): Promise<number> {
    if (this.lastEvent === undefined) {
      const row = await this.records
        .createQueryBuilder('e')
        .select('MAX(e.seq)', 'seq')
        .where('e.type != :witness', { witness: 'head.witnessed' })
        .getRawOne<{ seq: number | null }>();
      this.lastEvent = Number(row?.seq ?? 0);
    }
    return this.lastEvent;
  }

  async entries(filter: { queryId?: string } = {}): Promise<AuditEntry[]> {
    const records = await this.records.find({
      where: filter.queryId ? { queryId: filter.queryId } : {},
      order: { seq: 'ASC' },
    });
    return records.map(toEntry);
  }

  /** The entries after `after` (a seq; 0: from the start), oldest first, at most `limit`: one page of the log. */
  async page({ after, limit }: AuditPage): Promise<AuditEntry[]> {
    const records = await this.records.find({ where: { seq: MoreThan(after) }, order: { seq: 'ASC' }, take: limit });
    return records.map(toEntry);
  }

  /** The chain and every signature, against the writer's own public key. */
  async verify(): Promise<ChainVerification> {
    return verifyChain(await this.entries(), {
      id: this.writer.id,
      publicKey: publicKeyOfSigningKey(this.writer.secretKey),
    });
  }

  /** JSON lines, one entry per line, oldest first: the ethics board's export. */
  async exportJsonLines(): Promise<string> {
    return (await this.entries()).map((entry) => JSON.stringify(entry)).join('\n') + '\n';
  }
}

function toEntry(record: AuditEntryRecord): AuditEntry {
  return { ...record, type: record.type as AuditEventType, details: parseDetails(record.details) };
}

/** A row whose details were edited into invalid JSON must still be listed, so that verification can name it. */
function parseDetails(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text);
  } catch {
    return { unreadable: text };
  }
}
