import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { signRequest } from '@bfa/access';
import { generateSigningKeyPair } from '@bfa/crypto';
import { signCoordinatorMessage, subjects } from '@bfa/protocol';
import { LocalCluster } from '../deploy/local/cluster';
import { loadIdentity } from '../deploy/local/clients';
import { RawNats } from './support/raw-nats';
import { sqliteAll } from './support/sqlite';
import { COMBINATION_SCALE, startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';

/**
 * One small cluster, ~10,000 generated and mutated requests and messages at every HTTP endpoint and NATS handler of
 * the coordinator and the nodes. None may answer 5xx (or, over NATS, "internal error"), stop a process, or change
 * what is stored, but for the refusals the platform logs by design.
 */

/** What the platform writes into an audit log when it refuses something: the only entries a fuzzed request may add. */
const REFUSAL_ENTRIES = [
  'access.refused',
  'access.refused.summary',
  'query.refused',
  'execution.refused',
  'decryption.refused',
];
/** Written every minute whatever arrives: a party logging another log's signed head it has been sent. */
const PERIODIC_ENTRIES = ['head.witnessed'];

/**
 * The audit log is compared by its head below (the old head still there with the same hash, only refusals after
 * it); audit_heads keeps the other logs' latest heads, exchanged every minute: only its writers are compared.
 */
const CHANGING = ['audit_log', 'audit_heads'];

/** How many runs each property gets: together ≈ 10,000 requests and messages. */
const RUNS = {
  queries: 1500,
  rawCoordinator: 700,
  coordinatorGets: 1400,
  decision: 800,
  importData: 800,
  rawNode: 600,
  nodeGets: 1400,
  badlySigned: 1000,
  nats: 1800,
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Principal = { id: string; secretKey: string };

const VALID_QUERY = {
  ...DEMO_GROUNDS,
  dataset: 'risk_signals',
  measure: { kind: 'count' },
  groupBy: ['wijk', 'age_band'],
  filters: [{ field: 'year', op: 'eq', value: 2024 }],
  purpose: 'Fuzz: signals per wijk and age band',
};
const VALID_DECISION = {
  decision: 'reject',
  reason: 'not for this purpose',
  decidedAt: '2026-11-30T12:00:00.000Z',
  signature: 'c2lnbmF0dXJl',
};
const VALID_IMPORT = {
  fileName: 'export.csv',
  content: Buffer.from('Kolom;Andere\n1;2\n').toString('base64'),
  dataset: 'children_households',
  mapping: 'gemeente',
  checkOnly: true,
};

/** Every path to a value inside `value`, as keys. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string, Json>)[key], [...prefix, key]))];
}

const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

const anyJson: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    2 ** 64,
    -0,
    0.1,
    '',
    '\u0000',
    '\u202e',
    'x'.repeat(100_000),
    [],
    {},
  ),
);

type Mutation = { op: 'retype' | 'unknown' | 'drop'; at: number; value: Json; key: string };
const mutation = fc.record({
  op: fc.constantFrom<Mutation['op']>('retype', 'unknown', 'drop'),
  at: fc.nat(),
  value: anyJson,
  key: fc.string({ minLength: 1, maxLength: 20 }),
});

/**
 * The base with one change: a value replaced by one of another type, an unknown field, or a field dropped. Where
 * `safe` says a path or an operation could leave a valid request (one that would store something), it is not used.
 */
function mutate(
  base: Json,
  m: Mutation,
  safe: (path: (string | number)[], op: Mutation['op']) => boolean = () => true,
): Json {
  const copy = structuredClone(base);
  const candidates = paths(copy).filter(
    (path) => safe(path, m.op) && (m.op === 'retype' || path.length > 0 || m.op === 'unknown'),
  );
  if (candidates.length === 0) return m.value;
  const path = candidates[m.at % candidates.length];
  if (path.length === 0)
    return m.op === 'unknown' && copy && typeof copy === 'object' && !Array.isArray(copy)
      ? { ...copy, [`x${m.key}`]: m.value }
      : m.value;
  const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], copy);
  const last = path[path.length - 1];
  if (m.op === 'drop') Array.isArray(parent) ? parent.splice(Number(last), 1) : delete parent[last];
  else if (m.op === 'unknown' && parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last]))
    parent[last][`x${m.key}`] = m.value;
  else parent[last] = kind(m.value) === kind(parent[last]) ? [m.value] : m.value;
  return copy;
}

