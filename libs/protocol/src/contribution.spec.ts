import { generateSigningKeyPair } from '@bfa/crypto';
import { contributionProblem, signContribution } from './contribution';
import { ContributionDto } from './messages.dto';

const node = generateSigningKeyPair();
const edition = {
  org: 'gemeente',
  dataset: 'children_households',
  edition: 'a'.repeat(64),
  years: [2024],
  importedAt: '2026-11-30T10:00:00.000Z',
};
const contribution = (editions: ContributionDto['editions']): ContributionDto => ({
  queryId: '11111111-2222-4333-8444-555555555555',
  queryHash: 'b'.repeat(64),
  org: 'gemeente',
  keyId: '0123456789abcdef',
  contributors: ['2a'],
  editions,
});
const expected = {
  queryHash: 'b'.repeat(64),
  keyId: '0123456789abcdef',
  contributors: 1,
  org: 'gemeente',
  dataset: 'children_households',
  nodePublicKey: node.publicKey,
};

describe('the editions a contribution names', () => {
  it("are covered by the node's signature: changing one in transit breaks it", () => {
    const signed = signContribution(contribution([edition]), node.secretKey);
    expect(contributionProblem(signed, expected)).toBeNull();
    const swapped = {
      ...signed,
      contribution: { ...signed.contribution, editions: [{ ...edition, edition: 'c'.repeat(64) }] },
    };
    expect(contributionProblem(swapped, expected)).toMatch(/not signed by its node/);
  });

  it("must be the sender's own and of the query's dataset", () => {
    expect(
      contributionProblem(signContribution(contribution([{ ...edition, org: 'ggd' }]), node.secretKey), expected),
    ).toMatch(/edition of another organisation or dataset/);
    expect(
      contributionProblem(
        signContribution(contribution([{ ...edition, dataset: 'pupils' }]), node.secretKey),
        expected,
      ),
    ).toMatch(/edition of another organisation or dataset/);
  });
});
