import fc from 'fast-check';
import { generateBoxKeyPair, openSealed, seal } from './sealed-box';
import { AEAD_SEALED_SCHEME, openSealedBytes, sealBytes } from './sealed-bytes';

const recipient = generateBoxKeyPair();
const other = generateBoxKeyPair();
const header = Buffer.from('bfa/combination/hop-chunk/v2\nq\n1\n0\n2');
const plaintext = Buffer.from('records of one chunk');

/** The box with one bit of its ciphertext bytes (or tag, at the end) flipped. */
function flipped(box: string, at: number): string {
  const bytes = Buffer.from(box, 'base64');
  bytes[at < 0 ? bytes.length + at : at] ^= 1;
  return bytes.toString('base64');
}

describe('sealBytes (X25519 + ChaCha20-Poly1305, for a combination hop)', () => {
  it('opens to the bytes sealed, for any bytes and header (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.uint8Array({ maxLength: 128 }), (bytes, head) => {
        const sealed = sealBytes(bytes, recipient.publicKey, head);
        expect(sealed.scheme).toBe(AEAD_SEALED_SCHEME);
        expect(openSealedBytes(sealed, recipient.secretKey, head).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('does not carry its plaintext or reuse a nonce or ephemeral key', () => {
    const [a, b] = [
      sealBytes(plaintext, recipient.publicKey, header),
      sealBytes(plaintext, recipient.publicKey, header),
    ];
    expect(Buffer.from(a.box, 'base64').includes(plaintext)).toBe(false);
    expect(a.box).not.toBe(b.box);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.ephemeralPublicKey).not.toBe(b.ephemeralPublicKey);
  });

  it('refuses a tampered ciphertext or tag', () => {
    const sealed = sealBytes(plaintext, recipient.publicKey, header);
    for (const at of [0, 5, -1, -16])
      expect(() => openSealedBytes({ ...sealed, box: flipped(sealed.box, at) }, recipient.secretKey, header)).toThrow(
        /does not open/,
      );
    expect(() => openSealedBytes({ ...sealed, nonce: flipped(sealed.nonce, 0) }, recipient.secretKey, header)).toThrow(
      /does not open/,
    );
    expect(() =>
      openSealedBytes(
        { ...sealed, box: Buffer.from(sealed.box, 'base64').subarray(0, 20).toString('base64') },
        recipient.secretKey,
        header,
      ),
    ).toThrow(/does not open/);
  });

  it('refuses another header: a chunk swapped to another position, hop or query, or replayed', () => {
    const sealed = sealBytes(plaintext, recipient.publicKey, header);
    for (const other of [
      'bfa/combination/hop-chunk/v2\nq\n1\n1\n2',
      'bfa/combination/hop-chunk/v2\nq\n2\n0\n2',
      'bfa/combination/hop-chunk/v2\nr\n1\n0\n2',
      '',
    ]) {
      expect(() => openSealedBytes(sealed, recipient.secretKey, Buffer.from(other))).toThrow(/does not open/);
    }
  });

  it('refuses the wrong key, a re-addressed box and a box of the other scheme', () => {
    const sealed = sealBytes(plaintext, recipient.publicKey, header);
    expect(() => openSealedBytes(sealed, other.secretKey, header)).toThrow(/does not open/);
    expect(() =>
      openSealedBytes({ ...sealed, recipientPublicKey: other.publicKey }, recipient.secretKey, header),
    ).toThrow(/does not open/);
    expect(() =>
      openSealedBytes({ ...sealed, ephemeralPublicKey: other.publicKey }, recipient.secretKey, header),
    ).toThrow(/does not open/);
    expect(() => openSealedBytes(seal('x', recipient.publicKey), recipient.secretKey, header)).toThrow(
      /not a sealed box/,
    );
    expect(() => openSealed(sealed, recipient.secretKey)).toThrow(/not a sealed box/);
    expect(() => openSealedBytes({ ...sealed, nonce: 'short' }, recipient.secretKey, header)).toThrow(
      /not a sealed box/,
    );
    expect(() => sealBytes(plaintext, 'not a key', header)).toThrow(/not an X25519 public key/);
  });
});
