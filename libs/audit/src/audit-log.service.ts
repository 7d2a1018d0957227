import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { canonicalJson } from '@bfa/crypto';
import { AuditEntry, AuditEventType, AuditInput } from './audit-entry';
import { AuditEntryRecord } from './audit-entry.record';
import { chainEntry, ChainVerification, verifyChain } from './hash-chain';

/** The append-only log. Appends are serialised so two concurrent appends never share a sequence number or fork the chain. */
@Injectable()
export class AuditLog {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(@InjectRepository(AuditEntryRecord) private readonly records: Repository<AuditEntryRecord>) {}

  append(input: AuditInput): Promise<AuditEntry> {
    const appended = this.tail.then(() => this.appendNow(input));
    this.tail = appended.catch(() => undefined);
    return appended;
  }

  private async appendNow(input: AuditInput): Promise<AuditEntry> {
    const [last] = await this.records.find({ order: { seq: 'DESC' }, take: 1 });
    const entry = chainEntry(last ? toEntry(last) : null, input);
    await this.records.insert({ ...entry, details: canonicalJson(entry.details) });
    return entry;
  }

  async entries(filter: { queryId?: string } = {}): Promise<AuditEntry[]> {
    const records = await this.records.find({ where: filter.queryId ? { queryId: filter.queryId } : {}, order: { seq: 'ASC' } });
    return records.map(toEntry);
  }

  async verify(): Promise<ChainVerification> {
    return verifyChain(await this.entries());
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
