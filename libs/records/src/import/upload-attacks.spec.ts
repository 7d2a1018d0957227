import { rmSync } from 'node:fs';
import { stringify } from 'yaml';
import { ImportMapping, ImportMappingError, parseImportMapping } from './import-mapping';
import { catalog, csv, importInto, scratch } from './testing/import-fixtures';

/** Sterk Huis's export places its children by address: the mapping names the postcode table. */
const addressMapping = (table?: string): ImportMapping => ({
  columns: {
    Clientnummer: 'child_ref',
    Jaar: 'year',
    Hulpvorm: 'care_form',
    Uithuisplaatsing: 'out_of_home',
    'Duur (dagen)': 'duration_days',
  },
  values: { care_form: { AMB: 'ambulant' }, out_of_home: { J: true, N: false } },
  dateOfBirth: { column: 'Geboortedatum', referenceDate: '12-31' },
  postcode: { column: 'Postcode', houseNumber: 'Huisnummer', ...(table === undefined ? {} : { table }) },
});

const uploaded = (text: string) => () => parseImportMapping(text, catalog, 'youth_care_trajectories');

/** The problems an uploaded mapping is refused with, or the error it throws instead of a refusal. */
function refusal(text: string): string[] {
  try {
    uploaded(text)();
  } catch (error) {
    if (error instanceof ImportMappingError) return error.problems;
    throw error;
  }
  return [];
}

describe("the steward's upload, as an attacker with a steward's key and no shell on the node", () => {
  it('refuses a mapping whose aliases expand past the parser limit (a YAML bomb) as a bad mapping, not an internal error', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [from, to] of [...'abcde'].map((c, i) => [c, 'bcdef'[i]]))
      levels.push(`${to}: &${to} [${Array(9).fill(`*${from}`).join(',')}]`);
    const problems = refusal([...levels, stringify(addressMapping())].join('\n'));
    expect(problems).toEqual([expect.stringMatching(/can't be read: .*alias/i)]);
  });

  it.each([
    ['an absolute path', '/etc/hostname'],
    ['a path out of the policies directory', '../../../../etc/hostname'],
    ['a path that leaves and comes back', 'reference/../../policies/reference/pc6hnr-synthetic.csv'],
  ])('refuses a postcode table named by %s: the node reads no file the steward picks', (_, table) => {
    expect(refusal(stringify(addressMapping(table)))).toEqual([
      `postcode.table: an uploaded mapping names a table inside the policies directory only, not '${table}'`,
    ]);
  });

  it("takes the policies directory's own table, by default or by its relative name", () => {
    expect(refusal(stringify(addressMapping()))).toEqual([]);
    expect(refusal(stringify(addressMapping('reference/pc6hnr-synthetic.csv')))).toEqual([]);
  });

  describe("a postcode table that can't be read (bfa data import's own mapping file)", () => {
    let space: ReturnType<typeof scratch>;
    beforeEach(() => (space = scratch()));
    afterEach(() => rmSync(space.dir, { recursive: true, force: true }));

    it.each([
      [
        'missing',
        'reference/no-such-table.csv',
        /the postcode table reference\/no-such-table\.csv can't be read: no such file/,
      ],
      ['not a pc6hnr table', 'catalog.yaml', /the postcode table catalog\.yaml can't be read: .*not a pc6hnr table/],
    ])('refuses the import, naming the table, when it is %s: nothing written, no crash', async (_, table, reason) => {
      const header = 'Clientnummer;Jaar;Geboortedatum;Postcode;Huisnummer;Hulpvorm;Uithuisplaatsing;Duur (dagen)';
      const file = space.write('sterkhuis.csv', csv([header, 'C-1;2024;01-01-2021;9000ZA;3;AMB;N;120']));
      const report = await importInto(space.dataDir, file, {
        dataset: 'youth_care_trajectories',
        mapping: addressMapping(table),
      });
      expect(report).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(reason), rowsAccepted: 0 });
      expect(report.reason).not.toContain(space.dir);
    });
  });
});
