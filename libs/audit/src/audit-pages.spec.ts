import { AuditEntry } from './audit-entry';
import { AUDIT_PAGE_MAX, AUDIT_PAGE_SIZE, auditPageOf, readAuditPages } from './audit-pages';

const entry = (seq: number) => ({ seq, type: 'query.submitted', details: {} }) as unknown as AuditEntry;

describe('paging through an audit log', () => {
  it('reads no paging from no parameters (the whole log), and a page from either', () => {
    expect(auditPageOf({})).toBeUndefined();
    expect(auditPageOf({ after: '17' })).toEqual({ after: 17, limit: AUDIT_PAGE_SIZE });
    expect(auditPageOf({ limit: '20' })).toEqual({ after: 0, limit: 20 });
    expect(auditPageOf({ after: '0', limit: String(AUDIT_PAGE_MAX) })).toEqual({ after: 0, limit: AUDIT_PAGE_MAX });
  });

  it.each([
    [{ after: '-1' }, 'after must be the seq of the last entry you have'],
    [{ after: '1.5' }, 'after must be the seq'],
    [{ after: 'abc' }, 'after must be the seq'],
    [{ after: ['1', '2'] }, 'after must be the seq'],
    [{ after: '9'.repeat(16) }, 'after must be the seq'],
    [{ limit: '0' }, 'limit must be a whole number from 1 to 1000'],
    [{ limit: '1001' }, 'limit must be a whole number from 1 to 1000'],
    [{ limit: '' }, 'limit must be a whole number'],
    [{ after: '3', limit: '1e3' }, 'limit must be a whole number'],
  ])('refuses %j, naming the parameter and what it must be', (query, reason) => {
    expect(auditPageOf(query)).toEqual(expect.stringContaining(reason));
  });

  it('reads a whole log page by page, each after the last entry it has, none lost or twice', async () => {
    const log = Array.from({ length: 23 }, (_, i) => entry(i + 1));
    const asked: number[] = [];
    const read = await readAuditPages(async (after, limit) => {
      asked.push(after);
      return log.filter((e) => e.seq > after).slice(0, limit);
    }, 5);
    expect(read.map((e) => e.seq)).toEqual(log.map((e) => e.seq));
    expect(asked).toEqual([0, 5, 10, 15, 20]);
  });

  it('takes in what is appended while it reads, and stops on an empty page after a full one', async () => {
    const log = Array.from({ length: 10 }, (_, i) => entry(i + 1));
    const read = await readAuditPages(async (after, limit) => {
      if (after === 5) log.push(entry(11), entry(12));
      return log.filter((e) => e.seq > after).slice(0, limit);
    }, 5);
    expect(read.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const exact = Array.from({ length: 10 }, (_, i) => entry(i + 1));
    const pages: number[] = [];
    await readAuditPages(async (after, limit) => {
      pages.push(after);
      return exact.filter((e) => e.seq > after).slice(0, limit);
    }, 5);
    expect(pages).toEqual([0, 5, 10]);
  });

  it('stops with a reason when a server answers a page that does not move past the cursor', async () => {
    await expect(readAuditPages(async () => [entry(1), entry(1)], 2)).rejects.toThrow(
      "the log's page after 0 did not move past it",
    );
    const repeating = async (after: number) => (after === 0 ? [entry(1), entry(2)] : [entry(2), entry(3)]);
    await expect(readAuditPages(repeating, 2)).rejects.toThrow("the log's page after 2 did not move past it");
  });
});
