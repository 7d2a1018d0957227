import nacl from 'tweetnacl';
import { signEd25519, verifyEd25519 } from './native-ed25519';

/** An Ed25519 key pair, base64. The secret key never leaves its owner's machine. */
export interface SigningKeyPair {
  publicKey: string;
  secretKey: string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function fromBase64(text: string, length: number): Uint8Array | null {
  if (typeof text !== 'string' || !BASE64.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === length ? new Uint8Array(bytes) : null;
}

export const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export function generateSigningKeyPair(): SigningKeyPair {
  const pair = nacl.sign.keyPair();
  return { publicKey: toBase64(pair.publicKey), secretKey: toBase64(pair.secretKey) };
}

export function signingKeyPairFromSeed(seed: Uint8Array): SigningKeyPair {
  const pair = nacl.sign.keyPair.fromSeed(seed);
  return { publicKey: toBase64(pair.publicKey), secretKey: toBase64(pair.secretKey) };
}

/** An Ed25519 secret key (tweetnacl's 64 bytes) carries its public key in its second half. */
export function publicKeyOfSigningKey(secretKey: string): string {
  const key = fromBase64(secretKey, nacl.sign.secretKeyLength);
  if (!key) throw new Error('not an Ed25519 secret key');
  return toBase64(key.subarray(32));
}

export function signMessage(message: string, secretKey: string): string {
  const key = fromBase64(secretKey, nacl.sign.secretKeyLength);
  if (!key) throw new Error('not an Ed25519 secret key');
  return toBase64(signEd25519(Buffer.from(message, 'utf8'), key));
}

/** False for a wrong signature and for anything malformed; never throws on untrusted input. Checked natively (OpenSSL). */
export function verifySignature(message: string, signature: string, publicKey: string): boolean {
  const sig = fromBase64(signature, nacl.sign.signatureLength);
  const key = fromBase64(publicKey, nacl.sign.publicKeyLength);
  if (!sig || !key || typeof message !== 'string') return false;
  return verifyEd25519(Buffer.from(message, 'utf8'), sig, key);
}
