import { canonicalJson, signMessage, verifySignature } from '@bfa/crypto';
import { ContributionDto, SignedContributionDto } from './messages.dto';

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
