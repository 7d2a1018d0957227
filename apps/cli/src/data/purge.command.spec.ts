import { appendFileSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  csv,
  GEMEENTE_HEADER,
  importInto,
  POLICIES_DIR,
  scratch,
  storedRecords,
} from '../../../../libs/records/src/import/testing/import-fixtures';
import { dataCommand } from './data.command';

/** An import and a purge each open records.sqlite and data-locks.sqlite: seconds on cores shared with other test runs. */
const SHARED_CORES_MS = 30_000;

describe('bfa data purge', () => {
  let space: ReturnType<typeof scratch>;
  let errors: jest.SpyInstance;
  let said: jest.SpyInstance;
  const years = async () => (await storedRecords(space.dataDir, 'children_households')).map((r) => r.year);
  const run = (policies: string) =>
    dataCommand()
      .exitOverride()
      .parseAsync(['purge', '--data-dir', space.dataDir, '--org', 'gemeente', '--policies', policies], {
        from: 'user',
      });

  beforeEach(async () => {
    space = scratch();
    await importInto(
      space.dataDir,
      space.write(
        'g.csv',
        csv([GEMEENTE_HEADER, '1001;2023;WK085501;4-11;J;N;0;0', '1002;2024;WK085501;4-11;J;N;0;0']),
      ),
    );
    errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    said = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  }, SHARED_CORES_MS);

  afterEach(() => {
    process.exitCode = undefined;
    jest.restoreAllMocks();
    rmSync(space.dir, { recursive: true, force: true });
  });

  it(
    "refuses with exit code 2 when the organisation's policy sets no retention, and deletes nothing",
    async () => {
      await run(POLICIES_DIR);
      expect(process.exitCode).toBe(2);
      expect(errors).toHaveBeenCalledWith(
        'bfa: the policy of gemeente (organisations/gemeente.yaml) sets no recordRetentionYears: nothing purged',
      );
      expect(await years()).toEqual([2023, 2024]);
    },
    SHARED_CORES_MS,
  );

  it(
    "deletes the years past the policy's retention on today's date and says so in counts",
    async () => {
      const policies = join(space.dir, 'policies');
      cpSync(POLICIES_DIR, policies, { recursive: true });
      // Whatever year the test runs in: 2023 is past the limit, 2024 is not.
      const keep = new Date().getUTCFullYear() - 2024;
      appendFileSync(join(policies, 'organisations', 'gemeente.yaml'), `recordRetentionYears: ${keep}\n`);
      await run(policies);
      expect(process.exitCode).toBeUndefined();
      expect(said).toHaveBeenCalledWith(
        `purged gemeente's records of the years up to 2023 (recordRetentionYears ${keep}): children_households 1. The node logs it as data.purged (counts only) at its next start or before its next query.`,
      );
      expect(await years()).toEqual([2024]);
    },
    SHARED_CORES_MS,
  );
});
