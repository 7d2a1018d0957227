import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The hash that approvals, audit entries and releases refer to: SHA-256 of the canonical JSON. */
export function canonicalHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
