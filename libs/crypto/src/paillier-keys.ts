import { bitLength } from 'bigint-crypto-utils';
import { bigintToHex, hexToBigint } from './encoding';
import { sha256Hex } from './hash';
import { parseShortExponent, ShortExponentJson } from './short-exponent';

/** The public key every party may hold. g = n + 1. */
export interface PaillierPublicKeyJson {
  keyId: string;
  bits: number;
  n: string;
  /** How encryption randomness is made (recorded by the ceremony); without it, rⁿ for a uniform r. */
  randomness?: ShortExponentJson;
}

export function keyIdOf(n: bigint): string {
  return sha256Hex(bigintToHex(n)).slice(0, 16);
}

function requireString(value: Record<string, unknown>, field: string): string {
  if (typeof value[field] !== 'string') throw new Error(`${field} must be a string`);
  return value[field] as string;
}

export function parsePublicKey(value: unknown): PaillierPublicKeyJson {
  if (typeof value !== 'object' || value === null) throw new Error('a Paillier public key must be an object');
  const json = value as Record<string, unknown>;
  const n = hexToBigint(requireString(json, 'n'));
  if (keyIdOf(n) !== json.keyId) throw new Error('keyId does not match n');
  const key: PaillierPublicKeyJson = { keyId: json.keyId as string, bits: bitLength(n), n: bigintToHex(n) };
  if (json.randomness === undefined) return key;
  parseShortExponent(json.randomness, n);
  return { ...key, randomness: json.randomness as ShortExponentJson };
}
