// round() of float and int as CPython computes it. Follows Objects/floatobject.c
// (float___round___impl, double_round: dtoa mode 3 to a correctly rounded decimal string, half
// to even on the exact binary value, then back to the nearest double) and Objects/longobject.c
// (int___round___impl: the nearest multiple of 10**-ndigits, ties to even).

import { FormatError, valueError } from './errors';
import { dtoa } from './dtoa';

/** what round(x) returns when x is integral: a JS number when it is a safe integer, else a BigInt */
function toInt(x: number): number | bigint {
  if (Number.isNaN(x)) throw valueError('cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw new FormatError('OverflowError', 'cannot convert float infinity to integer');
  if (x === 0) return 0; // no negative zero among ints
  return Number.isSafeInteger(x) ? x : BigInt(x);
}

const NDIGITS_MAX = 323;
const NDIGITS_MIN = -308;

/** round(x) (ndigits null: an int) or round(x, ndigits) (a float) */
export function roundFloat(x: number, ndigits: number | null = null): number | bigint {
  if (ndigits === null) {
    if (!Number.isFinite(x)) return toInt(x);
    let r = cRound(x);
    if (Math.abs(x - r) === 0.5) r = 2 * cRound(x / 2);
    return toInt(r);
  }
  if (!Number.isFinite(x)) return x;
  if (ndigits > NDIGITS_MAX) return x;
  if (ndigits < NDIGITS_MIN) return 0 * x;
  const neg = x < 0 || Object.is(x, -0);
  const d = dtoa(Math.abs(x), 3, ndigits);
  const text = (neg ? '-' : '') + '0' + d.digits + 'e' + (d.decpt - d.digits.length);
  const r = Number(text);
  if (!Number.isFinite(r)) throw new FormatError('OverflowError', 'rounded value too large to represent');
  return r;
}

/** C round(): to the nearest integer, halfway cases away from zero */
function cRound(y: number): number {
  const t = Math.trunc(y);
  const f = y - t;
  if (f >= 0.5) return t + 1;
  if (f <= -0.5) return t - 1;
  return t;
}

/** round(v, ndigits) for an int: v itself when ndigits >= 0, else the nearest multiple of 10**-ndigits */
export function roundInt(v: number | bigint, ndigits: number | bigint | null = null): number | bigint {
  if (ndigits === null || ndigits >= 0) return v;
  const big = BigInt(v);
  const p = 10n ** BigInt(-ndigits);
  // divmod_near
  let q = big / p;
  let r = big - q * p;
  if (r < 0n) { q -= 1n; r += p; } // floor division
  const twice = 2n * r;
  if (twice > p || (twice === p && (q & 1n) === 1n)) q += 1n;
  const res = q * p;
  if (typeof v === 'number' && Number.isSafeInteger(Number(res))) return Number(res);
  return res;
}
