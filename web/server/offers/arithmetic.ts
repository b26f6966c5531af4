// Exact integer arithmetic for money: a * b / d with floor or half-up rounding, for non-negative integers.
// Numbers are used while the product p = a * b stays below 2^53. Then Math.floor(p / d) is exact: the float
// quotient is off by at most (p / d) * 2^-53, which is below 1 / d, the smallest distance from a non-integer
// quotient to the next integer. Larger products take a BigInt path.

const MAX = Number.MAX_SAFE_INTEGER;

function assertNonNegativeInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
}

/** floor(a * b / d) */
export function mulDivFloor(a: number, b: number, d: number): number {
  assertNonNegativeInteger('a', a);
  assertNonNegativeInteger('b', b);
  if (!Number.isSafeInteger(d) || d <= 0) throw new RangeError(`d must be a positive safe integer, got ${d}`);
  if (b === 0 || a <= MAX / b) return Math.floor((a * b) / d);
  return toSafeNumber((BigInt(a) * BigInt(b)) / BigInt(d));
}

/** round(a * b / d), halves rounded up (away from zero, since everything here is non-negative). */
export function mulDivHalfUp(a: number, b: number, d: number): number {
  assertNonNegativeInteger('a', a);
  assertNonNegativeInteger('b', b);
  if (!Number.isSafeInteger(d) || d <= 0) throw new RangeError(`d must be a positive safe integer, got ${d}`);
  if (b === 0 || a <= (MAX - d) / (2 * b)) return Math.floor((2 * a * b + d) / (2 * d));
  const big = BigInt(a) * BigInt(b) * 2n + BigInt(d);
  return toSafeNumber(big / (2n * BigInt(d)));
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(MAX)) throw new RangeError('amount exceeds the safe integer range');
  return Number(value);
}

/** A positive decimal such as an exchange rate, held exactly as numerator / 10^scale. */
export interface ExactDecimal {
  numerator: number;
  scale: number;
}

const POSITIVE_DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses "0.9234" (or the number 0.9234, via its shortest decimal representation, which is deterministic) into
 * 9234 / 10^4. At most 9 decimals are kept so the value fits the fast path in the common case.
 */
export function parseExactDecimal(value: string | number): ExactDecimal {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = POSITIVE_DECIMAL.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a positive decimal`);
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > 9) throw new RangeError(`"${text}" has more than 9 decimals`);
  const numerator = Number(whole + fraction);
  if (!Number.isSafeInteger(numerator) || numerator <= 0) throw new RangeError(`"${text}" is not a usable positive decimal`);
  return { numerator, scale: fraction.length };
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${value} is not a positive finite number`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // 1e-7 and friends: expand the exponent form without going through floats again.
  const [mantissa = '', exponentText = '0'] = text.toLowerCase().split('e');
  const exponent = Number(exponentText);
  const [intPart = '', fracPart = ''] = mantissa.split('.');
  const digits = intPart + fracPart;
  const point = intPart.length + exponent;
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}
