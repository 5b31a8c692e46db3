// printf-style formatting of str: `fmt % args`, with the conversions d i u o x X e E f F g G
// c r s a %, the flags # 0 - space +, width and precision (also '*'), %(key) mapping lookups and
// CPython's TypeError/ValueError messages. Follows Objects/unicodeobject.c (PyUnicode_Format,
// unicode_format_arg_parse, unicode_format_arg_format, unicode_format_arg_output,
// mainformatlong, _PyUnicode_FormatLong, formatfloat, formatchar).
// Values come from the interpreter through PercentValue; nothing here knows Python objects.

import { DEFAULT_VERSION, PyVersion } from '../versions';
import { FormatError, typeError, valueError } from './errors';
import { FORMAT_RULES } from './rules';
import { doubleToString } from './dtoa';
import { intToDecimal } from './ints';

/** One value given to %-formatting, described by the interpreter. */
export interface PercentValue {
  /**
   * 'int': an int or an int subclass such as bool (`int` holds the value);
   * 'float': a float (`float`); 'str': a str (`str`); 'tuple': a tuple (`items`);
   * 'other': anything else (its number conversions, if any, through the callbacks).
   */
  kind: 'int' | 'float' | 'str' | 'tuple' | 'other';
  /** the Python type name, for error messages ("int", "bool", "NoneType", "list" ...) */
  typeName: string;
  int?: number | bigint;
  float?: number;
  str?: string;
  items?: readonly PercentValue[];
  /** the value supports item lookup (dict, list ...; PyMapping_Check): `fmt % value` may use %(key)s */
  isMapping?: boolean;
  /** value[key] for %(key)s; throws what the lookup raises (e.g. a KeyError FormatError) */
  getItem?(key: string): PercentValue;
  /** str(value) */
  toStr(): string;
  /** repr(value) */
  toRepr(): string;
  /** for 'other': int(value) (__int__/__index__); return undefined when the type has none */
  toInt?(): number | bigint | undefined;
  /** for 'other': operator.index(value); undefined when the type has no __index__ */
  toIndex?(): number | bigint | undefined;
  /** for 'other': float(value) (__float__/__index__); undefined when the type has none */
  toFloat?(): number | undefined;
}

const F_LJUST = 1, F_SIGN = 2, F_BLANK = 4, F_ALT = 8, F_ZERO = 16;

/** ascii(x) from repr(x): non-ASCII characters escaped as \xhh, \uXXXX, \UXXXXXXXX */
function asciiOfRepr(r: string): string {
  let out = '';
  for (const ch of r) {
    const cp = ch.codePointAt(0)!;
    if (cp < 128) out += ch;
    else if (cp <= 0xff) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp <= 0xffff) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out;
}

function cpLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= s.length) n++;
    else {
      const d = s.charCodeAt(i + 1);
      n++;
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}

function cpSlice(s: string, start: number, end?: number): string {
  return Array.from(s).slice(start, end).join('');
}

