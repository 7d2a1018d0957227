import { readdirSync, rmSync } from 'node:fs';
import {
  csv,
  GEMEENTE_HEADER,
  gemeenteMapping,
  POLICIES_DIR,
  scratch,
  storedRecords,
} from '../../../../libs/records/src/import/testing/import-fixtures';
import { dataCommand } from './data.command';

describe('bfa data import checks that the catalog lists this organisation as a holder of the dataset', () => {
  let space: ReturnType<typeof scratch>;
  let errors: jest.SpyInstance;
  let said: jest.SpyInstance;

  const run = (org: string, dataset = 'children_households') => {
    const file = space.write(
      'export.csv',
      csv([GEMEENTE_HEADER, '1001;2024;WK085501;4-11;J;N;0;120', '1002;2024;WK085501;0-3;N;N;0;0']),
    );
    const mapping = space.write('mapping.json', JSON.stringify(gemeenteMapping));
    return dataCommand()
      .exitOverride()
      .parseAsync(
        [
          'import',
          '--data-dir',
          space.dataDir,
          '--org',
          org,
          '--dataset',
          dataset,
          '--mapping',
          mapping,
          '--policies',
          POLICIES_DIR,
          file,
        ],
        { from: 'user' },
      );
  };

  beforeEach(() => {
    space = scratch();
    errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    said = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => {
    process.exitCode = undefined;
    jest.restoreAllMocks();
    rmSync(space.dir, { recursive: true, force: true });
  });

  it("refuses another partner's dataset with exit code 2 and the reason, before writing anything into the data directory", async () => {
    await run('ggd');
    expect(process.exitCode).toBe(2);
    expect(errors).toHaveBeenCalledWith(
      'bfa: ggd is not a holder of children_households in the catalog: nothing imported',
    );
    expect(said).not.toHaveBeenCalled();
    expect(readdirSync(space.dataDir)).toEqual([]);
  });

  it('refuses an organisation the catalog does not know, and a dataset it does not have, the same way', async () => {
    await run('gemeentee');
    expect(errors).toHaveBeenLastCalledWith(
      'bfa: gemeentee is not a holder of children_households in the catalog: nothing imported',
    );
    await run('gemeente', 'children');
    expect(errors).toHaveBeenLastCalledWith('bfa: no dataset children in the catalog: nothing imported');
    expect(process.exitCode).toBe(2);
    expect(readdirSync(space.dataDir)).toEqual([]);
  });

  it("imports a holder's own dataset", async () => {
    await run('gemeente');
    expect(process.exitCode).toBeUndefined();
    expect(errors).not.toHaveBeenCalled();
    expect(said).toHaveBeenCalledWith(expect.stringMatching(/imported into children_households, years 2024 replaced/));
    expect(await storedRecords(space.dataDir, 'children_households')).toHaveLength(2);
  });

  it('asks for --org: without it nothing is read or written', async () => {
    const file = space.write('export.csv', csv([GEMEENTE_HEADER]));
    const command = dataCommand().exitOverride();
    command.commands.forEach((c) => c.exitOverride().configureOutput({ writeErr: () => undefined }));
    await expect(
      command.parseAsync(
        ['import', '--data-dir', space.dataDir, '--dataset', 'children_households', '--mapping', file, file],
        { from: 'user' },
      ),
    ).rejects.toThrow(/required option '--org <org>' not specified/);
    expect(readdirSync(space.dataDir)).toEqual([]);
  });
});
