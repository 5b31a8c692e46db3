// The format-spec mini-language of format() and str.format() for int, float, complex and str:
// [[fill]align][sign][z][#][0][width][,|_][.precision][type], with CPython's padding, grouping
// and error messages. Follows Python/formatter_unicode.c (parse_internal_render_format_spec,
// calc_number_widths, fill_number, format_long_internal, format_float_internal,
// format_complex_internal, format_string_internal) and Objects/unicodeobject.c
// (_PyUnicode_InsertThousandsGrouping). The 'n' type uses the C locale (no grouping, '.').

import { DEFAULT_VERSION, PyVersion } from '../versions';
import { FormatError, valueError } from './errors';
import { FORMAT_RULES, FormatRules } from './rules';
import { doubleToString, floatRepr, complexRepr } from './dtoa';
import { decimalValue, intToDecimal } from './ints';

export interface ParsedSpec {
  fill: string;
  align: string;
  sign: string;
  noNeg0: boolean;
  alt: boolean;
  /** -1 when not given */
  width: number;
  /** '' none, ',' or '_' (every 3 digits), '_4' (underscore every 4 digits, for b o x X) */
  sep: '' | ',' | '_' | '_4';
  /** -1 when not given */
  precision: number;
  /** '' when not given and the default is "no type" */
  type: string;
}

const SSIZE_MAX = 9223372036854775807n;
const INT_MAX = 2147483647;

function isAlign(c: string | undefined): boolean {
  return c === '<' || c === '>' || c === '=' || c === '^';
}

function getInteger(cps: string[], pos: number): { value: number; next: number } {
  let acc = 0n;
  let i = pos;
  for (; i < cps.length; i++) {
    const d = decimalValue(cps[i].codePointAt(0)!);
    if (d < 0) break;
    if (acc > (SSIZE_MAX - BigInt(d)) / 10n) throw valueError('Too many decimal digits in format string');
    acc = acc * 10n + BigInt(d);
  }
  return { value: Number(acc), next: i };
}

function typeCharText(t: string): string {
  const cp = t.codePointAt(0)!;
  return cp > 32 && cp < 128 ? t : '\\x' + cp.toString(16);
}

function unknownType(type: string, typeName: string): FormatError {
  return valueError(`Unknown format code '${typeCharText(type)}' for object of type '${typeName}'`);
}

/** parse_internal_render_format_spec */
export function parseSpec(spec: string, typeName: string, defaultType: string, defaultAlign: string,
  rules: FormatRules): ParsedSpec {
  const cps = Array.from(spec);
  const end = cps.length;
  let pos = 0;
  const f: ParsedSpec = {
    fill: ' ', align: defaultAlign, sign: '', noNeg0: false, alt: false, width: -1, sep: '',
    precision: -1, type: defaultType,
  };
  let alignSpecified = false;
  let fillSpecified = false;
  if (end - pos >= 2 && isAlign(cps[pos + 1])) {
    f.align = cps[pos + 1];
    f.fill = cps[pos];
    fillSpecified = alignSpecified = true;
    pos += 2;
  } else if (end - pos >= 1 && isAlign(cps[pos])) {
    f.align = cps[pos];
    alignSpecified = true;
    pos++;
  }
  const c = cps[pos];
  if (c === '+' || c === '-' || c === ' ') {
    f.sign = c;
    pos++;
  }
  if (rules.zFlag && cps[pos] === 'z') {
    f.noNeg0 = true;
    pos++;
  }
  if (cps[pos] === '#') {
    f.alt = true;
    pos++;
  }
  if (!fillSpecified && cps[pos] === '0') {
    f.fill = '0';
    if (!alignSpecified && (!rules.zeroPadRightDefaultOnly || defaultAlign === '>')) f.align = '=';
    pos++;
  }
  const w = getInteger(cps, pos);
  if (w.next > pos) f.width = w.value;
  pos = w.next;
  const both = () => valueError("Cannot specify both ',' and '_'.");
  if (cps[pos] === ',') {
    f.sep = ',';
    pos++;
  }
  if (cps[pos] === '_') {
    if (f.sep !== '') throw both();
    f.sep = '_';
    pos++;
  }
  if (cps[pos] === ',') {
    if (rules.commaAfterSeparatorIsBoth || f.sep === '_') throw both();
  }
  if (cps[pos] === '.') {
    pos++;
    const p = getInteger(cps, pos);
    if (p.next === pos) throw valueError('Format specifier missing precision');
    f.precision = p.value;
    pos = p.next;
  }
  if (end - pos > 1) {
    throw valueError(rules.invalidSpecQuoted
      ? `Invalid format specifier '${spec}' for object of type '${typeName}'`
      : 'Invalid format specifier');
  }
  if (end - pos === 1) f.type = cps[pos];
  if (f.sep !== '') {
    switch (f.type) {
      case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case '':
        break;
      case 'b': case 'o': case 'x': case 'X':
        if (f.sep !== '_') throw valueError(`Cannot specify '${f.sep}' with '${typeCharText(f.type)}'.`);
        f.sep = '_4';
        break;
      default:
        throw valueError(`Cannot specify '${f.sep}' with '${typeCharText(f.type)}'.`);
    }
  }
  return f;
}

