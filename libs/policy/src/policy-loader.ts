import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog } from './catalog';
import { OrganisationPolicy, PlatformPolicy } from './organisation-policy';
import { PolicyFileError } from './policy-error';
import { catalogProblems, organisationPolicyProblems, platformPolicyProblems } from './policy-schema';

export interface PolicySet {
  catalog: Catalog;
  platform: PlatformPolicy;
  organisations: Record<string, OrganisationPolicy>;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new PolicyFileError(file, [(error as Error).message]);
  }
}

function loadChecked<T>(file: string, problemsOf: (value: unknown) => string[]): T {
  const value = readJson(file);
  const problems = problemsOf(value);
  if (problems.length > 0) throw new PolicyFileError(file, problems);
  return value as T;
}

/** Loads and validates every policy file; throws PolicyFileError naming the file and field. */
export function loadPolicies(dir: string): PolicySet {
  const catalog = loadChecked<Catalog>(join(dir, 'catalog.json'), catalogProblems);
  const platform = loadChecked<PlatformPolicy>(join(dir, 'platform.json'), platformPolicyProblems);
  const orgDir = join(dir, 'organisations');
  const organisations: Record<string, OrganisationPolicy> = {};
  for (const name of readdirSync(orgDir).filter((f) => f.endsWith('.json')).sort()) {
    const file = join(orgDir, name);
    const policy = loadChecked<OrganisationPolicy>(file, (v) => organisationPolicyProblems(v, catalog));
    if (`${policy.id}.json` !== name) throw new PolicyFileError(file, [`id "${policy.id}" must match the file name`]);
    organisations[policy.id] = policy;
  }
  const holderProblems = Object.entries(catalog.datasets).flatMap(([id, ds]) =>
    ds.holders.filter((org) => !organisations[org]).map((org) => `datasets.${id}.holders: no policy for "${org}"`),
  );
  if (holderProblems.length > 0) throw new PolicyFileError(join(dir, 'catalog.json'), holderProblems);
  return { catalog, platform, organisations };
}
