import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  csv,
  editions,
  GEMEENTE_HEADER,
  gemeenteMapping,
  importInto,
  scratch,
  storedRecords,
} from './testing/import-fixtures';

const good = (bsn: string, year = 2024, wijk = 'WK085501', budget = '1.234,00') =>
  `${bsn};${year};${wijk};4-11;J;N;0;${budget}`;

describe('bfa data import: a partner loads its own export into its node', () => {
  let space: ReturnType<typeof scratch>;
  beforeEach(() => (space = scratch()));
  afterEach(() => rmSync(space.dir, { recursive: true, force: true }));

  it("maps the export's columns and codes onto the catalog dataset and writes them, Dutch decimal commas included", async () => {
    const file = space.write(
      'gemeente.csv',
      csv([GEMEENTE_HEADER, good('100000001'), '100000002;2023;WK078401;0-3;N;N;1;0']),
    );
    const report = await importInto(space.dataDir, file);
    expect(report).toMatchObject({
      outcome: 'imported',
      rowsRead: 2,
      rowsAccepted: 2,
      rowsRefused: 0,
      years: [2023, 2024],
      delimiter: ';',
      encoding: 'utf-8',
    });
    expect(await storedRecords(space.dataDir, 'children_households')).toEqual([
      {
        child_ref: '100000002',
        wijk: 'WK078401',
        buurt: '',
        age_band: '0-3',
        year: 2023,
        low_income: false,
        social_assistance: false,
        debt_support: true,
        child_budget_eur: 0,
      },
      {
        child_ref: '100000001',
        wijk: 'WK085501',
        buurt: '',
        age_band: '4-11',
        year: 2024,
        low_income: true,
        social_assistance: false,
        debt_support: false,
        child_budget_eur: 1234,
      },
    ]);
  });

  it.each([
    [
      "a wijk code not in the catalog's edition",
      good('1', 2024, 'WK999999'),
      'Wijk',
      /not a wijk code of catalog edition 2/,
      'WK999999',
    ],
    [
      "an amount above the field's max",
      good('1', 2024, 'WK085501', '12001'),
      'Kindgebonden budget',
      /above the maximum 12000/,
      '12001',
    ],
    [
      'a decimal where a whole number is expected',
      good('1', 2024, 'WK085501', '12,5'),
      'Kindgebonden budget',
      /not a whole number/,
      '12,5',
    ],
    ['a year outside the catalog', good('1', 2019), 'Jaar', /not a year of the catalog \(2023, 2024\)/, '2019'],
    ['"ja" for a boolean without a value map', '1;2024;WK085501;4-11;J;N;ja;0', 'Schuldhulp', /not a boolean/, 'ja'],
    ['a code the value map does not know', '1;2024;WK085501;4-11;X;N;0;0', 'Laag inkomen', /not a boolean/, 'X'],
    [
      'an age band not in the catalog',
      '1;2024;WK085501;4-12;J;N;0;0',
      'Leeftijdsklasse',
      /not a age_band of the catalog/,
      '4-12',
    ],
    ['an empty required cell', '1;2024;;4-11;J;N;0;0', 'Wijk', /missing value/, ''],
  ])('refuses %s, naming row, column and only that value', async (_, row, column, problem, value) => {
    const report = await importInto(
      space.dataDir,
      space.write('bad.csv', csv([GEMEENTE_HEADER, good('100000001'), row])),
    );
    expect(report).toMatchObject({ outcome: 'refused', rowsRead: 2, rowsAccepted: 0, rowsRefused: 1 });
    expect(report.problems).toEqual([{ row: 3, column, problem: expect.stringMatching(problem), value }]);
  });

  it("takes a buurt column when the buurt is the catalog's and lies in the record's wijk, and refuses it otherwise", async () => {
    const mapping = { ...gemeenteMapping, columns: { ...gemeenteMapping.columns, Buurt: 'buurt' } };
    const withBuurt = (row: string, buurt: string) => `${row};${buurt}`;
    const header = `${GEMEENTE_HEADER};Buurt`;
    const accepted = space.write('good.csv', csv([header, withBuurt(good('100000001'), 'BU08550101')]));
    expect(await importInto(space.dataDir, accepted, { mapping })).toMatchObject({
      outcome: 'imported',
      rowsAccepted: 1,
    });
    const bad = space.write(
      'bad.csv',
      csv([header, withBuurt(good('100000002'), 'BU07660101'), withBuurt(good('100000003'), 'BU08559999')]),
    );
    const report = await importInto(space.dataDir, bad, { mapping });
    expect(report.problems).toEqual([
      { row: 2, column: 'Buurt', problem: 'buurt BU07660101 does not lie in wijk WK085501', value: 'BU07660101' },
      { row: 3, column: 'Buurt', problem: 'not a buurt code of catalog edition 2', value: 'BU08559999' },
    ]);
  });

  it('refuses a child key missing or duplicated within a year, without repeating the key', async () => {
    const file = space.write(
      'dup.csv',
      csv([GEMEENTE_HEADER, good('100000001'), good('100000001', 2023), good('100000001'), good('')]),
    );
    const report = await importInto(space.dataDir, file);
    expect(report.problems).toEqual([
      { row: 4, column: 'BSN', problem: 'the same child as row 2 in 2024 (duplicate child_ref)' },
      { row: 5, column: 'BSN', problem: 'missing value' },
    ]);
    expect(JSON.stringify(report)).not.toContain('100000001');
  });

  it('refuses the whole file for a missing required column or an unknown extra one, and accepts a column listed under ignore', async () => {
    const missing = await importInto(
      space.dataDir,
      space.write(
        'missing.csv',
        csv(['BSN;Jaar;Wijk;Leeftijdsklasse;Laag inkomen;Bijstand;Kindgebonden budget', '1;2024;WK085501;4-11;J;N;0']),
      ),
    );
    expect(missing).toMatchObject({
      outcome: 'refused',
      problems: [{ row: 1, column: 'Schuldhulp', problem: expect.stringMatching(/required column missing/) }],
    });
    const extra = space.write('extra.csv', csv([`${GEMEENTE_HEADER};Naam`, `${good('1')};Jansen`]));
    const unknown = await importInto(space.dataDir, extra);
    expect(unknown).toMatchObject({
      outcome: 'refused',
      problems: [{ row: 1, column: 'Naam', problem: expect.stringMatching(/unknown column/) }],
    });
    expect(JSON.stringify(unknown)).not.toContain('Jansen');
    const ignored = await importInto(space.dataDir, extra, {
      mapping: { ...(await import('./testing/import-fixtures')).gemeenteMapping, ignore: ['Naam'] },
    });
    expect(ignored).toMatchObject({ outcome: 'imported', rowsAccepted: 1 });
    expect(JSON.stringify(await storedRecords(space.dataDir, 'children_households'))).not.toContain('Jansen');
  });

  it('reads a UTF-8 file with a BOM, a Windows-1252 file and comma or tab delimiters', async () => {
    const bom = await importInto(
      space.dataDir,
      space.write(
        'bom.csv',
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv([GEMEENTE_HEADER, good('1')]))]),
      ),
    );
    expect(bom).toMatchObject({ outcome: 'imported', encoding: 'utf-8', rowsAccepted: 1 });
    const cp1252 = Buffer.from(csv([GEMEENTE_HEADER.replace('Bijstand', 'Bijstand (\u20ac)'), good('2')]), 'latin1');
    cp1252[cp1252.indexOf(0xac)] = 0x80; // € in Windows-1252
    const mapping = { ...(await import('./testing/import-fixtures')).gemeenteMapping };
    mapping.columns = Object.fromEntries(
      Object.entries(mapping.columns).map(([c, f]) => [c === 'Bijstand' ? 'Bijstand (\u20ac)' : c, f]),
    );
    const r = await importInto(space.dataDir, space.write('cp1252.csv', cp1252), { mapping });
    expect(r).toMatchObject({ outcome: 'imported', encoding: 'windows-1252', rowsAccepted: 1 });
    const comma = csv([GEMEENTE_HEADER.replace(/;/g, ','), '3,2024,WK085501,4-11,J,N,0,"1.234,00"']);
    expect(await importInto(space.dataDir, space.write('comma.csv', comma))).toMatchObject({
      outcome: 'imported',
      delimiter: ',',
      rowsAccepted: 1,
    });
    expect(
      await importInto(space.dataDir, space.write('tab.tsv', csv([GEMEENTE_HEADER, good('4')]).replace(/;/g, '\t'))),
    ).toMatchObject({ outcome: 'imported', delimiter: '\t' });
  });

  it('refuses an empty file, a file with only a header, and a row with too few cells', async () => {
    expect(await importInto(space.dataDir, space.write('empty.csv', ''))).toMatchObject({
      outcome: 'refused',
      problems: [{ problem: expect.stringMatching(/the file is empty/) }],
    });
    expect(await importInto(space.dataDir, space.write('header.csv', csv([GEMEENTE_HEADER])))).toMatchObject({
      outcome: 'refused',
      reason: expect.stringMatching(/no data rows/),
    });
    expect(
      (await importInto(space.dataDir, space.write('short.csv', csv([GEMEENTE_HEADER, '1;2024'])))).problems,
    ).toEqual([{ row: 2, column: null, problem: 'has 2 cells where the header has 8' }]);
  });

  it("never puts a refused row's other values in the report, printed or written", async () => {
    const row = '987654321;2024;WK085501;4-11;J;N;0;99999';
    const report = await importInto(space.dataDir, space.write('secret.csv', csv([GEMEENTE_HEADER, row])));
    expect(report.problems).toEqual([
      { row: 2, column: 'Kindgebonden budget', problem: 'above the maximum 12000', value: '99999' },
    ]);
    const { reportCsv, reportSummary } = await import('./import-report');
    for (const text of [JSON.stringify(report), reportCsv(report), reportSummary(report)])
      for (const other of ['987654321', 'WK085501']) expect(text).not.toContain(other);
  });

  it('writes nothing when any row is refused, and only the accepted rows with --accept-partial', async () => {
    await importInto(space.dataDir, space.write('first.csv', csv([GEMEENTE_HEADER, good('1'), good('2')])));
    const before = await storedRecords(space.dataDir, 'children_households');
    const file = space.write('second.csv', csv([GEMEENTE_HEADER, good('3'), good('4', 2024, 'WK000000')]));
    expect(await importInto(space.dataDir, file)).toMatchObject({
      outcome: 'refused',
      rowsAccepted: 0,
      rowsRefused: 1,
    });
    expect(await storedRecords(space.dataDir, 'children_households')).toEqual(before);
    expect(await editions(space.dataDir)).toHaveLength(1);
    expect(await importInto(space.dataDir, file, { acceptPartial: true })).toMatchObject({
      outcome: 'imported',
      rowsAccepted: 1,
      rowsRefused: 1,
    });
    expect((await storedRecords(space.dataDir, 'children_households')).map((r) => r.child_ref)).toEqual(['3']);
  });

  it('is idempotent: the same file again writes nothing and names the edition it already is', async () => {
    const file = space.write('gemeente.csv', csv([GEMEENTE_HEADER, good('1'), good('2', 2023)]));
    const first = await importInto(space.dataDir, file);
    const again = await importInto(space.dataDir, file, { now: new Date(Date.now() + 60_000) });
    expect(again).toMatchObject({ outcome: 'unchanged', edition: { id: first.edition!.id } });
    expect(await storedRecords(space.dataDir, 'children_households')).toHaveLength(2);
    expect(await editions(space.dataDir)).toHaveLength(1);
  });

  it("leaves no byte of a record the next import of its year replaced in the store's files", async () => {
    const many = Array.from({ length: 300 }, (_, i) => good(String(100_000_000 + i)));
    await importInto(space.dataDir, space.write('a.csv', csv([GEMEENTE_HEADER, ...many, good('731904562')])));
    const bytes = () => readFileSync(join(space.dataDir, 'records.sqlite')).toString('latin1');
    expect(bytes()).toContain('731904562');
    expect(await importInto(space.dataDir, space.write('b.csv', csv([GEMEENTE_HEADER, good('2')])))).toMatchObject({
      outcome: 'imported',
    });
    expect(bytes()).not.toContain('731904562');
    expect(existsSync(join(space.dataDir, 'records.sqlite-wal'))).toBe(false);
  });

  it('replaces only the year given with --replace-year, refusing rows of other years, and keeps each edition', async () => {
    await importInto(space.dataDir, space.write('both.csv', csv([GEMEENTE_HEADER, good('1', 2023), good('2', 2024)])));
    const file = space.write('2024.csv', csv([GEMEENTE_HEADER, good('3', 2024), good('4', 2024)]));
    const report = await importInto(space.dataDir, file, { replaceYear: 2024 });
    expect(report).toMatchObject({ outcome: 'imported', years: [2024], edition: { rowsReplaced: 1 } });
    expect((await storedRecords(space.dataDir, 'children_households')).map((r) => `${r.year}:${r.child_ref}`)).toEqual([
      '2023:1',
      '2024:3',
      '2024:4',
    ]);
    const other = await importInto(space.dataDir, space.write('2023.csv', csv([GEMEENTE_HEADER, good('5', 2023)])), {
      replaceYear: 2024,
    });
    expect(other.problems).toEqual([
      { row: 2, column: null, problem: 'a row of 2023, not of the year being replaced (2024)' },
    ]);
    const kept = await editions(space.dataDir);
    expect(kept.map((e) => [e.dataset, JSON.parse(e.years), e.rows_accepted, e.source_file])).toEqual([
      ['children_households', [2023, 2024], 2, 'both.csv'],
      ['children_households', [2024], 2, '2024.csv'],
    ]);
    expect(kept[1].edition_id).toBe(report.edition!.id);
  });

  it('leaves the store as it was when the import dies half-way through its transaction', async () => {
    await importInto(space.dataDir, space.write('first.csv', csv([GEMEENTE_HEADER, good('1'), good('2', 2023)])));
    const before = await storedRecords(space.dataDir, 'children_households');
    const many = Array.from({ length: 1200 }, (_, i) => good(String(1000 + i)));
    const crash = (inserted: number) => {
      if (inserted >= 500) throw new Error('disk full');
    };
    await expect(
      importInto(space.dataDir, space.write('many.csv', csv([GEMEENTE_HEADER, ...many])), { afterChunk: crash }),
    ).rejects.toThrow('disk full');
    expect(await storedRecords(space.dataDir, 'children_households')).toEqual(before);
    expect(await editions(space.dataDir)).toHaveLength(1);
  });

  it("only checks with checkOnly (the console's step before the steward confirms): the report, and nothing written", async () => {
    const file = space.write('gemeente.csv', csv([GEMEENTE_HEADER, good('100000001')]));
    expect(await importInto(space.dataDir, file, { checkOnly: true })).toMatchObject({
      outcome: 'checked',
      rowsAccepted: 1,
      years: [2024],
    });
    expect(await storedRecords(space.dataDir, 'children_households')).toEqual([]);
    expect(
      await importInto(space.dataDir, space.write('bad.csv', csv([GEMEENTE_HEADER, good('1', 2019)])), {
        checkOnly: true,
      }),
    ).toMatchObject({ outcome: 'refused', rowsRefused: 1 });
    expect(await importInto(space.dataDir, file)).toMatchObject({ outcome: 'imported' });
  });

  it("takes the upload's bytes instead of a path: the same import through the node's door", async () => {
    const content = Buffer.from(csv([GEMEENTE_HEADER, good('100000001')]));
    expect(await importInto(space.dataDir, 'upload.csv', { content })).toMatchObject({
      outcome: 'imported',
      file: 'upload.csv',
      rowsAccepted: 1,
    });
    expect(await storedRecords(space.dataDir, 'children_households')).toHaveLength(1);
  });
});
