import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadPolicies, OrganisationPolicy } from '@bfa/policy';
import { readCurrentEditions } from './current-editions';
import { DatasetLocks } from './dataset-lock';
import { lastPurgedYear, purgeRecords, purgesAfter, PurgeRefused } from './record-purge';
import {
  catalog,
  csv,
  GEMEENTE_HEADER,
  importInto,
  POLICIES_DIR,
  scratch,
  storedRecords,
} from './import/testing/import-fixtures';

const gemeente = loadPolicies(POLICIES_DIR).organisations.gemeente;
const row = (bsn: string, year: number) => `${bsn};${year};WK085501;4-11;J;N;0;0`;
/** In 2031, keeping 7 years lets 2023 go and keeps 2024. */
const IN_2031 = new Date('2031-06-01T00:00:00Z');
/** An import and a purge each open records.sqlite and data-locks.sqlite: seconds on cores shared with other test runs. */
const SHARED_CORES_MS = 30_000;

async function withStore<T>(dataDir: string, work: (store: DataSource) => Promise<T>): Promise<T> {
  const store = await new DataSource({ type: 'sqlite', database: join(dataDir, 'records.sqlite') }).initialize();
  try {
    return await work(store);
  } finally {
    await store.destroy();
  }
}

describe("bfa data purge: a node deletes its records of years past its policy's retention", () => {
  let space: ReturnType<typeof scratch>;
  const years = async () => (await storedRecords(space.dataDir, 'children_households')).map((r) => r.year);
  const purge = (policy: OrganisationPolicy = { ...gemeente, recordRetentionYears: 7 }, now = IN_2031) =>
    purgeRecords({ dataDir: space.dataDir, catalog, policy, now, lockWaitMs: 200 });

  beforeEach(async () => {
    space = scratch();
    await importInto(
      space.dataDir,
      space.write('g.csv', csv([GEMEENTE_HEADER, row('1', 2023), row('2', 2023), row('3', 2024)])),
    );
  }, SHARED_CORES_MS);
  afterEach(() => rmSync(space.dir, { recursive: true, force: true }));

  it("keeps a year for the policy's years after it ended", () => {
    expect(lastPurgedYear(new Date('2026-01-01T00:00:00Z'), 7)).toBe(2018);
    expect(lastPurgedYear(new Date('2026-12-31T23:59:59Z'), 7)).toBe(2018);
  });

  it(
    'deletes the older years in one go, keeps a row of counts (never a record), and the editions no longer name those years',
    async () => {
      const outcome = await purge();
      expect(outcome).toMatchObject({ retentionYears: 7, throughYear: 2023, deleted: { children_households: 2 } });
      expect(await years()).toEqual([2024]);
      await withStore(space.dataDir, async (store) => {
        expect(await purgesAfter(store, 0)).toEqual([outcome]);
        expect(JSON.stringify(await store.query('SELECT * FROM data_purges'))).not.toMatch(/"1"|"2"|WK085501/);
        expect((await readCurrentEditions(store, 'gemeente', 'children_households')).map((e) => e.years)).toEqual([
          [2024],
        ]);
      });
      expect(await purge()).toMatchObject({ deleted: { children_households: 0 } });
    },
    SHARED_CORES_MS,
  );

  // Whoever can read the node's disk: a DELETE only marks sqlite's pages free, so the purged children's records
  // stayed in records.sqlite, byte for byte, until the pages happened to be reused.
  it(
    "leaves no byte of a purged record in the store's files",
    async () => {
      await importInto(
        space.dataDir,
        space.write('old.csv', csv([GEMEENTE_HEADER, row('731904562', 2023), row('3', 2024)])),
      );
      const files = () =>
        ['records.sqlite', 'records.sqlite-wal', 'records.sqlite-journal']
          .map((name) => join(space.dataDir, name))
          .filter(existsSync)
          .map((file) => readFileSync(file).toString('latin1'));
      expect(files().some((bytes) => bytes.includes('731904562'))).toBe(true);
      await purge();
      expect(files().some((bytes) => bytes.includes('731904562'))).toBe(false);
      expect(await years()).toEqual([2024]);
    },
    SHARED_CORES_MS,
  );

  it(
    'refuses without a limit in the policy, deleting nothing',
    async () => {
      const { recordRetentionYears: _, ...unlimited } = { ...gemeente, recordRetentionYears: 7 };
      await expect(purge(unlimited)).rejects.toThrow(
        new PurgeRefused(
          'the policy of gemeente (organisations/gemeente.yaml) sets no recordRetentionYears: nothing purged',
        ).message,
      );
      expect(await years()).toEqual([2023, 2023, 2024]);
    },
    SHARED_CORES_MS,
  );

  it(
    'waits for no query reading the dataset: refuses, naming it, and deletes nothing',
    async () => {
      const locks = await DatasetLocks.open(space.dataDir);
      const lease = await locks.acquire('children_households', 'query', 'q-running', 0);
      try {
        await expect(purge()).rejects.toThrow(/dataset children_households is being read by query q-running/);
      } finally {
        await locks.release(lease);
        await locks.close();
      }
      expect(await years()).toEqual([2023, 2023, 2024]);
      await withStore(space.dataDir, async (store) => expect(await purgesAfter(store, 0)).toEqual([]));
    },
    SHARED_CORES_MS,
  );
});
