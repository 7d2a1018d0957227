import { rmSync } from 'node:fs';
import { Workbook } from 'exceljs';
import { GEMEENTE_HEADER, importInto, scratch, storedRecords } from './testing/import-fixtures';

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const book = new Workbook();
  const sheet = book.addWorksheet('Export');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('bfa data import: .xlsx', () => {
  let space: ReturnType<typeof scratch>;
  beforeEach(() => (space = scratch()));
  afterEach(() => rmSync(space.dir, { recursive: true, force: true }));

  it('reads the first sheet: numbers, text and booleans as cells, row numbers as the sheet shows them', async () => {
    const bytes = await workbook([
      GEMEENTE_HEADER.split(';'),
      ['100000001', 2024, 'WK085501', '4-11', 'J', 'N', 0, 1234],
      [],
      [100000002, 2023, 'WK078401', '0-3', 'N', 'N', true, 0],
      ['1', 2024, 'WK085501', '4-11', 'J', 'N', 0, 1.5],
    ]);
    const report = await importInto(space.dataDir, space.write('gemeente.xlsx', bytes), { acceptPartial: true });
    expect(report).toMatchObject({ format: 'xlsx', outcome: 'imported', rowsRead: 3, rowsAccepted: 2, rowsRefused: 1 });
    expect(report.problems).toEqual([
      { row: 5, column: 'Kindgebonden budget', problem: 'not a whole number', value: '1,5' },
    ]);
    expect(
      (await storedRecords(space.dataDir, 'children_households')).map((r) => [
        r.child_ref,
        r.debt_support,
        r.child_budget_eur,
      ]),
    ).toEqual([
      ['100000002', true, 0],
      ['100000001', false, 1234],
    ]);
  });

  it('refuses a 0-byte file, a truncated workbook and a workbook whose sheet is empty, each with its own problem', async () => {
    const bytes = await workbook([GEMEENTE_HEADER.split(';'), ['1', 2024, 'WK085501', '4-11', 'J', 'N', 0, 0]]);
    const problemOf = async (name: string, content: Uint8Array) =>
      (await importInto(space.dataDir, space.write(name, content))).problems[0]?.problem;
    expect(await problemOf('zero.xlsx', new Uint8Array())).toMatch(/0 bytes, not an .xlsx workbook/);
    expect(await problemOf('truncated.xlsx', bytes.subarray(0, Math.floor(bytes.length / 2)))).toMatch(
      /not a readable .xlsx workbook/,
    );
    expect(await problemOf('empty.xlsx', await workbook([]))).toMatch(/first sheet is empty/);
    expect(await storedRecords(space.dataDir, 'children_households')).toEqual([]);
  });
});
