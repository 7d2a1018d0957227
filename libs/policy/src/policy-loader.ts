import { join } from 'node:path';
import { Catalog } from './catalog';
import { OrganisationPolicy, PlatformPolicy } from './organisation-policy';
import { PolicyDocument, PolicyProblem, readPolicyDocument } from './policy-document';
import { PolicyFileError, PolicyFilesError } from './policy-error';
import { organisationFiles, policyFile } from './policy-files';
import { checkCatalog, checkOrganisationPolicy, checkPlatformPolicy } from './policy-schema';

export interface PolicySet {
  catalog: Catalog;
  platform: PlatformPolicy;
  organisations: Record<string, OrganisationPolicy>;
}

/** A parsed file and its value; `valid` false when the value has problems (already noted). */
type Parsed<T> = { document: PolicyDocument; value: T; valid: boolean };

/** Collects every invalid file's problems instead of stopping at the first. */
class Problems {
  readonly errors: PolicyFileError[] = [];

  /** Reads and checks one file, noting its problems; undefined when it can't even be read or parsed. */
  load<T>(file: () => string, check: (value: unknown) => PolicyProblem[]): Parsed<T> | undefined {
    try {
      const document = readPolicyDocument(file());
      const problems = check(document.value);
      this.refuse(document, problems);
      return { document, value: document.value as T, valid: problems.length === 0 };
    } catch (error) {
      if (!(error instanceof PolicyFileError)) throw error;
      this.errors.push(error);
    }
    return undefined;
  }

  refuse(document: PolicyDocument, problems: PolicyProblem[]): void {
    if (problems.length > 0) this.errors.push(new PolicyFileError(document.file, document.describe(problems)));
  }

  throwIfAny(): void {
    if (this.errors.length === 1) throw this.errors[0];
    if (this.errors.length > 1) throw new PolicyFilesError(this.errors);
  }
}

/**
 * Loads and validates every policy file (YAML or JSON) in `dir`; throws PolicyFileError naming each
 * invalid file and, for every problem in it, the line, column and setting.
 */
export function loadPolicies(dir: string): PolicySet {
  const problems = new Problems();
  const catalog = problems.load<Catalog>(() => policyFile(dir, 'catalog'), checkCatalog);
  const platform = problems.load<PlatformPolicy>(() => policyFile(dir, 'platform'), checkPlatformPolicy);
  const { files, errors } = organisationFiles(join(dir, 'organisations'));
  problems.errors.push(...errors);
  const organisations = loadOrganisations(
    files,
    referenceable(catalog),
    problems,
    platform?.valid ? platform.value : undefined,
  );
  if (catalog?.valid) problems.refuse(catalog.document, holderProblems(catalog.value, Object.keys(files)));
  problems.throwIfAny();
  return { catalog: catalog!.value, platform: platform!.value, organisations };
}

function loadOrganisations(
  files: Record<string, string>,
  catalog: Catalog | undefined,
  problems: Problems,
  platform?: PlatformPolicy,
): Record<string, OrganisationPolicy> {
  const organisations: Record<string, OrganisationPolicy> = {};
  for (const [id, file] of Object.entries(files)) {
    const check = (value: unknown) => [
      ...checkOrganisationPolicy(value, catalog),
      ...(platform ? unlistedBases(value, platform) : []),
    ];
    const policy = problems.load<OrganisationPolicy>(() => file, check);
    if (!policy?.valid) continue;
    if (policy.value.id !== id)
      problems.refuse(policy.document, [
        { path: ['id'], message: `"${policy.value.id}" must match the file name (${id})` },
      ]);
    else organisations[id] = policy.value;
  }
  return organisations;
}

/** Every legal basis an organisation accepts must be one the platform lists (a misspelt id would accept nothing). */
function unlistedBases(value: unknown, platform: PlatformPolicy): PolicyProblem[] {
  const bases = (value as { legalBases?: unknown })?.legalBases;
  if (!Array.isArray(bases)) return [];
  return bases.flatMap((id, i) =>
    typeof id === 'string' && !Object.prototype.hasOwnProperty.call(platform.legalBases, id)
      ? [{ path: ['legalBases', i], message: `"${id}" is not a legal basis platform.yaml lists` }]
      : [],
  );
}

/** A catalog organisation policies can be checked against: valid, or at least with its datasets and dimensions readable. */
function referenceable(catalog: Parsed<Catalog> | undefined): Catalog | undefined {
  const shaped = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  return catalog && shaped(catalog.value) && shaped(catalog.value.datasets) && shaped(catalog.value.dimensions)
    ? catalog.value
    : undefined;
}

/** Every holder needs a policy file (whether that file is valid is reported on its own). */
function holderProblems(catalog: Catalog, orgsWithFiles: string[]): PolicyProblem[] {
  return Object.entries(catalog.datasets).flatMap(([id, ds]) =>
    ds.holders.flatMap((org, i) =>
      orgsWithFiles.includes(org)
        ? []
        : [{ path: ['datasets', id, 'holders', i], message: `no policy file for "${org}" in organisations/` }],
    ),
  );
}