// ---- number layout ---------------------------------------------------------------------------

/** _PyUnicode_InsertThousandsGrouping: digits grouped right to left, zero-padded to minWidth. */
function groupDigits(digits: string, minWidth: number, sep: string, group: number): string {
  let remaining = digits.length;
  let pos = digits.length;
  let mw = Math.max(0, minWidth);
  let out = '';
  let useSep = false;
  let broken = false;
  const take = (len: number) => {
    const nZeros = Math.max(0, len - remaining);
    const nChars = Math.max(0, Math.min(remaining, len));
    out = '0'.repeat(nZeros) + digits.slice(pos - nChars, pos) + (useSep ? sep : '') + out;
    pos -= nChars;
    remaining -= nChars;
  };
  if (group > 0) {
    for (;;) {
      const len = Math.min(group, Math.max(remaining, mw, 1));
      take(len);
      useSep = true;
      mw -= len;
      if (remaining <= 0 && mw <= 0) {
        broken = true;
        break;
      }
      mw -= sep.length;
    }
  }
  if (!broken) take(Math.max(remaining, mw, 1));
  return out;
}

function cpLen(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n--; i++; }
    }
  }
  return n;
}

interface Grouping { sep: string; group: number }

function grouping(f: ParsedSpec): Grouping {
  if (f.type === 'n' || f.sep === '') return { sep: '', group: 0 };
  if (f.sep === '_4') return { sep: '_', group: 4 };
  return { sep: f.sep, group: 3 };
}

interface NumberParts {
  signChar: '' | '-';
  prefix: string;
  digits: string;
  hasDecimal: boolean;
  remainder: string;
}

/** calc_number_widths + fill_number */
function layoutNumber(p: NumberParts, f: { fill: string; align: string; sign: string; width: number },
  g: Grouping, toUpper: boolean): string {
  let sign = '';
  if (f.sign === '+') sign = p.signChar === '-' ? '-' : '+';
  else if (f.sign === ' ') sign = p.signChar === '-' ? '-' : ' ';
  else if (p.signChar === '-') sign = '-';
  const nonDigit = sign.length + p.prefix.length + (p.hasDecimal ? 1 : 0) + cpLen(p.remainder);
  const minWidth = f.fill === '0' && f.align === '=' ? f.width - nonDigit : 0;
  let grouped = p.digits.length === 0 ? '' : groupDigits(p.digits, minWidth, g.sep, g.group);
  const nPad = f.width - (nonDigit + grouped.length);
  let l = 0, s = 0, r = 0;
  if (nPad > 0) {
    switch (f.align) {
      case '<': r = nPad; break;
      case '^': l = nPad >> 1; r = nPad - l; break;
      case '=': s = nPad; break;
      default: l = nPad; break;
    }
  }
  let prefix = p.prefix;
  if (toUpper) {
    prefix = prefix.toUpperCase();
    grouped = grouped.toUpperCase();
  }
  return f.fill.repeat(l) + sign + prefix + f.fill.repeat(s) + grouped + (p.hasDecimal ? '.' : '')
    + p.remainder + f.fill.repeat(r);
}

