// Exactly rounded float results computed with ints. int / int as CPython computes it:
// long_true_divide (Objects/longobject.c) returns the exactly rounded quotient (round-half-even)
// of the two ints, however large, and raises OverflowError ("integer division result too large
// for a float") past the float range; shared by the interpreter and the compiler's constant
// folding. And x ** n for an integral n, which libm's pow (float_pow) rounds exactly where V8's
// Math.pow may be one unit off. Pure (no runtime).

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

/** x as mantissa * 2 ** exponent, x finite and > 0 */
function decompose(x: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased === 0) return [mant, -1074];
  mant |= 1n << 52n;
  return [mant, biased - 1075];
}

/** the exactly rounded x ** n, for x finite and > 0 and n a nonzero integer with |n| <= 2048:
 *  Infinity when it overflows, 0 when it underflows; null when out of that range */
export function exactPowInt(x: number, n: number): number | null {
  if (!Number.isInteger(n) || n === 0 || Math.abs(n) > 2048 || !(x > 0) || !Number.isFinite(x)) return null;
  const mag = n * Math.log2(x);
  if (mag > 1100) return Infinity;
  if (mag < -1200) return 0;
  const [m, e] = decompose(x);
  const k = Math.abs(n);
  const p = m ** BigInt(k);
  const E = e * k;
  let num: bigint;
  let den: bigint;
  if (n > 0) {
    // m^k * 2^E
    num = E >= 0 ? p << BigInt(E) : p;
    den = E >= 0 ? 1n : 1n << BigInt(-E);
  } else {
    // 2^-E / m^k
    num = E <= 0 ? 1n << BigInt(-E) : 1n;
    den = E <= 0 ? p : p << BigInt(E);
  }
  const r = longTrueDivide(num, den);
  return r === null ? Infinity : r;
}
