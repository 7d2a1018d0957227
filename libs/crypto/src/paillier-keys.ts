import { randBitsSync, bitLength, modInv } from 'bigint-crypto-utils';
import * as paillier from 'paillier-bigint';
import { bigintToHex, hexToBigint } from './encoding';
import { sha256Hex } from './hash';

/** The public key every party may hold. g = n + 1. */
export interface PaillierPublicKeyJson {
  keyId: string;
  bits: number;
  n: string;
}

/**
 * One key holder's share of the decryption exponent. `additive-n-of-n`: all holders are needed.
 * A secret: it lives only in its holder's node.
 */
export interface KeyShareJson {
  keyId: string;
  scheme: 'additive-n-of-n';
  holder: string;
  index: number;
  holders: string[];
  n: string;
  exponent: string;
}

export interface SplitKey {
  publicKey: PaillierPublicKeyJson;
  shares: KeyShareJson[];
}

const STATISTICAL_HIDING_BITS = 128;
const MIN_BITS = 512;

export function keyIdOf(n: bigint): string {
  return sha256Hex(bigintToHex(n)).slice(0, 16);
}

function randomBelowPowerOfTwo(bits: number): bigint {
  return BigInt(`0x${Buffer.from(randBitsSync(bits)).toString('hex')}`);
}

/**
 * d = λ·(λ⁻¹ mod n) is 0 mod λ and 1 mod n, so c^d = (1+n)^m = 1 + m·n (mod n²). d is split into
 * additive shares over the integers, each but the last uniform on bitlen(d)+128 bits, which hides d
 * statistically; the last may be negative. The private key object is dropped when this returns.
 */
export async function generateSplitKey(bits: number, holders: string[]): Promise<SplitKey> {
  if (!Number.isInteger(bits) || bits < MIN_BITS) throw new Error(`key size must be at least ${MIN_BITS} bits`);
  if (holders.length < 2 || new Set(holders).size !== holders.length) throw new Error('a split key needs at least two distinct holders');
  const { publicKey, privateKey } = await paillier.generateRandomKeys(bits, true);
  const n = publicKey.n;
  const d = privateKey.lambda * modInv(privateKey.lambda, n);
  const shareBits = bitLength(d) + STATISTICAL_HIDING_BITS;
  const exponents = holders.slice(1).map(() => randomBelowPowerOfTwo(shareBits));
  exponents.push(d - exponents.reduce((sum, e) => sum + e, 0n));
  const keyId = keyIdOf(n);
  const nHex = bigintToHex(n);
  return {
    publicKey: { keyId, bits: bitLength(n), n: nHex },
    shares: holders.map((holder, index) => ({ keyId, scheme: 'additive-n-of-n', holder, index, holders: [...holders], n: nHex, exponent: bigintToHex(exponents[index]) })),
  };
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
  return { keyId: json.keyId as string, bits: bitLength(n), n: bigintToHex(n) };
}

export function parseKeyShare(value: unknown): KeyShareJson {
  if (typeof value !== 'object' || value === null) throw new Error('a key share must be an object');
  const json = value as Record<string, unknown>;
  const n = hexToBigint(requireString(json, 'n'));
  hexToBigint(requireString(json, 'exponent'));
  if (json.scheme !== 'additive-n-of-n') throw new Error(`unknown key share scheme ${String(json.scheme)}`);
  if (keyIdOf(n) !== json.keyId) throw new Error('keyId does not match n');
  const holders = json.holders;
  if (!Array.isArray(holders) || !holders.every((h) => typeof h === 'string')) throw new Error('holders must be a list of organisation ids');
  if (!Number.isInteger(json.index) || holders[json.index as number] !== json.holder) throw new Error('holder is not at its index in holders');
  return json as unknown as KeyShareJson;
}
