import { aggregateVectors, canonicalJson, PaillierEncryptor, signMessage, verifySignature } from '@bfa/crypto';
import { AggregateDto, ContributionDto, SignedContributionDto } from './messages.dto';

const DOMAIN = 'bfa/contribution/v1\n';

function contributionMessage(contribution: ContributionDto): string {
  return DOMAIN + canonicalJson(contribution);
}

export function signContribution(contribution: ContributionDto, nodeSecretKey: string): SignedContributionDto {
  return { contribution, signature: signMessage(contributionMessage(contribution), nodeSecretKey) };
}

export function verifyContribution(signed: SignedContributionDto, nodePublicKey: string): boolean {
  return verifySignature(contributionMessage(signed.contribution), signed.signature, nodePublicKey);
}

/** The shape every contribution to one query shares: packed ciphertext counts, absent magnitudes for a count query. */
export interface ExpectedCiphertexts {
  queryHash: string;
  keyId: string;
  contributors: number;
  magnitudes?: number;
}

export interface ExpectedContribution extends ExpectedCiphertexts {
  org: string;
  /** The dataset(s) the query reads (a rate: the numerator's and the denominator's). */
  dataset: string | string[];
  nodePublicKey: string | undefined;
}

/** Why a contribution can't be combined (null when it can): it must be the expected node's, for this query, key and grid. */
export function contributionProblem(signed: SignedContributionDto, expected: ExpectedContribution): string | null {
  const { contribution } = signed;
  if (
    contribution.org !== expected.org ||
    !expected.nodePublicKey ||
    !verifyContribution(signed, expected.nodePublicKey)
  ) {
    return `${expected.org}'s contribution is not signed by its node`;
  }
  if (contribution.queryHash !== expected.queryHash || contribution.keyId !== expected.keyId)
    return `${expected.org}'s contribution is for another query or key`;
  if (contribution.editions.some((e) => e.org !== expected.org || ![expected.dataset].flat().includes(e.dataset)))
    return `${expected.org}'s contribution names an edition of another organisation or dataset`;
  if (
    contribution.contributors.length !== expected.contributors ||
    contribution.magnitudes?.length !== expected.magnitudes
  ) {
    return `${expected.org}'s contribution does not fit the query's layout of ${expected.contributors} + ${expected.magnitudes ?? 0} packed ciphertexts`;
  }
  return null;
}

/** The cell-by-cell product of all contributions: the encrypted sum the key holders decrypt. */
export function aggregateContributions(
  encryptor: PaillierEncryptor,
  contributions: SignedContributionDto[],
): AggregateDto {
  const magnitudes = contributions.map((c) => c.contribution.magnitudes);
  return {
    contributors: aggregateVectors(
      encryptor,
      contributions.map((c) => c.contribution.contributors),
    ),
    magnitudes: magnitudes.every((s): s is string[] => s !== undefined)
      ? aggregateVectors(encryptor, magnitudes)
      : undefined,
  };
}