/** split "-123.45e+06" into sign, leading digits, decimal point and the rest (parse_number) */
function splitNumber(buf: string, prefix = ''): NumberParts {
  let i = 0;
  let signChar: '' | '-' = '';
  if (buf.charCodeAt(0) === 45) {
    signChar = '-';
    i = 1;
  }
  let j = i;
  while (j < buf.length && buf.charCodeAt(j) >= 48 && buf.charCodeAt(j) <= 57) j++;
  const hasDecimal = buf.charCodeAt(j) === 46;
  return { signChar, prefix, digits: buf.slice(i, j), hasDecimal, remainder: buf.slice(hasDecimal ? j + 1 : j) };
}

// ---- int ---------------------------------------------------------------------------------------

function toFloatForFormat(v: number | bigint): number {
  if (typeof v === 'number') return v;
  const x = Number(v);
  if (!Number.isFinite(x)) throw new FormatError('OverflowError', 'int too large to convert to float');
  return x;
}

/** format(v, spec) for a Python int (bool formats as int here; the interpreter handles bool's ''). */
export function formatInt(v: number | bigint, spec: string, version: PyVersion = DEFAULT_VERSION): string {
  if (spec === '') return intToDecimal(v, version);
  const rules = FORMAT_RULES[version];
  const f = parseSpec(spec, 'int', 'd', '>', rules);
  switch (f.type) {
    case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
      return formatLongInternal(v, f, version);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%':
      return formatFloatInternal(toFloatForFormat(v), f);
    default:
      throw unknownType(f.type, 'int');
  }
}

function formatLongInternal(v: number | bigint, f: ParsedSpec, version: PyVersion): string {
  if (f.precision !== -1) throw valueError('Precision not allowed in integer format specifier');
  if (f.noNeg0) throw valueError('Negative zero coercion (z) not allowed in integer format specifier');
  if (f.type === 'c') {
    if (f.sign !== '') throw valueError("Sign not allowed with integer format specifier 'c'");
    if (f.alt) throw valueError("Alternate form (#) not allowed with integer format specifier 'c'");
    const big = BigInt(v);
    if (big > 9223372036854775807n || big < -9223372036854775808n) {
      throw new FormatError('OverflowError', 'Python int too large to convert to C long');
    }
    if (big < 0n || big > 0x10ffffn) throw new FormatError('OverflowError', '%c arg not in range(0x110000)');
    const ch = String.fromCodePoint(Number(big));
    return layoutNumber({ signChar: '', prefix: '', digits: '', hasDecimal: false, remainder: ch }, f, grouping(f), false);
  }
  const neg = v < 0;
  const a = typeof v === 'bigint' ? (neg ? -v : v) : Math.abs(v);
  let digits: string;
  let prefix = '';
  switch (f.type) {
    case 'b': digits = a.toString(2); prefix = '0b'; break;
    case 'o': digits = a.toString(8); prefix = '0o'; break;
    case 'x': case 'X': digits = a.toString(16); prefix = '0x'; break;
    default: digits = intToDecimal(a, version); break;
  }
  return layoutNumber({ signChar: neg ? '-' : '', prefix: f.alt ? prefix : '', digits, hasDecimal: false, remainder: '' },
    f, grouping(f), f.type === 'X');
}

// ---- float -------------------------------------------------------------------------------------

/** format(x, spec) for a Python float */
export function formatFloat(x: number, spec: string, version: PyVersion = DEFAULT_VERSION): string {
  if (spec === '') return floatRepr(x);
  const f = parseSpec(spec, 'float', '', '>', FORMAT_RULES[version]);
  switch (f.type) {
    case '': case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
      return formatFloatInternal(x, f);
    default:
      throw unknownType(f.type, 'float');
  }
}

