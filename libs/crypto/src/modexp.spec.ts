import { generatePrimeSync } from 'node:crypto';
import { modPow, randBetween } from 'bigint-crypto-utils';
import { fixedPower, modPower } from './modexp';

const randomOddModulus = (bits: number) => randBetween(1n << BigInt(bits)) | (1n << BigInt(bits - 1)) | 1n;

describe('modular exponentiation engines', () => {
  it('OpenSSL agrees with the BigInt reference on random moduli, exponents and bases (property)', () => {
    for (const bits of [512, 1024, 2048, 4096]) {
      for (let trial = 0; trial < 4; trial++) {
        const modulus = randomOddModulus(bits);
        const exponent = randBetween(1n << BigInt(bits + 16));
        const openssl = fixedPower(exponent, modulus, 'openssl');
        for (let b = 0; b < 3; b++) {
          const base = randBetween(modulus - 1n);
          expect(openssl(base)).toBe(modPow(base, exponent, modulus));
        }
      }
    }
  });

  it('agrees at the edges: bases 0, 1, 2, m − 2, m − 1, m, above m, and bases sharing a factor with m', () => {
    const modulus = 15n * randomOddModulus(600);
    const exponent = randBetween(1n << 700n);
    const openssl = fixedPower(exponent, modulus, 'openssl');
    for (const base of [0n, 1n, 2n, modulus - 2n, modulus - 1n, modulus, modulus + 5n, 3n, 5n * 7n]) {
      expect(openssl(base)).toBe(modPow(base, exponent, modulus));
    }
  });

  it('agrees on exponents 0, 1 and negative ones, and on moduli OpenSSL does not take (even, small)', () => {
    const modulus = generatePrimeSync(1024, { bigint: true }); // prime, so every base has an inverse
    const base = randBetween(modulus - 1n, 2n);
    for (const exponent of [0n, 1n, 2n, -3n])
      expect(modPower(base, exponent, modulus, 'openssl')).toBe(modPower(base, exponent, modulus, 'bigint'));
    expect(modPower(3n, 1000n, 1n << 1024n, 'openssl')).toBe(modPow(3n, 1000n, 1n << 1024n));
    expect(modPower(3n, 1000n, 1000003n, 'openssl')).toBe(modPow(3n, 1000n, 1000003n));
  });

  it('a known answer: 4^13 mod 497 = 445', () => {
    expect(modPower(4n, 13n, 497n, 'openssl')).toBe(445n);
    expect(modPower(4n, 13n, 497n, 'bigint')).toBe(445n);
  });
});

describe('one-off exponents on one modulus', () => {
  it('agree with BigInt for many fresh exponents in a row (the Diffie–Hellman object is reused)', () => {
    const modulus = randomOddModulus(2048);
    for (let i = 0; i < 10; i++) {
      const [base, exponent] = [randBetween(modulus - 2n, 2n), randBetween(1n << 2300n)];
      expect(modPower(base, exponent, modulus, 'openssl')).toBe(modPow(base, exponent, modulus));
    }
  });
});
