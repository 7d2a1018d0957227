import { readFileSync } from 'node:fs';
import { Document, isMap, isScalar, isSeq, LineCounter, Node, parseDocument, visit, YAMLError } from 'yaml';
import { PolicyFileError } from './policy-error';

/** Where a setting sits in a policy: keys of mappings and indexes of lists, e.g. datasets.pupils.holders.0. */
export type PolicyPath = (string | number)[];

export interface PolicyProblem {
  path: PolicyPath;
  message: string;
}

/** A parsed policy file (YAML, or JSON, which is YAML too) that still knows where every setting came from. */
export interface PolicyDocument {
  file: string;
  value: unknown;
  /** Each problem as "line 4, column 3, datasets.pupils.table: must be a table name", in the order of the file. */
  describe(problems: PolicyProblem[]): string[];
}

export const pathText = (path: PolicyPath): string => path.join('.');

/** Reads and parses one policy file; a syntax error or duplicate key refuses it with every such problem's line. */
export function readPolicyDocument(file: string): PolicyDocument {
  const text = readSource(file);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const describe = (problems: PolicyProblem[]) =>
    problems
      .map((problem) => ({ offset: offsetOf(doc, problem.path), problem }))
      .sort((a, b) => a.offset - b.offset)
      .map(({ offset, problem }) => `${position(lines, offset)}${problemText(problem)}`);
  const syntax = [...doc.errors, ...doc.warnings];
  if (syntax.length > 0)
    throw new PolicyFileError(
      file,
      syntax.map((error) => syntaxProblem(doc, lines, error)),
    );
  return { file, value: documentValue(doc, file), describe };
}

/** The document as plain values; a file whose aliases expand past the parser's limit (a YAML bomb) is refused, not thrown. */
function documentValue(doc: Document, file: string): unknown {
  try {
    return doc.toJS();
  } catch (error) {
    throw new PolicyFileError(file, [`can't be read: ${(error as Error).message}`]);
  }
}

export function problemText({ path, message }: PolicyProblem): string {
  return path.length === 0 ? message : `${pathText(path)}: ${message}`;
}

function readSource(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new PolicyFileError(file, [`can't be read: ${(error as Error).message}`]);
  }
}

function position(lines: LineCounter, offset: number): string {
  const { line, col } = lines.linePos(offset);
  return `line ${line}, column ${col}, `;
}

function syntaxProblem(doc: Document, lines: LineCounter, error: YAMLError): string {
  const at = position(lines, error.pos[0]);
  if (error.code !== 'DUPLICATE_KEY') return `${at}syntax error: ${error.message}`;
  const key = keyAt(doc, error.pos[0]);
  return `${at}${key ?? 'a key'}: duplicate key${key ? ` "${key}"` : ''}; each setting may appear only once per mapping`;
}

function keyAt(doc: Document, offset: number): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) found = String(pair.key.value);
    },
  });
  return found;
}

/** The start of the deepest part of `path` that exists: the key of a setting, an item of a list, else its parent. */
function offsetOf(doc: Document, path: PolicyPath): number {
  let node = doc.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof step === 'number' && node.items[step]) {
      node = node.items[step] as Node;
      offset = node.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}
