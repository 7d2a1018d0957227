import nacl from 'tweetnacl';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * The browser's face of @bfa/crypto: the bundler maps `@bfa/crypto` here, so the shared request and decision
 * code (libs/access/src/request-message.ts, libs/protocol/src/decision.ts) builds without Node's Buffer or crypto.
 * canonicalJson is the library's own; hashing and signing give the same bytes as libs/crypto/src/hash.ts and signing.ts.
 */
import { canonicalJson } from '../../../libs/crypto/src/canonical-json';

export { canonicalJson, CanonicalJsonError } from '../../../libs/crypto/src/canonical-json';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(typeof data === 'string' ? new TextEncoder().encode(data) : data));
}

/** As libs/crypto/src/hash.ts: what an audit entry's hash is (libs/audit/src/hash-chain.ts, checked here by the ethics board's console). */
export function canonicalHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string, length?: number): Uint8Array | null {
  if (typeof text !== 'string' || !BASE64.test(text)) return null;
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null; // atob refuses a length Buffer would quietly truncate
  }
  return length === undefined || bytes.length === length ? bytes : null;
}

export function signMessage(message: string, secretKey: string): string {
  const key = fromBase64(secretKey, nacl.sign.secretKeyLength);
  if (!key) throw new Error('not an Ed25519 secret key');
  return toBase64(nacl.sign.detached(new TextEncoder().encode(message), key));
}

export function verifySignature(message: string, signature: string, publicKey: string): boolean {
  const sig = fromBase64(signature, nacl.sign.signatureLength);
  const key = fromBase64(publicKey, nacl.sign.publicKeyLength);
  if (!sig || !key || typeof message !== 'string') return false;
  return nacl.sign.detached.verify(new TextEncoder().encode(message), sig, key);
}
