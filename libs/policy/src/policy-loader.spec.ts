import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PolicyFileError, PolicyFilesError } from './policy-error';
import { loadPolicies } from './policy-loader';

const POLICIES = join(__dirname, '..', '..', '..', 'policies');

describe('loadPolicies', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bfa-policies-'));
    cpSync(POLICIES, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  const write = (file: string, text: string) => writeFileSync(join(dir, file), text);
  const edit = (file: string, from: string | RegExp, to: string) => {
    const text = read(file);
    expect(text).toMatch(from);
    write(file, text.replace(from, to));
  };
  /** The 1-based line on which `text` first appears in the file. */
  const lineOf = (file: string, text: string) =>
    read(file)
      .split('\n')
      .findIndex((line) => line.includes(text)) + 1;

  /** Every YAML policy file written as JSON instead (same content). */
  function toJson(
    files = [
      'catalog.yaml',
      'platform.yaml',
      ...readdirSync(join(dir, 'organisations')).map((f) => `organisations/${f}`),
    ],
  ): void {
    for (const file of files) {
      write(file.replace(/\.yaml$/, '.json'), JSON.stringify(parse(read(file)), null, 2));
      unlinkSync(join(dir, file));
    }
  }

  function refusal(): PolicyFileError {
    try {
      loadPolicies(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyFileError);
      return error as PolicyFileError;
    }
    throw new Error('loaded an invalid policy');
  }

  function expectRefusal(file: string, ...problems: RegExp[]): PolicyFileError {
    const error = refusal();
    expect(error.file).toBe(join(dir, file));
    expect(error.message).toContain(join(dir, file));
    for (const problem of problems) expect(error.problems).toContainEqual(expect.stringMatching(problem));
    return error;
  }

  it('loads the repository policies', () => {
    const policies = loadPolicies(dir);
    expect(Object.keys(policies.organisations).sort()).toEqual(['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis']);
    expect(policies.catalog.dimensions.wijk.values).toHaveLength(59);
    expect(policies.catalog.datasets.risk_signals).toMatchObject({ quorum: 3, maxRecordsPerHolder: 500000 });
    expect(policies.platform.minCellSize).toBe(10);
    expect(policies.organisations.ggd).toMatchObject({
      mayJoinWithoutKeyHolding: false,
      maxQueriesPerAnalyst: { count: 30, periodDays: 30 },
    });
  });

  it('loads the same policy set from JSON, from YAML, and from a mix of both (.yml too)', () => {
    const fromYaml = loadPolicies(dir);
    toJson(['catalog.yaml', 'organisations/ggd.yaml']);
    write('platform.yml', read('platform.yaml'));
    unlinkSync(join(dir, 'platform.yaml'));
    expect(loadPolicies(dir)).toEqual(fromYaml);
    toJson(['organisations/gemeente.yaml', 'organisations/schoolbestuur.yaml', 'organisations/sterkhuis.yaml']);
    expect(loadPolicies(dir)).toEqual(fromYaml);
  });

  it('refuses a wrong type with file, line, column and field', () => {
    edit('organisations/ggd.yaml', 'keyHolder: true', 'keyHolder: "yes"');
    const line = lineOf('organisations/ggd.yaml', 'keyHolder:');
    expectRefusal('organisations/ggd.yaml', new RegExp(`^line ${line}, column 1, keyHolder: must be true or false$`));
  });

  it('refuses a missing field, pointing at the mapping it is missing from', () => {
    edit('catalog.yaml', /    maxRecordsPerHolder: 500000\n    table: pupils/, '    table: pupils');
    const line = lineOf('catalog.yaml', '  pupils:');
    expectRefusal(
      'catalog.yaml',
      new RegExp(
        `^line ${line}, column 3, datasets\\.pupils\\.maxRecordsPerHolder: missing: required, a positive integer$`,
      ),
    );
  });

  it('refuses an unknown key, naming it and what is allowed', () => {
    edit('platform.yaml', 'minCellSize: 10', 'minCellSize: 10\nminCelSize: 12');
    expectRefusal(
      'platform.yaml',
      new RegExp(
        `^line ${lineOf('platform.yaml', 'minCelSize')}, column 1, minCelSize: unknown key "minCelSize"; allowed here: minCellSize, legalBases, noise, rounding, magnitudeRules, protectionInterval$`,
      ),
    );
  });

  it('refuses a noise setting with ε out of range or a budget below one query', () => {
    edit('platform.yaml', 'minCellSize: 10', 'minCellSize: 10\nnoise:\n  epsilonPerQuery: 20\n  budgetPerDataset: 1');
    expectRefusal(
      'platform.yaml',
      new RegExp(
        `^line ${lineOf('platform.yaml', 'epsilonPerQuery')}, column 3, noise\\.epsilonPerQuery: must be a number above 0 and at most 10$`,
      ),
    );
  });

  it('refuses a noise setting without a budget per dataset (a budget per analyst alone lets analysts pool theirs)', () => {
    edit(
      'platform.yaml',
      'minCellSize: 10',
      'minCellSize: 10\nnoise:\n  epsilonPerQuery: 0.5\n  budgetPerAnalystPerDataset: 2',
    );
    expectRefusal(
      'platform.yaml',
      /noise\.budgetPerDataset: missing: required, a number at least epsilonPerQuery \(ε per dataset, shared by all analysts\)$/,
    );
  });

  it('takes the discrete Gaussian with ρ, and refuses an ε for it', () => {
    edit(
      'platform.yaml',
      'minCellSize: 10',
      'minCellSize: 10\nnoise:\n  mechanism: gaussian\n  rhoPerQuery: 0.125\n  budgetPerDataset: 1',
    );
    expect(loadPolicies(dir).platform.noise).toEqual({
      mechanism: 'gaussian',
      rhoPerQuery: 0.125,
      budgetPerDataset: 1,
    });
    edit('platform.yaml', 'rhoPerQuery: 0.125', 'epsilonPerQuery: 0.5');
    expectRefusal(
      'platform.yaml',
      /noise\.rhoPerQuery: missing: required/,
      /noise\.epsilonPerQuery: not for the gaussian mechanism: it is charged in ρ \(rhoPerQuery\)$/,
    );
  });

  it('refuses a dominance rule other than n = 2, saying why', () => {
    edit('platform.yaml', 'dominance: { n: 2, k: 90 }', 'dominance: { n: 3, k: 90 }');
    expectRefusal(
      'platform.yaml',
      new RegExp(
        `^line ${lineOf('platform.yaml', 'dominance:')}, column \\d+, magnitudeRules\\.dominance\\.n: must be 2 \\(nodes report the two largest values of a cell\\)$`,
      ),
    );
  });

  it('refuses unknown keys deeper down too (a misspelt summable)', () => {
    edit(
      'catalog.yaml',
      '        summable: true\n        min: 0\n        max: 366',
      '        sumable: true\n        min: 0\n        max: 366',
    );
    expectRefusal(
      'catalog.yaml',
      new RegExp(
        `^line ${lineOf('catalog.yaml', 'sumable')}, column 9, datasets\\.youth_care_trajectories\\.fields\\.duration_days\\.sumable: unknown key`,
      ),
    );
  });

  it('refuses a value that is not a CBS wijk code, at the line of that value', () => {
    edit('catalog.yaml', '- WK085503 ', '- WK85503 ');
    expectRefusal(
      'catalog.yaml',
      new RegExp(
        `^line ${lineOf('catalog.yaml', 'WK85503')}, column 9, dimensions\\.wijk\\.values\\.\\d+: "WK85503" is not a CBS wijk code`,
      ),
    );
  });

  it('refuses a wijk code listed twice, and a policy referring to a dimension or dataset the catalog lacks', () => {
    edit('catalog.yaml', '- WK085503 ', '- WK085502 ');
    edit(
      'organisations/sterkhuis.yaml',
      'dimensions: [wijk, buurt, school, arm, age_band, year]',
      'dimensions: [wijk, ward]',
    );
    edit('organisations/sterkhuis.yaml', '  - youth_care_trajectories', '  - youth_care');
    const error = refusal();
    expect(error).toBeInstanceOf(PolicyFilesError);
    const errors = (error as PolicyFilesError).errors;
    expect(errors.map((e) => e.file)).toEqual([join(dir, 'catalog.yaml'), join(dir, 'organisations/sterkhuis.yaml')]);
    expect(errors[0].problems).toEqual([
      `line ${lineOf('catalog.yaml', '- WK085502 ') + 1}, column 9, dimensions.wijk.values.49: "WK085502" is listed twice`,
    ]);
    expect(errors[1].problems).toEqual([
      `line ${lineOf('organisations/sterkhuis.yaml', '  - youth_care')}, column 5, datasets.0: "youth_care" is not a catalog dataset`,
      `line ${lineOf('organisations/sterkhuis.yaml', 'dimensions:')}, column 20, dimensions.1: "ward" is not a catalog dimension`,
    ]);
  });

  it('refuses an organisation policy that loosens the minimum cell size below 10 (a JSON file: line of the field)', () => {
    toJson(['organisations/ggd.yaml']);
    edit('organisations/ggd.json', '"minCellSize": 10', '"minCellSize": 5');
    expectRefusal(
      'organisations/ggd.json',
      new RegExp(
        `^line ${lineOf('organisations/ggd.json', 'minCellSize')}, column 3, minCellSize: must be an integer >= 10`,
      ),
    );
  });

  it('refuses a summable field that is not an integer', () => {
    edit(
      'catalog.yaml',
      '        label: Vorm van jeugdhulp',
      '        label: Vorm van jeugdhulp\n        summable: true',
    );
    expectRefusal(
      'catalog.yaml',
      /datasets\.youth_care_trajectories\.fields\.care_form\.summable: only integer fields can be summed/,
      /datasets\.youth_care_trajectories\.fields\.care_form\.min: a summable field needs min >= 0/,
    );
  });

  it('reports every problem in a file, in file order, not just the first', () => {
    edit('organisations/ggd.yaml', /^name: .*$/m, '');
    edit('organisations/ggd.yaml', 'minCellSize: 10', 'minCellSize: 8');
    edit('organisations/ggd.yaml', 'count: 30', 'count: 0');
    const error = expectRefusal('organisations/ggd.yaml');
    expect(error.problems).toEqual([
      expect.stringMatching(/^line \d+, column 1, name: missing/),
      `line ${lineOf('organisations/ggd.yaml', 'minCellSize')}, column 1, minCellSize: must be an integer >= 10 (Statistics Netherlands' minimum)`,
      `line ${lineOf('organisations/ggd.yaml', 'count: 0')}, column 3, maxQueriesPerAnalyst.count: must be a positive integer (queries per analyst per period)`,
    ]);
    expect(error.message).toMatch(/organisations\/ggd\.yaml is invalid \(3 problems\):\n  line/);
  });

  it('refuses a YAML syntax error with its line', () => {
    edit('catalog.yaml', '    table: pupils', '   table: pupils');
    expectRefusal(
      'catalog.yaml',
      new RegExp(`^line ${lineOf('catalog.yaml', '   table: pupils')}, column \\d+, syntax error: `),
    );
  });

  it("refuses malformed JSON with the parser's reason and line", () => {
    write('platform.json', '{\n  "minCellSize": ');
    unlinkSync(join(dir, 'platform.yaml'));
    expectRefusal('platform.json', /^line 2, column \d+, syntax error: .*(end with a }|flow)/i);
  });

  it('refuses a duplicate key, naming it', () => {
    edit('organisations/gemeente.yaml', 'minCellSize: 10', 'minCellSize: 10\nminCellSize: 20');
    expectRefusal(
      'organisations/gemeente.yaml',
      new RegExp(
        `^line ${lineOf('organisations/gemeente.yaml', 'minCellSize: 20')}, column 1, minCellSize: duplicate key "minCellSize"`,
      ),
    );
  });

  it('refuses a policy present both as JSON and as YAML: ambiguous', () => {
    write('organisations/ggd.json', JSON.stringify(parse(read('organisations/ggd.yaml'))));
    expectRefusal(
      'organisations/ggd.json',
      /ambiguous: ggd\.json and ggd\.yaml both exist in .*organisations; keep only one/,
    );
    unlinkSync(join(dir, 'organisations/ggd.json'));
    write('catalog.yml', read('catalog.yaml'));
    expectRefusal('catalog.yaml', /ambiguous: catalog\.yaml and catalog\.yml both exist/);
  });

  it('refuses a missing policy file and a dataset holder without one', () => {
    const platform = read('platform.yaml');
    unlinkSync(join(dir, 'platform.yaml'));
    expectRefusal('platform.yaml', /missing: write platform\.yaml \(or platform\.yml or platform\.json\)/);
    write('platform.yaml', platform);
    unlinkSync(join(dir, 'organisations/ggd.yaml'));
    expectRefusal(
      'catalog.yaml',
      new RegExp(
        `^line ${lineOf('catalog.yaml', 'holders: [ggd]')}, column 15, datasets\\.health_monitor\\.holders\\.0: no policy file for "ggd"`,
      ),
    );
  });

  it('refuses an organisation file whose id is not its name', () => {
    edit('organisations/ggd.yaml', 'id: ggd', 'id: gemeente');
    expectRefusal('organisations/ggd.yaml', /^line \d+, column 1, id: "gemeente" must match the file name \(ggd\)$/);
  });

  it.each<[string, string, string, RegExp]>([
    [
      'an empty purposes list',
      '# purposes:',
      'purposes: []',
      /^line \d+, column 1, purposes: must be a non-empty list of purpose codes/,
    ],
    [
      'a purpose code that is not text',
      '# purposes:',
      'purposes: [prevention, 42]',
      /^line \d+, column 24, purposes\.1: must be a purpose code/,
    ],
    [
      'a purpose code listed twice',
      '# purposes:',
      'purposes: [prevention, " Prevention"]',
      /^line \d+, column 24, purposes\.1: " Prevention" is listed twice/,
    ],
    [
      'a rate limit without a period',
      '  periodDays: 30',
      '',
      /maxQueriesPerAnalyst\.periodDays: missing: required, a positive integer \(days\)/,
    ],
    [
      'a rate limit as a number',
      'maxQueriesPerAnalyst:\n  count: 30\n  periodDays: 30',
      'maxQueriesPerAnalyst: 30',
      /maxQueriesPerAnalyst: must be a mapping with count and periodDays/,
    ],
    [
      'mayJoinWithoutKeyHolding as text',
      'mayJoinWithoutKeyHolding: false',
      'mayJoinWithoutKeyHolding: no',
      /mayJoinWithoutKeyHolding: must be true or false/,
    ],
    [
      'a record retention of 0 years',
      'mayJoinWithoutKeyHolding: false',
      'mayJoinWithoutKeyHolding: false\nrecordRetentionYears: 0',
      /recordRetentionYears: must be a positive integer/,
    ],
    [
      'a record retention as text',
      'mayJoinWithoutKeyHolding: false',
      'mayJoinWithoutKeyHolding: false\nrecordRetentionYears: seven',
      /recordRetentionYears: must be a positive integer/,
    ],
    [
      'no key share and no joining without one',
      'keyHolder: true',
      'keyHolder: false',
      /mayJoinWithoutKeyHolding: must be true when keyHolder is false/,
    ],
  ])('validates the new organisation settings: refuses %s', (_what, from, to, problem) => {
    edit('organisations/schoolbestuur.yaml', from, to);
    expectRefusal('organisations/schoolbestuur.yaml', problem);
  });

  it('accepts the new organisation settings when well-formed', () => {
    edit(
      'organisations/schoolbestuur.yaml',
      '# purposes:\n#   - Smart Start\n#   - prevention',
      'purposes:\n  - Smart Start\n  - prevention',
    );
    edit(
      'organisations/schoolbestuur.yaml',
      'mayJoinWithoutKeyHolding: false',
      'mayJoinWithoutKeyHolding: true\nrecordRetentionYears: 7',
    );
    expect(loadPolicies(dir).organisations.schoolbestuur).toMatchObject({
      purposes: ['Smart Start', 'prevention'],
      mayJoinWithoutKeyHolding: true,
      recordRetentionYears: 7,
    });
  });

  describe('legal bases and DPIAs', () => {
    it("loads the platform's legal bases and each partner's accepted bases and DPIAs", () => {
      const loaded = loadPolicies(dir);
      expect(Object.keys(loaded.platform.legalBases)).toEqual([
        'avg-6-1-e-jeugdwet',
        'avg-6-1-e-wmo',
        'avg-6-1-e-wpg',
        'uavg-24-onderzoek',
      ]);
      expect(loaded.organisations.ggd).toMatchObject({
        legalBases: expect.arrayContaining(['avg-6-1-e-wpg']),
        dpias: expect.arrayContaining([
          { reference: 'DPIA-GGD-JGZ-2025-02', title: expect.any(String), reviewDate: '2027-03-31' },
        ]),
      });
    });

    it.each<[string, string, string | RegExp, string, RegExp]>([
      [
        'a platform without legal bases',
        'platform.yaml',
        /\nlegalBases:[\s\S]*$/,
        '\n',
        /^line \d+, column 1, legalBases: missing: required, a mapping of legal basis id/,
      ],
      [
        'a legal basis without its article',
        'platform.yaml',
        '    article: AVG art. 6 lid 1 sub e\n    law: Wmo',
        '    law: Wmo',
        /legalBases\.avg-6-1-e-wmo\.article: missing: required/,
      ],
      [
        'a partner without DPIAs',
        'organisations/sterkhuis.yaml',
        /\ndpias:[\s\S]*$/,
        '\n',
        /dpias: missing: required, a non-empty list of the DPIAs this partner accepts/,
      ],
      [
        'a review date that is no date',
        'organisations/sterkhuis.yaml',
        'reviewDate: "2028-06-30"',
        'reviewDate: "2028-02-30"',
        /dpias\.0\.reviewDate: must be a date written YYYY-MM-DD/,
      ],
      [
        'a DPIA listed twice',
        'organisations/sterkhuis.yaml',
        /dpias:\n([\s\S]*)$/,
        'dpias:\n$1$1',
        /dpias\.1: "DPIA-SMARTSTART-2026-01" is listed twice/,
      ],
      [
        'an accepted basis the platform does not list',
        'organisations/sterkhuis.yaml',
        '  - uavg-24-onderzoek',
        '  - uavg-24-onderzoekk',
        /^line \d+, column 5, legalBases\.1: "uavg-24-onderzoekk" is not a legal basis platform\.yaml lists$/,
      ],
    ])('refuses %s, naming the setting', (_what, file, from, to, problem) => {
      edit(file, from, to);
      expectRefusal(file, problem);
    });
  });
});
