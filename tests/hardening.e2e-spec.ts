import { signRequest } from '@bfa/access';
import { AuditEntry } from '@bfa/audit';
import { subjects } from '@bfa/protocol';
import {
  AnalystClient,
  EthicsBoardClient,
  http,
  HttpError,
  loadIdentity,
  SignedHttp,
  StewardClient,
} from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { RawNats } from './support/raw-nats';
import { startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';

const QUERY = {
  ...DEMO_GROUNDS,
  dataset: 'risk_signals',
  measure: { kind: 'count' as const },
  groupBy: ['wijk'],
  purpose: 'Hardening test: what an analyst may type and what a steward then reads',
};

/** A body as raw text, with the headers a known principal would sign (over another body: the server must not get as far as checking). */
async function postRaw(
  url: string,
  path: string,
  body: string,
  identity: { id: string; secretKey: string },
): Promise<{ status: number; body: any }> {
  const headers = {
    'content-type': 'application/json',
    ...signRequest({ method: 'POST', path, body: { placeholder: true } }, identity),
  };
  const response = await fetch(`${url}${path}`, { method: 'POST', headers, body });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

const statusOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (error: HttpError) => error.status,
  );

const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

/** Unproven requests are counted per wall-clock minute: start a flood well inside one. */
async function startOfAMinute(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
}

describe('hardening: unreadable JSON, unproven floods, hidden characters, the randomizer pool', () => {
  let cluster: LocalCluster;
  let analyst: AnalystClient;
  let ethicsBoard: EthicsBoardClient;
  let analystKey: { id: string; secretKey: string };
  const steward = (org: string, nodeOrg = org) =>
    new StewardClient(cluster.nodes[nodeOrg].url, cluster.nodes[org].stewardKeyFile);

  beforeAll(async () => {
    cluster = await startTestCluster('hardening');
    analystKey = loadIdentity(cluster.users['analyst.smartstart']);
    analyst = new AnalystClient(cluster.coordinatorUrl, analystKey);
    ethicsBoard = new EthicsBoardClient(cluster.coordinatorUrl, loadIdentity(cluster.users['ethics.board']));
  });

  afterAll(() => cluster?.stop());

  describe('deeply nested or non-finite JSON is a 400 before any signature work, never a 500', () => {
    it.each([
      [
        '1e999 (Infinity)',
        `{"dataset":"risk_signals","purpose":1e999}`,
        /number is out of range \(Infinity\): JSON numbers must be finite/,
      ],
      ['-1e999 deep inside', `{"filters":[{"field":"year","op":"eq","value":-1e999}]}`, /out of range \(-Infinity\)/],
      ['40,000 levels of arrays', `{"groupBy":${nested(40_000)}}`, /nested deeper than 64 levels/],
    ])('coordinator POST /queries with %s', async (_what, body, reason) => {
      const answer = await postRaw(cluster.coordinatorUrl, '/queries', body, analystKey);
      expect(answer).toEqual({
        status: 400,
        body: { statusCode: 400, error: 'Bad Request', message: [expect.stringMatching(reason)] },
      });
    });

    it("a node's steward API the same, signed or not, and both processes stay up", async () => {
      const stewardKey = loadIdentity(cluster.nodes.ggd.stewardKeyFile);
      const path = '/steward/queries/00000000-0000-4000-8000-000000000000/decision';
      for (const body of ['{"decision":"approve","decidedAt":1e999}', `{"reason":${nested(40_000, '"x"')}}`]) {
        expect((await postRaw(cluster.nodes.ggd.url, path, body, stewardKey)).status).toBe(400);
        const unsigned = await fetch(`${cluster.nodes.ggd.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        expect(unsigned.status).toBe(400);
      }
      expect(await http(`${cluster.nodes.ggd.url}/health`)).toEqual({ status: 'up' });
      expect(await http(`${cluster.coordinatorUrl}/health`)).toEqual({ status: 'up' });
    });

    it('NATS: a node refuses such a message with a clear reason instead of an internal error', async () => {
      const nats = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts.coordinator);
      try {
        const subject = subjects.proposal('ggd');
        const deep = await nats.requestRaw(
          subject,
          `{"pattern":"${subject}","data":{"envelope":${nested(100_000)}},"id":"deep"}`,
        );
        expect(deep.response).toEqual({
          ok: false,
          reason: 'invalid message: refused message: JSON nested deeper than 64 levels',
        });
        const infinite = await nats.requestRaw(
          subject,
          `{"pattern":"${subject}","data":{"nonce":"00","sentAt":"x","signature":"AA==","envelope":{"minCellSize":1e999}},"id":"inf"}`,
        );
        expect(infinite.response).toEqual({
          ok: false,
          reason: expect.stringContaining('JSON numbers must be finite'),
        });
      } finally {
        await nats.close();
      }
    });
  });

  describe('free text refuses control and bidi characters, naming the field', () => {
    it.each([
      [
        'a right-to-left override in the purpose',
        { ...QUERY, purpose: `${QUERY.purpose} \u202Egnidnuf fo kcab` },
        /^purpose must be plain text: it contains U\+202E at position \d+/,
      ],
      [
        "a newline in the purpose (a forged line in the steward's inbox)",
        { ...QUERY, purpose: `${QUERY.purpose}\nApproved by the ethics board` },
        /^purpose must be plain text: it contains U\+000A/,
      ],
      [
        'an isolate in a filter value',
        { ...QUERY, filters: [{ field: 'year', op: 'eq' as const, value: '2024\u2066' }] },
        /^filters\.0\.value must be plain text: it contains U\+2066/,
      ],
    ])('an analyst submitting %s gets a 400', async (_what, spec, reason) => {
      await expect(analyst.submit(spec)).rejects.toMatchObject({
        status: 400,
        body: { message: [expect.stringMatching(reason)] },
      });
    });

    it("a combination factor's label, and a steward's reason", async () => {
      const combination = {
        ...DEMO_GROUNDS,
        dataset: 'children_households',
        measure: { kind: 'count' as const },
        groupBy: ['wijk'],
        purpose: QUERY.purpose,
        combination: {
          factors: [
            { dataset: 'pupils', label: 'weight\u200F' },
            { dataset: 'health_monitor', label: 'a parent in care' },
          ],
        },
      };
      await expect(analyst.submit(combination)).rejects.toMatchObject({
        status: 400,
        body: {
          message: [expect.stringMatching(/^combination\.factors\.0\.label must be plain text: it contains U\+200F/)],
        },
      });
      const { id } = await analyst.submit(QUERY);
      await expect(steward('ggd').decide(id, 'reject', 'not\u202Edevorppa')).rejects.toMatchObject({
        status: 400,
        body: { message: [expect.stringMatching(/^reason must be plain text: it contains U\+202E at position 4/)] },
      });
      await steward('ggd').decide(id, 'reject', 'purpose too broad for health data');
      expect((await analyst.waitForState(id, ['rejected'])).reason).toContain('purpose too broad for health data');
    });
  });

  describe('GET /randomizers on a node needs a signature: its own stewards and the ethics board', () => {
    it('answers them, and refuses everyone else', async () => {
      const ggd = cluster.nodes.ggd.url;
      const status = await steward('ggd').http.get<{ ready: number; target: number }>('/randomizers');
      expect(status).toMatchObject({ ready: expect.any(Number), target: expect.any(Number) });
      expect(await statusOf(new SignedHttp(ggd, ethicsBoard.http.identity).get('/randomizers'))).toBe(200);
      await expect(http(`${ggd}/randomizers`)).rejects.toMatchObject({
        status: 401,
        body: { message: expect.stringContaining('sign the request') },
      });
      await expect(new SignedHttp(ggd, analystKey).get('/randomizers')).rejects.toMatchObject({ status: 403 });
      await expect(steward('gemeente', 'ggd').http.get('/randomizers')).rejects.toMatchObject({
        status: 403,
        body: { message: expect.stringContaining('not of ggd') },
      });
    });
  });

  describe('a flood of refused requests is counted (unsigned ones also limited), not logged request by request', () => {
    const summaries = (log: AuditEntry[]) => log.filter((e) => e.type === 'access.refused.summary');

    it('200 unsigned requests: 401s then 429s, at most two new audit entries, signed requests from the same address still pass', async () => {
      await startOfAMinute();
      const before = (await ethicsBoard.audit()).length;
      const statuses: number[] = [];
      const bodies: unknown[] = [];
      for (let i = 0; i < 200; i++) {
        const response = await fetch(`${cluster.coordinatorUrl}/queries`);
        statuses.push(response.status);
        bodies.push(await response.json());
      }
      const firstLimited = statuses.indexOf(429);
      expect(firstLimited).toBeGreaterThan(0);
      expect(firstLimited).toBeLessThanOrEqual(60);
      expect(statuses.slice(0, firstLimited).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(firstLimited).every((s) => s === 429)).toBe(true);
      expect(bodies[0]).toMatchObject({ message: expect.stringContaining('sign the request') });
      expect(bodies[199]).toMatchObject({
        statusCode: 429,
        message: expect.stringContaining('too many unsigned or refused requests from 127.0.0.1'),
      });
      expect((await analyst.queries()).length).toBeGreaterThan(0);
      const log = await ethicsBoard.audit();
      expect(log.length - before).toBeLessThanOrEqual(2);
      expect(log.slice(before).filter((e) => e.type === 'access.refused')).toEqual([
        expect.objectContaining({
          actor: 'anonymous',
          details: expect.objectContaining({ status: 401, source: '127.0.0.1' }),
        }),
      ]);
    });

    it('a node limits the same way', async () => {
      await startOfAMinute();
      const statuses: number[] = [];
      for (let i = 0; i < 80; i++) statuses.push((await fetch(`${cluster.nodes.gemeente.url}/steward/queries`)).status);
      expect(statuses[0]).toBe(401);
      expect(statuses.at(-1)).toBe(429);
      expect((await steward('gemeente').inbox()).length).toBeGreaterThanOrEqual(0);
    });

    it('a known principal refused 30 times in a minute (403) is logged in full ten times, never limited', async () => {
      await startOfAMinute();
      const other = new SignedHttp(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.other']));
      const before = (await ethicsBoard.audit()).length;
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push(await statusOf(other.get('/audit')));
      expect(statuses.every((s) => s === 403)).toBe(true);
      const added = (await ethicsBoard.audit()).slice(before).filter((e) => e.actor === 'analyst.other');
      expect(added.filter((e) => e.type === 'access.refused')).toHaveLength(10);
    });

    it("once the minute is over, the coordinator's audit log has one summary per address and per principal with the count by kind", async () => {
      const deadline = Date.now() + 80_000;
      let log: AuditEntry[] = [];
      const unsigned = () => summaries(log).find((e) => e.details.source === '127.0.0.1');
      const forbidden = () => summaries(log).find((e) => e.actor === 'analyst.other');
      while (!(unsigned() && forbidden()) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        log = await ethicsBoard.audit();
      }
      expect(unsigned()).toMatchObject({
        actor: 'anonymous',
        details: {
          source: '127.0.0.1',
          requests: expect.any(Number),
          byKind: { unsigned: expect.any(Number), 'too many': expect.any(Number) },
        },
      });
      const byKind = unsigned()!.details.byKind as Record<string, number>;
      expect(byKind.unsigned + byKind['too many']).toBeGreaterThanOrEqual(200);
      expect(forbidden()).toMatchObject({
        details: { source: 'analyst.other', requests: 30, byKind: { forbidden: 30 } },
      });
      expect(await ethicsBoard.verify()).toMatchObject({ valid: true });
    });
  });
});
