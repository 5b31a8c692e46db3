// Float to text as CPython does it: repr()/str() of float and complex, and the fixed, exponent
// and general formats behind format() and %-formatting. Follows Python/pystrtod.c
// (PyOS_double_to_string, format_float_short) on top of Python/dtoa.c's _Py_dg_dtoa modes 0
// (shortest round-trip digits), 2 (n significant digits) and 3 (n digits after the point).
// Modes 2 and 3 round the exact binary value half-to-even, which this file does on the exact
// decimal expansion of the double (a BigInt), so any precision is correctly rounded.
// Objects/complexobject.c (complex_repr) builds complex repr on the same function.

/** Digits of a double: value = 0.<digits> × 10^decpt; digits has no trailing zeros ('' = zero). */
export interface Digits {
  digits: string;
  decpt: number;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A finite double as sign × mant × 2**e exactly (the IEEE 754 fields, subnormals included). */
export function splitDouble(x: number): { neg: boolean; mant: bigint; e: number } {
  f64[0] = x;
  const hi = u32[LITTLE ? 1 : 0];
  const lo = u32[LITTLE ? 0 : 1];
  const bexp = (hi >>> 20) & 0x7ff;
  const mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (bexp === 0) return { neg: hi >>> 31 === 1, mant, e: -1074 };
  return { neg: hi >>> 31 === 1, mant: mant | (1n << 52n), e: bexp - 1075 };
}

/** The exact decimal expansion of |x| (x finite, nonzero). */
export function exactDigits(x: number): Digits {
  const { mant, e } = splitDouble(x);
  let s: string;
  let decpt: number;
  if (e >= 0) {
    s = (mant << BigInt(e)).toString();
    decpt = s.length;
  } else {
    s = (mant * 5n ** BigInt(-e)).toString();
    decpt = s.length + e;
  }
  return { digits: stripZeros(s), decpt };
}

function stripZeros(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Keep the first `keep` digits, rounding half to even on the exact digits. '' when it rounds to 0. */
export function roundDigits(d: Digits, keep: number): Digits {
  const { digits, decpt } = d;
  if (keep >= digits.length) return d;
  if (keep < 0) return { digits: '', decpt };
  const head = digits.slice(0, keep);
  const first = digits.charCodeAt(keep) - 48;
  let up = first > 5;
  if (first === 5) {
    if (digits.length > keep + 1) up = true;
    else up = keep > 0 && ((head.charCodeAt(keep - 1) - 48) & 1) === 1;
  }
  if (!up) return { digits: stripZeros(head), decpt };
  // increment head
  let i = keep - 1;
  while (i >= 0 && head.charCodeAt(i) === 57) i--;
  if (i < 0) return { digits: '1', decpt: decpt + 1 };
  return { digits: head.slice(0, i) + String.fromCharCode(head.charCodeAt(i) + 1), decpt };
}

/** Shortest digits that round-trip (dtoa mode 0), from the engine's own shortest conversion. */
export function shortestDigits(ax: number): Digits {
  const t = ax.toExponential();
  const ei = t.indexOf('e');
  const mant = t.slice(0, ei);
  const exp = +t.slice(ei + 1);
  const digits = mant.length > 1 ? mant[0] + mant.slice(2) : mant;
  return { digits: stripZeros(digits), decpt: exp + 1 };
}

/**
 * _Py_dg_dtoa for a finite |x|: mode 0 shortest, 2 = `nd` significant digits, 3 = `nd` digits
 * after the decimal point. Zero gives "0" with decpt 1, as dtoa does.
 */
export function dtoa(ax: number, mode: 0 | 2 | 3, nd: number): Digits {
  if (ax === 0) return { digits: '0', decpt: 1 };
  if (mode === 0) return shortestDigits(ax);
  const exact = exactDigits(ax);
  if (mode === 2) return roundDigits(exact, Math.max(1, nd));
  const r = roundDigits(exact, exact.decpt + nd);
  return r.digits === '' ? { digits: '', decpt: -nd } : r;
}

export interface DoubleFormatFlags {
  /** Py_DTSF_SIGN: always add a sign */
  sign?: boolean;
  /** Py_DTSF_ADD_DOT_0: integers get ".0" */
  addDot0?: boolean;
  /** Py_DTSF_ALT: '#' alternate form */
  alt?: boolean;
  /** Py_DTSF_NO_NEG_0: 'z' option */
  noNeg0?: boolean;
}

/**
 * PyOS_double_to_string: format code one of e E f F g G r ('r' = repr, precision 0).
 * Returns the text ("inf", "-1.5e+20", ...).
 */
export function doubleToString(val: number, code: string, precision: number, flags: DoubleFormatFlags = {}): string {
  let upper = false;
  let mode: 0 | 2 | 3;
  let fc: 'e' | 'f' | 'g' | 'r';
  switch (code) {
    case 'E': case 'e': upper = code === 'E'; fc = 'e'; mode = 2; precision++; break;
    case 'F': case 'f': upper = code === 'F'; fc = 'f'; mode = 3; break;
    case 'G': case 'g': upper = code === 'G'; fc = 'g'; mode = 2; if (precision === 0) precision = 1; break;
    case 'r': fc = 'r'; mode = 0; break;
    default: throw new Error(`doubleToString: bad format code ${code}`);
  }
  let neg = val < 0 || Object.is(val, -0);
  if (!Number.isFinite(val)) {
    if (Number.isNaN(val)) return (flags.sign ? '+' : '') + (upper ? 'NAN' : 'nan');
    return (neg ? '-' : flags.sign ? '+' : '') + (upper ? 'INF' : 'inf');
  }
  const d = dtoa(Math.abs(val), mode, precision);
  const digits = d.digits;
  let decpt = d.decpt;
  const ndig = digits.length;
  if (flags.noNeg0 && neg && (ndig === 0 || digits === '0')) neg = false;
  const addDot0 = !!flags.addDot0;
  const alt = !!flags.alt;

  let useExp = false;
  let vEnd = ndig;
  switch (fc) {
    case 'e': useExp = true; vEnd = precision; break;
    case 'f': vEnd = decpt + precision; break;
    case 'g':
      if (decpt <= -4 || decpt > (addDot0 ? precision - 1 : precision)) useExp = true;
      if (alt) vEnd = precision;
      break;
    case 'r':
      if (decpt <= -4 || decpt > 16) useExp = true;
      break;
  }
  let exp = 0;
  if (useExp) {
    exp = decpt - 1;
    decpt = 1;
  }
  const vStart = decpt <= 0 ? decpt - 1 : 0;
  if (!useExp && addDot0) vEnd = vEnd > decpt ? vEnd : decpt + 1;
  else vEnd = vEnd > decpt ? vEnd : decpt;

  let out = neg ? '-' : flags.sign ? '+' : '';
  if (decpt <= 0) {
    out += '0'.repeat(decpt - vStart) + '.' + '0'.repeat(-decpt);
  } else {
    out += '0'.repeat(-vStart);
  }
  if (decpt > 0 && decpt <= ndig) {
    out += digits.slice(0, decpt) + '.' + digits.slice(decpt);
  } else {
    out += digits;
  }
  if (ndig < decpt) {
    out += '0'.repeat(decpt - ndig) + '.' + '0'.repeat(vEnd - decpt);
  } else {
    out += '0'.repeat(Math.max(0, vEnd - ndig));
  }
  if (out.charCodeAt(out.length - 1) === 46 && !alt) out = out.slice(0, -1);
  if (useExp) {
    const ae = Math.abs(exp);
    out += (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + (ae < 10 ? '0' + ae : String(ae));
  }
  return out;
}

/** repr(x) / str(x) of a Python float. */
export function floatRepr(x: number): string {
  // Fast paths: the engine's shortest conversion already has CPython's digits and layout here.
  if (Number.isInteger(x)) {
    if (x > -1e16 && x < 1e16) {
      if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
      return String(x) + '.0';
    }
  } else {
    const ax = x < 0 ? -x : x;
    if (ax >= 1e-4 && ax < 1e16) return String(x);
  }
  return doubleToString(x, 'r', 0, { addDot0: true });
}

/** repr(complex(re, im)) */
export function complexRepr(re: number, im: number): string {
  if (re === 0 && !Object.is(re, -0)) {
    return doubleToString(im, 'r', 0) + 'j';
  }
  return '(' + doubleToString(re, 'r', 0) + doubleToString(im, 'r', 0, { sign: true }) + 'j)';
}
