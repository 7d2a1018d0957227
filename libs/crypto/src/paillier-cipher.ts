import { gcd, randBetween } from 'bigint-crypto-utils';
import { hexToBigint, bigintToHex } from './encoding';
import { defaultModexpEngine, FixedPower, fixedPower, ModexpEngine } from './modexp';
import { PaillierPublicKeyJson } from './paillier-keys';
import { parseShortExponent, shortExponentRandomizer } from './short-exponent';

/** Encryption and homomorphic addition under a public key; holds nothing secret. */
export class PaillierEncryptor {
  readonly n: bigint;
  readonly n2: bigint;
  private toTheN?: FixedPower;
  private shortForm?: { hs: bigint; exponentBits: number };

  constructor(
    readonly publicKey: PaillierPublicKeyJson,
    private readonly engine: ModexpEngine = defaultModexpEngine(),
  ) {
    this.n = hexToBigint(publicKey.n);
    this.n2 = this.n * this.n;
  }

  /**
   * The expensive half of an encryption, computable ahead of time: h_s^α for a key with short-exponent
   * randomness, else rⁿ mod n² for a fresh r uniform in Z*_n. Either is an Enc(0).
   */
  randomizer(): bigint {
    if (this.publicKey.randomness) {
      this.shortForm ??= parseShortExponent(this.publicKey.randomness, this.n, this.engine);
      return shortExponentRandomizer(this.shortForm.hs, this.n2, this.shortForm.exponentBits, this.engine);
    }
    let r: bigint;
    do r = randBetween(this.n - 1n, 1n);
    while (gcd(r, this.n) !== 1n);
    this.toTheN ??= fixedPower(this.n, this.n2, this.engine);
    return this.toTheN(r);
  }

  /** Enc(m) = (1 + m·n) · rⁿ mod n²; with a precomputed rⁿ it is one multiplication. Each rⁿ must be used once. */
  encrypt(m: bigint, randomizer: bigint = this.randomizer()): bigint {
    if (m < 0n || m >= this.n) throw new RangeError('plaintext must be in [0, n)');
    return (((1n + m * this.n) % this.n2) * randomizer) % this.n2;
  }

  encryptVector(values: bigint[], randomizers: { take(): bigint } = { take: () => this.randomizer() }): string[] {
    return values.map((m) => bigintToHex(this.encrypt(m, randomizers.take())));
  }

  /** Enc(a)·Enc(b) = Enc(a + b). */
  add(a: bigint, b: bigint): bigint {
    return (a * b) % this.n2;
  }

  /** The cell-wise product of equally long ciphertext vectors: the encryption of their cell-wise sum. */
  addVectors(vectors: string[][]): string[] {
    if (vectors.length === 0) throw new Error('nothing to add');
    const length = vectors[0].length;
    if (vectors.some((v) => v.length !== length)) throw new Error('ciphertext vectors differ in length');
    const parsed = vectors.map((v) => this.parseVector(v));
    return parsed[0].map((_, cell) => bigintToHex(parsed.reduce((product, v) => this.add(product, v[cell]), 1n)));
  }

  isValidCiphertext(c: bigint): boolean {
    return c > 0n && c < this.n2 && gcd(c, this.n) === 1n;
  }

  parseVector(ciphertexts: string[]): bigint[] {
    return ciphertexts.map((text, i) => {
      let c: bigint;
      try {
        c = hexToBigint(text);
      } catch {
        throw new Error(`ciphertext ${i} is not hexadecimal`);
      }
      if (!this.isValidCiphertext(c))
        throw new Error(`ciphertext ${i} is not a valid ciphertext under key ${this.publicKey.keyId}`);
      return c;
    });
  }
}