/** Bytes that are not a JSON body a controller could take: broken, truncated, too deep, numbers JSON can't carry. */
const rawBody = (valid: object) =>
  fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.nat().map((n) => JSON.stringify(valid).slice(0, n % JSON.stringify(valid).length)),
    fc.integer({ min: 60, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
    fc.integer({ min: 60, max: 5_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
    fc.constantFrom(
      '1e999',
      '{"a":-1e400}',
      '[123456789012345678901234567890e300]',
      '{"__proto__":{"polluted":1}}',
      '{"constructor":{"prototype":{}}}',
      'null',
      '"',
      '\u0000',
      '{"a":1,"a":2}',
    ),
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  );

/** A path segment where an id goes, or a query string value: ids that are not, traversal, broken escapes, long. */
const segment = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 60 }).map(encodeURIComponent),
  fc.constantFrom(
    '..',
    '%2e%2e',
    '%zz',
    '%00',
    '%',
    'null',
    '-1',
    '1e999',
    'a'.repeat(5_000),
    '__proto__',
    '%E2%80%AE',
    '..%2F..%2Fetc%2Fpasswd',
  ),
);

describe('fuzz: generated and mutated requests at every endpoint and NATS handler', () => {
  let cluster: LocalCluster;
  let before: Snapshot;
  let analyst: Principal;
  let ethics: Principal;
  let stewards: Record<string, Principal>;
  const findings: string[] = [];
  const resent: string[] = [];
  let sent = 0;

  beforeAll(async () => {
    cluster = await startTestCluster('fuzz', { scale: COMBINATION_SCALE });
    analyst = loadIdentity(cluster.users['analyst.smartstart']);
    ethics = loadIdentity(cluster.users['ethics.board']);
    stewards = Object.fromEntries(
      Object.values(cluster.nodes).map((node) => [node.org, loadIdentity(node.stewardKeyFile)]),
    );
    before = await snapshot(cluster);
  }, 600_000);

  afterAll(() => cluster?.stop());

  const orgs = () => Object.keys(cluster.nodes);

  /**
   * fetch, and once more if the connection failed: a kept-alive connection the server closed just as it was reused
   * fails once with no process gone (each is counted and shown). fetch's errors come from outside jest's realm (not
   * `instanceof Error` here), so the outcome says which it is.
   */
  async function fetchOnceMore(
    url: string,
    init: RequestInit,
    what: string,
  ): Promise<{ answer: Response } | { failed: Error }> {
    const attempt = () =>
      fetch(url, init).then(
        (answer) => ({ answer }),
        (failed: Error) => ({ failed }),
      );
    const first = await attempt();
    if (!('failed' in first)) return first;
    resent.push(`${what}: ${first.failed.message} (${String((first.failed as { cause?: unknown }).cause)})`);
    return attempt();
  }

  /** Sends one request and records a 5xx (or a connection that failed: a process gone) as a finding. */
  async function send(
    what: string,
    url: string,
    init: { method: string; body?: string; headers?: Record<string, string> },
  ): Promise<number> {
    sent++;
    const response = await fetchOnceMore(
      url,
      { method: init.method, body: init.body, headers: { 'content-type': 'application/json', ...init.headers } },
      what,
    );
    if ('failed' in response) {
      findings.push(
        `${what}: ${init.method} ${url.slice(0, 200)}: ${response.failed.message} (${String((response.failed as { cause?: unknown }).cause)})`,
      );
      return 0;
    }
    const text = await response.answer.text();
    if (response.answer.status >= 500)
      findings.push(
        `${what}: ${init.method} ${url.slice(0, 200)} body ${String(init.body).slice(0, 300)} → ${response.answer.status} ${text.slice(0, 300)}`,
      );
    return response.answer.status;
  }

  function signed(
    what: string,
    base: string,
    method: string,
    path: string,
    body: Json | undefined,
    as: Principal | undefined,
  ): Promise<number> {
    const headers = as ? signRequest({ method, path, body }, as) : {};
    return send(what, `${base}${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers,
    });
  }

  const signer = () =>
    fc.constantFrom<'analyst' | 'ethics' | 'steward' | 'none'>('analyst', 'ethics', 'steward', 'none');
  const principal = (who: 'analyst' | 'ethics' | 'steward' | 'none', org: string) =>
    who === 'analyst' ? analyst : who === 'ethics' ? ethics : who === 'steward' ? stewards[org] : undefined;

  it('coordinator: POST /queries with mutated and broken bodies, GETs with generated ids and query strings', async () => {
    // A filter's value replaced or a field dropped can leave a valid query (that would be stored): only other changes.
    const invalidating = (path: (string | number)[], op: Mutation['op']) =>
      op !== 'drop' && !(path[0] === 'filters' && path[2] === 'value') && (op !== 'unknown' || path.length === 0);
    await fc.assert(
      // null reads as absent for an optional field (filters): not a change that is sure to be refused.
      fc.asyncProperty(
        mutation.filter((m) => m.value !== null),
        async (m) => {
          await signed(
            'POST /queries (analyst, mutated)',
            cluster.coordinatorUrl,
            'POST',
            '/queries',
            mutate(VALID_QUERY as Json, m, invalidating),
            analyst,
          );
        },
      ),
      { numRuns: RUNS.queries },
    );
    await fc.assert(
      fc.asyncProperty(rawBody(VALID_QUERY), async (body) => {
        await send('POST /queries (raw)', `${cluster.coordinatorUrl}/queries`, {
          method: 'POST',
          body,
          headers: signRequest({ method: 'POST', path: '/queries', body: VALID_QUERY }, analyst),
        });
      }),
      { numRuns: RUNS.rawCoordinator },
    );
    const routes = [
      '/queries',
      '/queries/:id',
      '/queries/:id/release',
      '/catalog',
      '/principal',
      '/audit',
      '/audit/verify',
      '/audit/heads',
      '/audit/export',
      '/audit/nodes',
      '/health',
      '/health/ready',
      '/metrics',
      '/:id',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        segment,
        fc.option(fc.tuple(fc.constantFrom('state', 'queryId', 'id', 'limit', '__proto__'), segment)),
        signer(),
        async (route, id, query, who) => {
          const path = route.replace(':id', id) + (query ? `?${query[0]}=${query[1]}` : '');
          await signed('coordinator GET', cluster.coordinatorUrl, 'GET', path, undefined, principal(who, 'ggd'));
        },
      ),
      { numRuns: RUNS.coordinatorGets },
    );
  });

  it("nodes: the steward's decision and import with mutated and broken bodies, GETs with generated ids and query strings", async () => {
    const org = fc.constantFrom(...orgs());
    await fc.assert(
      fc.asyncProperty(org, segment, mutation, async (at, id, m) => {
        await signed(
          'POST decision (steward, mutated)',
          cluster.nodes[at].url,
          'POST',
          `/steward/queries/${id}/decision`,
          mutate(VALID_DECISION, m),
          stewards[at],
        );
      }),
      { numRuns: RUNS.decision },
    );
    // The import is always a check or a file no mapping fits: a mutation never writes records.
    const noWrite = (path: (string | number)[], op: Mutation['op']) =>
      !(path[0] === 'checkOnly' || path[0] === 'content') || op === 'unknown';
    await fc.assert(
      fc.asyncProperty(org, mutation, async (at, m) => {
        await signed(
          'POST /steward/data/import (steward, mutated)',
          cluster.nodes[at].url,
          'POST',
          '/steward/data/import',
          mutate(VALID_IMPORT as Json, m, noWrite),
          stewards[at],
        );
      }),
      { numRuns: RUNS.importData },
    );
    await fc.assert(
      fc.asyncProperty(
        org,
        fc.constantFrom(
          '/steward/data/import',
          `/steward/queries/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/decision`,
        ),
        rawBody(VALID_IMPORT),
        async (at, path, body) => {
          await send('node POST (raw)', `${cluster.nodes[at].url}${path}`, {
            method: 'POST',
            body,
            headers: signRequest({ method: 'POST', path, body: VALID_IMPORT }, stewards[at]),
          });
        },
      ),
      { numRuns: RUNS.rawNode },
    );
    const routes = [
      '/steward/queries',
      '/steward/queries/:id',
      '/steward/data/profile',
      '/randomizers',
      '/audit',
      '/audit/verify',
      '/audit/heads',
      '/audit/export',
      '/health',
      '/health/ready',
      '/metrics',
      '/:id',
      '/console/:id',
    ];
    await fc.assert(
      fc.asyncProperty(
        org,
        fc.constantFrom(...routes),
        segment,
        fc.option(fc.tuple(fc.constantFrom('state', 'dataset', 'id', '__proto__'), segment)),
        signer(),
        async (at, route, id, query, who) => {
          const path = route.replace(':id', id) + (query ? `?${query[0]}=${query[1]}` : '');
          await signed('node GET', cluster.nodes[at].url, 'GET', path, undefined, principal(who, at));
        },
      ),
      { numRuns: RUNS.nodeGets },
    );
  });

  it('every endpoint: unsigned, stale, replayed, forged and unknown-principal requests', async () => {
    const stranger = { id: 'analyst.smartstart', secretKey: generateSigningKeyPair().secretKey };
    const unknown = { id: 'nobody', secretKey: generateSigningKeyPair().secretKey };
    const endpoints = () => [
      // Its first sending must pass the signature check (to be replayed) and still store nothing: a dataset the catalog lacks.
      {
        base: cluster.coordinatorUrl,
        method: 'POST',
        path: '/queries',
        body: { ...VALID_QUERY, dataset: 'no_such_dataset' } as Json,
        as: analyst,
      },
      { base: cluster.coordinatorUrl, method: 'GET', path: '/audit', body: undefined, as: ethics },
      ...orgs().flatMap((org) => [
        {
          base: cluster.nodes[org].url,
          method: 'POST',
          path: `/steward/queries/${'1'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/decision`,
          body: VALID_DECISION as Json,
          as: stewards[org],
        },
        {
          base: cluster.nodes[org].url,
          method: 'POST',
          path: '/steward/data/import',
          body: VALID_IMPORT as Json,
          as: stewards[org],
        },
        { base: cluster.nodes[org].url, method: 'GET', path: '/steward/queries', body: undefined, as: stewards[org] },
      ]),
    ];
    const tamper = fc.constantFrom(
      'unsigned',
      'stale',
      'future',
      'forged',
      'other key',
      'unknown principal',
      'replayed',
      'garbage headers',
    );
    await fc.assert(
      fc.asyncProperty(fc.nat(), tamper, fc.string({ maxLength: 100 }), async (pick, how, junk) => {
        const all = endpoints();
        const e = all[pick % all.length];
        const at =
          how === 'stale'
            ? new Date(Date.now() - 3_600_000)
            : how === 'future'
              ? new Date(Date.now() + 3_600_000)
              : new Date();
        const as = how === 'other key' ? stranger : how === 'unknown principal' ? unknown : e.as;
        let headers: Record<string, string> =
          how === 'unsigned' ? {} : signRequest({ method: e.method, path: e.path, body: e.body }, as, at);
        if (how === 'forged') headers = { ...headers, 'x-bfa-signature': randomBytes(64).toString('base64') };
        if (how === 'garbage headers')
          headers = Object.fromEntries(Object.keys(headers).map((name) => [name, encodeURIComponent(junk)]));
        const body = e.body === undefined ? undefined : JSON.stringify(e.body);
        await send(`${how} ${e.method} ${e.path}`, `${e.base}${e.path}`, { method: e.method, body, headers });
        if (how === 'replayed')
          await send(`replayed ${e.method} ${e.path}`, `${e.base}${e.path}`, { method: e.method, body, headers });
      }),
      { numRuns: RUNS.badlySigned },
    );
  });

  it('NATS: mutated, unsigned, forged and broken messages on every subject the nodes and the coordinator hear', async () => {
    const asCoordinator = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts.coordinator);
    const asNodes = Object.fromEntries(
      await Promise.all(
        orgs().map(async (org) => [org, await RawNats.connect(cluster.natsUrl, cluster.natsAccounts[org])] as const),
      ),
    );
    const forger = generateSigningKeyPair().secretKey;
    const nodeSubjects = (org: string) =>
      [
        subjects.proposal,
        subjects.execute,
        subjects.partialDecryption,
        subjects.contributionChunk,
        subjects.combinationStart,
        subjects.combinationApply,
        subjects.combinationFinish,
        subjects.hopChunkFetch,
        subjects.hopChunkDeliver,
        subjects.hopSend,
        subjects.hopChunkPushed,
        subjects.combinationDecryption,
        subjects.auditHead,
        subjects.heartbeat,
      ].map((subject) => subject(org));
    const template = {
      envelope: {
        id: '3f2c1b7e-1111-4222-8333-444455556666',
        spec: VALID_QUERY,
        requester: 'analyst.smartstart',
        dataHolders: ['ggd'],
        keyHolders: ['ggd'],
      },
      approvals: [],
      contributions: [],
      aggregate: {},
      queryId: '3f2c1b7e-1111-4222-8333-444455556666',
      chunk: 0,
    };
    const decision = {
      decision: {
        statement: {
          queryId: '3f2c1b7e-1111-4222-8333-444455556666',
          queryHash: 'ab'.repeat(32),
          org: 'ggd',
          decision: 'approve',
          reason: '',
          decidedAt: '2026-11-30T12:00:00.000Z',
        },
        signature: 'c2ln',
      },
    };
    const unanswered: string[] = [];
    // Found by this suite: 100,000 unknown fields held a node's event loop for 12 s; now refused before validation.
    const wide = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [String(i), 'x']));
    const started = Date.now();
    await expect(asCoordinator.requestAsIs(subjects.combinationDecryption('ggd'), wide, 5_000)).resolves.toEqual({
      ok: false,
      reason: 'invalid message: refused message: a JSON object has more than 1000 fields',
    });
    expect(Date.now() - started).toBeLessThan(3_000);
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...orgs()),
          fc.nat(),
          fc.constantFrom('mutated', 'forged', 'any', 'raw'),
          mutation,
          rawBody(template),
          async (org, pick, how, m, raw) => {
            const toCoordinator = pick % 13 === 12;
            const subject = toCoordinator ? subjects.decision : nodeSubjects(org)[pick % nodeSubjects(org).length];
            const nats = toCoordinator ? asNodes[org] : asCoordinator;
            sent++;
            if (how === 'raw') return nats.publishRaw(subject, raw);
            const base = toCoordinator ? decision : template;
            const mutated = mutate(base as Json, m);
            const data =
              how === 'any'
                ? m.value
                : how === 'forged'
                  ? signCoordinatorMessage(
                      subject,
                      kind(mutated) === 'object' ? (mutated as object) : { mutated },
                      forger,
                    )
                  : mutated;
            const reply = await nats
              .requestAsIs(subject, data, 5_000)
              .catch((error: { code?: string }) => ({ error: error.code }));
            // No answer in time, or no one listening any more; the server refusing a message past its size limit is neither.
            if (reply?.error === 'TIMEOUT' || reply?.error === '503')
              unanswered.push(`${subject} ${reply.error} ${JSON.stringify(data).slice(0, 200)}`);
            else if (typeof reply?.reason === 'string' && /internal error/.test(reply.reason))
              findings.push(`NATS ${subject} ${JSON.stringify(data).slice(0, 300)} → ${reply.reason}`);
          },
        ),
        { numRuns: RUNS.nats },
      );
    } finally {
      await Promise.all([asCoordinator, ...Object.values(asNodes)].map((nats) => nats.close()));
    }
    // A handler answers every well-formed packet; one that never does is a finding too.
    expect(unanswered).toEqual([]);
  });

  it('no 5xx and no internal error anywhere, every process still up, nothing stored but the refusals the platform logs', async () => {
    expect(findings).toEqual([]);
    for (const url of [cluster.coordinatorUrl, ...Object.values(cluster.nodes).map((n) => n.url)]) {
      const health = await fetchOnceMore(`${url}/health`, {}, 'health');
      expect([url, 'answer' in health ? health.answer.status : health.failed.message]).toEqual([url, 200]);
    }
    // Summaries of refusals are written every few seconds: wait for them, then compare.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const after = await snapshot(cluster);
    // No sqlite file made or removed, no table made or dropped, every table but the audit's the same rows.
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    const parties = ['coordinator', ...orgs()];
    const added: Record<string, Record<string, number>> = {};
    for (const [file, store] of Object.entries(before)) {
      const relative = file.slice(cluster.dir.length + 1);
      expect([relative, Object.keys(after[file].tables).sort()]).toEqual([relative, Object.keys(store.tables).sort()]);
      for (const [table, rows] of Object.entries(store.tables))
        if (!CHANGING.includes(table))
          expect([relative, table, after[file].tables[table]]).toEqual([relative, table, rows]);
      for (const writer of after[file].heldHeads)
        expect([relative, 'audit_heads', parties.includes(writer)]).toEqual([relative, 'audit_heads', true]);
      if (!store.head) continue;
      const since = await auditSince(file, store.head);
      expect([relative, 'audit head kept', since.head]).toEqual([relative, 'audit head kept', store.head]);
      added[relative] = since.added;
      for (const type of Object.keys(since.added))
        expect([relative, type, [...REFUSAL_ENTRIES, ...PERIODIC_ENTRIES].includes(type)]).toEqual([
          relative,
          type,
          true,
        ]);
    }
    for (const url of [cluster.coordinatorUrl, ...Object.values(cluster.nodes).map((n) => n.url)]) {
      const verified = await fetch(`${url}/audit/verify`, {
        headers: signRequest({ method: 'GET', path: '/audit/verify' }, ethics),
      }).then((r) => r.json());
      expect([url, verified]).toEqual([url, expect.objectContaining({ valid: true })]);
    }
    console.log(
      `fuzz: ${sent} requests and messages (${resent.length} sent again after a failed connection: ${JSON.stringify(resent.slice(0, 5))}); ${Object.keys(before).length} sqlite files unchanged but for audit entries added, by type: ${JSON.stringify(added)}`,
    );
    expect(sent).toBeGreaterThanOrEqual(10_000);
  });
});

interface AuditHead {
  length: number;
  seq: number;
  hash: string;
}

interface Snapshot {
  [file: string]: {
    /** Row count and a digest of every row, per table (sqlite_sequence included: an insert undone still moves it). */
    tables: Record<string, { rows: number; digest: string }>;
    /** The audit log's head: how many entries, the last one's seq and hash. */
    head?: AuditHead;
    /** Whose log heads audit_heads holds. */
    heldHeads: string[];
  };
}

/** Every sqlite file under the cluster's directory: the coordinator's store, each node's state, records and locks. */
function sqliteFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => name.endsWith('.sqlite'))
    .map((name) => join(dir, name))
    .sort();
}

async function snapshot(cluster: LocalCluster): Promise<Snapshot> {
  const result: Snapshot = {};
  for (const file of sqliteFiles(cluster.dir)) {
    const names = await sqliteAll<{ name: string }>(file, "SELECT name FROM sqlite_master WHERE type = 'table'");
    const tables: Snapshot[string]['tables'] = {};
    for (const { name } of names) {
      const rows = await sqliteAll(file, `SELECT * FROM "${name}" ORDER BY rowid`);
      tables[name] = { rows: rows.length, digest: createHash('sha256').update(JSON.stringify(rows)).digest('hex') };
    }
    const has = (table: string) => names.some((t) => t.name === table);
    const [last] = has('audit_log')
      ? await sqliteAll<{ seq: number; hash: string }>(
          file,
          'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
        )
      : [];
    const head = has('audit_log')
      ? { length: tables.audit_log.rows, seq: last?.seq ?? 0, hash: last?.hash ?? '' }
      : undefined;
    const heldHeads = has('audit_heads')
      ? (await sqliteAll<{ writer: string }>(file, 'SELECT writer FROM audit_heads')).map((r) => r.writer)
      : [];
    result[file] = { tables, head, heldHeads };
  }
  return result;
}

/** The log as it stands up to the earlier head (its length, seq and hash again if nothing was rewritten), and the entries added after it, by type. */
async function auditSince(file: string, head: AuditHead): Promise<{ head: AuditHead; added: Record<string, number> }> {
  const [kept] = await sqliteAll<{ length: number; hash: string | null }>(
    file,
    'SELECT COUNT(*) AS length, (SELECT hash FROM audit_log WHERE seq = ?) AS hash FROM audit_log WHERE seq <= ?',
    [head.seq, head.seq],
  );
  const added: Record<string, number> = {};
  for (const { type, n } of await sqliteAll<{ type: string; n: number }>(
    file,
    'SELECT type, COUNT(*) AS n FROM audit_log WHERE seq > ? GROUP BY type ORDER BY type',
    [head.seq],
  ))
    added[type] = n;
  return { head: { length: kept.length, seq: head.seq, hash: kept.hash ?? '' }, added };
}
