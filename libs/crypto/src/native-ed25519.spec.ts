import fc from 'fast-check';
import nacl from 'tweetnacl';
import { signEd25519, verifyEd25519 } from './native-ed25519';
import { verifySignature } from './signing';

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
/** The order of Ed25519's prime subgroup, L = 2^252 + 27742317777372353535851937790883648493. */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

/** RFC 8032 § 7.1, tests 1, 2, 3 and SHA(abc). */
const RFC_8032 = [
  {
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    seed: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature:
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
  {
    seed: '833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42',
    publicKey: 'ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf',
    message:
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    signature:
      'dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704',
  },
];

const tweetnacl = (message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array) =>
  signature.length === 64 && publicKey.length === 32 && nacl.sign.detached.verify(message, signature, publicKey);

describe('native Ed25519 verification (node:crypto)', () => {
  it.each(RFC_8032.map((v, i) => [i, v] as const))('accepts RFC 8032 vector %i and nothing changed in it', (_, v) => {
    const [message, signature, publicKey] = [hex(v.message), hex(v.signature), hex(v.publicKey)];
    expect(Buffer.from(nacl.sign.keyPair.fromSeed(hex(v.seed)).publicKey).toString('hex')).toBe(v.publicKey);
    expect(verifyEd25519(message, signature, publicKey)).toBe(true);
    expect(verifyEd25519(new Uint8Array([...message, 0]), signature, publicKey)).toBe(false);
    for (const i of [0, 32, 63]) {
      const flipped = signature.slice();
      flipped[i] ^= 0x80;
      expect(verifyEd25519(message, flipped, publicKey)).toBe(false);
    }
    const otherKey = publicKey.slice();
    otherKey[0] ^= 1;
    expect(verifyEd25519(message, signature, otherKey)).toBe(false);
  });

  it('refuses a signature whose S is not reduced (S + L), which tweetnacl accepts: RFC 8032 § 5.1.7', () => {
    const v = RFC_8032[0];
    const signature = hex(v.signature);
    const s = BigInt(`0x${Buffer.from(signature.slice(32)).reverse().toString('hex')}`) + L;
    const unreduced = new Uint8Array([
      ...signature.slice(0, 32),
      ...Buffer.from(s.toString(16).padStart(64, '0'), 'hex').reverse(),
    ]);
    expect(tweetnacl(hex(v.message), unreduced, hex(v.publicKey))).toBe(true);
    expect(verifyEd25519(hex(v.message), unreduced, hex(v.publicKey))).toBe(false);
  });

  const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
  const pairs = bytes(32).map((seed) => nacl.sign.keyPair.fromSeed(seed));

  it('agrees with tweetnacl on genuine signatures and on every single-bit change of message, signature or key', () => {
    fc.assert(
      fc.property(
        pairs,
        fc.uint8Array({ maxLength: 300 }),
        fc.nat(),
        fc.constantFrom('message', 'signature', 'key', 'none'),
        (pair, message, bit, what) => {
          const signature = nacl.sign.detached(message, pair.secretKey);
          const args = [message.slice(), signature.slice(), pair.publicKey.slice()] as const;
          const target = { message: args[0], signature: args[1], key: args[2], none: undefined }[what];
          if (target && target.length > 0) target[Math.floor(bit / 8) % target.length] ^= 1 << (bit % 8);
          const native = verifyEd25519(...args);
          expect(native).toBe(tweetnacl(...args));
          expect(native).toBe(!target || target.length === 0);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('agrees with tweetnacl on arbitrary keys and signatures (mostly invalid points), and never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), bytes(64), bytes(32), (message, signature, key) => {
        expect(verifyEd25519(message, signature, key)).toBe(tweetnacl(message, signature, key));
      }),
      { numRuns: 60 },
    );
  });

  it('refuses keys and signatures of the wrong length, and malformed base64, without throwing', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.uint8Array({ maxLength: 80 }), (signature, key) => {
        fc.pre(signature.length !== 64 || key.length !== 32);
        expect(verifyEd25519(new Uint8Array(1), signature, key)).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string({ unit: 'binary' }), (signature, key, message) => {
        expect(verifySignature(message, signature, key)).toBe(false);
      }),
    );
  });

  it('reads the message as UTF-8 exactly as the tweetnacl path did (TextEncoder), lone surrogates included', () => {
    fc.assert(
      fc.property(pairs, fc.string({ unit: 'binary' }), (pair, message) => {
        const encoded = new TextEncoder().encode(message);
        const signature = Buffer.from(nacl.sign.detached(encoded, pair.secretKey)).toString('base64');
        expect(verifySignature(message, signature, Buffer.from(pair.publicKey).toString('base64'))).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
});

describe('native Ed25519 signing (node:crypto)', () => {
  const secretOf = (seed: Uint8Array) => nacl.sign.keyPair.fromSeed(seed).secretKey;

  it.each(RFC_8032.map((v, i) => [i, v] as const))('signs RFC 8032 vector %i to its known signature', (_, v) => {
    const signature = signEd25519(hex(v.message), secretOf(hex(v.seed)));
    expect(Buffer.from(signature).toString('hex')).toBe(v.signature);
  });

  it("gives tweetnacl's signature byte for byte, for any key and message", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 2000 }),
        (seed, message) => {
          const secretKey = secretOf(seed);
          const signature = signEd25519(message, secretKey);
          expect(Buffer.from(signature).equals(Buffer.from(nacl.sign.detached(message, secretKey)))).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses a secret key of the wrong length, or whose public half is not its seed's", () => {
    const secretKey = secretOf(hex(RFC_8032[0].seed));
    expect(() => signEd25519(new Uint8Array(1), secretKey.subarray(0, 32))).toThrow('not an Ed25519 secret key');
    const damaged = secretKey.slice();
    damaged[40] ^= 1;
    expect(() => signEd25519(new Uint8Array(1), damaged)).toThrow('its halves disagree');
  });
});