function formatFloatInternal(val: number, f: ParsedSpec): string {
  if (f.precision > INT_MAX) throw valueError('precision too big');
  let type = f.type;
  let precision = f.precision;
  let defaultPrecision = 6;
  let addDot0 = false;
  if (type === '') {
    addDot0 = true;
    type = 'r';
    defaultPrecision = 0;
  }
  if (type === 'n') type = 'g';
  let pct = false;
  if (type === '%') {
    type = 'f';
    val *= 100;
    pct = true;
  }
  if (precision < 0) precision = defaultPrecision;
  else if (type === 'r') type = 'g';
  let buf = doubleToString(val, type, precision, { addDot0, alt: f.alt, noNeg0: f.noNeg0 });
  if (pct) buf += '%';
  if (f.sign !== '+' && f.sign !== ' ' && f.width === -1 && f.type !== 'n' && f.sep === '') return buf;
  return layoutNumber(splitNumber(buf), f, grouping(f), false);
}

// ---- complex -----------------------------------------------------------------------------------

/** format(complex(re, im), spec) */
export function formatComplex(re: number, im: number, spec: string, version: PyVersion = DEFAULT_VERSION): string {
  if (spec === '') return complexRepr(re, im);
  const f = parseSpec(spec, 'complex', '', '>', FORMAT_RULES[version]);
  switch (f.type) {
    case '': case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n':
      break;
    default:
      throw unknownType(f.type, 'complex');
  }
  if (f.precision > INT_MAX) throw valueError('precision too big');
  if (f.fill === '0') throw valueError('Zero padding is not allowed in complex format specifier');
  if (f.align === '=') throw valueError("'=' alignment flag is not allowed in complex format specifier");
  let type: string = f.type;
  let precision = f.precision;
  let defaultPrecision = 6;
  let skipRe = false;
  let parens = false;
  if (type === '') {
    type = 'r';
    defaultPrecision = 0;
    if (re === 0 && !Object.is(re, -0)) skipRe = true;
    else parens = true;
  }
  if (type === 'n') type = 'g';
  if (precision < 0) precision = defaultPrecision;
  else if (type === 'r') type = 'g';
  const flags = { alt: f.alt, noNeg0: f.noNeg0 };
  const reParts = splitNumber(doubleToString(re, type, precision, flags));
  const imParts = splitNumber(doubleToString(im, type, precision, flags));
  const g = grouping(f);
  const tmp = { fill: '', align: '<', width: -1, sign: f.sign };
  const reText = skipRe ? '' : layoutNumber(reParts, tmp, g, false);
  const imText = layoutNumber(imParts, { ...tmp, sign: skipRe ? f.sign : '+' }, g, false);
  const body = (parens ? '(' : '') + reText + imText + 'j' + (parens ? ')' : '');
  return pad(body, cpLen(body), f.width, f.align, f.fill);
}

/** calc_padding + fill_padding */
function pad(body: string, n: number, width: number, align: string, fill: string): string {
  if (width <= n) return body;
  const total = width - n;
  const l = align === '>' ? total : align === '^' ? total >> 1 : 0;
  return fill.repeat(l) + body + fill.repeat(total - l);
}

// ---- str ---------------------------------------------------------------------------------------

/** format(s, spec) for a Python str */
export function formatStr(s: string, spec: string, version: PyVersion = DEFAULT_VERSION): string {
  if (spec === '') return s;
  const rules = FORMAT_RULES[version];
  const f = parseSpec(spec, 'str', 's', '<', rules);
  if (f.type !== 's') throw unknownType(f.type, 'str');
  if (f.sign !== '') {
    throw valueError(f.sign === ' ' && rules.strSpaceMessage
      ? 'Space not allowed in string format specifier'
      : 'Sign not allowed in string format specifier');
  }
  if (f.noNeg0) throw valueError('Negative zero coercion (z) not allowed in string format specifier');
  if (f.alt) throw valueError('Alternate form (#) not allowed in string format specifier');
  if (f.align === '=') throw valueError("'=' alignment not allowed in string format specifier");
  let text = s;
  let len = cpLen(s);
  if (f.precision >= 0 && len > f.precision) {
    text = Array.from(s).slice(0, f.precision).join('');
    len = f.precision;
  }
  return pad(text, len, f.width, f.align, f.fill);
}
