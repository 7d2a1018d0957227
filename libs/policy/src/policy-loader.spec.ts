import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyFileError } from './policy-error';
import { loadPolicies } from './policy-loader';

const POLICIES = join(__dirname, '..', '..', '..', 'policies');

describe('loadPolicies', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bfa-policies-'));
    cpSync(POLICIES, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the repository policies', () => {
    const policies = loadPolicies(dir);
    expect(Object.keys(policies.organisations).sort()).toEqual(['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis']);
    expect(policies.catalog.dimensions.wijk.values).toHaveLength(59);
    expect(policies.platform.minCellSize).toBe(10);
  });

  function expectRefusal(file: string, field: RegExp): void {
    try {
      loadPolicies(dir);
      throw new Error('loaded an invalid policy');
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyFileError);
      expect((error as PolicyFileError).file).toBe(join(dir, file));
      expect((error as Error).message).toMatch(field);
    }
  }

  it('refuses an organisation policy that loosens the minimum cell size, naming file and field', () => {
    writeFileSync(join(dir, 'organisations', 'ggd.json'), JSON.stringify({ id: 'ggd', name: 'GGD', keyHolder: true, minCellSize: 5, datasets: [], dimensions: [] }));
    expectRefusal('organisations/ggd.json', /minCellSize/);
  });

  it('refuses a summable field that is not an integer', () => {
    const catalog = JSON.parse(require('node:fs').readFileSync(join(dir, 'catalog.json'), 'utf8'));
    catalog.datasets.pupils.fields.school.summable = true;
    writeFileSync(join(dir, 'catalog.json'), JSON.stringify(catalog));
    expectRefusal('catalog.json', /datasets\.pupils\.fields\.school\.summable/);
  });

  it('refuses malformed JSON with the parser\'s reason', () => {
    writeFileSync(join(dir, 'platform.json'), '{ "minCellSize": ');
    expectRefusal('platform.json', /JSON|Unexpected/);
  });
});
