import { DPIA_REFERENCE, LEGAL_BASIS_ID } from '@bfa/protocol';
import { PolicyPath, PolicyProblem } from './policy-document';

type Json = Record<string, unknown>;
type Problems = PolicyProblem[];

const BASIS_KEYS = ['label', 'article', 'law'];
const DPIA_KEYS = ['reference', 'title', 'reviewDate'];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): boolean => typeof v === 'string' && v.trim().length > 0 && !/[\n\r]/.test(v);
const problem = (path: PolicyPath, message: string): PolicyProblem => ({ path, message });
const unless = (ok: boolean, path: PolicyPath, message: string): Problems => (ok ? [] : [problem(path, message)]);

/** A calendar date written YYYY-MM-DD that exists (no 2027-02-30). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function unknownKeys(path: PolicyPath, value: Json, allowed: string[]): Problems {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => problem([...path, key], `unknown key "${key}"; allowed here: ${allowed.join(', ')}`));
}

function text(value: Json, key: string, path: PolicyPath, required: boolean): Problems {
  if (value[key] === undefined)
    return required ? [problem([...path, key], 'missing: required, a non-empty text on one line')] : [];
  return unless(isText(value[key]), [...path, key], 'must be a non-empty text on one line');
}

function legalBasisProblems(path: PolicyPath, id: string, basis: unknown): Problems {
  const idProblems = unless(
    LEGAL_BASIS_ID.test(id),
    path,
    'invalid legal basis id (lower case letters, digits, - and _, e.g. avg-6-1-e-jeugdwet)',
  );
  if (!isObject(basis)) return [...idProblems, problem(path, 'must be a mapping (label, article, law)')];
  return [
    ...idProblems,
    ...unknownKeys(path, basis, BASIS_KEYS),
    ...text(basis, 'label', path, true),
    ...text(basis, 'article', path, true),
    ...text(basis, 'law', path, false),
  ];
}

/** platform.yaml's `legalBases`: every basis a query may state, by id. */
export function legalBasesProblems(platform: Json): Problems {
  const bases = platform.legalBases;
  if (bases === undefined)
    return [problem(['legalBases'], 'missing: required, a mapping of legal basis id to its label, article and law')];
  if (!isObject(bases) || Object.keys(bases).length === 0)
    return [problem(['legalBases'], 'must be a non-empty mapping of legal basis id to its label, article and law')];
  return Object.entries(bases).flatMap(([id, basis]) => legalBasisProblems(['legalBases', id], id, basis));
}

function dpiaProblems(path: PolicyPath, dpia: unknown): Problems {
  if (!isObject(dpia)) return [problem(path, 'must be a mapping (reference, reviewDate, title)')];
  return [
    ...unknownKeys(path, dpia, DPIA_KEYS),
    ...unless(
      typeof dpia.reference === 'string' && DPIA_REFERENCE.test(dpia.reference),
      [...path, 'reference'],
      'must be a DPIA reference (letters, digits, . _ / -, e.g. DPIA-SMARTSTART-2026-01)',
    ),
    ...unless(
      isIsoDate(dpia.reviewDate),
      [...path, 'reviewDate'],
      'must be a date written YYYY-MM-DD, in quotes or not (the last day the DPIA covers queries)',
    ),
    ...text(dpia, 'title', path, false),
  ];
}

function listed(list: unknown[], path: PolicyPath, key: (item: unknown) => unknown): Problems {
  const keys = list.map(key);
  return keys.flatMap((k, i) =>
    unless(k === undefined || keys.indexOf(k) === i, [...path, i], `${JSON.stringify(k)} is listed twice`),
  );
}

/** An organisation's `legalBases` (ids of the platform's) and `dpias` (reference and review date each). */
export function acceptedGroundsProblems(organisation: Json): Problems {
  const { legalBases, dpias } = organisation;
  const basesOk =
    Array.isArray(legalBases) &&
    legalBases.length > 0 &&
    legalBases.every((id) => typeof id === 'string' && LEGAL_BASIS_ID.test(id));
  const problems = unless(
    basesOk,
    ['legalBases'],
    `${legalBases === undefined ? 'missing: required, ' : 'must be '}a non-empty list of the platform's legal basis ids this partner takes part on`,
  );
  if (basesOk) problems.push(...listed(legalBases as unknown[], ['legalBases'], (id) => id));
  if (!Array.isArray(dpias) || dpias.length === 0) {
    return [
      ...problems,
      problem(
        ['dpias'],
        `${dpias === undefined ? 'missing: required, ' : 'must be '}a non-empty list of the DPIAs this partner accepts (reference and reviewDate each)`,
      ),
    ];
  }
  return [
    ...problems,
    ...dpias.flatMap((dpia, i) => dpiaProblems(['dpias', i], dpia)),
    ...listed(dpias, ['dpias'], (dpia) => (isObject(dpia) ? dpia.reference : undefined)),
  ];
}
