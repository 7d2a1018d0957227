import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';
import { SealedBox } from './sealed-box';
import { fromBase64, toBase64 } from './signing';

export const AEAD_SEALED_SCHEME = 'x25519-chacha20-poly1305';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The AEAD's associated data: the caller's header plus both public keys, so a box can't be moved to another
 * header (another query, hop or chunk position) or re-addressed without its tag failing.
 */
function associated(recipient: Uint8Array, ephemeral: Uint8Array, header: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${AEAD_SEALED_SCHEME}\n`), recipient, ephemeral, header]);
}

/**
 * Bulk sealing: X25519 with a fresh ephemeral key (tweetnacl's box.before, one scalar multiplication per box)
 * and node:crypto's ChaCha20-Poly1305 for the bytes, about eight times faster than tweetnacl's XSalsa20-Poly1305
 * in JavaScript. `header` is authenticated, not encrypted: the opener must present the same bytes.
 */
export function sealBytes(plaintext: Uint8Array, recipientPublicKey: string, header: Uint8Array): SealedBox {
  const recipient = fromBase64(recipientPublicKey, nacl.box.publicKeyLength);
  if (!recipient) throw new Error('not an X25519 public key');
  const ephemeral = nacl.box.keyPair();
  const key = nacl.box.before(recipient, ephemeral.secretKey);
  ephemeral.secretKey.fill(0);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associated(recipient, ephemeral.publicKey, header), { plaintextLength: plaintext.length });
  const box = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  key.fill(0);
  return {
    scheme: AEAD_SEALED_SCHEME,
    recipientPublicKey,
    ephemeralPublicKey: toBase64(ephemeral.publicKey),
    nonce: nonce.toString('base64'),
    box: box.toString('base64'),
  };
}

/** The plaintext, or an error when the box is for someone else, malformed, tampered with or under another header. */
export function openSealedBytes(sealed: SealedBox, secretKey: string, header: Uint8Array): Buffer {
  const key = fromBase64(secretKey, nacl.box.secretKeyLength);
  if (!key) throw new Error('not an X25519 secret key');
  const recipient = fromBase64(sealed?.recipientPublicKey, nacl.box.publicKeyLength);
  const ephemeral = fromBase64(sealed?.ephemeralPublicKey, nacl.box.publicKeyLength);
  const nonce = fromBase64(sealed?.nonce, NONCE_BYTES);
  const box = typeof sealed?.box === 'string' ? Buffer.from(sealed.box, 'base64') : null;
  if (sealed?.scheme !== AEAD_SEALED_SCHEME || !recipient || !ephemeral || !nonce || !box || box.length < TAG_BYTES)
    throw new Error('not a sealed box');
  const shared = nacl.box.before(ephemeral, key);
  const decipher = createDecipheriv('chacha20-poly1305', shared, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(associated(recipient, ephemeral, header), { plaintextLength: box.length - TAG_BYTES });
  decipher.setAuthTag(box.subarray(box.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(box.subarray(0, box.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new Error(
      'the sealed box does not open with this key (another recipient, tampered with, or under another header)',
    );
  } finally {
    shared.fill(0);
  }
}
