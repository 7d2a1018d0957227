import { existsSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { PolicyFileError } from './policy-error';

export const POLICY_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** The one file holding policy `name` in `dir` (name.yaml, name.yml or name.json); none or several are refused. */
export function policyFile(dir: string, name: string): string {
  const found = POLICY_EXTENSIONS.map((ext) => `${name}${ext}`).filter((file) => existsSync(join(dir, file)));
  if (found.length === 0)
    throw new PolicyFileError(join(dir, `${name}.yaml`), [
      `missing: write ${name}.yaml (or ${name}.yml or ${name}.json)`,
    ]);
  if (found.length > 1) throw ambiguous(dir, found);
  return join(dir, found[0]);
}

/** Every organisation policy file in `dir`, by organisation id (the file name without extension). */
export function organisationFiles(dir: string): { files: Record<string, string>; errors: PolicyFileError[] } {
  if (!existsSync(dir))
    return { files: {}, errors: [new PolicyFileError(dir, ['missing: one policy file per organisation goes here'])] };
  const byId = new Map<string, string[]>();
  for (const file of readdirSync(dir)
    .filter((f) => POLICY_EXTENSIONS.includes(extname(f)))
    .sort()) {
    const id = file.slice(0, -extname(file).length);
    byId.set(id, [...(byId.get(id) ?? []), file]);
  }
  const files: Record<string, string> = {};
  const errors: PolicyFileError[] = [];
  for (const [id, found] of byId) {
    if (found.length > 1) errors.push(ambiguous(dir, found));
    else files[id] = join(dir, found[0]);
  }
  return { files, errors };
}

function ambiguous(dir: string, found: string[]): PolicyFileError {
  return new PolicyFileError(join(dir, found[0]), [
    `ambiguous: ${found.join(' and ')} both exist in ${dir}; keep only one`,
  ]);
}