function floatToInt(x: number): number | bigint {
  if (Number.isNaN(x)) throw valueError('cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw new FormatError('OverflowError', 'cannot convert float infinity to integer');
  const t = Math.trunc(x);
  return Number.isSafeInteger(t) ? (t === 0 ? 0 : t) : BigInt(t);
}

/** fmt % args */
export function percentFormat(fmt: string, args: PercentValue, version: PyVersion = DEFAULT_VERSION): string {
  const rules = FORMAT_RULES[version];
  const cps = Array.from(fmt);
  const n = cps.length;
  let arglen: number;
  let argidx: number;
  let cur: PercentValue = args;
  if (args.kind === 'tuple') {
    arglen = args.items!.length;
    argidx = 0;
  } else {
    arglen = -1;
    argidx = -2;
  }
  const dict = args.kind !== 'tuple' && args.kind !== 'str' && args.isMapping ? args : null;

  const nextArg = (): PercentValue => {
    if (argidx < arglen) {
      const i = argidx++;
      return arglen < 0 ? cur : cur.items![i];
    }
    throw typeError('not enough arguments for format string');
  };

  let out = '';
  let pos = 0;
  while (pos < n) {
    if (cps[pos] !== '%') {
      let e = pos + 1;
      while (e < n && cps[e] !== '%') e++;
      out += cps.slice(pos, e).join('');
      pos = e;
      continue;
    }
    pos++;
    if (cps[pos] === '%') {
      out += '%';
      pos++;
      continue;
    }
    // ---- parse
    let exhausted = false;
    let ch = '';
    const read = (): boolean => {
      if (pos >= n) {
        exhausted = true;
        return false;
      }
      ch = cps[pos++];
      return true;
    };
    let flags = 0;
    let width = -1;
    let prec = -1;
    if (cps[pos] === '(') {
      if (!dict) throw typeError('format requires a mapping');
      pos++;
      const keystart = pos;
      let pcount = 1;
      while (pcount > 0 && pos < n) {
        if (cps[pos] === ')') pcount--;
        else if (cps[pos] === '(') pcount++;
        pos++;
      }
      if (pcount > 0) throw valueError('incomplete format key');
      const key = cps.slice(keystart, pos - 1).join('');
      cur = dict.getItem!(key);
      arglen = -1;
      argidx = -2;
    }
    while (read()) {
      if (ch === '-') flags |= F_LJUST;
      else if (ch === '+') flags |= F_SIGN;
      else if (ch === ' ') flags |= F_BLANK;
      else if (ch === '#') flags |= F_ALT;
      else if (ch === '0') flags |= F_ZERO;
      else break;
    }
    if (!exhausted) {
      if (ch === '*') {
        const v = nextArg();
        if (v.kind !== 'int') throw typeError('* wants int');
        width = Number(v.int!);
        if (width < 0) {
          flags |= F_LJUST;
          width = -width;
        }
        read();
      } else if (ch >= '0' && ch <= '9') {
        width = ch.charCodeAt(0) - 48;
        while (read()) {
          if (ch < '0' || ch > '9') break;
          width = width * 10 + (ch.charCodeAt(0) - 48);
          if (width > Number.MAX_SAFE_INTEGER / 10) throw valueError('width too big');
        }
      }
    }
    if (!exhausted && ch === '.') {
      prec = 0;
      read();
      if (!exhausted && (ch as string) === '*') {
        const v = nextArg();
        if (v.kind !== 'int') throw typeError('* wants int');
        prec = Number(v.int!);
        if (prec < 0) prec = 0;
        read();
      } else if (!exhausted && ch >= '0' && ch <= '9') {
        prec = ch.charCodeAt(0) - 48;
        while (read()) {
          if (ch < '0' || ch > '9') break;
          if (prec > (2147483647 - (ch.charCodeAt(0) - 48)) / 10) throw valueError('precision too big');
          prec = prec * 10 + (ch.charCodeAt(0) - 48);
        }
      }
    }
    if (!exhausted && (ch === 'h' || ch === 'l' || ch === 'L')) read();
    if (exhausted) throw valueError('incomplete format');

    // ---- format
    const v = nextArg();
    let str: string;
    let sign = false;
    switch (ch) {
      case 's': case 'r': case 'a':
        if (v.kind === 'int' && v.typeName === 'int' && width === -1 && prec === -1) {
          out += intToDecimal(v.int!, version);
          continue;
        }
        if (ch === 's') str = v.kind === 'str' ? v.str! : v.toStr();
        else if (ch === 'r') str = v.toRepr();
        else str = asciiOfRepr(v.toRepr());
        break;
      case 'i': case 'd': case 'u': case 'o': case 'x': case 'X':
        str = formatLong(v, ch, flags, prec, version, rules.percentRealNumber);
        sign = true;
        break;
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
        const x = toDouble(v);
        str = doubleToString(x, ch, prec < 0 ? 6 : prec, { alt: (flags & F_ALT) !== 0 });
        sign = true;
        break;
      }
      case 'c':
        str = formatChar(v);
        break;
      default: {
        const cp = ch.codePointAt(0)!;
        const shown = cp >= 31 && cp <= 126 ? ch : '?';
        throw valueError(`unsupported format character '${shown}' (0x${cp.toString(16)}) at index ${pos - 1}`);
      }
    }
    out += output(str, ch, flags, width, prec, sign);
  }
  if (argidx < arglen && !dict) throw typeError('not all arguments converted during string formatting');
  return out;
}

