import fc from 'fast-check';
import {
  canonicalHash,
  generateBoxKeyPair,
  generateSigningKeyPair,
  generateThresholdKey,
  PaillierEncryptor,
  RandomizerSource,
} from '@bfa/crypto';
import { workerScript } from '@bfa/workers';
import { applyFactor } from './factor-holder';
import { applyFactorOnThreads } from './factor-holder-threads';
import { HopWorkers } from './hop-workers';
import { PartyContext } from './party';
import { finishCombination, PopulationChild, startCombination } from './population-holder';
import { finishCombinationOnThreads, startCombinationOnThreads } from './population-holder-threads';
import { pseudonymSet } from './pseudonym';
import { openSealedPseudonymSecret, runPseudonymCeremony } from './pseudonym-ceremony';
import { CombinationMeasure, CombinationQuery, combinationHops, combinationQueryHash } from './query';
import { formatRecords, recordsDigest } from './records';
import { signReceipt } from './receipts';
import { openHop, SealedHop, sealHop } from './sealed-hop';

const ORGS = ['gemeente', 'sterkhuis', 'ggd', 'schoolbestuur'];
const CELLS = 5;

/** The same Enc(0)s in the same order for both paths: their records must then be equal, ciphertext for ciphertext. */
function inSequence(zeros: bigint[]): RandomizerSource & { used(): number } {
  let next = 0;
  return {
    take: () => {
      if (next >= zeros.length) throw new Error('no Enc(0) left');
      return zeros[next++];
    },
    used: () => next,
  };
}

