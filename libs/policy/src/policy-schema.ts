import { ARM, ARM_VALUES } from './arms';
import { Catalog } from './catalog';
import { normalisePurpose } from './organisation-rules';
import { PolicyPath, PolicyProblem, problemText } from './policy-document';
import { acceptedGroundsProblems, legalBasesProblems } from './grounds-schema';

type Json = Record<string, unknown>;
type Problems = PolicyProblem[];

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;
const ORG_ID = /^[a-z][a-z0-9-]{1,40}$/;
const PURPOSE_CODE = /^[\p{L}\p{N}][^\n]{1,99}$/u;
const FIELD_TYPES = ['boolean', 'integer', 'category'];
export const MINIMUM_CELL_SIZE = 10;

/** Dimensions whose values are CBS area codes, and the form such a code takes. */
const AREA_CODES: Record<string, { pattern: RegExp; form: string }> = {
  gemeente: { pattern: /^GM\d{4}$/, form: 'GM and 4 digits, e.g. GM0855' },
  wijk: { pattern: /^WK\d{6}$/, form: 'WK and 6 digits, e.g. WK085501' },
  buurt: { pattern: /^BU\d{8}$/, form: 'BU and 8 digits, e.g. BU08550101' },
};

const KEYS = {
  catalog: ['version', 'region', 'dimensions', 'datasets'],
  dimension: ['label', 'values'],
  dataset: [
    'label',
    'holders',
    'maxRecordsPerHolder',
    'quorum',
    'table',
    'childKey',
    'dimensions',
    'fields',
    'population',
  ],
  field: ['type', 'label', 'summable', 'min', 'max', 'values'],
  platform: ['minCellSize', 'legalBases', 'noise', 'rounding', 'magnitudeRules', 'protectionInterval'],
  magnitudeRules: ['dominance', 'pPercent'],
  dominance: ['n', 'k'],
  rounding: ['base'],
  noise: ['mechanism', 'epsilonPerQuery', 'rhoPerQuery', 'budgetPerDataset', 'budgetPerAnalystPerDataset'],
  organisation: [
    'id',
    'name',
    'keyHolder',
    'minCellSize',
    'datasets',
    'dimensions',
    'purposes',
    'maxQueriesPerAnalyst',
    'mayJoinWithoutKeyHolding',
    'legalBases',
    'dpias',
    'recordRetentionYears',
  ],
  rateLimit: ['count', 'periodDays'],
};

const has = (known: object, key: string): boolean => Object.prototype.hasOwnProperty.call(known, key);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isText = (v: unknown): boolean => typeof v === 'string' && v.trim().length > 0;
const isBoolean = (v: unknown): boolean => typeof v === 'boolean';
const isPositiveInteger = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 1;
const isList = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0;

const problem = (path: PolicyPath, message: string): PolicyProblem => ({ path, message });
const unless = (ok: boolean, path: PolicyPath, message: string): Problems => (ok ? [] : [problem(path, message)]);

function required(value: Json, key: string, path: PolicyPath, ok: (v: unknown) => boolean, what: string): Problems {
  if (value[key] === undefined) return [problem([...path, key], `missing: required, ${what}`)];
  return unless(ok(value[key]), [...path, key], `must be ${what}`);
}

function optional(value: Json, key: string, path: PolicyPath, ok: (v: unknown) => boolean, what: string): Problems {
  return value[key] === undefined ? [] : unless(ok(value[key]), [...path, key], `must be ${what}`);
}

function unknownKeys(path: PolicyPath, value: Json, allowed: string[]): Problems {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => problem([...path, key], `unknown key "${key}"; allowed here: ${allowed.join(', ')}`));
}

/** Each item of a list that is not among `known`, named by its index so its own line is reported. */
function references(path: PolicyPath, list: unknown, known: object, what: string): Problems {
  if (!isStringArray(list)) return [];
  return list.flatMap((item, i) => unless(has(known, item), [...path, i], `"${item}" is not a ${what}`));
}

function duplicates(path: PolicyPath, list: unknown[], same: (v: unknown) => unknown = (v) => v): Problems {
  const keys = list.map(same);
  return keys.flatMap((key, i) =>
    unless(keys.indexOf(key) === i, [...path, i], `${JSON.stringify(list[i])} is listed twice`),
  );
}

