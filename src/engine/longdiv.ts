// int / int as CPython computes it: long_true_divide (Objects/longobject.c) returns the exactly
// rounded quotient (round-half-even) of the two ints, however large, and raises OverflowError
// ("integer division result too large for a float") past the float range. Shared by the
// interpreter and the compiler's constant folding; pure (no runtime).

/** the exactly rounded a / b (b !== 0), or null when it overflows a float */
export function longTrueDivide(a: bigint, b: bigint): number | null {
  const x = Number(a);
  const y = Number(b);
  // both operands exact doubles: IEEE division is exactly rounded
  if (Number.isSafeInteger(x) && Number.isSafeInteger(y)) return x / y;
  const neg = (a < 0n) !== (b < 0n);
  const A = a < 0n ? -a : a;
  const B = b < 0n ? -b : b;
  if (A === 0n) return neg ? -0 : 0;
  // scale so that the integer quotient has 55 or 56 bits, the remainder kept as a sticky bit
  const shift = 55 - (A.toString(2).length - B.toString(2).length);
  const num = shift >= 0 ? A << BigInt(shift) : A;
  const den = shift >= 0 ? B : B << BigInt(-shift);
  let q = num / den;
  const sticky = num % den !== 0n;
  const extra = q.toString(2).length - 53;
  const low = q & ((1n << BigInt(extra)) - 1n);
  const half = 1n << BigInt(extra - 1);
  q >>= BigInt(extra);
  if (low > half || (low === half && (sticky || (q & 1n) === 1n))) q += 1n;
  // q * 2^(extra - shift), q <= 2^53: exact unless the result is subnormal
  const e = extra - shift;
  let r = Number(q);
  if (e > 1023) r = r * 2 ** 1023 * 2 ** (e - 1023);
  else if (e > 0) r *= 2 ** e;
  else if (e < -1022) r = r * 2 ** -1022 * 2 ** (e + 1022);
  else if (e < 0) r *= 2 ** e;
  if (!Number.isFinite(r)) return null;
  return neg ? -r : r;
}
