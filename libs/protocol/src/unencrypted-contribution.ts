import { unrandomisedCells } from '@bfa/crypto';
import { SignedContributionDto } from './messages.dto';

/**
 * Why a contribution may not be combined outside the bench: cells sent in the clear (the plaintext floor's
 * Enc(m; r = 1), BFA_BENCH_PLAINTEXT), which the coordinator and every key holder could read. Null when every
 * ciphertext carries randomness.
 */
export function unencryptedContributionProblem(signed: SignedContributionDto, n: bigint): string | null {
  const { org, contributors, magnitudes } = signed.contribution;
  const clear = unrandomisedCells(n, contributors).length + unrandomisedCells(n, magnitudes ?? []).length;
  return clear === 0
    ? null
    : `${org}'s contribution carries ${clear} ciphertext${clear === 1 ? '' : 's'} without encryption randomness (the bench's plaintext floor, BFA_BENCH_PLAINTEXT): refused outside the bench`;
}
