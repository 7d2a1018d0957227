import nacl from 'tweetnacl';
import { fromBase64, toBase64 } from './signing';

/** An X25519 key pair for receiving sealed boxes, base64. */
export interface BoxKeyPair {
  publicKey: string;
  secretKey: string;
}

/** A message only the holder of `recipientPublicKey`'s secret key can open; the sender's key is thrown away. */
export interface SealedBox {
  /** The second: libs/crypto/src/sealed-bytes.ts, for bulk (a combination's hop chunks). */
  scheme: 'nacl-box/x25519-xsalsa20-poly1305' | 'x25519-chacha20-poly1305';
  recipientPublicKey: string;
  ephemeralPublicKey: string;
  nonce: string;
  box: string;
}

export function generateBoxKeyPair(): BoxKeyPair {
  const pair = nacl.box.keyPair();
  return { publicKey: toBase64(pair.publicKey), secretKey: toBase64(pair.secretKey) };
}

export function seal(plaintext: string, recipientPublicKey: string): SealedBox {
  const recipient = fromBase64(recipientPublicKey, nacl.box.publicKeyLength);
  if (!recipient) throw new Error('not an X25519 public key');
  const ephemeral = nacl.box.keyPair();
  const nonce = nacl.randomBytes(nacl.box.nonceLength);
  const box = nacl.box(new TextEncoder().encode(plaintext), nonce, recipient, ephemeral.secretKey);
  ephemeral.secretKey.fill(0);
  return {
    scheme: 'nacl-box/x25519-xsalsa20-poly1305',
    recipientPublicKey,
    ephemeralPublicKey: toBase64(ephemeral.publicKey),
    nonce: toBase64(nonce),
    box: toBase64(box),
  };
}

/** The plaintext, or an error when the box is for someone else, malformed or tampered with. */
export function openSealed(sealed: SealedBox, secretKey: string): string {
  const key = fromBase64(secretKey, nacl.box.secretKeyLength);
  if (!key) throw new Error('not an X25519 secret key');
  const ephemeral = fromBase64(sealed?.ephemeralPublicKey, nacl.box.publicKeyLength);
  const nonce = fromBase64(sealed?.nonce, nacl.box.nonceLength);
  const box = typeof sealed?.box === 'string' ? Buffer.from(sealed.box, 'base64') : null;
  if (sealed?.scheme !== 'nacl-box/x25519-xsalsa20-poly1305' || !ephemeral || !nonce || !box)
    throw new Error('not a sealed box');
  const opened = nacl.box.open(new Uint8Array(box), nonce, ephemeral, key);
  if (!opened) throw new Error('the sealed box does not open with this key (another recipient, or tampered with)');
  return new TextDecoder().decode(opened);
}
