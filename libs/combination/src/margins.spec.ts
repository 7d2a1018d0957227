import {
  canonicalHash,
  combineThresholdPartials,
  generateBoxKeyPair,
  generateSigningKeyPair,
  generateThresholdKey,
  PaillierEncryptor,
  RandomizerPool,
  signMessage,
  thresholdPartialDecrypt,
  ThresholdKey,
} from '@bfa/crypto';
import { Catalog } from '@bfa/policy';
import { checkAggregateRequest } from './aggregate-check';
import { applyFactor } from './factor-holder';
import { CombinationManifest } from './manifest';
import { combinationMargins } from './margin-groups';
import { PartyContext } from './party';
import { finishCombination, startCombination } from './population-holder';
import { pseudonymSet } from './pseudonym';
import { openSealedPseudonymSecret, runPseudonymCeremony } from './pseudonym-ceremony';
import { CombinationMeasure, CombinationQuery, slotCells } from './query';
import { readCombinationResult, readMarginParts } from './result';
import { correlatedCombination, FACTOR_HOLDERS, plaintextHistograms } from './testing/seeded-combination';

const ORGS = FACTOR_HOLDERS;
const CHILDREN = 2000;
const K = 10;

/** The grid's catalog dimensions, from the region's cell labels (wijk|age band). */
function gridCatalog(cells: string[]): Catalog {
  const values = (i: number) => [...new Set(cells.map((label) => label.split('|')[i]))];
  return { dimensions: { wijk: { values: values(0) }, age_band: { values: values(1) } } } as unknown as Catalog;
}

describe('margins of a combination: the withheld cells summed per total by the population holder (issue 15)', () => {
  const data = correlatedCombination(CHILDREN);
  const groups = combinationMargins(gridCatalog(data.cells), ['wijk', 'age_band']);
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
  const histograms = plaintextHistograms(data);
  const children = histograms.map((h) => h.reduce((s, x) => s + x, 0));
  let key: ThresholdKey;

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
      editions: [],
    };
  };
  const queryFor = (measure: CombinationMeasure): CombinationQuery => ({
    queryId: `q-margins-${measure.kind}`,
    secretId: ceremony.secretId,
    keyId: key.publicKey.keyId,
    measure,
    populationHolder: 'gemeente',
    factorHolders: ORGS,
    cells: data.cells,
    minRecords: K,
    margins: groups.map((g) => g.cells),
  });
  const manifests = new Map<string, CombinationManifest>();
  function run(query: CombinationQuery): CombinationManifest {
    if (manifests.has(query.queryId)) return manifests.get(query.queryId)!;
    const { state, hop } = startCombination(context(query, 'gemeente'), secrets.gemeente, data.population);
    let last = hop;
    for (const org of ORGS.slice(1))
      last = applyFactor(context(query, org), last, pseudonymSet(secrets[org], query.queryId, data.factors[org]));
    manifests.set(query.queryId, finishCombination(context(query, 'gemeente'), state, last));
    return manifests.get(query.queryId)!;
  }
  function decrypt(query: CombinationQuery, manifest: CombinationManifest): bigint[] {
    const check = checkAggregateRequest(query, manifest, key.publicKey, directory.signingPublicKeys);
    if (!check.ok) throw new Error(check.reason);
    const partials = key.shares.slice(1).map((share) => ({
      holder: share.holder,
      keyId: share.keyId,
      values: thresholdPartialDecrypt(share, check.aggregates),
    }));
    return combineThresholdPartials(key.publicKey, partials);
  }
  const counted = (measure: CombinationMeasure, cell: number) => {
    const h = histograms[cell];
    return measure.kind === 'all' ? h[h.length - 1] : h.slice((measure as { m: number }).m).reduce((s, x) => s + x, 0);
  };

  beforeAll(async () => {
    key = await generateThresholdKey(512, ORGS, 3);
  }, 120_000);

  it('has one margin per total of the released table: per gemeente and the region along wijk, Totaal along age band', () => {
    const wijken = new Set(data.cells.map((label) => label.split('|')[0]));
    const gemeenten = new Set([...wijken].map((w) => w.slice(2, 6)));
    // (wijk, Totaal) + (gemeente, band | Totaal) + (region, band | Totaal)
    expect(groups).toHaveLength(wijken.size + gemeenten.size * 5 + 5);
    expect(
      groups.find((g) => g.coordinates.wijk === 'Totaal' && g.coordinates.age_band === 'Totaal')!.cells,
    ).toHaveLength(data.cells.length);
    const gemeente = groups.find(
      (g) => g.coordinates.wijk === `GM${[...gemeenten][0]}` && g.coordinates.age_band === '4-11',
    )!;
    expect(gemeente.cells.map((c) => data.cells[c])).toEqual(
      data.cells.filter((label) => label.startsWith(`WK${[...gemeenten][0]}`) && label.endsWith('|4-11')),
    );
  });

  it.each<[string, CombinationMeasure]>([
    ['all', { kind: 'all' }],
    ['atLeast 2', { kind: 'atLeast', m: 2 }],
  ])(
    'decrypts each margin as the sum over its withheld cells, and withholds a margin of fewer than k children (%s)',
    (_, measure) => {
      const query = queryFor(measure);
      const manifest = run(query);
      const plaintexts = decrypt(query, manifest);
      const cells = readCombinationResult(query, manifest, plaintexts, key.publicKey);
      const parts = readMarginParts(query, manifest, plaintexts, key.publicKey);
      const withheldCells = new Set(manifest.withheld);
      expect(withheldCells.size).toBeGreaterThan(5);
      let small = 0;
      groups.forEach((group, j) => {
        const population = group.cells.reduce((s, c) => s + children[c], 0);
        if (population < K) {
          small++;
          return expect(parts[j]).toBeNull();
        }
        const hidden = group.cells.filter((c) => withheldCells.has(c));
        expect(parts[j]).toBe(hidden.reduce((s, c) => s + counted(measure, c), 0));
        // The margin itself: its released cells plus the part the population holder added.
        const released = group.cells.filter((c) => !withheldCells.has(c)).reduce((s, c) => s + cells[c].count!, 0);
        expect(released + parts[j]!).toBe(group.cells.reduce((s, c) => s + counted(measure, c), 0));
      });
      expect(small).toBeGreaterThan(0);
      expect(parts.filter((p) => p !== null && p > 0).length).toBeGreaterThan(5);
    },
    120_000,
  );

  it('has key holders refuse reveal offsets that would unmask a margin of fewer than k children', () => {
    const query = queryFor({ kind: 'atLeast', m: 2 });
    const manifest = run(query);
    const smallMargin = query.margins!.findIndex((group) => group.reduce((s, c) => s + children[c], 0) < K);
    const offsets = [...manifest.revealOffsets!];
    expect(offsets).toHaveLength(slotCells(query));
    offsets[query.cells.length + smallMargin] = '12345';
    const { signature: _dropped, ...body } = { ...manifest, revealOffsets: offsets };
    const forged = { ...body, signature: signMessage(canonicalHash(body), signing.gemeente.secretKey) };
    expect(checkAggregateRequest(query, forged, key.publicKey, directory.signingPublicKeys)).toEqual({
      ok: false,
      reason: 'reveal offsets do not fit the released cells',
    });
  }, 120_000);
});
