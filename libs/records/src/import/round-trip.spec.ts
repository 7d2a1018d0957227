import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { catalog, gemeenteMapping, importInto, scratch, storedRecords } from './testing/import-fixtures';

const WIJKEN = catalog.dimensions.wijk.values.map(String);
const AGE_BANDS = catalog.dimensions.age_band.values.map(String);
const YEARS = catalog.dimensions.year.values.map(Number);
const COLUMNS = Object.entries(gemeenteMapping.columns);

const record = fc.record({
  child_ref: fc.stringMatching(/^[0-9A-Za-z][0-9A-Za-z ;,"'-]{0,11}[0-9A-Za-z]$/),
  wijk: fc.constantFrom(...WIJKEN),
  buurt: fc.constant(''),
  age_band: fc.constantFrom(...AGE_BANDS),
  year: fc.constantFrom(...YEARS),
  low_income: fc.boolean(),
  social_assistance: fc.boolean(),
  debt_support: fc.boolean(),
  child_budget_eur: fc.integer({ min: 0, max: 12000 }),
});
const table = fc.uniqueArray(record, { minLength: 1, maxLength: 60, selector: (r) => `${r.year}|${r.child_ref}` });

type Row = ReturnType<(typeof record)['generate']>['value'];

/** How a partner's office software might write the same table: delimiter, BOM, booleans, thousands separators. */
const style = fc.record({
  delimiter: fc.constantFrom(';', ',', '\t'),
  bom: fc.boolean(),
  booleans: fc.constantFrom('JN', '10', 'truefalse'),
  thousands: fc.boolean(),
});

type Style = ReturnType<(typeof style)['generate']>['value'];

function exportCsv(records: Row[], s: Style): Buffer {
  const quote = (text: string) => (/[;,\t"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const write = (field: string, value: unknown): string => {
    if (typeof value === 'boolean') {
      const coded = gemeenteMapping.values?.[field] && s.booleans === 'JN';
      return coded ? (value ? 'J' : 'N') : s.booleans === '10' ? (value ? '1' : '0') : String(value);
    }
    if (typeof value === 'number' && s.thousands && field === 'child_budget_eur') return value.toLocaleString('nl-NL');
    return String(value);
  };
  const lines = [
    COLUMNS.map(([column]) => column),
    ...records.map((r) => COLUMNS.map(([, field]) => write(field, r[field as keyof typeof r]))),
  ];
  const text = lines.map((cells) => cells.map(quote).join(s.delimiter)).join('\r\n') + '\r\n';
  return Buffer.concat([Buffer.from(s.bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text)]);
}

const byKey = (rows: Record<string, unknown>[]) =>
  [...rows].sort((a, b) => (`${a.year}|${a.child_ref}` < `${b.year}|${b.child_ref}` ? -1 : 1));

describe('bfa data import round trip', () => {
  it('gives back exactly the records of any valid table exported to CSV, however the export is written', async () => {
    await fc.assert(
      fc.asyncProperty(table, style, async (records, s) => {
        const space = scratch();
        try {
          const report = await importInto(space.dataDir, space.write('export.csv', exportCsv(records, s)));
          expect(report).toMatchObject({ outcome: 'imported', rowsAccepted: records.length, rowsRefused: 0 });
          expect(byKey(await storedRecords(space.dataDir, 'children_households'))).toEqual(byKey(records));
        } finally {
          rmSync(space.dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000); // 40 imports, each opening records.sqlite and data-locks.sqlite, on shared cores
});