describe('a combination step on worker threads (issue 16)', () => {
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
  const threads = new HopWorkers(2);
  const inline = new HopWorkers(0);
  let encryptor: PaillierEncryptor;
  let keyId: string;
  let zeros: bigint[];

  beforeAll(async () => {
    const key = await generateThresholdKey(512, ORGS, 3);
    keyId = key.publicKey.keyId;
    encryptor = new PaillierEncryptor(key.publicKey);
    zeros = Array.from({ length: 160 }, () => encryptor.randomizer());
  }, 120_000);

  afterAll(() => threads.close());

  const queryFor = (measure: CombinationMeasure, queryId = 'q', minRecords = 1): CombinationQuery => ({
    queryId,
    secretId: ceremony.secretId,
    keyId,
    measure,
    populationHolder: 'gemeente',
    factorHolders: ORGS,
    cells: Array.from({ length: CELLS }, (_, i) => `c${i}`),
    minRecords,
    // Totals as a release has them (two "gemeenten", the region, one across), where the measure has margins.
    ...(measure.kind !== 'all' && measure.kind !== 'atLeast'
      ? {}
      : {
          margins: [
            [0, 1],
            [2, 3, 4],
            [0, 1, 2, 3, 4],
            [1, 3],
          ],
        }),
  });

  const context = (query: CombinationQuery, org: string, randomizers: RandomizerSource): PartyContext => ({
    query,
    org,
    encryptor,
    randomizers,
    signingSecretKey: signing[org].secretKey,
    boxSecretKey: box[org].secretKey,
    directory,
    editions: [
      { org, dataset: `${org}_data`, edition: canonicalHash({ org }), years: [2024], importedAt: '2026-12-01' },
    ],
  });

  /** What the recipient opens, by pseudonym: the records are equal whatever order each path shuffled them into. */
  const opened = (query: CombinationQuery, hop: SealedHop) =>
    new Map(
      openHop(query, hop, hop.to, box[hop.to].secretKey, directory.signingPublicKeys).records.map((r) => [
        r.pseudonym,
        r.ciphertext,
      ]),
    );

  const child = fc.record({
    cell: fc.option(fc.integer({ min: 0, max: CELLS - 1 }), { nil: null }),
    bits: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  });
  const example = (cell: number, i: number) => ({ cell, bits: [i % 2 === 0, i % 3 === 0, true, i % 5 !== 0] });
  const measure = fc.constantFrom<CombinationMeasure>(
    { kind: 'all' },
    { kind: 'histogram' },
    { kind: 'atLeast', m: 2 },
    { kind: 'patterns' },
    { kind: 'outcomeByCount' },
  );

  it('gives exactly the records, receipts and manifest (margins too) of the single-thread path, each Enc(0) used once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(child, { minLength: 3, maxLength: 40 }), measure, fc.boolean(), async (kids, m, t) => {
        const workers = t ? threads : inline;
        // k = 3: small cells are withheld, and their records go into the margins.
        const query = queryFor(m, 'q', 3);
        const population: PopulationChild[] = kids.map((k, i) => ({
          childId: `c${i}`,
          cell: k.cell,
          factor: k.bits[0],
        }));
        const holders = (org: number) => kids.flatMap((k, i) => (k.bits[org] ? [`c${i}`] : []));
        const pair = () => [inSequence(zeros), inSequence(zeros)] as const;

        const [a, b] = pair();
        const single = startCombination(context(query, 'gemeente', a), secrets.gemeente, population);
        const many = await startCombinationOnThreads(
          context(query, 'gemeente', b),
          secrets.gemeente,
          population,
          workers,
        );
        expect(opened(query, many.hop)).toEqual(opened(query, single.hop));
        expect(many.state.cellOf).toEqual(single.state.cellOf);
        expect(b.used()).toBe(a.used());

        let hop = single.hop;
        for (const [i, org] of ORGS.entries()) {
          if (i === 0) continue;
          const withFactor = pseudonymSet(secrets[org], query.queryId, holders(i));
          const [x, y] = pair();
          const one = applyFactor(context(query, org, x), hop, withFactor);
          const two = await applyFactorOnThreads(context(query, org, y), hop, withFactor, workers);
          expect(opened(query, two)).toEqual(opened(query, one));
          expect(y.used()).toBe(x.used());
          const { signature: _a, outputDigest: _b, ...receipt } = one.receipts[i];
          expect(two.receipts[i]).toMatchObject(receipt);
          hop = one;
        }

        const [x, y] = pair();
        const one = finishCombination(context(query, 'gemeente', x), single.state, hop);
        const two = await finishCombinationOnThreads(context(query, 'gemeente', y), single.state, hop, workers);
        expect(y.used()).toBe(x.used());
        // atLeast draws fresh masks for each manifest: its aggregates differ, everything else may not.
        if (m.kind === 'atLeast') {
          const without = ({ aggregates, revealOffsets, signature, ...rest }: typeof one) => rest;
          expect(without(two)).toEqual(without(one));
          expect(two.aggregates.length).toBe(one.aggregates.length);
        } else expect(two).toEqual(one);
      }),
      // And always one "all" on the threads whose small cells (0, 1 and 3, below k = 3) have records for the margins.
      { numRuns: 8, examples: [[[0, 1, 1, 2, 2, 2, 2, 2, 3, 4, 4, 4, 4].map(example), { kind: 'all' }, true]] },
    );
  }, 240_000);

  /** The first hop, sealed by the population holder from records it chose, with a receipt that signs them. */
  function forgedFirstHop(query: CombinationQuery, ciphertexts: bigint[], digestOf = recordsDigest): SealedHop {
    const hop = combinationHops(query)[0];
    const records = formatRecords(
      encryptor,
      ciphertexts.map((ciphertext, i) => ({ pseudonym: (i + 1).toString(16).padStart(32, '0'), ciphertext })),
    );
    const receipt = signReceipt(
      {
        queryHash: combinationQueryHash(query),
        ...hop,
        records: records.length,
        inputDigest: null,
        outputDigest: digestOf(records),
        editions: [],
      },
      signing.gemeente.secretKey,
    );
    return sealHop(query, hop, records, [receipt], box.sterkhuis.publicKey);
  }

  it('a thread that stops fails the whole step with a clear error, and seals nothing', async () => {
    const query = queryFor({ kind: 'all' }, 'q-dies');
    const population = Array.from({ length: 30 }, (_, i) => ({ childId: `c${i}`, cell: i % CELLS, factor: true }));
    const { hop } = startCombination(context(query, 'gemeente', inSequence(zeros)), secrets.gemeente, population);
    const dying = new HopWorkers(1, workerScript(__filename, 'testing/dying-hop.worker'));
    const step = applyFactorOnThreads(context(query, 'sterkhuis', inSequence(zeros)), hop, new Set(), dying);
    await expect(step).rejects.toThrow(/a worker thread of the combination step stopped/);
    await dying.close();
  }, 60_000);

  it('a record that is not a ciphertext fails the step on its thread, naming the record', async () => {
    const query = queryFor({ kind: 'histogram' }, 'q-bad');
    const good = zeros.slice(0, 20);
    const hop = forgedFirstHop(query, [...good.slice(0, 13), encryptor.n * 3n, ...good.slice(13)]);
    const ctx = context(query, 'sterkhuis', inSequence(zeros));
    await expect(applyFactorOnThreads(ctx, hop, new Set(), threads)).rejects.toThrow(
      'record 13: not a ciphertext under the query',
    );
  }, 60_000);

  it("records that are not what the sender's receipt signs fail the step after every chunk is back", async () => {
    const query = queryFor({ kind: 'all' }, 'q-digest');
    const hop = forgedFirstHop(query, zeros.slice(0, 20), () => 'f'.repeat(64));
    const ctx = context(query, 'sterkhuis', inSequence(zeros));
    await expect(applyFactorOnThreads(ctx, hop, new Set(), threads)).rejects.toThrow(
      "the records do not match gemeente's signed receipt",
    );
  }, 60_000);
});
