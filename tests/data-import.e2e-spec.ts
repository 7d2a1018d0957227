import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  catalog,
  csv,
  editions,
  GEMEENTE_HEADER,
  gemeenteMapping,
  POLICIES_DIR,
  scratch,
  storedRecords,
} from '../libs/records/src/import/testing/import-fixtures';
import { bfa } from './support/bfa-cli';

const BFA = resolve(__dirname, '..', 'dist', 'apps', 'cli', 'apps', 'cli', 'src', 'main.js');
const WIJKEN = catalog.dimensions.wijk.values.map(String);

function rows(count: number, year: number, offset = 0): string[] {
  return Array.from(
    { length: count },
    (_, i) => `${offset + i};${year};${WIJKEN[i % WIJKEN.length]};4-11;${i % 3 ? 'N' : 'J'};N;0;${i % 500}`,
  );
}

describe('bfa data import, the built command on a real node data directory', () => {
  let space: ReturnType<typeof scratch>;
  let mapping: string;
  const args = (file: string, ...more: string[]) => [
    'data',
    'import',
    '--data-dir',
    space.dataDir,
    '--org',
    'gemeente',
    '--dataset',
    'children_households',
    '--mapping',
    mapping,
    '--policies',
    POLICIES_DIR,
    ...more,
    file,
  ];

  beforeEach(() => {
    space = scratch();
    mapping = space.write('mapping.json', JSON.stringify(gemeenteMapping));
  });
  afterEach(() => rmSync(space.dir, { recursive: true, force: true }));

  it('imports, says so, is idempotent, and refuses a file with a bad row with exit code 2, writing nothing', async () => {
    const good = space.write('good.csv', csv([GEMEENTE_HEADER, ...rows(10, 2024)]));
    const first = await bfa(args(good, '--report', join(space.dir, 'report.json')));
    expect(first).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        /imported into children_households, years 2024 replaced \(0 records before\), edition [0-9a-f]{64} \(10 rows read, 10 accepted, 0 refused\)/,
      ),
    });
    const report = JSON.parse(readFileSync(join(space.dir, 'report.json'), 'utf8'));
    expect(await bfa(args(good))).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`already holds exactly these records (edition ${report.edition.id})`),
    });
    const bad = space.write('bad.csv', csv([GEMEENTE_HEADER, ...rows(3, 2024, 100), '999;2024;WK000000;4-11;J;N;0;0']));
    const refused = await bfa(args(bad, '--report', join(space.dir, 'report.csv')));
    expect(refused).toMatchObject({
      code: 2,
      stdout: expect.stringMatching(/nothing imported into children_households \(4 rows read, 0 accepted, 1 refused\)/),
    });
    expect(readFileSync(join(space.dir, 'report.csv'), 'utf8')).toContain(
      'row;column;problem;value\n5;Wijk;not a wijk code of catalog edition 2',
    );
    expect(await storedRecords(space.dataDir, 'children_households')).toHaveLength(10);
    expect(await bfa(args(good, '--replace-year', '24'))).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('must be a year'),
    });
  });

  it('killed with SIGKILL in the middle of writing, it leaves the previous data exactly as it was', async () => {
    expect(
      (await bfa(args(space.write('before.csv', csv([GEMEENTE_HEADER, ...rows(50, 2023), ...rows(50, 2024)]))))).code,
    ).toBe(0);
    const before = await storedRecords(space.dataDir, 'children_households');
    const store = join(space.dataDir, 'records.sqlite');
    const sizeBefore = statSync(store).size;
    const big = space.write('big.csv', csv([GEMEENTE_HEADER, ...rows(300_000, 2024, 1_000_000)]));
    const child = spawn('node', [BFA, ...args(big)], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_, signal) => done(signal)));
    const journal = join(space.dataDir, 'records.sqlite-journal');
    while (!existsSync(journal) && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 1_000));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // Killed while writing: the store file holds pages of the unfinished transaction and a hot journal to undo them with.
    expect(statSync(store).size).toBeGreaterThan(sizeBefore + 1_000_000);
    expect(statSync(journal).size).toBeGreaterThan(0);
    expect(await storedRecords(space.dataDir, 'children_households')).toEqual(before);
    expect(await editions(space.dataDir)).toHaveLength(1);
  });
});