function fieldProblems(path: PolicyPath, field: unknown): Problems {
  if (!isObject(field)) return [problem(path, 'must be a mapping (type, label, ...)')];
  const problems = [
    ...unknownKeys(path, field, KEYS.field),
    ...required(field, 'type', path, (t) => FIELD_TYPES.includes(t as string), `one of ${FIELD_TYPES.join(', ')}`),
    ...required(field, 'label', path, isText, 'a non-empty text'),
    ...optional(field, 'summable', path, isBoolean, 'true or false'),
    ...optional(field, 'min', path, Number.isSafeInteger, 'an integer'),
    ...optional(field, 'max', path, Number.isSafeInteger, 'an integer'),
    ...optional(field, 'values', path, isStringArray, 'a list of texts'),
  ];
  if (typeof field.min === 'number' && typeof field.max === 'number' && field.min > field.max)
    problems.push(problem([...path, 'min'], `must not exceed max (${field.max})`));
  if (field.summable !== true) return problems;
  return [
    ...problems,
    ...unless(field.type === 'integer', [...path, 'summable'], 'only integer fields can be summed'),
    ...unless(typeof field.min === 'number' && field.min >= 0, [...path, 'min'], 'a summable field needs min >= 0'),
    ...unless(Number.isSafeInteger(field.max), [...path, 'max'], 'a summable field needs an integer max'),
  ];
}

function fieldsProblems(path: PolicyPath, fields: unknown, dimensions: Json): Problems {
  if (!isObject(fields)) return [];
  return Object.entries(fields).flatMap(([name, field]) => [
    ...unless(
      IDENTIFIER.test(name) && !has(dimensions, name),
      [...path, name],
      'invalid field name (lower case letters, digits and _, not a dimension)',
    ),
    ...fieldProblems([...path, name], field),
  ]);
}

function datasetProblems(path: PolicyPath, ds: unknown, dimensions: Json): Problems {
  if (!isObject(ds)) return [problem(path, 'must be a mapping (label, holders, table, dimensions, fields, ...)')];
  const holders = Array.isArray(ds.holders) ? ds.holders.length : 0;
  return [
    ...unknownKeys(path, ds, KEYS.dataset),
    ...required(ds, 'label', path, isText, 'a non-empty text'),
    ...required(
      ds,
      'table',
      path,
      (t) => typeof t === 'string' && IDENTIFIER.test(t),
      'a table name (lower case letters, digits and _)',
    ),
    ...required(
      ds,
      'holders',
      path,
      (h) => isList(h) && isStringArray(h) && h.every((id) => ORG_ID.test(id)),
      'a list of at least one organisation id',
    ),
    ...(Array.isArray(ds.holders) ? duplicates([...path, 'holders'], ds.holders) : []),
    ...required(ds, 'maxRecordsPerHolder', path, isPositiveInteger, 'a positive integer'),
    ...optional(
      ds,
      'childKey',
      path,
      (c) => typeof c === 'string' && IDENTIFIER.test(c) && !(isObject(ds.fields) && has(ds.fields, c)),
      'a column name (lower case letters, digits and _), not one of the fields',
    ),
    ...optional(ds, 'population', path, isBoolean, 'true or false'),
    ...optional(
      ds,
      'quorum',
      path,
      (q) => isPositiveInteger(q) && (q as number) <= holders,
      `an integer from 1 to the number of holders (${holders})`,
    ),
    ...required(ds, 'dimensions', path, (d) => isList(d) && isStringArray(d), 'a non-empty list of catalog dimensions'),
    ...references([...path, 'dimensions'], ds.dimensions, dimensions, 'catalog dimension'),
    ...required(ds, 'fields', path, isObject, 'a mapping of field name to its description'),
    ...fieldsProblems([...path, 'fields'], ds.fields, dimensions),
  ];
}

function dimensionValueProblems(path: PolicyPath, name: string, values: unknown[]): Problems {
  const code = AREA_CODES[name];
  const valueProblems = values.flatMap((v, i) => {
    if (typeof v !== 'string' && typeof v !== 'number') return [problem([...path, i], 'must be a text or a number')];
    return code
      ? unless(
          typeof v === 'string' && code.pattern.test(v),
          [...path, i],
          `"${v}" is not a CBS ${name} code (${code.form})`,
        )
      : [];
  });
  const arm =
    name === ARM && values.join() !== ARM_VALUES.join()
      ? [
          problem(
            path,
            `must be [${ARM_VALUES.join(', ')}]: the node derives these two values from a query's arm lists`,
          ),
        ]
      : [];
  return [...valueProblems, ...duplicates(path, values), ...arm];
}

function dimensionProblems(path: PolicyPath, name: string, dim: unknown): Problems {
  const nameProblems = unless(IDENTIFIER.test(name), path, 'invalid dimension name (lower case letters, digits and _)');
  if (!isObject(dim)) return [...nameProblems, problem(path, 'must be a mapping (label, values)')];
  return [
    ...nameProblems,
    ...unknownKeys(path, dim, KEYS.dimension),
    ...required(dim, 'label', path, isText, 'a non-empty text'),
    ...required(dim, 'values', path, isList, 'a non-empty list'),
    ...(Array.isArray(dim.values) ? dimensionValueProblems([...path, 'values'], name, dim.values) : []),
  ];
}

