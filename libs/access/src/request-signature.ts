import { randomBytes } from 'node:crypto';
import { canonicalJson, sha256Hex, signMessage, verifySignature } from '@bfa/crypto';

const DOMAIN = 'bfa/request/v1';

export const HEADERS = {
  principal: 'x-bfa-principal',
  timestamp: 'x-bfa-timestamp',
  nonce: 'x-bfa-nonce',
  signature: 'x-bfa-signature',
} as const;

export interface SignedRequestParts {
  method: string;
  /** Path and query string, exactly as sent. */
  path: string;
  body: unknown;
  principal: string;
  timestamp: string;
  nonce: string;
}

/** An absent or empty body hashes as the empty string, so client and server agree whatever the parser makes of "no body". */
function bodyHash(body: unknown): string {
  const empty = body === undefined || body === null || (typeof body === 'object' && Object.keys(body as object).length === 0);
  return sha256Hex(empty ? '' : canonicalJson(body));
}

export function requestMessage(parts: SignedRequestParts): string {
  return [DOMAIN, parts.method.toUpperCase(), parts.path, parts.principal, parts.timestamp, parts.nonce, bodyHash(parts.body)].join('\n');
}

/** The headers that authenticate one request: who, when, a fresh nonce, and an Ed25519 signature over all of it and the body. */
export function signRequest(
  request: { method: string; path: string; body?: unknown },
  principal: { id: string; secretKey: string },
  now = new Date(),
): Record<string, string> {
  const parts = { ...request, body: request.body, principal: principal.id, timestamp: now.toISOString(), nonce: randomBytes(16).toString('hex') };
  return {
    [HEADERS.principal]: parts.principal,
    [HEADERS.timestamp]: parts.timestamp,
    [HEADERS.nonce]: parts.nonce,
    [HEADERS.signature]: signMessage(requestMessage(parts), principal.secretKey),
  };
}

export function verifyRequestSignature(parts: SignedRequestParts, signature: string, publicKey: string): boolean {
  return verifySignature(requestMessage(parts), signature, publicKey);
}
