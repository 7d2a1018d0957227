import {
  combineThresholdPartials,
  generateBoxKeyPair,
  generateSigningKeyPair,
  generateThresholdKey,
  PaillierEncryptor,
  RandomizerPool,
  thresholdPartialDecrypt,
  ThresholdKey,
} from '@bfa/crypto';
import { checkAggregateRequest } from '../aggregate-check';
import { applyFactor } from '../factor-holder';
import { PartyContext } from '../party';
import { finishCombination, startCombination } from '../population-holder';
import { pseudonymSet } from '../pseudonym';
import { openSealedPseudonymSecret, runPseudonymCeremony } from '../pseudonym-ceremony';
import { CombinationMeasure, CombinationQuery } from '../query';
import { readCombinationResult } from '../result';
import { correlatedCombination, FACTOR_HOLDERS } from '../testing/seeded-combination';

const ORGS = FACTOR_HOLDERS;
const K = 10;

/** Per cell, per child: its bits in chain order (the population holder's own first, the outcome holder's last). */
function plaintextBits(data: ReturnType<typeof correlatedCombination>) {
  const sets = ORGS.slice(1).map((org) => new Set(data.factors[org]));
  return data.population
    .filter((c) => c.cell !== null)
    .map((c) => ({ cell: c.cell!, bits: [c.factor === true, ...sets.map((set) => set.has(c.childId))] }));
}

describe('cocktail encodings through the real protocol (threshold Paillier, sealed hops, the key holders’ check)', () => {
  const data = correlatedCombination(1500, 424242, 0.2);
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

  beforeAll(async () => {
    key = await generateThresholdKey(512, ORGS, 3);
  }, 120_000);

  function run(measure: CombinationMeasure) {
    const query: CombinationQuery = {
      queryId: `q-${measure.kind}`,
      secretId: ceremony.secretId,
      keyId: key.publicKey.keyId,
      measure,
      populationHolder: 'gemeente',
      factorHolders: ORGS,
      cells: data.cells,
      minRecords: K,
    };
    const context = (org: string): PartyContext => {
      const encryptor = new PaillierEncryptor(key.publicKey);
      return {
        query,
        org,
        encryptor,
        randomizers: new RandomizerPool(encryptor),
        signingSecretKey: signing[org].secretKey,
        boxSecretKey: box[org].secretKey,
        directory,
        editions: [],
      };
    };
    const { state, hop } = startCombination(context('gemeente'), secrets.gemeente, data.population);
    let last = hop;
    for (const org of ORGS.slice(1))
      last = applyFactor(context(org), last, pseudonymSet(secrets[org], query.queryId, data.factors[org]));
    const manifest = finishCombination(context('gemeente'), state, last);
    const check = checkAggregateRequest(query, manifest, key.publicKey, directory.signingPublicKeys);
    if (!check.ok) throw new Error(check.reason);
    const partials = key.shares.slice(0, 3).map((share) => ({
      holder: share.holder,
      keyId: share.keyId,
      values: thresholdPartialDecrypt(share, check.aggregates),
    }));
    return readCombinationResult(query, manifest, combineThresholdPartials(key.publicKey, partials), key.publicKey);
  }

  it('patterns: every released cell decrypts to its children per combination of the four bits', () => {
    const children = plaintextBits(data);
    const cells = run({ kind: 'patterns' });
    const released = cells.filter((c) => !c.withheld);
    expect(released.length).toBeGreaterThan(20);
    cells.forEach((cell, i) => {
      const mine = children.filter((c) => c.cell === i);
      expect(cell.withheld).toBe(mine.length < K);
      if (cell.withheld) return expect(cell.patterns).toBeUndefined();
      expect(cell.patterns).toEqual(
        Array.from(
          { length: 16 },
          (_, p) => mine.filter((c) => c.bits.reduce((x, b, j) => x + (b ? 1 << j : 0), 0) === p).length,
        ),
      );
    });
  }, 300_000);

  it('outcomeByCount: per number of the first three bits, the children and those with the school board’s bit as the outcome', () => {
    const children = plaintextBits(data);
    const cells = run({ kind: 'outcomeByCount' });
    cells.forEach((cell, i) => {
      if (cell.withheld) return expect(cell.byCount).toBeUndefined();
      const mine = children.filter((c) => c.cell === i);
      const s = (bits: boolean[]) => bits.slice(0, 3).filter(Boolean).length;
      expect(cell.byCount).toEqual({
        children: [0, 1, 2, 3].map((n) => mine.filter((c) => s(c.bits) === n).length),
        withOutcome: [0, 1, 2, 3].map((n) => mine.filter((c) => s(c.bits) === n && c.bits[3]).length),
      });
    });
  }, 300_000);
});
