import {
  bigintToHex,
  canonicalHash,
  combineThresholdPartials,
  generateBoxKeyPair,
  generateSigningKeyPair,
  generateThresholdKey,
  NO_RANDOMNESS,
  openSealedBytes,
  PaillierEncryptor,
  RandomizerPool,
  seal,
  sealBytes,
  signMessage,
  thresholdPartialDecrypt,
  ThresholdKey,
} from '@bfa/crypto';
import { checkAggregateRequest } from './aggregate-check';
import { applyFactor } from './factor-holder';
import { encodeRecordChunk, hopChunkHeader } from './hop-codec';
import { CombinationManifest, parseManifest, serialiseManifest } from './manifest';
import { PartyContext } from './party';
import { finishCombination, startCombination } from './population-holder';
import { pseudonymSet } from './pseudonym';
import { openSealedPseudonymSecret, runPseudonymCeremony } from './pseudonym-ceremony';
import { CombinationMeasure, CombinationQuery } from './query';
import { ciphertextBytes, recordsDigest } from './records';
import { signReceipt } from './receipts';
import { CombinationCell, readCombinationResult } from './result';
import { openHop, parseSealedHop, SealedHop, sealHop, serialiseSealedHop } from './sealed-hop';
import {
  correlatedCombination,
  FACTOR_HOLDERS,
  plaintextHistograms,
  SeededCombination,
  seededCombination,
  withPopulationFilter,
} from './testing/seeded-combination';

const ORGS = FACTOR_HOLDERS;
const CHAIN = ORGS.slice(1);
const CHILDREN = 3000;
const K = 10;
const MEASURES: Record<string, CombinationMeasure> = {
  all: { kind: 'all' },
  atLeast2: { kind: 'atLeast', m: 2 },
  histogram: { kind: 'histogram' },
  realistic: { kind: 'histogram' },
};

interface Run {
  data: SeededCombination;
  query: CombinationQuery;
  hops: SealedHop[];
  manifest: CombinationManifest;
  pseudonyms: string[];
  cells: CombinationCell[];
}

