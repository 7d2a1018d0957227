import { unrandomisedCiphertext } from '@bfa/crypto';
import { SignedContributionDto } from './messages.dto';

/**
 * Why a data holder's ciphertexts must be refused by a process not in the bench's plaintext floor, or null: one of
 * them is ≡ 1 mod n, encrypted without randomness. `what` names them in the reason (a contribution, a manifest).
 */
export function unrandomisedProblem(org: string, what: string, publicKey: { n: string }, ciphertexts: string[]) {
  const cell = unrandomisedCiphertext(publicKey, ciphertexts);
  if (cell < 0) return null;
  return `${org}'s ${what}: ciphertext ${cell} is 1 mod n, encrypted without randomness as BFA_BENCH_PLAINTEXT does (readable by anyone who holds it), refused outside the bench`;
}

/** A plain query's contribution: its counts and its magnitudes. */
export function unrandomisedContribution(signed: SignedContributionDto, publicKey: { n: string }): string | null {
  const { org, contributors, magnitudes } = signed.contribution;
  return unrandomisedProblem(org, 'contribution', publicKey, [...contributors, ...(magnitudes ?? [])]);
}
