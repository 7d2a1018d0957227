import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ImportMapping, loadImportMapping, mappingProblems } from './import-mapping';
import { catalog, csv, importInto, POLICIES_DIR, scratch, storedRecords } from './testing/import-fixtures';

/** Sterk Huis exports a date of birth and an address, never an age band or a wijk. */
const sterkhuisMapping: ImportMapping = {
  columns: {
    Clientnummer: 'child_ref',
    Jaar: 'year',
    Hulpvorm: 'care_form',
    Uithuisplaatsing: 'out_of_home',
    'Duur (dagen)': 'duration_days',
  },
  values: {
    care_form: { AMB: 'ambulant', RES: 'residential', PLG: 'foster_care' },
    out_of_home: { J: true, N: false },
  },
  dateOfBirth: { column: 'Geboortedatum', referenceDate: '12-31' },
  postcode: { column: 'Postcode', houseNumber: 'Huisnummer' },
};
const HEADER = 'Clientnummer;Jaar;Geboortedatum;Postcode;Huisnummer;Hulpvorm;Uithuisplaatsing;Duur (dagen)';

describe('bfa data import: derived fields', () => {
  let space: ReturnType<typeof scratch>;
  beforeEach(() => (space = scratch()));
  afterEach(() => rmSync(space.dir, { recursive: true, force: true }));
  const load = (lines: string[], options = {}) =>
    importInto(space.dataDir, space.write('sterkhuis.csv', csv([HEADER, ...lines])), {
      dataset: 'youth_care_trajectories',
      mapping: sterkhuisMapping,
      ...options,
    });

  it('derives the age band from the date of birth on the reference date and wijk and buurt from the postcode; stores none of them', async () => {
    // 9000ZA is the synthetic table's first postcode: buurt BU07660101 of wijk WK076601.
    const report = await load([
      'C-1;2024;01-01-2021;9000 za;3;AMB;N;120',
      'C-2;2023;2007-12-31;9000ZA;12a;PLG;J;366',
      'C-3;2024;31-12-2020;9000ZA;1;RES;J;10',
    ]);
    expect(report).toMatchObject({ outcome: 'imported', rowsAccepted: 3 });
    const records = await storedRecords(space.dataDir, 'youth_care_trajectories');
    expect(records).toEqual([
      {
        child_ref: 'C-2',
        wijk: 'WK076601',
        buurt: 'BU07660101',
        age_band: '16-17',
        year: 2023,
        care_form: 'foster_care',
        out_of_home: true,
        duration_days: 366,
      },
      {
        child_ref: 'C-1',
        wijk: 'WK076601',
        buurt: 'BU07660101',
        age_band: '0-3',
        year: 2024,
        care_form: 'ambulant',
        out_of_home: false,
        duration_days: 120,
      },
      {
        child_ref: 'C-3',
        wijk: 'WK076601',
        buurt: 'BU07660101',
        age_band: '4-11',
        year: 2024,
        care_form: 'residential',
        out_of_home: true,
        duration_days: 10,
      },
    ]);
    const stored = JSON.stringify(records);
    for (const personal of ['2021', '2007-12-31', '9000', 'ZA', '12a']) expect(stored).not.toContain(personal);
  });

  it('refuses an age out of every band, a date that is no date, and an unknown postcode or house number, repeating none of them', async () => {
    const report = await load([
      'C-1;2024;01-01-2006;9000ZA;1;AMB;N;1',
      'C-2;2024;31-02-2020;9000ZA;1;AMB;N;1',
      'C-3;2024;01-01-2020;1234AB;1;AMB;N;1',
      'C-4;2024;01-01-2020;9000ZA;99;AMB;N;1',
      'C-5;2024;01-01-2020;Hoofdstraat;1;AMB;N;1',
    ]);
    expect(report.problems).toEqual([
      {
        row: 2,
        column: 'Geboortedatum',
        problem: 'age 18 on 2024-12-31 is outside every age band of the catalog (0-3, 4-11, 12-15, 16-17)',
      },
      { row: 3, column: 'Geboortedatum', problem: 'not a date (DD-MM-YYYY or YYYY-MM-DD)' },
      { row: 4, column: 'Postcode', problem: 'postcode not in the postcode table' },
      { row: 5, column: 'Postcode', problem: 'house number not in the postcode table for this postcode' },
      { row: 6, column: 'Postcode', problem: 'not a 6-position postcode (1234 AB)' },
    ]);
    for (const personal of ['2006', '31-02', '1234AB', 'Hoofdstraat'])
      expect(JSON.stringify(report)).not.toContain(personal);
  });

  it('refuses a mapping that leaves a field of the dataset unfilled, names an unknown field, or fills one twice', () => {
    const { dateOfBirth, ...withoutBirth } = sterkhuisMapping;
    expect(mappingProblems(withoutBirth, catalog, 'youth_care_trajectories')).toEqual([
      'age_band: no column maps to it (required by youth_care_trajectories)',
    ]);
    expect(
      mappingProblems(
        { ...sterkhuisMapping, columns: { ...sterkhuisMapping.columns, Wijk: 'wijk', Adres: 'address' } },
        catalog,
        'youth_care_trajectories',
      ),
    ).toEqual([
      expect.stringMatching(/^columns.Adres: address is not a field of youth_care_trajectories/),
      'wijk is filled from more than one column or derivation',
    ]);
    expect(mappingProblems(sterkhuisMapping, catalog, 'nope')[0]).toMatch(/dataset nope is not in the catalog/);
  });

  it('reports every problem of a row at once, the derived ones included', async () => {
    const report = await load(['C-1;2024;01-01-2000;9000ZA;1;XYZ;N;1']);
    expect(report.problems.map((p) => [p.column, p.problem])).toEqual([
      ['Hulpvorm', expect.stringMatching(/not a category of the catalog/)],
      ['Geboortedatum', expect.stringMatching(/^age 24 on 2024-12-31/)],
    ]);
  });

  it.each([
    ['gemeente', 'children_households'],
    ['sterkhuis', 'youth_care_trajectories'],
    ['ggd', 'health_monitor'],
    ['schoolbestuur', 'pupils'],
  ])(
    'accepts the shipped example mapping deploy/mappings/%s.yaml for %s, and refuses it for another dataset',
    (partner, dataset) => {
      const file = join(POLICIES_DIR, '..', 'deploy', 'mappings', `${partner}.yaml`);
      expect(loadImportMapping(file, catalog, dataset).dataset).toBe(dataset);
      expect(() => loadImportMapping(file, catalog, 'risk_signals')).toThrow(
        `mapping file ${file} does not fit: the mapping is for dataset ${dataset}, not risk_signals`,
      );
    },
  );
});
