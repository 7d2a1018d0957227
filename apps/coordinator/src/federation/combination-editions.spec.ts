import { join } from 'node:path';
import { CombinationQuery, HopReceipt, signReceipt } from '@bfa/combination';
import { canonicalHash, generateSigningKeyPair } from '@bfa/crypto';
import { loadPolicies } from '@bfa/policy';
import { ContributionEdition } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { riskFactorCombination } from '../../../../deploy/local/risk-factors';
import { combinationEditions } from './combination-editions';

const { catalog } = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
const spec = riskFactorCombination({
  purpose: 'Smart Start: children with risk factors at several partners, per wijk',
});
const ORGS = ['gemeente', 'sterkhuis', 'ggd', 'schoolbestuur'];
const DATASET: Record<string, string> = {
  gemeente: 'children_households',
  sterkhuis: 'youth_care_trajectories',
  ggd: 'health_monitor',
  schoolbestuur: 'pupils',
};
const query: CombinationQuery = {
  queryId: '6f1c2a4e-0000-4000-8000-000000000001',
  secretId: 'secret-1',
  keyId: 'key-1',
  measure: { kind: 'all' },
  populationHolder: 'gemeente',
  factorHolders: ORGS,
  cells: ['WK085501|0-3'],
  minRecords: 10,
};
const signing = Object.fromEntries(ORGS.map((org) => [org, generateSigningKeyPair()]));
const signingKeys = Object.fromEntries(ORGS.map((org) => [org, signing[org].publicKey]));
const edition = (org: string, dataset = DATASET[org], years = [2024]): ContributionEdition => ({
  org,
  dataset,
  edition: canonicalHash({ org, dataset, years }),
  years,
  importedAt: '2026-11-30T12:00:00.000Z',
});

/** The chain gemeente → sterkhuis → ggd → schoolbestuur → gemeente, each receipt signed by its sender and naming `editionsOf(sender)`. */
function chain(editionsOf: (org: string) => ContributionEdition[]): HopReceipt[] {
  const route = [...ORGS, 'gemeente'];
  const receipts: HopReceipt[] = [];
  for (let step = 0; step < ORGS.length; step++) {
    const from = route[step];
    const body = {
      queryHash: canonicalHash(query),
      step,
      from,
      to: route[step + 1],
      records: 1647,
      inputDigest: step === 0 ? null : receipts[step - 1].outputDigest,
      outputDigest: canonicalHash({ step }),
      editions: editionsOf(from),
    };
    receipts.push(signReceipt(body, signing[from].secretKey));
  }
  return receipts;
}

const collect = (receipts: HopReceipt[]) => combinationEditions(catalog, spec, query, receipts, signingKeys);

describe("the coordinator's editions of a combination release", () => {
  it("collects every step's editions, each partner's own of the dataset it read: the population holder's two years too", () => {
    const editionsOf = (org: string) =>
      org === 'gemeente' ? [edition(org, DATASET[org], [2023]), edition(org)] : [edition(org)];
    expect(collect(chain(editionsOf))).toEqual(ORGS.flatMap(editionsOf));
  });

  it('collects nothing for a partner whose records came in before any import (no edition to name)', () => {
    expect(collect(chain((org) => (org === 'ggd' ? [] : [edition(org)]))).map((e) => e.org)).toEqual([
      'gemeente',
      'sterkhuis',
      'schoolbestuur',
    ]);
  });

  it("refuses a step naming another organisation's edition, or a dataset the query does not read at that partner", () => {
    expect(() => collect(chain((org) => (org === 'ggd' ? [edition('sterkhuis')] : [edition(org)])))).toThrow(
      new Refusal("ggd's combination step names an edition of another organisation or dataset"),
    );
    // risk_signals is sterkhuis's own, but this query reads only its youth-care trajectories there.
    expect(() =>
      collect(chain((org) => (org === 'sterkhuis' ? [edition(org, 'risk_signals')] : [edition(org)]))),
    ).toThrow(/sterkhuis's combination step names an edition of another organisation or dataset/);
  });

  it("refuses editions not signed by their step's sender, and a chain missing a step", () => {
    const receipts = chain((org) => [edition(org)]);
    const swapped = receipts.map((r) =>
      r.from === 'schoolbestuur' ? { ...r, editions: [edition('schoolbestuur', 'pupils', [2023])] } : r,
    );
    expect(() => collect(swapped)).toThrow(/schoolbestuur's signature does not verify/);
    expect(() => collect(receipts.slice(0, 3))).toThrow(/3 receipts, not one per step/);
    expect(() =>
      combinationEditions(catalog, spec, query, receipts, { ...signingKeys, ggd: generateSigningKeyPair().publicKey }),
    ).toThrow(Refusal);
  });
});
