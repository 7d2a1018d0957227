import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportReport, loadImportMapping } from '@bfa/records';
import { seedNodes } from '../deploy/local/seed-nodes';
import { catalog, POLICIES_DIR, storedRecords } from '../libs/records/src/import/testing/import-fixtures';
import { Row } from './partners/partner-rows';
import { generateRegion, PARTNER_IDS } from './region-data';
import { writeSeedExports } from './seed-exports';

const SEED = 7;
const SMALL = 0.05;
/** A second or two on an idle machine; much more on 2 cores shared by the whole team. */
const SLOW = 60_000;

type Stored = Record<string, unknown>;

/** A record as one line, so two lists compare as multisets whatever their order. */
const lines = (records: Stored[]) =>
  records
    .map((r) =>
      JSON.stringify(
        Object.keys(r)
          .sort()
          .map((k) => [k, r[k]]),
      ),
    )
    .sort();

function countsPerYear(records: Stored[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) counts[String(r.year)] = (counts[String(r.year)] ?? 0) + 1;
  return counts;
}

/** Per wijk and year: the number of records and the sum of every integer field of the dataset. */
function sumsPerWijk(dataset: string, records: Stored[]): Record<string, number> {
  const integers = Object.entries(catalog.datasets[dataset].fields)
    .filter(([, f]) => f.type === 'integer')
    .map(([name]) => name);
  const sums: Record<string, number> = {};
  for (const r of records) {
    for (const field of ['records', ...integers]) {
      const key = `${r.wijk}|${r.year}|${field}`;
      sums[key] = (sums[key] ?? 0) + (field === 'records' ? 1 : (r[field] as number));
    }
  }
  return sums;
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe("the seeds' exports, loaded through bfa data import", () => {
  const region = generateRegion(SEED, SMALL);
  let dir: string;
  let reports: ImportReport[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bfa-seed-exports-'));
    for (const org of PARTNER_IDS) mkdirSync(join(dir, 'nodes', org), { recursive: true });
    reports = await seedNodes({
      nodesDir: join(dir, 'nodes'),
      orgs: PARTNER_IDS,
      policiesDir: POLICIES_DIR,
      scale: SMALL,
      seed: SEED,
      through: 'function',
    });
  }, 2 * SLOW);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every partner one file per dataset it holds, the school board as .xlsx, and every row is accepted', () => {
    expect(
      reports.map((r) => [
        r.file.replace(/-2023-2024/, ''),
        r.dataset,
        r.format,
        r.delimiter ?? null,
        r.outcome,
        r.rowsRefused,
      ]),
    ).toEqual([
      ['gemeente-brp-inkomen.csv', 'children_households', 'csv', ';', 'imported', 0],
      ['gemeente-signalen.csv', 'risk_signals', 'csv', ';', 'imported', 0],
      ['sterkhuis-trajecten.csv', 'youth_care_trajectories', 'csv', ';', 'imported', 0],
      ['sterkhuis-signalen.csv', 'risk_signals', 'csv', ';', 'imported', 0],
      ['ggd-jeugdmonitor.csv', 'health_monitor', 'csv', ',', 'imported', 0],
      ['ggd-signalen.csv', 'risk_signals', 'csv', ',', 'imported', 0],
      ['schoolbestuur-leerlingen.xlsx', 'pupils', 'xlsx', null, 'imported', 0],
      ['schoolbestuur-signalen.xlsx', 'risk_signals', 'xlsx', null, 'imported', 0],
    ]);
  });

  it.each(PARTNER_IDS)(
    'gives back exactly the records the seed meant for %s: counts per dataset and year, sums per wijk, every record',
    async (org) => {
      for (const [dataset, rows] of Object.entries(region[org])) {
        const mapping = loadImportMapping(
          join(
            __dirname,
            '..',
            'deploy',
            'mappings',
            `${dataset === 'risk_signals' ? `${org}-risk-signals` : org}.yaml`,
          ),
          catalog,
          dataset,
        );
        // A mapping without a postcode gives no buurt: the export carries only the wijk.
        const meant: Stored[] = rows.map((row: Row) => ({ ...row, buurt: mapping.postcode ? row.buurt : '' }));
        const stored = await storedRecords(join(dir, 'nodes', org), catalog.datasets[dataset].table);
        expect(countsPerYear(stored)).toEqual(countsPerYear(meant));
        expect(sumsPerWijk(dataset, stored)).toEqual(sumsPerWijk(dataset, meant));
        expect(lines(stored)).toEqual(lines(meant));
      }
    },
    SLOW,
  );

  it(
    "uses dates of birth and addresses, J/N codes and decimal commas where the partner's system has them, and never stores them",
    async () => {
      const gemeente = reports.find((r) => r.dataset === 'children_households')!;
      const text = readFileSync(join(dir, 'exports', 'gemeente', gemeente.file), 'utf8');
      expect(
        text.startsWith(
          '\ufeffBSN;Peiljaar;Geboortedatum;Postcode;Huisnummer;Laag inkomen;Bijstand;Schuldhulpverlening;Kindgebonden budget (EUR)\r\n',
        ),
      ).toBe(true);
      expect(text).toMatch(
        /\r\n\d{9};202[34];\d{2}-\d{2}-\d{4};\d{4} [A-Z]{2};\d+;[JN];[JN];[JN];\d{1,2}(\.\d{3})?,\d{2}\r\n/,
      );
      const columns = Object.keys(
        (await storedRecords(join(dir, 'nodes', 'gemeente'), 'children_households'))[0],
      ).sort();
      expect(columns).toEqual([
        'age_band',
        'buurt',
        'child_budget_eur',
        'child_ref',
        'debt_support',
        'low_income',
        'social_assistance',
        'wijk',
        'year',
      ]);
    },
    SLOW,
  );

  it(
    'is deterministic: the same seed writes the same bytes, another seed other bytes',
    async () => {
      const again = await writeSeedExports({
        outDir: join(dir, 'again'),
        seed: SEED,
        scale: SMALL,
        orgs: ['sterkhuis', 'ggd'],
      });
      const other = await writeSeedExports({
        outDir: join(dir, 'other'),
        seed: SEED + 1,
        scale: SMALL,
        orgs: ['sterkhuis'],
      });
      const first = (name: string) => join(dir, 'exports', name.split('-')[0], name);
      for (const file of again.filter((f) => f.file.endsWith('.csv')))
        expect(sha256(file.file)).toBe(sha256(first(file.file.split('/').pop()!)));
      for (const file of other) expect(sha256(file.file)).not.toBe(sha256(first(file.file.split('/').pop()!)));
    },
    SLOW,
  );
});