function formatLong(v: PercentValue, type: string, flags: number, prec: number, version: PyVersion,
  realNumber: boolean): string {
  const wrong = () => typeError(type === 'o' || type === 'x' || type === 'X'
    ? `%${type} format: an integer is required, not ${v.typeName}`
    : `%${type} format: a ${realNumber ? 'real ' : ''}number is required, not ${v.typeName}`);
  let iv: number | bigint;
  if (v.kind === 'int') iv = v.int!;
  else if (v.kind === 'float') {
    if (type === 'o' || type === 'x' || type === 'X') throw wrong();
    iv = floatToInt(v.float!);
  } else if (v.kind === 'other') {
    const r = type === 'o' || type === 'x' || type === 'X' ? v.toIndex?.() : v.toInt?.();
    if (r === undefined) throw wrong();
    iv = r;
  } else throw wrong();
  const neg = iv < 0;
  const a = typeof iv === 'bigint' ? (neg ? -iv : iv) : Math.abs(iv);
  let digits: string;
  let prefix = '';
  if (type === 'o') {
    digits = a.toString(8);
    prefix = '0o';
  } else if (type === 'x' || type === 'X') {
    digits = a.toString(16);
    prefix = '0x';
  } else digits = intToDecimal(a, version);
  if (prec > digits.length) digits = '0'.repeat(prec - digits.length) + digits;
  let s = (neg ? '-' : '') + ((flags & F_ALT) ? prefix : '') + digits;
  if (type === 'X') s = s.toUpperCase();
  return s;
}

function toDouble(v: PercentValue): number {
  if (v.kind === 'float') return v.float!;
  if (v.kind === 'int') {
    const x = Number(v.int!);
    if (!Number.isFinite(x)) throw new FormatError('OverflowError', 'int too large to convert to float');
    return x;
  }
  if (v.kind === 'other') {
    const x = v.toFloat?.();
    if (x !== undefined) return x;
  }
  throw typeError(`must be real number, not ${v.typeName}`);
}

function formatChar(v: PercentValue): string {
  if (v.kind === 'str') {
    const s = v.str!;
    if (cpLength(s) === 1) return s;
    throw typeError('%c requires int or char');
  }
  let x: number | bigint | undefined;
  if (v.kind === 'int') x = v.int!;
  else if (v.kind === 'other') x = v.toIndex?.();
  if (x === undefined) throw typeError('%c requires int or char');
  if (x < 0 || x > 0x10ffff) throw new FormatError('OverflowError', '%c arg not in range(0x110000)');
  return String.fromCodePoint(Number(x));
}

/** unicode_format_arg_output: sign, '0x' prefix, padding */
function output(str: string, ch: string, flags: number, width: number, prec: number, signArg: boolean): string {
  const fill = signArg && (flags & F_ZERO) ? '0' : ' ';
  let len = cpLength(str);
  if ((width === -1 || width <= len) && (prec === -1 || prec >= len) && !(flags & (F_SIGN | F_BLANK))) return str;
  let body = str;
  if ((ch === 's' || ch === 'r' || ch === 'a') && prec >= 0 && len > prec) {
    body = cpSlice(str, 0, prec);
    len = prec;
  }
  let sign = signArg;
  let signchar = '';
  if (sign) {
    const c0 = body[0];
    if (c0 === '-' || c0 === '+') {
      signchar = c0;
      body = body.slice(1);
      len--;
    } else if (flags & F_SIGN) signchar = '+';
    else if (flags & F_BLANK) signchar = ' ';
    else sign = false;
  }
  if (width < len) width = len;
  let out = '';
  if (sign) {
    if (fill !== ' ') out += signchar;
    if (width > len) width--;
  }
  const alt = (flags & F_ALT) !== 0 && (ch === 'x' || ch === 'X' || ch === 'o');
  let prefix = '';
  if (alt) {
    prefix = body.slice(0, 2);
    body = body.slice(2);
    if (fill !== ' ') out += prefix;
    width -= 2;
    if (width < 0) width = 0;
    len -= 2;
  }
  if (width > len && !(flags & F_LJUST)) {
    out += fill.repeat(width - len);
    width = len;
  }
  if (fill === ' ') {
    if (sign) out += signchar;
    if (alt) out += prefix;
  }
  out += body;
  if (width > len) out += ' '.repeat(width - len);
  return out;
}
