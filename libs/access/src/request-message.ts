import { canonicalJson, sha256Hex } from '@bfa/crypto';

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
  const empty =
    body === undefined || body === null || (typeof body === 'object' && Object.keys(body as object).length === 0);
  return sha256Hex(empty ? '' : canonicalJson(body));
}

/** The bytes a request signature covers. Node-free, so the console's browser build signs exactly what the CLI signs. */
export function requestMessage(parts: SignedRequestParts): string {
  return [
    DOMAIN,
    parts.method.toUpperCase(),
    parts.path,
    parts.principal,
    parts.timestamp,
    parts.nonce,
    bodyHash(parts.body),
  ].join('\n');
}