describe('risk-factor combinations across partners (issue 6)', () => {
  // Correlated bits at high prevalence, so that many cells have children with every factor; and the seeded
  // partners' own data, where few do.
  const data = correlatedCombination(CHILDREN);
  const realistic = seededCombination(CHILDREN);
  const box = Object.fromEntries(ORGS.map((org) => [org, generateBoxKeyPair()]));
  const signing = Object.fromEntries(ORGS.map((org) => [org, generateSigningKeyPair()]));
  const directory = {
    boxPublicKeys: Object.fromEntries(ORGS.map((org) => [org, box[org].publicKey])),
    signingPublicKeys: Object.fromEntries(ORGS.map((org) => [org, signing[org].publicKey])),
  };
  const ceremony = runPseudonymCeremony(ORGS.map((org) => ({ org, boxPublicKey: box[org].publicKey })));
  const secrets = Object.fromEntries(
    ceremony.sealedSecrets.map((s) => [s.holder, openSealedPseudonymSecret(s, box[s.holder].secretKey)]),
  );
  let key: ThresholdKey;
  const runs: Record<string, Run> = {};

  const queryFor = (name: string, measure: CombinationMeasure): CombinationQuery => ({
    queryId: `q-${name}`,
    secretId: ceremony.secretId,
    keyId: key.publicKey.keyId,
    measure,
    populationHolder: 'gemeente',
    factorHolders: ORGS,
    cells: data.cells,
    minRecords: K,
  });

  /** The edition each partner's step read, as its node would name it. */
  const editionOf = (org: string) => ({
    org,
    dataset: `${org}_data`,
    edition: canonicalHash({ org }),
    years: [2024],
    importedAt: '2026-11-30T12:00:00.000Z',
  });
  const context = (query: CombinationQuery, org: string): PartyContext => {
    const encryptor = new PaillierEncryptor(key.publicKey);
    return {
      query,
      org,
      encryptor,
      randomizers: new RandomizerPool(encryptor),
      signingSecretKey: signing[org].secretKey,
      boxSecretKey: box[org].secretKey,
      directory,
      editions: [editionOf(org)],
    };
  };

  function decrypt(query: CombinationQuery, manifest: CombinationManifest): CombinationCell[] {
    const check = checkAggregateRequest(query, manifest, key.publicKey, directory.signingPublicKeys);
    if (!check.ok) throw new Error(check.reason);
    const partials = key.shares.slice(1).map((share) => ({
      holder: share.holder,
      keyId: share.keyId,
      values: thresholdPartialDecrypt(share, check.aggregates),
    }));
    return readCombinationResult(query, manifest, combineThresholdPartials(key.publicKey, partials), key.publicKey);
  }

  function run(name: string, measure: CombinationMeasure, data: SeededCombination): Run {
    const query = queryFor(name, measure);
    const { state, hop } = startCombination(context(query, 'gemeente'), secrets.gemeente, data.population);
    const hops = [hop];
    for (const org of CHAIN)
      hops.push(
        applyFactor(
          context(query, org),
          hops[hops.length - 1],
          pseudonymSet(secrets[org], query.queryId, data.factors[org]),
        ),
      );
    const manifest = finishCombination(context(query, 'gemeente'), state, hops[hops.length - 1]);
    return { data, query, hops, manifest, pseudonyms: [...state.cellOf.keys()], cells: decrypt(query, manifest) };
  }

  beforeAll(async () => {
    key = await generateThresholdKey(512, ORGS, 3);
    for (const [name, measure] of Object.entries(MEASURES))
      runs[name] = run(name, measure, name === 'realistic' ? realistic : data);
  }, 300_000);

  it('uses a population with cells on both sides of k, and released cells with children with every factor', () => {
    const histograms = plaintextHistograms(data);
    const sizes = histograms.map((h) => h.reduce((s, x) => s + x, 0));
    expect(sizes.reduce((s, x) => s + x, 0)).toBe(CHILDREN);
    expect(sizes.filter((n) => n >= K).length).toBeGreaterThan(20);
    expect(sizes.filter((n) => n > 0 && n < K).length).toBeGreaterThan(5);
    expect(histograms.filter((h, cell) => sizes[cell] >= K && h[4] > 0).length).toBeGreaterThan(20);
    expect(data.factors.ggd.filter((id) => !data.population.some((c) => c.childId === id)).length).toBeGreaterThan(0);
  });

  it.each(Object.keys(MEASURES))('decrypts to exactly the counts computed from the plaintext bits (%s)', (name) => {
    const { cells, query, data } = runs[name];
    const expected = plaintextHistograms(data);
    cells.forEach((cell, i) => {
      const h = expected[i];
      const records = h.reduce((s, x) => s + x, 0);
      expect(cell).toMatchObject({ cell: data.cells[i], records, withheld: records < K });
      if (cell.withheld) return expect(cell.count ?? cell.histogram).toBeUndefined();
      if (query.measure.kind === 'all') expect(cell.count).toBe(h[4]);
      if (query.measure.kind === 'atLeast') expect(cell.count).toBe(h[2] + h[3] + h[4]);
      if (query.measure.kind === 'histogram') expect(cell.histogram).toEqual(h);
    });
  });

  it("names in each step's signed receipt the editions its sender read, carried to the manifest; an edition changed on the way breaks the sender's signature", () => {
    const { manifest, query } = runs.all;
    expect(manifest.receipts.map((r) => r.editions)).toEqual(['gemeente', ...CHAIN].map((org) => [editionOf(org)]));
    const forged = {
      ...manifest,
      receipts: manifest.receipts.map((r, i) =>
        i === 1 ? { ...r, editions: [{ ...r.editions[0], edition: canonicalHash('other') }] } : r,
      ),
    };
    const { signature: _dropped, ...body } = forged;
    const resigned = { ...body, signature: signMessage(canonicalHash(body), signing.gemeente.secretKey) };
    expect(checkAggregateRequest(query, resigned, key.publicKey, directory.signingPublicKeys)).toEqual({
      ok: false,
      reason: expect.stringContaining("sterkhuis's signature does not verify"),
    });
  });

  function openedRecords(hop: SealedHop, run: Run): Map<string, string> {
    const { records } = openHop(run.query, hop, hop.to, box[hop.to].secretKey, directory.signingPublicKeys);
    return new Map(records.map((r) => [r.pseudonym, r.ciphertext]));
  }

  it.each(['all', 'histogram'])(
    'a factor holder re-randomises every record, with the factor or without (%s)',
    (name) => {
      const r = runs[name];
      CHAIN.forEach((org, i) => {
        const [input, output] = [openedRecords(r.hops[i], r), openedRecords(r.hops[i + 1], r)];
        const withFactor = pseudonymSet(secrets[org], r.query.queryId, data.factors[org]);
        const kept = [...input.keys()].filter((p) => withFactor.has(p));
        expect(kept.length).toBeGreaterThan(0);
        expect([...output.keys()].sort()).toEqual([...input.keys()].sort());
        for (const [p, c] of input) expect(output.get(p)).not.toBe(c);
        expect([...output.keys()]).not.toEqual([...input.keys()]);
      });
    },
  );

  it('a sealed hop opens for its addressee only', () => {
    const r = runs.all;
    for (const hop of r.hops) {
      expect(openedRecords(hop, r).size).toBe(CHILDREN);
      for (const org of ORGS.filter((o) => o !== hop.to)) {
        expect(() => openHop(r.query, hop, hop.to, box[org].secretKey, directory.signingPublicKeys)).toThrow(
          /does not open/,
        );
        const header = (i: number) => hopChunkHeader(canonicalHash(r.query), hop.step, i, hop.chunks.length);
        hop.chunks.forEach((chunk, i) =>
          expect(() => openSealedBytes(chunk, box[org].secretKey, header(i))).toThrow(/does not open/),
        );
      }
    }
  });

  it('what the coordinator relays holds no pseudonym and no child id in the clear', () => {
    const relayed = Object.values(runs)
      .flatMap((r) => [...r.hops.map(serialiseSealedHop), serialiseManifest(r.manifest)])
      .join('\n');
    const pseudonyms = new Set(Object.values(runs).flatMap((r) => r.pseudonyms));
    expect(pseudonyms.size).toBe(Object.keys(runs).length * CHILDREN);
    // Every occurrence of a 32-hex-digit pseudonym lies inside a run of at least 32 hex digits: look in all of them.
    const found = [...relayed.matchAll(/[0-9a-f]{32,}/g)].flatMap(([run]) =>
      Array.from({ length: run.length - 31 }, (_, i) => run.slice(i, i + 32)).filter((w) => pseudonyms.has(w)),
    );
    expect(found).toEqual([]);
    const childIds = new Set([...data.population, ...realistic.population].map((c) => c.childId));
    // A child id in the clear stands on its own in the JSON; nine digits inside a hex or base64 run (1 in 70 hex
    // positions starts one) matched one of the ids by chance.
    const numbers = [...relayed.matchAll(/(?<![0-9a-zA-Z+/])[0-9]{9}(?![0-9a-zA-Z+/])/g)].map(([id]) => id);
    expect(numbers.filter((id) => childIds.has(id))).toEqual([]);
    // The records travel as bytes in base64: look for a pseudonym's first 8 bytes at every offset of every box.
    const prefixes = new Set([...pseudonyms].map((p) => Buffer.from(p, 'hex').readBigUInt64BE(0)));
    const boxes = Object.values(runs).flatMap((r) =>
      r.hops.flatMap((h) => h.chunks.map((c) => Buffer.from(c.box, 'base64'))),
    );
    const holdsOne = (b: Buffer) =>
      Array.from({ length: b.length - 7 }, (_, i) => i).some((i) => prefixes.has(b.readBigUInt64BE(i)));
    expect(boxes.filter(holdsOne)).toEqual([]);
    // Not vacuous: 4 hops of records of 16 + 128 bytes (512-bit key) each, in base64.
    expect(relayed.length).toBeGreaterThan(Object.keys(runs).length * 4 * CHILDREN * 144 * (4 / 3));
  });

  describe('the population, hidden from the factor holders (issue 12, attack 5)', () => {
    // The same query (id, so pseudonyms) twice over the same year, with other population filters: the whole year,
    // and a fifth of it in the even cells only ("households on social assistance in some wijken").
    const year = withPopulationFilter(data, () => true);
    const assisted = withPopulationFilter(data, (child, i) => i % 5 === 0 && child.cell! % 2 === 0);
    let views: Record<string, Run>;

    beforeAll(() => {
      views = {
        year: run('same-year', { kind: 'histogram' }, year),
        assisted: run('same-year', { kind: 'histogram' }, assisted),
      };
    }, 300_000);

    /** What a factor holder receives: the sealed hop's routing, receipts' counts, chunk sizes, and inside the pseudonyms. */
    function receivedBy(r: Run, step: number) {
      const hop = r.hops[step];
      const { records } = openHop(r.query, hop, hop.to, box[hop.to].secretKey, directory.signingPublicKeys);
      return {
        to: hop.to,
        records: hop.receipts.map((receipt) => receipt.records),
        chunkBytes: hop.chunks.map((chunk) => JSON.stringify(chunk).length),
        pseudonyms: records.map((record) => record.pseudonym).sort(),
        ciphertexts: records.map((record) => record.ciphertext),
      };
    }

    it('is a real difference: the two populations differ, in size and per cell', () => {
      const inPopulation = (d: SeededCombination) => d.population.filter((child) => child.cell !== null).length;
      expect(inPopulation(year)).toBe(CHILDREN);
      expect(inPopulation(assisted)).toBeLessThan(CHILDREN / 5);
      expect(views.assisted.manifest.cellRecords).not.toEqual(views.year.manifest.cellRecords);
    });

    it.each([0, 1, 2])(
      'gives the factor holder of step %i the same view of both, apart from fresh ciphertexts',
      (step) => {
        const [a, b] = [receivedBy(views.year, step), receivedBy(views.assisted, step)];
        const { ciphertexts: fromA, ...viewA } = a;
        const { ciphertexts: fromB, ...viewB } = b;
        expect(viewA).toEqual(viewB);
        expect(viewA.pseudonyms).toHaveLength(CHILDREN);
        const seen = new Set(fromA);
        expect(fromB.filter((c) => seen.has(c))).toEqual([]);
      },
    );

    it('still decrypts to the plaintext counts of each population, and the key holders check k on the population only', () => {
      for (const [name, d] of [
        ['year', year],
        ['assisted', assisted],
      ] as const) {
        const expected = plaintextHistograms(d);
        const { manifest, cells } = views[name];
        expect(manifest.records).toBe(CHILDREN);
        expect(manifest.cellRecords).toEqual(expected.map((h) => h.reduce((s, x) => s + x, 0)));
        cells.forEach((cell, i) => {
          const records = manifest.cellRecords[i];
          expect(cell).toMatchObject({ records, withheld: records < K });
          if (!cell.withheld) expect(cell.histogram).toEqual(expected[i]);
        });
      }
      expect(views.assisted.cells.filter((c) => !c.withheld).length).toBeGreaterThan(5);
      expect(views.assisted.manifest.withheld.length).toBeGreaterThan(views.year.manifest.withheld.length);
    });
  });

  describe("the key holders' check", () => {
    const resign = (manifest: CombinationManifest, changes: Partial<CombinationManifest>): CombinationManifest => {
      const { signature: _, ...body } = { ...manifest, ...changes };
      return { ...body, signature: signMessage(canonicalHash(body), signing.gemeente.secretKey) };
    };
    const check = (r: Run, manifest: CombinationManifest, minRecords?: number) =>
      checkAggregateRequest(r.query, manifest, key.publicKey, directory.signingPublicKeys, { minRecords });

    it('accepts the honest manifest, also after (de)serialisation', () => {
      const r = runs.atLeast2;
      expect(check(r, parseManifest(serialiseManifest(r.manifest)))).toEqual({
        ok: true,
        aggregates: r.manifest.aggregates,
      });
    });

    it('refuses to decrypt an aggregate that includes a cell of fewer than k records, even signed by the population holder', () => {
      const r = runs.all;
      const small = r.manifest.withheld[0];
      expect(r.manifest.cellRecords[small]).toBeLessThan(K);
      const included = resign(r.manifest, { withheld: r.manifest.withheld.slice(1) });
      expect(check(r, included)).toEqual({
        ok: false,
        reason: `every cell of fewer than ${K} records must be withheld, and only those`,
      });
      const inflated = resign(r.manifest, {
        cellRecords: r.manifest.cellRecords.map((n, cell) => (cell === small ? K : n)),
      });
      expect(check(r, inflated)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/add up to more than the records/),
      });
    });

    it("applies the key holder's own k when it is stricter than the query's", () => {
      const r = runs.all;
      expect(check(r, r.manifest, K + 5)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/fewer than 15 records/),
      });
    });

    it('refuses what the population holder did not sign, an incomplete chain, and another query', () => {
      const r = runs.all;
      const forged = { ...r.manifest, withheld: [] };
      expect(check(r, forged)).toMatchObject({ ok: false, reason: expect.stringMatching(/signature on the manifest/) });
      expect(check(r, resign(r.manifest, { receipts: r.manifest.receipts.slice(0, 3) }))).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/not complete/),
      });
      const swapped = [...r.manifest.receipts];
      [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
      expect(check(r, resign(r.manifest, { receipts: swapped }))).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/not for hop/),
      });
      expect(
        checkAggregateRequest(runs.histogram.query, r.manifest, key.publicKey, directory.signingPublicKeys),
      ).toMatchObject({ ok: false, reason: expect.stringMatching(/another query/) });
      expect(check(r, resign(r.manifest, { aggregates: r.manifest.aggregates.slice(1) }))).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/layout/),
      });
    });

    it('refuses an aggregate encrypted without randomness (≡ 1 mod n), even signed by the population holder', () => {
      const r = runs.all;
      const [clear] = new PaillierEncryptor(key.publicKey).encryptVector([5n], NO_RANDOMNESS);
      const aggregates = r.manifest.aggregates.map((c, i) => (i === 1 ? clear : c));
      expect(check(r, resign(r.manifest, { aggregates }))).toEqual({
        ok: false,
        reason: expect.stringMatching(/^gemeente's aggregates: ciphertext 1 is 1 mod n, encrypted without randomness/),
      });
      const bench = checkAggregateRequest(
        r.query,
        resign(r.manifest, { aggregates }),
        key.publicKey,
        directory.signingPublicKeys,
        {
          benchPlaintext: true,
        },
      );
      expect(bench).toEqual({ ok: true, aggregates });
    });
  });

  describe('tampering along the chain', () => {
    it('a box the coordinator sealed itself, or a hop replayed elsewhere, is refused', () => {
      const r = runs.all;
      const hop = r.hops[1];
      const fake = seal(
        JSON.stringify({ queryHash: canonicalHash(r.query), step: 1, chunk: 0, chunks: 1, records: [] }),
        box[hop.to].publicKey,
      );
      expect(() =>
        openHop(r.query, { ...hop, chunks: [fake] }, hop.to, box[hop.to].secretKey, directory.signingPublicKeys),
      ).toThrow(/signed receipt/);
      const binaryFake = sealBytes(
        encodeRecordChunk([]),
        box[hop.to].publicKey,
        hopChunkHeader(canonicalHash(r.query), 1, 0, 1),
      );
      expect(() =>
        openHop(r.query, { ...hop, chunks: [binaryFake] }, hop.to, box[hop.to].secretKey, directory.signingPublicKeys),
      ).toThrow(/signed receipt/);
      expect(() =>
        openHop(
          r.query,
          { ...hop, chunks: [hop.chunks[0], hop.chunks[0]] },
          hop.to,
          box[hop.to].secretKey,
          directory.signingPublicKeys,
        ),
      ).toThrow(/does not open/);
      expect(() =>
        openHop(runs.histogram.query, hop, hop.to, box[hop.to].secretKey, directory.signingPublicKeys),
      ).toThrow(/not a hop of query|not for hop/);
      expect(() => applyFactor(context(r.query, 'schoolbestuur'), hop, new Set())).toThrow(/not a hop|addressed/);
      expect(parseSealedHop(serialiseSealedHop(hop))).toEqual(hop);
    });

    it('the population holder notices a factor holder that dropped a child, even with a signed receipt', () => {
      const query = queryFor('drop', { kind: 'all' });
      const { state, hop } = startCombination(
        context(query, 'gemeente'),
        secrets.gemeente,
        data.population.slice(0, 200),
      );
      let last = hop;
      for (const org of CHAIN.slice(0, 2)) last = applyFactor(context(query, org), last, new Set());
      const { records, receipts } = openHop(
        query,
        last,
        'schoolbestuur',
        box.schoolbestuur.secretKey,
        directory.signingPublicKeys,
      );
      const kept = records.slice(1);
      const lastHop = { step: 3, from: 'schoolbestuur', to: 'gemeente' };
      const receipt = signReceipt(
        {
          queryHash: canonicalHash(query),
          ...lastHop,
          records: kept.length,
          inputDigest: receipts[2].outputDigest,
          outputDigest: recordsDigest(kept),
          editions: [],
        },
        signing.schoolbestuur.secretKey,
      );
      const dropped = sealHop(query, lastHop, kept, [...receipts, receipt], box.gemeente.publicKey);
      expect(() => finishCombination(context(query, 'gemeente'), state, dropped)).toThrow(/sent 199 records, not 200/);
    });

    it('a factor holder refuses duplicate pseudonyms, foreign ciphertexts, and a population below k', () => {
      const query = { ...queryFor('small', { kind: 'all' }), minRecords: 50 };
      const { hop } = startCombination(context(query, 'gemeente'), secrets.gemeente, data.population.slice(0, 40));
      expect(() => applyFactor(context(query, 'sterkhuis'), hop, new Set())).toThrow(/below the query's minimum/);
      const q2 = queryFor('dup', { kind: 'all' });
      const gemeente = context(q2, 'gemeente');
      const width = 2 * ciphertextBytes(gemeente.encryptor);
      const c = bigintToHex(gemeente.encryptor.encrypt(1n)).padStart(width, '0');
      for (const [records, error] of [
        [
          [
            { pseudonym: 'a'.repeat(32), ciphertext: c },
            { pseudonym: 'a'.repeat(32), ciphertext: c },
          ],
          /appears twice/,
        ],
        [
          [{ pseudonym: 'b'.repeat(32), ciphertext: bigintToHex(gemeente.encryptor.n).padStart(width, '0') }],
          /not a ciphertext/,
        ],
      ] as const) {
        const sent = [
          ...records,
          ...Array.from({ length: K }, (_, i) => ({ pseudonym: i.toString(16).padStart(32, 'c'), ciphertext: c })),
        ];
        const first = { step: 0, from: 'gemeente', to: 'sterkhuis' };
        const receipt = signReceipt(
          {
            queryHash: canonicalHash(q2),
            ...first,
            records: sent.length,
            inputDigest: null,
            outputDigest: recordsDigest(sent),
            editions: [],
          },
          signing.gemeente.secretKey,
        );
        expect(() =>
          applyFactor(
            context(q2, 'sterkhuis'),
            sealHop(q2, first, sent, [receipt], box.sterkhuis.publicKey),
            new Set(),
          ),
        ).toThrow(error);
      }
    });
  });
});
