// int and float to and from text as CPython does it: str() of int with the int max str digits
// limit (CVE-2020-10735, 4300 digits by default), hex()/oct()/bin(), int(text, base) and
// float(text) with their exact ValueError messages.
// Follows Objects/longobject.c (long_to_decimal_string_internal, PyLong_FromString,
// PyLong_FromUnicodeObject, _PY_LONG_MAX_STR_DIGITS_THRESHOLD), Objects/floatobject.c
// (PyFloat_FromString), Python/pystrtod.c (_PyOS_ascii_strtod, _Py_parse_inf_or_nan),
// Python/pystrtod.c _Py_string_to_number_with_underscores and
// Objects/unicodeobject.c (_PyUnicode_TransformDecimalAndSpaceToASCII).

import { DEFAULT_VERSION, PyVersion } from '../versions';
import { valueError } from './errors';
import { FORMAT_RULES } from './rules';
import { strRepr } from './repr';

/** sys.get_int_max_str_digits() default; 0 means no limit. */
export const DEFAULT_INT_MAX_STR_DIGITS = 4300;
/** the smallest limit sys.set_int_max_str_digits() accepts (_PY_LONG_MAX_STR_DIGITS_THRESHOLD) */
export const INT_MAX_STR_DIGITS_THRESHOLD = 640;

/** the running interpreter's limit (sys.set_int_max_str_digits), the default of the functions here */
let intMaxStrDigits = DEFAULT_INT_MAX_STR_DIGITS;
export function setIntMaxStrDigits(n: number): void { intMaxStrDigits = n; }
export function getIntMaxStrDigits(): number { return intMaxStrDigits; }

/** the ValueError message for a decimal int literal past the limit (the parser makes it a SyntaxError) */
export function literalLimitMessage(ndigits: number, version: PyVersion): string {
  return `Exceeds the limit ${limitText(intMaxStrDigits, version)} for integer string conversion: value has ${ndigits} digits; `
    + 'use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.';
}

function limitText(limit: number, version: PyVersion): string {
  return FORMAT_RULES[version].limitWithDigitsWord ? `(${limit} digits)` : `(${limit})`;
}

/** str(int): decimal text, or the ValueError for more than `limit` digits. */
export function intToDecimal(v: number | bigint, version: PyVersion = DEFAULT_VERSION,
  limit: number = intMaxStrDigits): string {
  if (typeof v === 'number') return String(v);
  const s = v.toString();
  if (limit > 0 && s.length - (v < 0n ? 1 : 0) > limit) {
    throw valueError(`Exceeds the limit ${limitText(limit, version)} for integer string conversion; `
      + 'use sys.set_int_max_str_digits() to increase the limit');
  }
  return s;
}

function toBase(v: number | bigint, radix: number, prefix: string): string {
  const neg = v < 0;
  const a = typeof v === 'bigint' ? (neg ? -v : v) : Math.abs(v);
  return (neg ? '-' : '') + prefix + a.toString(radix);
}

/** hex(v) */
export function intToHex(v: number | bigint): string { return toBase(v, 16, '0x'); }
/** oct(v) */
export function intToOct(v: number | bigint): string { return toBase(v, 8, '0o'); }
/** bin(v) */
export function intToBin(v: number | bigint): string { return toBase(v, 2, '0b'); }

// ---- Unicode helpers ------------------------------------------------------------------------

/** Py_UNICODE_ISSPACE */
export function isPySpace(cp: number): boolean {
  if (cp < 128) return (cp >= 9 && cp <= 13) || (cp >= 28 && cp <= 32);
  return cp === 0x85 || cp === 0xa0 || cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028
    || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

const ND = /^\p{Nd}$/u;

/** Py_UNICODE_TODECIMAL: the value of a decimal digit (Unicode category Nd), else -1. */
export function decimalValue(cp: number): number {
  if (cp >= 48 && cp <= 57) return cp - 48;
  if (cp < 128 || !ND.test(String.fromCodePoint(cp))) return -1;
  // Nd digits come in runs of ten starting at zero
  let n = 0;
  while (ND.test(String.fromCodePoint(cp - n - 1))) n++;
  return n % 10;
}

/**
 * _PyUnicode_TransformDecimalAndSpaceToASCII: spaces to ' ', decimal digits to ASCII; the text
 * stops at the first other non-ASCII character, which becomes '?'.
 */
export function transformDecimalAndSpace(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 127) { ascii = false; break; }
  if (ascii) return s;
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 127) out += ch;
    else if (isPySpace(cp)) out += ' ';
    else {
      const d = decimalValue(cp);
      if (d < 0) return out + '?';
      out += String.fromCharCode(48 + d);
    }
  }
  return out;
}

function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  return 37;
}