/** Everything wrong with a catalog, each at the setting it concerns; empty when valid. */
export function checkCatalog(value: unknown): Problems {
  if (!isObject(value)) return [problem([], 'must be a mapping of settings (version, region, dimensions, datasets)')];
  const problems = [
    ...unknownKeys([], value, KEYS.catalog),
    ...required(value, 'version', [], isPositiveInteger, 'a positive integer'),
    ...required(value, 'region', [], isText, 'a non-empty text'),
    ...required(value, 'dimensions', [], isObject, 'a mapping of dimension name to its label and values'),
    ...required(value, 'datasets', [], isObject, 'a mapping of dataset id to its description'),
  ];
  const { dimensions, datasets } = value;
  if (!isObject(dimensions) || !isObject(datasets)) return problems;
  return [
    ...problems,
    ...Object.entries(dimensions).flatMap(([name, dim]) => dimensionProblems(['dimensions', name], name, dim)),
    ...Object.entries(datasets).flatMap(([id, ds]) => [
      ...unless(IDENTIFIER.test(id), ['datasets', id], 'invalid dataset id (lower case letters, digits and _)'),
      ...datasetProblems(['datasets', id], ds, dimensions),
    ]),
  ];
}

function minCellSizeProblems(value: Json): Problems {
  const what = `an integer >= ${MINIMUM_CELL_SIZE} (Statistics Netherlands' minimum)`;
  return required(value, 'minCellSize', [], (k) => Number.isInteger(k) && (k as number) >= MINIMUM_CELL_SIZE, what);
}

const isPrivacyParameter = (v: unknown): boolean => typeof v === 'number' && v > 0 && v <= 10;
const MECHANISMS = ['laplace', 'gaussian'];

/** Laplace charges ε per query (pure ε-DP), the Gaussian ρ (zCDP); budgets count in the mechanism's own unit. */
function noiseProblems(noise: unknown): Problems {
  const path = ['noise'];
  if (noise === undefined) return [];
  if (!isObject(noise))
    return [
      problem(
        path,
        'must be a mapping with epsilonPerQuery (or mechanism: gaussian and rhoPerQuery) and budgetPerDataset',
      ),
    ];
  const gaussian = noise.mechanism === 'gaussian';
  const [cost, other] = gaussian ? ['rhoPerQuery', 'epsilonPerQuery'] : ['epsilonPerQuery', 'rhoPerQuery'];
  const unit = gaussian ? 'ρ' : 'ε';
  const atLeastOneQuery = (b: unknown) => typeof b === 'number' && b >= (noise[cost] as number);
  return [
    ...unknownKeys(path, noise, KEYS.noise),
    ...optional(noise, 'mechanism', path, (m) => MECHANISMS.includes(m as string), 'laplace (the default) or gaussian'),
    ...required(noise, cost, path, isPrivacyParameter, 'a number above 0 and at most 10'),
    ...unless(
      noise[other] === undefined,
      [...path, other],
      `not for the ${gaussian ? 'gaussian' : 'laplace'} mechanism: it is charged in ${unit} (${cost})`,
    ),
    ...required(
      noise,
      'budgetPerDataset',
      path,
      atLeastOneQuery,
      `a number at least ${cost} (${unit} per dataset, shared by all analysts)`,
    ),
    ...optional(noise, 'budgetPerAnalystPerDataset', path, atLeastOneQuery, `a number at least ${cost}`),
  ];
}

function roundingProblems(rounding: unknown, noise: unknown): Problems {
  const path = ['rounding'];
  if (rounding === undefined) return [];
  if (!isObject(rounding)) return [problem(path, 'must be a mapping with base')];
  return [
    ...unknownKeys(path, rounding, KEYS.rounding),
    ...required(rounding, 'base', path, (b) => b === 5 || b === 10, '5 or 10'),
    ...unless(noise === undefined, path, 'choose rounding or noise, not both'),
  ];
}

const isPercent = (v: unknown): boolean => typeof v === 'number' && v > 0 && v < 100;

