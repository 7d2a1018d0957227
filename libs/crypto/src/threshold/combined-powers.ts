import { modInv, modPow } from 'bigint-crypto-utils';

/**
 * Per cell Π_k v_k[cell]^{e_k} mod m, for small exponents of either sign: the same numbers as raising each value on
 * its own (a negative exponent through the value's inverse), with one modular inverse for all cells instead of one
 * per cell and negative exponent (Montgomery's trick: the inverses of the cells' denominators from the inverse of
 * their product). A denominator without an inverse answers null: the caller then takes the cell-by-cell way, which
 * says which value it was.
 */
export function combinedPowers(vectors: bigint[][], exponents: bigint[], modulus: bigint): bigint[] | null {
  const cells = vectors[0]?.length ?? 0;
  const numerators: bigint[] = [];
  const denominators: bigint[] = [];
  for (let cell = 0; cell < cells; cell++) {
    let [numerator, denominator] = [1n, 1n];
    vectors.forEach((values, k) => {
      const e = exponents[k];
      if (e >= 0n) numerator = (numerator * modPow(values[cell], e, modulus)) % modulus;
      else denominator = (denominator * modPow(values[cell], -e, modulus)) % modulus;
    });
    numerators.push(numerator);
    denominators.push(denominator);
  }
  const inverses = batchInverse(denominators, modulus);
  return inverses && numerators.map((numerator, cell) => (numerator * inverses[cell]) % modulus);
}

/** Every value's inverse mod m from one modInv and 3(l − 1) multiplications, or null if any value has none. */
export function batchInverse(values: bigint[], modulus: bigint): bigint[] | null {
  const prefix: bigint[] = [];
  let product = 1n % modulus;
  for (const value of values) prefix.push((product = (product * value) % modulus));
  let inverse: bigint;
  try {
    inverse = modInv(product, modulus);
  } catch {
    return null;
  }
  const inverses = new Array<bigint>(values.length);
  for (let i = values.length - 1; i >= 0; i--) {
    inverses[i] = i === 0 ? inverse : (inverse * prefix[i - 1]) % modulus;
    inverse = (inverse * values[i]) % modulus;
  }
  return inverses;
}
