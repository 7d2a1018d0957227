import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { settingRows, settingsTable } from './settings-table';

const ROOT = resolve(__dirname, '..', '..');

function readmeTable(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Settings\n');
  return readme
    .slice(start, readme.indexOf('\n## ', start + 1))
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .join('\n');
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.spec\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('one table of settings', () => {
  it("is the README's, row for row what the apps declare (regenerate: npx ts-node -r tsconfig-paths/register deploy/settings/settings-table.ts)", () => {
    expect(readmeTable()).toBe(settingsTable());
  });

  it('names each setting once, every one with a meaning', () => {
    const names = settingRows().map((row) => row.name);
    expect(new Set(names).size).toBe(names.length);
    expect(settingRows().filter((row) => row.meaning.length < 8)).toEqual([]);
  });

  it('is read by the apps alone: no library reads the environment', () => {
    const readers = sources(join(ROOT, 'libs')).filter((file) => readFileSync(file, 'utf8').includes('process.env'));
    expect(readers).toEqual([]);
  });
});