function magnitudeRulesProblems(rules: unknown): Problems {
  const path = ['magnitudeRules'];
  if (rules === undefined) return [];
  if (!isObject(rules)) return [problem(path, 'must be a mapping with dominance and pPercent')];
  const dominance = rules.dominance;
  return [
    ...unknownKeys(path, rules, KEYS.magnitudeRules),
    ...required(rules, 'pPercent', path, isPercent, 'a percentage above 0 and below 100'),
    ...(isObject(dominance)
      ? [
          ...unknownKeys([...path, 'dominance'], dominance, KEYS.dominance),
          ...required(
            dominance,
            'n',
            [...path, 'dominance'],
            (n) => n === 2,
            '2 (nodes report the two largest values of a cell)',
          ),
          ...required(dominance, 'k', [...path, 'dominance'], isPercent, 'a percentage above 0 and below 100'),
        ]
      : [problem([...path, 'dominance'], 'must be a mapping with n and k')]),
  ];
}

export function checkPlatformPolicy(value: unknown): Problems {
  if (!isObject(value)) return [problem([], 'must be a mapping of settings (minCellSize, legalBases)')];
  return [
    ...unknownKeys([], value, KEYS.platform),
    ...minCellSizeProblems(value),
    ...legalBasesProblems(value),
    ...noiseProblems(value.noise),
    ...roundingProblems(value.rounding, value.noise),
    ...magnitudeRulesProblems(value.magnitudeRules),
    ...optional(value, 'protectionInterval', [], isPercent, 'a percentage above 0 and below 100'),
  ];
}

function purposesProblems(purposes: unknown): Problems {
  if (purposes === undefined) return [];
  if (!isList(purposes))
    return [problem(['purposes'], 'must be a non-empty list of purpose codes (leave it out to allow any purpose)')];
  const normalised = (code: unknown) => (typeof code === 'string' ? normalisePurpose(code) : code);
  return [
    ...purposes.flatMap((code, i) =>
      unless(
        typeof code === 'string' && PURPOSE_CODE.test(code.trim()),
        ['purposes', i],
        'must be a purpose code: 2 to 100 characters on one line, starting with a letter or digit',
      ),
    ),
    ...duplicates(['purposes'], purposes, normalised),
  ];
}

function rateLimitProblems(limit: unknown): Problems {
  const path = ['maxQueriesPerAnalyst'];
  if (limit === undefined) return [];
  if (!isObject(limit)) return [problem(path, 'must be a mapping with count and periodDays')];
  return [
    ...unknownKeys(path, limit, KEYS.rateLimit),
    ...required(limit, 'count', path, isPositiveInteger, 'a positive integer (queries per analyst per period)'),
    ...required(limit, 'periodDays', path, isPositiveInteger, 'a positive integer (days)'),
  ];
}

/** Everything wrong with one organisation's policy; references to the catalog are checked when it is given. */
export function checkOrganisationPolicy(value: unknown, catalog?: Catalog): Problems {
  if (!isObject(value))
    return [problem([], 'must be a mapping of settings (id, name, keyHolder, minCellSize, datasets, dimensions, ...)')];
  return [
    ...unknownKeys([], value, KEYS.organisation),
    ...required(
      value,
      'id',
      [],
      (id) => typeof id === 'string' && ORG_ID.test(id),
      'an organisation id (lower case letters, digits and -)',
    ),
    ...required(value, 'name', [], isText, 'a non-empty text'),
    ...required(value, 'keyHolder', [], isBoolean, 'true or false'),
    ...minCellSizeProblems(value),
    ...required(value, 'datasets', [], isStringArray, 'a list of catalog datasets'),
    ...(catalog ? references(['datasets'], value.datasets, catalog.datasets, 'catalog dataset') : []),
    ...required(value, 'dimensions', [], isStringArray, 'a list of catalog dimensions'),
    ...(catalog ? references(['dimensions'], value.dimensions, catalog.dimensions, 'catalog dimension') : []),
    ...purposesProblems(value.purposes),
    ...rateLimitProblems(value.maxQueriesPerAnalyst),
    ...optional(value, 'mayJoinWithoutKeyHolding', [], isBoolean, 'true or false'),
    ...optional(
      value,
      'recordRetentionYears',
      [],
      isPositiveInteger,
      "a positive integer (years a year's records are kept after it ended)",
    ),
    ...acceptedGroundsProblems(value),
    ...unless(
      value.keyHolder !== false || value.mayJoinWithoutKeyHolding === true,
      ['mayJoinWithoutKeyHolding'],
      'must be true when keyHolder is false: an organisation without a key share could otherwise take part in no query',
    ),
  ];
}

export const catalogProblems = (value: unknown): string[] => checkCatalog(value).map(problemText);
export const platformPolicyProblems = (value: unknown): string[] => checkPlatformPolicy(value).map(problemText);
export const organisationPolicyProblems = (value: unknown, catalog: Catalog): string[] =>
  checkOrganisationPolicy(value, catalog).map(problemText);
