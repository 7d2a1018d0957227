import {
  generateSigningKeyPair,
  generateThresholdKey,
  hexToBigint,
  NO_RANDOMNESS,
  PaillierEncryptor,
  ThresholdKey,
} from '@bfa/crypto';
import { signContribution } from './contribution';
import { ContributionDto } from './messages.dto';
import { unencryptedContributionProblem } from './unencrypted-contribution';

const node = generateSigningKeyPair();

describe("a contribution sent in the clear by a node in the bench's plaintext floor", () => {
  let key: ThresholdKey;
  let encryptor: PaillierEncryptor;
  let n: bigint;
  beforeAll(async () => {
    key = await generateThresholdKey(256, ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'], 3);
    encryptor = new PaillierEncryptor(key.publicKey);
    n = hexToBigint(key.publicKey.n);
  }, 60_000);

  const signed = (contributors: string[], magnitudes?: string[]) =>
    signContribution(
      {
        queryId: '11111111-2222-4333-8444-555555555555',
        queryHash: 'b'.repeat(64),
        org: 'ggd',
        keyId: key.publicKey.keyId,
        contributors,
        ...(magnitudes ? { magnitudes } : {}),
        editions: [],
      } as ContributionDto,
      node.secretKey,
    );

  it('is readable by whoever holds it: (c − 1)/n is the cell, no key share needed', () => {
    const [c] = encryptor.encryptVector([1234n], NO_RANDOMNESS);
    expect((hexToBigint(c) - 1n) / n).toBe(1234n);
  });

  it('is refused, naming the node and how many ciphertexts came in the clear', () => {
    const clear = encryptor.encryptVector([7n, 0n, 3n], NO_RANDOMNESS);
    expect(unencryptedContributionProblem(signed(clear), n)).toBe(
      "ggd's contribution carries 3 ciphertexts without encryption randomness (the bench's plaintext floor, BFA_BENCH_PLAINTEXT): refused outside the bench",
    );
    const mixed = [...encryptor.encryptVector([7n, 0n]), ...encryptor.encryptVector([3n], NO_RANDOMNESS)];
    expect(unencryptedContributionProblem(signed(mixed, encryptor.encryptVector([9n], NO_RANDOMNESS)), n)).toMatch(
      /carries 2 ciphertexts without encryption randomness/,
    );
  });

  it('lets every real encryption through, zeros included', () => {
    const real = encryptor.encryptVector(Array.from({ length: 50 }, (_, i) => BigInt(i % 3)));
    expect(unencryptedContributionProblem(signed(real, encryptor.encryptVector([0n, 5n])), n)).toBeNull();
  });
});
