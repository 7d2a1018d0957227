/** An exact non-negative-denominator fraction on BigInt: privacy parameters and budgets, never rounded. */
export interface Rational {
  num: bigint;
  den: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));

export function rational(num: bigint, den = 1n): Rational {
  if (den === 0n) throw new RangeError('a rational needs a non-zero denominator');
  const sign = den < 0n ? -1n : 1n;
  const divisor = gcd(num, den) || 1n;
  return { num: (sign * num) / divisor, den: (sign * den) / divisor };
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * The exact value a policy's decimal means: 0.1 is 1/10, not the binary double nearest to it. A number is read
 * through its shortest round-trip decimal (what YAML and JSON wrote), so 0.1 + 0.2 budgets add up to 3/10.
 */
export function parseRational(value: number | string): Rational {
  const text = String(value).trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new RangeError(`not a decimal number: ${text}`);
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const shift = BigInt(exponent) - BigInt(fraction.length);
  const digits = BigInt(`${sign}${whole}${fraction}`);
  return shift >= 0n ? rational(digits * 10n ** shift) : rational(digits, 10n ** -shift);
}

export const add = (a: Rational, b: Rational): Rational => rational(a.num * b.den + b.num * a.den, a.den * b.den);
export const subtract = (a: Rational, b: Rational): Rational => rational(a.num * b.den - b.num * a.den, a.den * b.den);
export const compare = (a: Rational, b: Rational): number => Math.sign(Number(a.num * b.den - b.num * a.den));

/** For people: a short decimal where it is exact (0.5, 1.25), else the fraction (1/3). */
export function formatRational(value: Rational): string {
  let [den, twos, fives] = [value.den, 0, 0];
  for (; den % 2n === 0n; den /= 2n) twos++;
  for (; den % 5n === 0n; den /= 5n) fives++;
  if (den !== 1n) return `${value.num}/${value.den}`;
  const places = Math.max(twos, fives);
  const scaled = (value.num * 10n ** BigInt(places)) / value.den;
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return `${negative ? '-' : ''}${text}`;
}

/** For storage: "num/den", read back by readRational. */
export const storedRational = (value: Rational): string => `${value.num}/${value.den}`;

export function readRational(text: string): Rational {
  const [num, den = '1'] = text.split('/');
  return rational(BigInt(num), BigInt(den));
}