/** repr() truncated to `n` code points, as PyUnicode_FromFormat's %.200R */
function reprTrunc(s: string, n: number): string {
  const r = strRepr(s);
  if (r.length <= n) return r;
  const cps = Array.from(r);
  return cps.length <= n ? r : cps.slice(0, n).join('');
}

/** int(text, base): the value, or CPython's ValueError. */
export function parseIntText(text: string, base: number = 10, version: PyVersion = DEFAULT_VERSION,
  limit: number = intMaxStrDigits): bigint {
  if ((base !== 0 && base < 2) || base > 36) throw valueError('int() base must be >= 2 and <= 36, or 0');
  const bad = () => valueError(`invalid literal for int() with base ${base}: ${reprTrunc(text, 200)}`);
  const s = transformDecimalAndSpace(text);
  const n = s.length;
  let i = 0;
  while (i < n && isAsciiSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (s[i] === '+') i++;
  else if (s[i] === '-') { neg = true; i++; }
  let b = base;
  let errorIfNonzero = false;
  const c1 = s[i + 1];
  if (b === 0) {
    if (s[i] !== '0') b = 10;
    else if (c1 === 'x' || c1 === 'X') b = 16;
    else if (c1 === 'o' || c1 === 'O') b = 8;
    else if (c1 === 'b' || c1 === 'B') b = 2;
    else { errorIfNonzero = true; b = 10; }
  }
  if (s[i] === '0' && ((b === 16 && (c1 === 'x' || c1 === 'X')) || (b === 8 && (c1 === 'o' || c1 === 'O'))
    || (b === 2 && (c1 === 'b' || c1 === 'B')))) {
    i += 2;
    if (s[i] === '_') i++;
  }
  if (s[i] === '_') throw bad();
  const start = i;
  let ndigits = 0;
  let prev = '';
  let clean = '';
  let runStart = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 95) {
      if (prev === '_') throw bad();
      clean += s.slice(runStart, i);
      runStart = i + 1;
      prev = '_';
    } else if (digitValue(c) < b) {
      ndigits++;
      prev = 'd';
    } else break;
    i++;
  }
  clean += s.slice(runStart, i);
  if (prev === '_') throw bad();
  if (i === start || ndigits === 0) throw bad();
  const pow2 = (b & (b - 1)) === 0;
  if (!pow2 && limit > 0 && ndigits > limit) {
    throw valueError(`Exceeds the limit ${limitText(limit, version)} for integer string conversion: `
      + `value has ${ndigits} digits; use sys.set_int_max_str_digits() to increase the limit`);
  }
  while (i < n && isAsciiSpace(s.charCodeAt(i))) i++;
  if (i !== n) throw bad();
  let v: bigint;
  if (b === 10) v = BigInt(clean);
  else if (b === 16) v = BigInt('0x' + clean);
  else if (b === 8) v = BigInt('0o' + clean);
  else if (b === 2) v = BigInt('0b' + clean);
  else {
    v = 0n;
    const bb = BigInt(b);
    // chunk digits to keep the BigInt work small
    let k = 0;
    while (k < clean.length) {
      const chunk = clean.slice(k, k + 8);
      v = v * bb ** BigInt(chunk.length) + BigInt(parseInt(chunk, b));
      k += 8;
    }
  }
  if (errorIfNonzero && v !== 0n) throw bad();
  return neg ? -v : v;
}

const FLOAT_RE = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/;
const INF_NAN_RE = /^([+-]?)(inf|infinity|nan)$/i;

/** float(text): the value, or CPython's ValueError. */
export function parseFloatText(text: string, version: PyVersion = DEFAULT_VERSION): number {
  const bad = () => valueError(`could not convert string to float: ${strRepr(text)}`);
  const s0 = transformDecimalAndSpace(text);
  let a = 0;
  let e = s0.length;
  while (a < e && isAsciiSpace(s0.charCodeAt(a))) a++;
  if (a === e) {
    if (FORMAT_RULES[version].floatBlankShowsStripped && e > 0) {
      throw valueError("could not convert string to float: ''");
    }
    throw bad();
  }
  while (e > a + 1 && isAsciiSpace(s0.charCodeAt(e - 1))) e--;
  let s = s0.slice(a, e);
  if (s.indexOf('_') >= 0) {
    // underscores only between digits
    let prev = '';
    let out = '';
    for (const ch of s) {
      const isDigit = ch >= '0' && ch <= '9';
      if (ch === '_') {
        if (!(prev >= '0' && prev <= '9')) throw bad();
      } else {
        if (prev === '_' && !isDigit) throw bad();
        out += ch;
      }
      prev = ch;
    }
    if (prev === '_') throw bad();
    s = out;
  }
  if (FLOAT_RE.test(s)) return Number(s);
  const m = INF_NAN_RE.exec(s);
  if (m) {
    if (m[2].toLowerCase() === 'nan') return NaN;
    return m[1] === '-' ? -Infinity : Infinity;
  }
  throw bad();
}
