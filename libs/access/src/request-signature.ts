import { randomBytes } from 'node:crypto';
import { signMessage, verifySignature } from '@bfa/crypto';
import { HEADERS, requestMessage, SignedRequestParts } from './request-message';

export { HEADERS, requestMessage } from './request-message';
export type { SignedRequestParts } from './request-message';

/** The headers that authenticate one request: who, when, a fresh nonce, and an Ed25519 signature over all of it and the body. */
export function signRequest(
  request: { method: string; path: string; body?: unknown },
  principal: { id: string; secretKey: string },
  now = new Date(),
): Record<string, string> {
  const parts = {
    ...request,
    body: request.body,
    principal: principal.id,
    timestamp: now.toISOString(),
    nonce: randomBytes(16).toString('hex'),
  };
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
