import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeRecordChunk,
  hopChunkHeader,
  marginDimensions,
  openSealedPseudonymSecret,
  pseudonym,
  PseudonymSecret,
} from '@bfa/combination';
import {
  attackerIntervals,
  checkProtection,
  coordinatesKey,
  crossTable,
  protectionRequirements,
} from '@bfa/disclosure';
import { cellGrid, loadPolicies } from '@bfa/policy';
import { canonicalHash, generateSigningKeyPair, openSealedBytes, SealedBox, signMessage } from '@bfa/crypto';
import { FramedChunk, PushedHopChunk, signCoordinatorMessage, signPushedChunk, subjects } from '@bfa/protocol';
import { AnalystClient, EthicsBoardClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { riskFactorCombination } from '../deploy/local/risk-factors';
import { launchChromium } from './support/console-browser';
import { ApiRelease, catalogWijken, checkReleaseView, openRelease, signInAsAnalyst } from './support/console-release';
import { RawNats } from './support/raw-nats';
import { sqliteAll } from './support/sqlite';
import { riskFactorTruth, RiskFactorTruth } from './support/risk-factor-truth';
import { RELEASED_COMBINATION_SCALE, coordinatorKey, startTestCluster } from './support/test-cluster';

type Cell = { coordinates: Record<string, string | number>; value: number | null; suppressed: boolean; rule?: string };
type Edition = { org: string; dataset: string; edition: string; years: number[]; importedAt: string };
type Table = {
  cells: Cell[];
  minCellSize: number;
  combination: { factors: { label: string }[] };
  protection: { rules: { rule: string; cells: number }[] };
  editions: Edition[];
};

/** The dataset each partner's step of the risk-factor combination reads. */
const FACTOR_DATASETS = {
  gemeente: 'children_households',
  ggd: 'health_monitor',
  schoolbestuur: 'pupils',
  sterkhuis: 'youth_care_trajectories',
};

/** Who sends each step of the chain (gemeente holds the population and the first factor). */
const CHAIN = ['gemeente', 'sterkhuis', 'ggd', 'schoolbestuur'];

/** A cell of the query's grid (wijk × age band), not one of its totals. */
const isGridCell = (cell: Cell) => /^WK/.test(String(cell.coordinates.wijk)) && cell.coordinates.age_band !== 'Totaal';

const purpose = 'Smart Start end-to-end test: children with risk factors at several partners, per wijk, for prevention';
const onAssistance = (value: boolean) => [{ field: 'social_assistance', op: 'eq' as const, value }];

/** Children of 2024 in households not on social assistance, per wijk and age band, with at least one of four risk factors held by four partners. */
const riskFactors = riskFactorCombination({ population: onAssistance(false), atLeast: 1, purpose });
/** The same over the other children of 2024: those in households on social assistance, the filter a factor holder must not learn child by child. */
const assistedRiskFactors = riskFactorCombination({ population: onAssistance(true), atLeast: 1, purpose });

describe('a risk-factor combination across the four partners, on real nats-server, processes and sqlite files', () => {
  let cluster: LocalCluster;
  let analyst: AnalystClient;
  let queryId: string;
  let assistedId: string;
  let table: Table;
  let truth: RiskFactorTruth;
  /**
   * Everything sent to a node on combination subjects (by the coordinator, and the chunks a partner pushed since
   * protocol version 4), and every reply the coordinator received.
   */
  const coordinatorView: unknown[][] = [];
  const listeners: RawNats[] = [];

  const recordsFile = (org: string) => join(cluster.nodes[org].dataDir, 'records.sqlite');
  const steward = (org: string) => new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile);
  const identity = (org: string) => JSON.parse(readFileSync(cluster.nodes[org].identityFile, 'utf8'));
  /** Every child of 2024 in the gemeente's own file, straight from sqlite. */
  const childrenOfYear = async () =>
    (
      await sqliteAll<{ child_ref: string }>(
        recordsFile('gemeente'),
        'SELECT DISTINCT child_ref FROM children_households WHERE year = 2024',
      )
    ).map((r) => String(r.child_ref));

  /** The partners' pseudonym secret, opened here with a node's own box key: the test plays a partner to know what to look for. */
  function pseudonymSecret(): PseudonymSecret {
    const dir = join(cluster.nodes.ggd.dataDir, 'pseudonym-secrets');
    return openSealedPseudonymSecret(
      JSON.parse(readFileSync(join(dir, readdirSync(dir)[0]), 'utf8')),
      identity('ggd').boxSecretKey,
    );
  }

  beforeAll(async () => {
    // Every child of 2024 travels whatever the population's filters: see RELEASED_COMBINATION_SCALE.
    cluster = await startTestCluster('combination', { scale: RELEASED_COMBINATION_SCALE });
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    for (const org of Object.keys(cluster.nodes)) {
      const listener = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts[org]);
      coordinatorView.push(listener.spy(`node.${org}.combination.>`));
      listeners.push(listener);
    }
    const replies = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts.coordinator);
    coordinatorView.push(replies.spyPackets(`${subjects.coordinatorInbox}.>`));
    listeners.push(replies);

    const released = async (spec: typeof riskFactors): Promise<string> => {
      const submitted = await analyst.submit(spec);
      expect(submitted.approvers).toEqual(['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis']);
      for (const org of submitted.approvers) await steward(org).decide(submitted.id, 'approve');
      expect(await analyst.waitForState(submitted.id, ['released', 'failed'])).toMatchObject({ state: 'released' });
      return submitted.id;
    };
    queryId = await released(riskFactors);
    table = await analyst.release<Table>(queryId);
    truth = await riskFactorTruth(recordsFile, { where: 'social_assistance = 0', atLeast: 1 });
    assistedId = await released(assistedRiskFactors);
  }, 600_000);

  afterAll(async () => {
    for (const listener of listeners) await listener.close();
    await cluster?.stop();
  });

  // First, while the last combination's authorisations are fresh (5 min): a refusal for staleness would prove less.
  it("has a node refuse chunks pushed without the coordinator's authorisation of exactly that hop, or replayed", async () => {
    const pushed = (coordinatorView.flat() as any[]).filter(
      (m) => m?.queryId === assistedId && m.step === 1 && m.authorisation && m.chunk?.box,
    ) as (PushedHopChunk & { chunk: SealedBox })[];
    // Step 1 (sterkhuis → ggd) went from partner to partner: no chunk of it was fetched or delivered by the coordinator.
    expect(pushed.length).toBeGreaterThan(0);
    expect(pushed.every((m) => m.from === 'sterkhuis' && m.to === 'ggd')).toBe(true);
    expect(
      (coordinatorView.flat() as any[]).filter((m) => m?.queryId === assistedId && m.step === 1 && m.wire),
    ).toEqual([]);
    const { authorisation } = pushed[0];
    const framed = FramedChunk.of(pushed[0].chunk);
    const connections: Record<string, RawNats> = {};
    /** A partner's node (its NATS account and node key) pushing chunk 0 of step 1 as it chooses. */
    const push = async (org: string, change: Partial<PushedHopChunk>, signed = true) => {
      connections[org] ??= await RawNats.connect(cluster.natsUrl, cluster.natsAccounts[org]);
      const to = change.to ?? 'ggd';
      const body = {
        ...{ queryId: assistedId, step: 1, from: org, to, index: 0, chunks: pushed[0].chunks },
        ...{ chunk: framed.header, authorisation, ...change },
      };
      const message = signed ? signPushedChunk(body, identity(org).secretKey) : body;
      return connections[org].requestFramed(subjects.hopChunkPushed(to), message, framed.bytes, 30_000);
    };
    const refused = (reason: string | RegExp) => ({
      ok: false,
      reason: typeof reason === 'string' ? expect.stringContaining(reason) : expect.stringMatching(reason),
    });
    try {
      expect(await push('sterkhuis', { authorisation: undefined })).toEqual(refused('invalid message: authorisation'));
      const forged = signCoordinatorMessage(
        subjects.hopSend('sterkhuis'),
        { queryId: assistedId, step: 1, to: 'ggd' },
        generateSigningKeyPair().secretKey,
      );
      expect(await push('sterkhuis', { authorisation: forged })).toEqual(
        refused(
          "the coordinator's authorisation for sterkhuis is refused: the coordinator's signature does not verify",
        ),
      );
      const authorised = `the coordinator authorised sterkhuis to send step 1 of query ${assistedId} to ggd, not`;
      expect(await push('sterkhuis', { to: 'schoolbestuur' })).toEqual(refused(`${authorised} step 1`));
      expect(await push('sterkhuis', { step: 2 })).toEqual(refused(`${authorised} step 2`));
      expect(await push('sterkhuis', { queryId })).toEqual(refused(`${authorised} step 1 of query ${queryId}`));
      expect(await push('sterkhuis', {}, false)).toEqual(refused('invalid message: signature'));
      // Another partner with the authorisation sterkhuis was given: the coordinator signed it for sterkhuis alone.
      expect(await push('gemeente', {})).toEqual(refused("the coordinator's authorisation for gemeente is refused"));
      // The very chunk sterkhuis pushed, pushed again: ggd has taken step 1, so nothing is kept for it any more.
      expect(await push('sterkhuis', {})).toEqual(
        refused(`step 1 of query ${assistedId} was already received here: a chunk pushed for it again is a replay`),
      );
      // And a node may push only: the coordinator's deliveries are not on a node's NATS account.
      await expect(
        connections.sterkhuis.requestFramed(
          subjects.hopChunkDeliver('ggd'),
          { queryId: assistedId, step: 1, index: 0, chunk: framed.header },
          framed.bytes,
          1_500,
        ),
      ).rejects.toThrow();
    } finally {
      for (const connection of Object.values(connections)) await connection.close().catch(() => undefined);
    }
  });

  it("releases per wijk and age band the children with at least one factor, equal to the four sqlite files except suppressed cells, naming every partner's edition", async () => {
    // The grid and its totals: per wijk, gemeente and the region, per age band and Totaal.
    expect(table.cells).toHaveLength((59 + 9 + 1) * (4 + 1));
    expect(table.combination.factors.map((f) => f.label)).toContain('a youth-care trajectory');
    let released = 0;
    for (const cell of table.cells.filter(isGridCell)) {
      const expected = truth.cells.get(`${cell.coordinates.wijk}|${cell.coordinates.age_band}`) ?? {
        children: 0,
        count: 0,
      };
      if (expected.children < table.minCellSize)
        expect(cell).toMatchObject({ value: null, suppressed: true, rule: 'withheld' });
      else if (expected.count < table.minCellSize)
        expect(cell).toMatchObject({ value: null, suppressed: true, rule: 'primary-frequency' });
      // With the totals published, a cell of k or more may be hidden as a complement of a withheld or small one.
      else if (cell.suppressed) expect(cell).toMatchObject({ value: null, rule: 'secondary' });
      else {
        expect(cell.value).toBe(expected.count);
        released++;
      }
    }
    expect(released).toBeGreaterThanOrEqual(2);
    // Each partner's data came in once, through bfa data import: the release names that edition of every partner, by org.
    const imported = async (org: string, dataset: string) =>
      (
        await sqliteAll<{ edition_id: string; years: string; imported_at: string }>(
          recordsFile(org),
          'SELECT edition_id, years, imported_at FROM data_editions WHERE dataset = ?',
          [dataset],
        )
      ).map((row) => ({
        org,
        dataset,
        edition: row.edition_id,
        years: JSON.parse(row.years),
        importedAt: row.imported_at,
      }));
    const editions = await Promise.all(Object.entries(FACTOR_DATASETS).map(([org, dataset]) => imported(org, dataset)));
    expect(editions.map((e) => e.length)).toEqual([1, 1, 1, 1]);
    expect(table.editions).toEqual(editions.flat());
  });

  it('releases its margins per gemeente and the region and Totaal per age band equal to the four sqlite files, and no withheld cell can be narrowed from them (attacker LPs)', async () => {
    const { catalog } = loadPolicies(join(__dirname, '..', 'policies'));
    const dimensions = marginDimensions(catalog, ['wijk', 'age_band']);
    const grid = cellGrid(catalog, ['wijk', 'age_band']);
    const truthOf = (c: Record<string, string | number>) =>
      truth.cells.get(`${c.wijk}|${c.age_band}`) ?? { children: 0, count: 0 };
    const real = crossTable(
      dimensions,
      grid.map((coordinates) => ({
        coordinates,
        value: truthOf(coordinates).count,
        contributors: truthOf(coordinates).children,
      })),
    );
    expect(table.cells.map((c) => coordinatesKey(c.coordinates))).toEqual(
      real.cells.map((c) => coordinatesKey(c.coordinates)),
    );
    let publishedTotals = 0;
    table.cells.forEach((cell, i) => {
      if (isGridCell(cell)) return;
      // A total holds its cells' children (contributors) and those with at least one factor (value).
      if (real.cells[i].contributors < table.minCellSize)
        expect(cell).toMatchObject({ value: null, suppressed: true, rule: 'withheld' });
      else if (!cell.suppressed) {
        expect(cell.value).toBe(real.cells[i].value);
        publishedTotals++;
      }
    });
    expect(publishedTotals).toBeGreaterThanOrEqual(5);
    const isRegion = (c: { coordinates: Record<string, string | number> }) =>
      c.coordinates.wijk === 'Totaal' && c.coordinates.age_band === 'Totaal';
    expect(table.cells.find(isRegion)).toMatchObject({ suppressed: false, value: real.cells.find(isRegion)!.value });
    // The analyst as attacker: every published cell a constant, every hidden one a non-negative unknown, every total's equation.
    const hidden = table.cells.flatMap((c, i) => (c.suppressed ? [i] : []));
    const withheld = table.cells.flatMap((c, i) => (c.rule === 'withheld' ? [i] : []));
    for (const interval of await attackerIntervals(real, hidden, withheld)) {
      expect(interval.lower).toBeLessThanOrEqual(1e-6);
      // All of 0..k − 1: what `withheld` says anyway (libs/disclosure withheld-caps.spec.ts: the attacker who uses it).
      expect(interval.upper).toBeGreaterThanOrEqual(table.minCellSize - 1 - 1e-6);
    }
    const primary = table.cells.flatMap((c, i) => (c.rule === 'primary-frequency' ? [i] : []));
    const level = { absolute: table.minCellSize, fraction: 0.2 };
    expect(
      (await checkProtection(real, hidden, protectionRequirements(real, primary, { upper: level, lower: level })))
        .failures,
    ).toEqual([]);
  });

  it("shows the analyst the combination's release in the console: the same cells and marks (withheld as such), the chart, the map, the CSV", async () => {
    const browser = await launchChromium();
    try {
      const page = await signInAsAnalyst(browser, cluster);
      await openRelease(page, queryId);
      await checkReleaseView(
        page,
        await analyst.release<ApiRelease>(queryId),
        catalogWijken(),
        'analyst-release-combination',
      );
      await page
        .getByText(/× verborgen: bij de bron achtergehouden/)
        .first()
        .waitFor();
    } finally {
      await browser.close();
    }
  });

  /**
   * A chunk the chain itself sent (relayed by the coordinator, or pushed by the step's sender under its authorisation),
   * not one the first test pushed as an attacker.
   */
  const ofTheChain = (m: any, sender: string) =>
    !m.authorisation ||
    (m.from === sender &&
      m.to === m.authorisation.to &&
      m.step === m.authorisation.step &&
      m.queryId === m.authorisation.queryId);

  /** Chunk `index` of hop `step` of query `id`, opened as `org`'s node opens it: bound to the query, hop and position its header names. */
  function openChunk(
    id: string,
    step: number,
    index: number,
    chunk: SealedBox,
    org: string,
  ): { pseudonym: string; ciphertext: string }[] {
    const hop = (coordinatorView.flat() as any[]).find((m) => m?.envelope?.id === id && m.hop?.step === step).hop;
    return decodeRecordChunk(
      openSealedBytes(
        chunk,
        identity(org).boxSecretKey,
        hopChunkHeader(hop.receipts[0].queryHash, step, index, hop.chunks),
      ),
    );
  }

  it('shows the coordinator no pseudonym and no child id: the records travel only inside boxes sealed to the next partner', async () => {
    const secret = pseudonymSecret();
    const relayed = coordinatorView
      .flat()
      .map((message) => JSON.stringify(message))
      .join('\n');
    const chunks = coordinatorView
      .flat()
      .filter((m: any) => m?.chunk?.box && m.step !== undefined && m.queryId === queryId) as {
      chunk: any;
      step: number;
    }[];
    // 4 hops (gemeente → sterkhuis → ggd → schoolbestuur → gemeente), each at least one chunk, each seen pushed on NATS.
    expect(new Set(chunks.map((c) => c.step))).toEqual(new Set([0, 1, 2, 3]));
    const year = await childrenOfYear();
    const pseudonyms = new Set(
      [queryId, assistedId].flatMap((id) => year.map((child) => pseudonym(secret, id, child))),
    );
    // The test can open a chunk with its recipient's key: the pseudonyms are there, sealed.
    const first = chunks.find((c: any) => c.step === 0 && c.index !== undefined) as {
      chunk: SealedBox;
      step: number;
      index: number;
    };
    expect(openChunk(queryId, 0, first.index, first.chunk, 'sterkhuis').map((r) => r.pseudonym)).toContain(
      pseudonym(secret, queryId, truth.population[0].child_ref),
    );
    // The records travel as bytes (base64): look for every pseudonym's first 8 bytes at every offset of every box.
    const prefixes = new Set([...pseudonyms].map((p) => Buffer.from(p, 'hex').readBigUInt64BE(0)));
    const holdsOne = (b: Buffer) =>
      Array.from({ length: b.length - 7 }, (_, i) => i).some((i) => prefixes.has(b.readBigUInt64BE(i)));
    expect(chunks.map((c) => Buffer.from(c.chunk.box, 'base64')).filter(holdsOne)).toEqual([]);
    // Every pseudonym (32 hex digits) or child id (digits) would lie inside a run of such characters: look at every window of every run.
    const windows = (pattern: RegExp, width: number) =>
      [...relayed.matchAll(pattern)].flatMap(([run]) =>
        Array.from({ length: run.length - width + 1 }, (_, i) => run.slice(i, i + width)),
      );
    expect(windows(/[0-9a-f]{32,}/g, 32).filter((w) => pseudonyms.has(w))).toEqual([]);
    const ids = new Set(year);
    for (const width of new Set(year.map((child) => child.length)))
      expect(windows(new RegExp(`[0-9]{${width},}`, 'g'), width).filter((w) => ids.has(w))).toEqual([]);
  });

  it('gives a factor holder the same view of two combinations whose population filters differ, apart from fresh ciphertexts: every child of the year', async () => {
    const secret = pseudonymSecret();
    const year = await childrenOfYear();
    expect(truth.population.length).toBeLessThan(year.length);
    /** What `org` received of a query, as a partner holding the pseudonym secret reads it: which children, in how many chunks of what size, under which receipts. */
    const view = (id: string, org: string, step: number) => {
      const childOf = new Map(year.map((child) => [pseudonym(secret, id, child), child]));
      const delivered = (coordinatorView.flat() as any[]).filter(
        (m) =>
          m?.queryId === id &&
          m.step === step &&
          m.chunk?.box &&
          m.index !== undefined &&
          !m.response &&
          ofTheChain(m, CHAIN[step]),
      );
      const chunks = [...new Map(delivered.map((m) => [m.index, m.chunk])).entries()]
        .sort(([a], [b]) => a - b)
        .map(([, chunk]) => chunk);
      const records = chunks.flatMap((chunk, index) => openChunk(id, step, index, chunk, org));
      const header = (coordinatorView.flat() as any[]).find((m) => m?.envelope?.id === id && m.hop?.step === step).hop;
      return {
        children: records.map((r) => childOf.get(r.pseudonym) ?? 'unknown').sort(),
        chunkSizes: chunks.map((chunk) => chunk.box.length),
        receipts: header.receipts.map((receipt: { records: number }) => receipt.records),
        ciphertexts: records.map((r) => r.ciphertext),
      };
    };
    for (const [org, step] of [
      ['sterkhuis', 0],
      ['ggd', 1],
      ['schoolbestuur', 2],
    ] as const) {
      const { ciphertexts: first, ...seen } = view(queryId, org, step);
      const { ciphertexts: second, ...seenAgain } = view(assistedId, org, step);
      expect(seen.children).toEqual([...year].sort());
      expect(seenAgain).toEqual(seen);
      const before = new Set(first);
      expect(second.filter((c) => before.has(c))).toEqual([]);
    }
  });

  it("lets a listener on the coordinator's inbox hear the partial decryptions and the manifest only sealed to the coordinator", async () => {
    const inbox = () => coordinatorView[coordinatorView.length - 1].map((packet: any) => packet?.response?.value);
    // Per combination (two ran): one manifest from the population holder, one partial decryption from each key holder.
    const expected = 2 * (1 + Object.keys(cluster.nodes).length);
    // A release goes on with the first t proven partials: the last key holder's may still be on its way.
    for (let waited = 0; inbox().filter((value) => value?.sealed).length < expected && waited < 30_000; waited += 250)
      await new Promise((resolve) => setTimeout(resolve, 250));
    const replies = inbox();
    expect(
      replies.filter(
        (value) => Array.isArray(value?.values) || value?.proof !== undefined || value?.cellRecords !== undefined,
      ),
    ).toEqual([]);
    const sealed = replies.filter((value) => value?.sealed).map((value) => value.sealed);
    expect(sealed).toHaveLength(expected);
    const { coordinator } = JSON.parse(readFileSync(join(cluster.dir, 'registry.json'), 'utf8'));
    for (const box of sealed) expect(box.recipientPublicKey).toBe(coordinator.boxPublicKey);
  });

  it("logs every key holder's partial as received, those after the first t too, with none refused", async () => {
    const board = new EthicsBoardClient(cluster.coordinatorUrl, loadIdentity(cluster.users['ethics.board']));
    const ofQuery = async () => (await board.audit()).filter((e) => e.queryId === assistedId);
    const received = async () =>
      (await ofQuery())
        .filter((e) => e.type === 'decryption.received')
        .flatMap((e) => e.details.from as string[])
        .sort();
    for (let waited = 0; (await received()).length < 4 && waited < 30_000; waited += 500)
      await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await received()).toEqual(['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis']);
    expect((await ofQuery()).filter((e) => e.type === 'decryption.refused')).toEqual([]);
  });

  it('has nodes refuse a replayed start, a step asked of the wrong partner, and chunks for a query their steward did not approve or a step not addressed to them', async () => {
    const envelope = (await steward('gemeente').proposal<{ envelope: any }>(queryId)).envelope;
    const approvals = await Promise.all(
      ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'].map(
        async (org) => (await steward(org).proposal<{ decision: any }>(queryId)).decision,
      ),
    );
    const compromised = await RawNats.connect(
      cluster.natsUrl,
      cluster.natsAccounts.coordinator,
      coordinatorKey(cluster),
    );
    listeners.push(compromised);
    expect(await compromised.request('node.gemeente.combination.start', { envelope, approvals })).toEqual({
      ok: false,
      reason: expect.stringContaining('runs once'),
    });
    expect(await compromised.request('node.ggd.combination.start', { envelope, approvals })).toEqual({
      ok: false,
      reason: expect.stringContaining('executed here'),
    });
    const chunk = (coordinatorView.flat().find((m: any) => m?.chunk?.box && m.step === 0) as any).chunk;
    const stranger = '00000000-0000-4000-8000-000000000000';
    expect(
      await compromised.request('node.ggd.combination.chunk.deliver', { queryId: stranger, step: 1, index: 0, chunk }),
    ).toEqual({ ok: false, reason: expect.stringContaining('not approved') });
    expect(
      await compromised.request('node.ggd.combination.chunk.deliver', {
        queryId,
        step: 1,
        index: 0,
        chunk: { ...chunk, box: 'not base64!' },
      }),
    ).toEqual({ ok: false, reason: expect.stringContaining('invalid message') });
    // ggd receives step 1 only (sterkhuis → ggd): the other steps of an approved query can't be parked there either.
    for (const step of [0, 2, 3])
      expect(
        await compromised.request('node.ggd.combination.chunk.deliver', { queryId, step, index: 0, chunk }),
      ).toEqual({ ok: false, reason: expect.stringContaining('not addressed to ggd') });
    // The same in binary frames, as the coordinator relays since issue 16, and frames that are not what they claim.
    const framed = FramedChunk.of(chunk);
    const deliverFramed = (body: object, bytes = framed.bytes, subject = 'node.ggd.combination.chunk.deliver') =>
      compromised.requestFramed(subject, { index: 0, chunk: framed.header, ...body }, bytes);
    expect(await deliverFramed({ queryId: stranger, step: 1 })).toEqual({
      ok: false,
      reason: expect.stringContaining('not approved'),
    });
    for (const step of [0, 2, 3])
      expect(await deliverFramed({ queryId, step })).toEqual({
        ok: false,
        reason: expect.stringContaining('not addressed to ggd'),
      });
    const flipped = Buffer.from(framed.bytes);
    flipped[0] ^= 1;
    expect(await deliverFramed({ queryId, step: 1 }, flipped)).toEqual({
      ok: false,
      reason: expect.stringContaining("not those its header's digest names"),
    });
    // The box as base64 inside the frame's packet: refused before its JSON is parsed (the packet is ids and a header).
    expect(await deliverFramed({ queryId, step: 1, chunk: chunk })).toEqual({
      ok: false,
      reason: expect.stringMatching(/refused binary frame: a frame's packet of \d+ bytes is over 65536/),
    });
    expect(await deliverFramed({ queryId, step: 0 }, framed.bytes, 'node.sterkhuis.combination.chunk.fetch')).toEqual({
      ok: false,
      reason: expect.stringContaining('a binary frame on a subject that takes JSON only'),
    });
    const anyone = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts.coordinator);
    listeners.push(anyone);
    expect(
      await anyone.requestFramed(
        'node.ggd.combination.chunk.deliver',
        { queryId, step: 1, index: 0, chunk: framed.header },
        framed.bytes,
      ),
    ).toEqual({
      ok: false,
      reason: expect.stringContaining('invalid message: nonce'),
    });
    const fetch = { queryId, step: 0, index: 0 };
    expect(await anyone.request('node.sterkhuis.combination.chunk.fetch', fetch)).toEqual({
      ok: false,
      reason: expect.stringContaining('invalid message: nonce'),
    });
    const forged = signCoordinatorMessage(
      'node.sterkhuis.combination.chunk.fetch',
      fetch,
      generateSigningKeyPair().secretKey,
    );
    expect(await anyone.requestAsIs('node.sterkhuis.combination.chunk.fetch', forged)).toEqual({
      ok: false,
      reason: expect.stringContaining("coordinator's signature does not verify"),
    });
  });

  it('has every key holder refuse to decrypt aggregates over a cell of fewer than 10 children, even signed by the population holder', async () => {
    const envelope = (await steward('ggd').proposal<{ envelope: any }>(queryId)).envelope;
    // As the key holders received it: the population holder sealed it to the coordinator on its way there.
    const real = (
      coordinatorView.flat().find((m: any) => m?.manifest?.cellRecords && m.manifest.queryId === queryId) as any
    ).manifest;
    // A population holder colluding with the coordinator: it "forgets" to withhold the small cells and signs that.
    const { signature: _dropped, ...body } = { ...real, withheld: [] };
    const forged = { ...body, signature: signMessage(canonicalHash(body), identity('gemeente').secretKey) };
    const compromised = await RawNats.connect(
      cluster.natsUrl,
      cluster.natsAccounts.coordinator,
      coordinatorKey(cluster),
    );
    listeners.push(compromised);
    const reply = await compromised.request('node.ggd.combination.decryption', { envelope, manifest: forged });
    expect(reply).toEqual({
      ok: false,
      reason: expect.stringContaining('every cell of fewer than 10 records must be withheld'),
    });
    const tampered = await compromised.request('node.ggd.combination.decryption', {
      envelope,
      manifest: { ...real, aggregates: [...real.aggregates].reverse() },
    });
    expect(tampered).toEqual({
      ok: false,
      reason: expect.stringContaining('signature on the manifest does not verify'),
    });
  });
});
