import type { DifferencingBasis } from './query-registry.service';

/** sqlite's limit on bound values in one statement is 32,766 (999 before 3.32): ask in slices well under it. */
const IDS_PER_READ = 500;

/** Freezes the whole record: a shared copy that a caller tried to change would fail loudly instead of changing the ledger. */
function frozen<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) frozen(child);
  }
  return value;
}

/**
 * The release ledger's records, parsed once per process. A release's record is written with it and never changed
 * after (a removal past retention empties the table and keeps it), so a parsed record stays right; one written again
 * through the registry is forgotten and read anew.
 */
export class LedgerBases {
  private readonly parsed = new Map<string, DifferencingBasis | null>();

  constructor(
    private readonly readRecords: (ids: string[]) => Promise<{ queryId: string; differencingBasis: string }[]>,
  ) {}

  /** Reads and parses the records of `ids` not read yet. */
  async read(ids: string[]): Promise<void> {
    const missing = ids.filter((id) => !this.parsed.has(id));
    for (let start = 0; start < missing.length; start += IDS_PER_READ) {
      for (const record of await this.readRecords(missing.slice(start, start + IDS_PER_READ)))
        this.parsed.set(record.queryId, record.differencingBasis ? frozen(JSON.parse(record.differencingBasis)) : null);
    }
  }

  /** The parsed record of a release read before (none for a release stored without one). */
  get(id: string): DifferencingBasis | null {
    return this.parsed.get(id) ?? null;
  }

  forget(id: string): void {
    this.parsed.delete(id);
  }
}
