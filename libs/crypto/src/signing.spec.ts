import { canonicalHash } from './hash';
import { generateSigningKeyPair, signMessage, signingKeyPairFromSeed, verifySignature } from './signing';

const query = {
  dataset: 'youth_care_trajectories',
  measure: { kind: 'count' },
  filters: [{ field: 'year', op: 'eq', value: 2024 }],
};

describe('Ed25519 signatures over query hashes', () => {
  const steward = generateSigningKeyPair();
  const signature = signMessage(canonicalHash(query), steward.secretKey);

  it('verifies for the query that was signed', () => {
    expect(verifySignature(canonicalHash(query), signature, steward.publicKey)).toBe(true);
  });

  it('does not verify for an altered query', () => {
    const altered = { ...query, filters: [{ field: 'year', op: 'eq', value: 2023 }] };
    expect(verifySignature(canonicalHash(altered), signature, steward.publicKey)).toBe(false);
  });

  it('does not verify with another key', () => {
    expect(verifySignature(canonicalHash(query), signature, generateSigningKeyPair().publicKey)).toBe(false);
  });

  it('does not verify a tampered signature (any single byte)', () => {
    const bytes = Buffer.from(signature, 'base64');
    for (const i of [0, 31, 63]) {
      const tampered = Buffer.from(bytes);
      tampered[i] ^= 1;
      expect(verifySignature(canonicalHash(query), tampered.toString('base64'), steward.publicKey)).toBe(false);
    }
  });

  it.each([
    ['', ''],
    ['!!!', steward.publicKey],
    [signature, 'short'],
    [signature.slice(4), steward.publicKey],
    [null as any, undefined as any],
  ])('returns false, never throws, on malformed input %#', (sig, key) => {
    expect(verifySignature(canonicalHash(query), sig, key)).toBe(false);
  });

  it('derives the same key pair from the same seed (known answer: RFC 8032 test 1)', () => {
    const seed = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');
    const pair = signingKeyPairFromSeed(seed);
    expect(Buffer.from(pair.publicKey, 'base64').toString('hex')).toBe(
      'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    );
    expect(Buffer.from(signMessage('', pair.secretKey), 'base64').toString('hex')).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
  });
});
