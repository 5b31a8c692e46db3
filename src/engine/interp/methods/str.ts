// Methods of the built-in str type (the PyMethodDef table of Objects/unicodeobject.c with the
// search/split helpers of Objects/stringlib/*.h and str.format from
// Objects/stringlib/unicode_format.h). Results follow CPython's memory behaviour: a method that
// leaves an exact str unchanged returns the same object, split() preallocates its list
// (PREALLOC_SIZE in stringlib/split.h), and new strings go through rt.newStr (empty-string and
// latin-1 one-character caches).

import { textRules } from './textrules';
import { clinic, positional, index, cInt, sliceIndex, adjust } from '../native';
import { PyBuiltin, PyDict, PyInt, PyList, PyObject, PyStr, PyTuple } from '../objects';
import { PyExc, rt } from '../runtime';
import * as ops from '../ops';
import { bool, none } from '../native';
import { isPySpace } from '../../format/ints';
import { isPrintable, strRepr } from '../../format/repr';
import { encodeText } from './bytes';
import { pastSsizeMax } from '../types';

// --- helpers -------------------------------------------------------------------------------------


function incref<T extends PyObject>(o: T): T { o.ob_refcnt++; return o; }
function decref(o: PyObject): void { if (--o.ob_refcnt === 0) rt.dealloc(o); }

/** unicode_result_unchanged: the same object for an exact str, else an exact copy */
function unchanged(s: PyStr): PyObject {
  if (s.ob_type === rt.T.str) return incref(s);
  return rt.newStr(s.s);
}

const isAstral = (s: PyStr): boolean => s.len !== s.s.length;

/** the UTF-16 offset of code point index `cp` */
function toUnit(s: PyStr, cp: number): number {
  if (!isAstral(s)) return cp;
  let u = 0;
  const t = s.s;
  for (let k = 0; k < cp && u < t.length; k++) {
    const c = t.charCodeAt(u);
    u += c >= 0xd800 && c <= 0xdbff && u + 1 < t.length && (t.charCodeAt(u + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return u;
}

/** the code point index of UTF-16 offset `u` */
function toCp(s: PyStr, u: number): number {
  if (!isAstral(s)) return u;
  return Array.from(s.s.slice(0, u)).length;
}

function cpLen(t: string): number {
  let n = t.length;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < t.length && (t.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n--; i++; }
  }
  return n;
}

function selfStr(self: PyObject | null): PyStr {
  return self as PyStr;
}

/** METH_NOARGS methods: "str.upper() takes no arguments (1 given)" (unqualified before 3.9) */
function qual(name: string): string { return textRules().qualifiedNames ? `str.${name}` : name; }

function noArgs(name: string, args: PyObject[], kw: string[] | null): void {
  if (kw && kw.length) throw rt.raise('TypeError', `${qual(name)}() takes no keyword arguments`);
  if (args.length) throw rt.raise('TypeError', `${qual(name)}() takes no arguments (${args.length} given)`);
}

function oneArg(name: string, args: PyObject[], kw: string[] | null): PyObject {
  if (kw && kw.length) throw rt.raise('TypeError', `${qual(name)}() takes no keyword arguments`);
  if (args.length !== 1) throw rt.raise('TypeError', `${qual(name)}() takes exactly one argument (${args.length} given)`);
  return args[0];
}

const cps = (t: string): number[] => Array.from(t, (c) => c.codePointAt(0)!);

function fromCps(a: number[]): string {
  let out = '';
  for (let i = 0; i < a.length; i += 4096) out += String.fromCodePoint(...a.slice(i, i + 4096));
  return out;
}

// --- character classes ---------------------------------------------------------------------------

const RE_ALPHA = /^\p{L}$/u;
const RE_DECIMAL = /^\p{Nd}$/u;
const RE_NUMERIC = /^\p{N}$/u;
const RE_UPPER = /^\p{Uppercase}$/u;
const RE_LOWER = /^\p{Lowercase}$/u;
const RE_TITLE = /^\p{Lt}$/u;
const RE_CASED = /^[\p{Uppercase}\p{Lowercase}\p{Lt}]$/u;
const RE_CASE_IGNORABLE = /^\p{Case_Ignorable}$/u;
const RE_ID_START = /^[\p{XID_Start}_]$/u;
const RE_ID_CONT = /^\p{XID_Continue}$/u;

/** Numeric_Type=Digit characters that are not decimal (superscripts, circled digits, ...) */
function isDigitExtra(c: number): boolean {
  return c === 0xb2 || c === 0xb3 || c === 0xb9 || c === 0x2070 || (c >= 0x2074 && c <= 0x2079) ||
    (c >= 0x2080 && c <= 0x2089) || (c >= 0x2460 && c <= 0x2468) || (c >= 0x2474 && c <= 0x247c) ||
    (c >= 0x2488 && c <= 0x2490) || c === 0x24ea || (c >= 0x24f5 && c <= 0x24fd) || c === 0x24ff ||
    (c >= 0x2776 && c <= 0x277e) || (c >= 0x2780 && c <= 0x2788) || (c >= 0x278a && c <= 0x2792) ||
    (c >= 0x1369 && c <= 0x1371) || c === 0x19da || (c >= 0x1f100 && c <= 0x1f10a);
}
const CJK_NUMERIC = new Set(Array.from('〇一二三四五六七八九十百千万萬億兆零壹贰貳叁參肆伍陆陸柒捌玖拾佰仟', (c) => c.codePointAt(0)!));

const chOf = (c: number): string => String.fromCodePoint(c);
const isDecimalCp = (c: number): boolean => (c >= 48 && c <= 57) || (c > 127 && RE_DECIMAL.test(chOf(c)));
const isDigitCp = (c: number): boolean => isDecimalCp(c) || isDigitExtra(c);
const isNumericCp = (c: number): boolean => isDigitCp(c) || (c > 127 && (RE_NUMERIC.test(chOf(c)) || CJK_NUMERIC.has(c)));
const isAlphaCp = (c: number): boolean => c < 128 ? ((c | 32) >= 97 && (c | 32) <= 122) : RE_ALPHA.test(chOf(c));
const isAlnumCp = (c: number): boolean => isAlphaCp(c) || isDecimalCp(c) || isDigitCp(c) || isNumericCp(c);
const isUpperCp = (c: number): boolean => c < 128 ? c >= 65 && c <= 90 : RE_UPPER.test(chOf(c));
const isLowerCp = (c: number): boolean => c < 128 ? c >= 97 && c <= 122 : RE_LOWER.test(chOf(c));
const isTitleCp = (c: number): boolean => c >= 128 && RE_TITLE.test(chOf(c));
const isCasedCp = (c: number): boolean => c < 128 ? isUpperCp(c) || isLowerCp(c) : RE_CASED.test(chOf(c));

/** characters whose title case differs from their upper case */
const TITLE_SPECIAL: Record<number, string> = {
  0x1c4: '\u01c5', 0x1c5: '\u01c5', 0x1c6: '\u01c5', 0x1c7: '\u01c8', 0x1c8: '\u01c8', 0x1c9: '\u01c8',
  0x1ca: '\u01cb', 0x1cb: '\u01cb', 0x1cc: '\u01cb', 0x1f1: '\u01f2', 0x1f2: '\u01f2', 0x1f3: '\u01f2',
};

function upperCp(c: number): string { return chOf(c).toUpperCase(); }
function lowerCp(c: number): string { return chOf(c).toLowerCase(); }
function titleCp(c: number): string {
  const t = TITLE_SPECIAL[c];
  if (t) return t;
  const u = upperCp(c);
  if (cpLen(u) <= 1) return u;
  const a = Array.from(u);
  return a[0] + a.slice(1).join('').toLowerCase();
}

/** lower() of one code point inside a string (final sigma rule, handle_capital_sigma) */
function lowerAt(a: number[], i: number): string {
  const c = a[i];
  if (c !== 0x3a3) return lowerCp(c);
  // final sigma: preceded by a cased letter and not followed by one (skipping case-ignorables)
  let j = i - 1;
  while (j >= 0 && RE_CASE_IGNORABLE.test(chOf(a[j]))) j--;
  const before = j >= 0 && isCasedCp(a[j]);
  j = i + 1;
  while (j < a.length && RE_CASE_IGNORABLE.test(chOf(a[j]))) j++;
  const after = j < a.length && isCasedCp(a[j]);
  return before && !after ? '\u03c2' : '\u03c3';
}

function casefoldCp(c: number): string {
  if (c < 128) return c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : String.fromCharCode(c);
  if (c === 0xdf) return 'ss';
  if (c === 0x3c2) return '\u03c3';
  const u = upperCp(c);
  const l = u.toLowerCase();
  return cpLen(l) >= 1 ? l : lowerCp(c);
}

// --- searching -----------------------------------------------------------------------------------

/** the [start, end) slice arguments of find/count/startswith in UTF-16 offsets, or null when
 * start lies past the end */
function searchRange(s: PyStr, startO: PyObject | undefined, endO: PyObject | undefined): [number, number, number, number] {
  const [start, end] = adjust(sliceIndex(startO, 0), sliceIndex(endO, Number.MAX_SAFE_INTEGER), s.len);
  return [start, end, toUnit(s, Math.min(start, s.len)), toUnit(s, Math.max(Math.min(end, s.len), 0))];
}

function subArg(name: string, o: PyObject, argn = 1): PyStr {
  if (o instanceof PyStr) return o;
  if (textRules().clinicSubstringArgs) throw rt.raise('TypeError', `${name}() argument ${argn} must be str, not ${o.ob_type.name}`);
  throw rt.raise('TypeError', `must be str, not ${o.ob_type.name}`);
}

function findArgs(name: string, args: PyObject[], kw: string[] | null): [PyStr, PyObject | undefined, PyObject | undefined] {
  if (kw && kw.length) throw rt.raise('TypeError', `${name}() takes no keyword arguments`);
  const n = args.length;
  if (n < 1 || n > 3) {
    if (textRules().clinicSubstringArgs) {
      throw rt.raise('TypeError', n < 1 ? `${name} expected at least 1 argument, got ${n}` : `${name} expected at most 3 arguments, got ${n}`);
    }
    throw rt.raise('TypeError', n < 1 ? `${name}() takes at least 1 argument (${n} given)` : `${name}() takes at most 3 arguments (${n} given)`);
  }
  return [subArg(name, args[0]), args[1], args[2]];
}

function doFind(s: PyStr, sub: PyStr, startO: PyObject | undefined, endO: PyObject | undefined, rev: boolean): number {
  const [start, end, us, ue] = searchRange(s, startO, endO);
  if (end - start < sub.len) return -1;
  if (sub.len === 0) return rev ? end : start;
  const hay = s.s.slice(us, ue);
  const r = rev ? hay.lastIndexOf(sub.s) : hay.indexOf(sub.s);
  if (r < 0) return -1;
  return isAstral(s) ? toCp(s, us + r) : us + r;
}

function countOcc(hay: string, needle: string, max = Infinity): number {
  let n = 0;
  let i = 0;
  while (n < max) {
    const j = hay.indexOf(needle, i);
    if (j < 0) break;
    n++;
    i = j + needle.length;
  }
  return n;
}

function tailMatch(s: PyStr, sub: PyStr, startO: PyObject | undefined, endO: PyObject | undefined, suffix: boolean): boolean {
  const [start, end, us, ue] = searchRange(s, startO, endO);
  if (end - start < sub.len) return false;
  if (sub.len === 0) return true;
  const hay = s.s.slice(us, ue);
  return suffix ? hay.endsWith(sub.s) : hay.startsWith(sub.s);
}

// --- split ---------------------------------------------------------------------------------------

const MAX_PREALLOC = 12;

/** a list preallocated as stringlib's split does (PREALLOC_SIZE), filled by SPLIT_ADD */
class SplitList {
  l: PyList;
  constructor(maxcount: number) {
    this.l = rt.newList([], maxcount >= MAX_PREALLOC ? MAX_PREALLOC : maxcount + 1);
  }
  add(o: PyObject): void {
    if (this.l.items.length < MAX_PREALLOC && this.l.items.length < this.l.allocated) this.l.items.push(o);
    else ops.listAppendSteal(this.l, o);
  }
}

function sepArg(o: PyObject | undefined): PyStr | null {
  if (o === undefined || o === rt.None) return null;
  if (o instanceof PyStr) return o;
  throw rt.raise('TypeError', `must be str or None, not ${o.ob_type.name}`);
}

function splitImpl(self: PyStr, args: PyObject[], kw: string[] | null, rev: boolean): PyObject {
  const name = rev ? 'rsplit' : 'split';
  const [sepO, maxO] = clinic(name, args, kw, ['sep', 'maxsplit']);
  const sep = sepArg(sepO);
  let maxsplit = maxO === undefined ? -1 : index(maxO);
  if (maxsplit < 0) maxsplit = Number.MAX_SAFE_INTEGER;
  const exact = self.ob_type === rt.T.str;
  const t = self.s;
  if (sep !== null && sep.len > self.len) {
    // PyUnicode_Split: a separator longer than the string gives [self]
    if (sep.len === 0) throw rt.raise('ValueError', 'empty separator');
    return rt.newList([incref(self)]);
  }
  // 3.12+ bound the preallocation by the most pieces the string can hold (unicodeobject.c split)
  if (maxO === undefined || index(maxO) < 0) {
    if (textRules().splitPreallocBounded) {
      maxsplit = sep === null ? Math.trunc((self.len - 1) / 2) + 1 : (sep.len ? Math.floor(self.len / sep.len) + 1 : maxsplit);
    }
  }
  const out = new SplitList(maxsplit);
  const pieces: string[] = [];
  if (sep === null) {
    // split_whitespace / rsplit_whitespace
    const a = isAstral(self) ? Array.from(t) : t.split('');
    const sp = (ch: string): boolean => isPySpace(ch.codePointAt(0)!);
    const n = a.length;
    if (!rev) {
      let i = 0;
      let count = maxsplit;
      while (count-- > 0) {
        while (i < n && sp(a[i])) i++;
        if (i === n) break;
        const j = i;
        i++;
        while (i < n && !sp(a[i])) i++;
        if (j === 0 && i === n && exact) { out.add(incref(self)); return out.l; }
        pieces.push(a.slice(j, i).join(''));
      }
      if (i < n) {
        while (i < n && sp(a[i])) i++;
        if (i !== n) pieces.push(a.slice(i).join(''));
      }
    } else {
      let i = n - 1;
      let count = maxsplit;
      while (count-- > 0) {
        while (i >= 0 && sp(a[i])) i--;
        if (i < 0) break;
        const j = i;
        i--;
        while (i >= 0 && !sp(a[i])) i--;
        if (j === n - 1 && i < 0 && exact) { out.add(incref(self)); return out.l; }
        pieces.push(a.slice(i + 1, j + 1).join(''));
      }
      if (i >= 0) {
        while (i >= 0 && sp(a[i])) i--;
        if (i >= 0) pieces.push(a.slice(0, i + 1).join(''));
      }
    }
  } else {
    if (sep.len === 0) { decref(out.l); throw rt.raise('ValueError', 'empty separator'); }
    const m = sep.s;
    if (!rev) {
      let i = 0;
      let count = maxsplit;
      while (count-- > 0) {
        const j = t.indexOf(m, i);
        if (j < 0) break;
        pieces.push(t.slice(i, j));
        i = j + m.length;
      }
      if (pieces.length === 0 && exact) { out.add(incref(self)); return out.l; }
      pieces.push(t.slice(i));
    } else {
      let j = t.length;
      let count = maxsplit;
      while (count-- > 0) {
        const pos = j - m.length;
        if (pos < 0) break;
        const k = t.lastIndexOf(m, pos);
        if (k < 0) break;
        pieces.push(t.slice(k + m.length, j));
        j = k;
      }
      if (pieces.length === 0 && exact) { out.add(incref(self)); return out.l; }
      pieces.push(t.slice(0, j));
    }
  }
  for (const p of pieces) out.add(rt.newStr(p));
  if (rev) out.l.items.reverse();
  return out.l;
}

const LINE_BREAKS = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029]);

function splitlines(self: PyStr, keepends: boolean): PyList {
  const l = rt.newList([]);
  const t = self.s;
  const n = t.length;
  let i = 0;
  while (i < n) {
    const j = i;
    while (i < n && !LINE_BREAKS.has(t.charCodeAt(i))) i++;
    let eol = i;
    if (i < n) {
      if (t.charCodeAt(i) === 0x0d && i + 1 < n && t.charCodeAt(i + 1) === 0x0a) i += 2;
      else i++;
      if (keepends) eol = i;
    }
    if (j === 0 && eol === n && self.ob_type === rt.T.str) {
      ops.listAppendSteal(l, incref(self));
      break;
    }
    ops.listAppendSteal(l, rt.newStr(t.slice(j, eol)));
  }
  return l;
}

// --- strip, padding ------------------------------------------------------------------------------

function stripImpl(self: PyStr, args: PyObject[], kw: string[] | null, name: string, left: boolean, right: boolean): PyObject {
  positional(name, args, kw, 0, 1);
  const a = isAstral(self) ? Array.from(self.s) : self.s.split('');
  let test: (ch: string) => boolean;
  if (args.length === 0 || args[0] === rt.None) test = (ch) => isPySpace(ch.codePointAt(0)!);
  else {
    const c = args[0];
    if (!(c instanceof PyStr)) throw rt.raise('TypeError', `${name} arg must be None or str`);
    const set = new Set(Array.from(c.s));
    test = (ch) => set.has(ch);
  }
  let i = 0;
  let j = a.length;
  if (left) while (i < j && test(a[i])) i++;
  if (right) while (j > i && test(a[j - 1])) j--;
  if (i === 0 && j === a.length) return unchanged(self);
  return rt.newStr(a.slice(i, j).join(''));
}

function fillArg(o: PyObject | undefined): string {
  if (o === undefined) return ' ';
  if (!(o instanceof PyStr)) throw rt.raise('TypeError', `The fill character must be a unicode character, not ${o.ob_type.name}`);
  if (o.len !== 1) throw rt.raise('TypeError', 'The fill character must be exactly one character long');
  return o.s;
}

function pad(self: PyStr, left: number, right: number, fill: string): PyObject {
  if (left < 0) left = 0;
  if (right < 0) right = 0;
  if (left === 0 && right === 0) return unchanged(self);
  return rt.newStr(fill.repeat(left) + self.s + fill.repeat(right));
}

// --- str.format ----------------------------------------------------------------------------------

interface AutoNumber { state: 0 | 1 | 2; next: number; }

function keyError(key: PyObject): PyExc {
  const e = rt.newExc(rt.T.KeyError, null);
  decref(e.args);
  e.args = rt.newTuple([incref(key)]);
  return new PyExc(e);
}

/** get_integer: -1 when not all decimal digits */
function getInteger(t: string): number {
  if (t.length === 0) return -1;
  let v = 0;
  for (const ch of t) {
    const c = ch.codePointAt(0)!;
    if (!isDecimalCp(c)) return -1;
    const d = c < 128 ? c - 48 : Number(ch.normalize('NFKD').replace(/\D/g, '') || 0);
    if (v > (Number.MAX_SAFE_INTEGER - d) / 10) throw rt.raise('ValueError', 'Too many decimal digits in format string');
    v = v * 10 + d;
  }
  return v;
}

type FmtKw = { map: Map<string, PyObject> | null; mapping: PyObject | null };

function getFieldObject(name: string, args: PyObject[] | null, kw: FmtKw, auto: AutoNumber): PyObject {
  // split the first part from the rest ('.' or '[')
  let i = 0;
  while (i < name.length && name[i] !== '.' && name[i] !== '[') i++;
  const first = name.slice(0, i);
  let idx = getInteger(first);
  const empty = first.length === 0;
  const numeric = empty || idx !== -1;
  if (auto.state === 0 && numeric) auto.state = empty ? 1 : 2;
  if (numeric) {
    if (auto.state === 2 && empty) throw rt.raise('ValueError', 'cannot switch from manual field specification to automatic field numbering');
    if (auto.state === 1 && !empty) throw rt.raise('ValueError', 'cannot switch from automatic field numbering to manual field specification');
  }
  if (empty) idx = auto.next++;
  let obj: PyObject;
  if (idx === -1) {
    const key = rt.newStr(first);
    try {
      if (kw.mapping) obj = ops.getItem(kw.mapping, key);
      else {
        const v = kw.map ? kw.map.get(first) : undefined;
        if (v === undefined) throw keyError(key);
        obj = incref(v);
      }
    } finally { decref(key); }
  } else {
    if (args === null) throw rt.raise('ValueError', 'Format string contains positional fields');
    if (idx >= args.length) throw rt.raise('IndexError', `Replacement index ${idx} out of range for positional args tuple`);
    obj = incref(args[idx]);
  }
  // FieldNameIterator
  try {
    while (i < name.length) {
      const c = name[i++];
      if (c === '.') {
        const st = i;
        while (i < name.length && name[i] !== '.' && name[i] !== '[') i++;
        const attr = name.slice(st, i);
        if (attr.length === 0) throw rt.raise('ValueError', 'Empty attribute in format string');
        const nx = ops.getAttr(obj, attr);
        decref(obj);
        obj = nx;
      } else if (c === '[') {
        const st = i;
        while (i < name.length && name[i] !== ']') i++;
        if (i >= name.length) throw rt.raise('ValueError', "Missing ']' in format string");
        const key = name.slice(st, i);
        i++;
        if (key.length === 0) throw rt.raise('ValueError', 'Empty attribute in format string');
        if (i < name.length && name[i] !== '.' && name[i] !== '[') {
          throw rt.raise('ValueError', "Only '.' or '[' may follow ']' in format field specifier");
        }
        const n = getInteger(key);
        const k = n === -1 ? rt.newStr(key) : rt.newInt(n);
        try {
          const nx = ops.getItem(obj, k);
          decref(obj);
          obj = nx;
        } finally { decref(k); }
      } else {
        throw rt.raise('ValueError', "Only '.' or '[' may follow ']' in format field specifier");
      }
    }
  } catch (e) { decref(obj); throw e; }
  return obj;
}

/** The writer's state: _PyUnicodeWriter keeps a str written whole as its result (readonly) when it
 * is the only non-empty write and comes last (overallocate is cleared only for the last item). */
interface Writer { nonEmpty: number; single: PyObject | null; }

function write(w: Writer | null, text: string, whole: PyObject | null, last: boolean): void {
  if (!w || text.length === 0) return;
  if (w.single) { decref(w.single); w.single = null; }
  if (w.nonEmpty === 0 && last && whole) w.single = incref(whole);
  w.nonEmpty++;
}

function buildString(fmt: string, args: PyObject[] | null, kw: FmtKw, depth: number, auto: AutoNumber,
  w: Writer | null = null, fmtObj: PyObject | null = null): string {
  if (depth <= 0) throw rt.raise('ValueError', 'Max string recursion exceeded');
  let out = '';
  let p = 0;
  const n = fmt.length;
  while (p < n) {
    // literal text up to the next '{' or '}'
    const start = p;
    let c = '';
    let markup = false;
    while (p < n) {
      c = fmt[p++];
      if (c === '{' || c === '}') { markup = true; break; }
    }
    const atEnd = p >= n;
    let len = p - start;
    if (c === '}' && markup && (atEnd || fmt[p] !== '}')) throw rt.raise('ValueError', "Single '}' encountered in format string");
    if (atEnd && c === '{' && markup) throw rt.raise('ValueError', "Single '{' encountered in format string");
    if (markup && !atEnd) {
      if (fmt[p] === c) { p++; markup = false; } else len--;
    }
    out += fmt.slice(start, start + len);
    write(w, fmt.slice(start, start + len), start === 0 && len === n ? fmtObj : null, !markup && p >= n);
    if (!markup) continue;
    // parse_field
    const fstart = p;
    let ch = '';
    while (p < n) {
      ch = fmt[p++];
      if (ch === '{') throw rt.raise('ValueError', "unexpected '{' in field name");
      if (ch === '[') {
        while (p < n && fmt[p] !== ']') p++;
        continue;
      }
      if (ch === '}' || ch === ':' || ch === '!') break;
    }
    let fieldName: string;
    let conversion = '';
    let spec = '';
    let specExpand = false;
    if (ch === '!' || ch === ':') {
      fieldName = fmt.slice(fstart, p - 1);
      let done = false;
      if (ch === '!') {
        if (p >= n) throw rt.raise('ValueError', 'end of string while looking for conversion specifier');
        conversion = String.fromCodePoint(fmt.codePointAt(p)!);
        p += conversion.length;
        if (p < n) {
          const c2 = fmt[p++];
          if (c2 === '}') done = true;
          else if (c2 !== ':') throw rt.raise('ValueError', "expected ':' after conversion specifier");
        }
      }
      if (!done) {
        const sst = p;
        let count = 1;
        let closed = false;
        while (p < n) {
          const c3 = fmt[p++];
          if (c3 === '{') { specExpand = true; count++; } else if (c3 === '}') {
            count--;
            if (count === 0) { spec = fmt.slice(sst, p - 1); closed = true; break; }
          }
        }
        if (!closed) throw rt.raise('ValueError', "unmatched '{' in format spec");
      }
    } else if (ch !== '}') {
      throw rt.raise('ValueError', "expected '}' before end of string");
    } else {
      fieldName = fmt.slice(fstart, p - 1);
    }
    // output_markup
    let obj = getFieldObject(fieldName!, args, kw, auto);
    try {
      if (conversion) {
        let t: string;
        if (conversion === 'r') t = ops.repr(obj);
        else if (conversion === 's') t = obj.ob_type === rt.T.str ? '\u0000keep' : ops.str(obj);
        else if (conversion === 'a') t = rt.asciiOf(ops.repr(obj));
        else {
          const cc = conversion.codePointAt(0)!;
          throw rt.raise('ValueError', cc > 32 && cc < 127 ? `Unknown conversion specifier ${conversion}`
            : `Unknown conversion specifier \\x${cc.toString(16)}`);
        }
        if (t !== '\u0000keep') {
          const so = rt.newStr(t);
          decref(obj);
          obj = so;
        }
      }
      if (specExpand) spec = buildString(spec, args, kw, depth - 1, auto);
      const text = ops.format(obj, spec);
      out += text;
      write(w, text, obj.ob_type === rt.T.str && text === (obj as PyStr).s ? obj : null, p >= n);
    } finally { decref(obj); }
  }
  return out;
}

export function strFormat(fmt: PyStr, args: PyObject[] | null, kw: FmtKw): PyObject {
  const w: Writer = { nonEmpty: 0, single: null };
  try {
    const s = buildString(fmt.s, args, kw, 2, { state: 0, next: 0 }, w, fmt.ob_type === rt.T.str ? fmt : null);
    if (w.single && w.nonEmpty === 1) { const r = w.single; w.single = null; return r; }
    return rt.newStr(s);
  } finally {
    if (w.single) decref(w.single);
  }
}

// --- translate -----------------------------------------------------------------------------------

function maketrans(args: PyObject[], kw: string[] | null): PyObject {
  positional('maketrans', args, kw, 1, 3);
  const d = rt.newDict();
  try {
    if (args.length === 1) {
      const x = args[0];
      if (!(x instanceof PyDict)) throw rt.raise('TypeError', 'if you give only one argument to maketrans it must be a dict');
      for (const [k, v] of ops.dictItems(x)) {
        if (k instanceof PyStr) {
          if (k.len !== 1) throw rt.raise('ValueError', 'string keys in translate table must be of length 1');
          const key = rt.newInt(k.s.codePointAt(0)!);
          ops.dictSetItem(d, key, v, false);
          decref(key);
        } else if (k instanceof PyInt) {
          ops.dictSetItem(d, k, v, false);
        } else throw rt.raise('TypeError', 'keys in translate table must be strings or integers');
      }
      return d;
    }
    const [x, y, z] = args;
    if (!(x instanceof PyStr)) throw rt.raise('TypeError', `maketrans() argument 1 must be str, not ${x.ob_type.name}`);
    if (!(y instanceof PyStr)) throw rt.raise('TypeError', `maketrans() argument 2 must be str, not ${y.ob_type.name}`);
    if (z !== undefined && !(z instanceof PyStr)) throw rt.raise('TypeError', `maketrans() argument 3 must be str, not ${z.ob_type.name}`);
    if (x.len !== y.len) throw rt.raise('ValueError', 'the first two maketrans arguments must have equal length');
    const xa = cps(x.s), ya = cps(y.s);
    for (let i = 0; i < xa.length; i++) {
      const k = rt.newInt(xa[i]), v = rt.newInt(ya[i]);
      ops.dictSetItem(d, k, v, false);
      decref(k); decref(v);
    }
    if (z) {
      for (const c of cps(z.s)) {
        const k = rt.newInt(c);
        ops.dictSetItem(d, k, rt.None, false);
        decref(k);
      }
    }
    return d;
  } catch (e) { decref(d); throw e; }
}

function translate(self: PyStr, table: PyObject): PyObject {
  let out = '';
  let changed = false;
  const cache = new Map<number, string | null>();
  for (const ch of self.s) {
    const c = ch.codePointAt(0)!;
    let r = cache.get(c);
    if (r === undefined) {
      const key = rt.newInt(c);
      let v: PyObject | null = null;
      try {
        v = ops.getItem(table, key);
      } catch (e) {
        if (!(e instanceof PyExc) || !ops.isInstance(e.exc, rt.T.LookupError)) throw e;
        decref(e.exc);
        v = null;
      } finally { decref(key); }
      if (v === null) r = ch;
      else {
        try {
          if (v === rt.None) r = null;
          else if (v instanceof PyInt) {
            if (v.big !== null || v.v < 0 || v.v > 0x10ffff) throw rt.raise('ValueError', 'character mapping must be in range(0x110000)');
            r = String.fromCodePoint(v.v);
          } else if (v instanceof PyStr) r = v.s;
          else throw rt.raise('TypeError', 'character mapping must return integer, None or str');
        } finally { decref(v); }
      }
      cache.set(c, r);
    }
    if (r !== ch) changed = true;
    if (r !== null) out += r;
  }
  // _PyUnicode_TranslateCharmap always builds a new string
  return rt.newStr(changed ? out : self.s);
}

// --- comparisons ---------------------------------------------------------------------------------

function cmpStr(a: string, b: string): number {
  if (a === b) return 0;
  const x = Array.from(a), y = Array.from(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const c = x[i].codePointAt(0)!, d = y[i].codePointAt(0)!;
    if (c !== d) return c - d;
  }
  return x.length - y.length;
}

// --- encodings -----------------------------------------------------------------------------------

function encode(self: PyStr, args: PyObject[], kw: string[] | null): PyObject {
  const [encO, errO] = clinic('encode', args, kw, ['encoding', 'errors']);
  if (encO !== undefined && !(encO instanceof PyStr)) throw rt.raise('TypeError', `encode() argument 'encoding' must be str, not ${encO.ob_type.name}`);
  if (errO !== undefined && !(errO instanceof PyStr)) throw rt.raise('TypeError', `encode() argument 'errors' must be str, not ${errO.ob_type.name}`);
  const enc = encO ? (encO as PyStr).s : 'utf-8';
  const errors = errO ? (errO as PyStr).s : 'strict';
  return rt.newBytes(encodeText(self.s, enc, errors));
}

// --- installation --------------------------------------------------------------------------------

export function installStrMethods(): void {
  const T = rt.T;
  const def = (name: string, fn: (self: PyStr, args: PyObject[], kw: string[] | null) => PyObject): void => {
    rt.defMethod(T.str, name, (args, kw, self) => fn(selfStr(self), args, kw));
  };
  const pred = (name: string, test: (a: number[]) => boolean): void => {
    def(name, (s, args, kw) => { noArgs(name, args, kw); return bool(test(cps(s.s))); });
  };
  const caseMap = (name: string, f: (a: number[]) => string): void => {
    def(name, (s, args, kw) => {
      noArgs(name, args, kw);
      // case mappings always build a new string (only the latin-1 one-character cache is shared)
      return rt.newStr(f(cps(s.s)));
    });
  };

  // join
  def('join', (s, args, kw) => {
    const it = oneArg('join', args, kw);
    let seq: PyObject[];
    let tmp: PyList | null = null;
    if (it instanceof PyList || it instanceof PyTuple) seq = it.items;
    else {
      tmp = rt.newList([]);
      try {
        ops.listExtend(tmp, it);
      } catch (e) {
        decref(tmp);
        if (e instanceof PyExc && e.exc.ob_type === T.TypeError && !ops.getAttrOrNull(it, '__iter__')) {
          decref(e.exc);
          throw rt.raise('TypeError', 'can only join an iterable');
        }
        throw e;
      }
      seq = tmp.items;
    }
    try {
      if (seq.length === 0) return rt.newStr('');
      if (seq.length === 1 && seq[0].ob_type === T.str) return incref(seq[0]);
      const parts: string[] = [];
      for (let i = 0; i < seq.length; i++) {
        const x = seq[i];
        if (!(x instanceof PyStr)) throw rt.raise('TypeError', `sequence item ${i}: expected str instance, ${x.ob_type.name} found`);
        parts.push(x.s);
      }
      return rt.newStr(parts.join(s.s));
    } finally { if (tmp) decref(tmp); }
  });

  def('split', (s, args, kw) => splitImpl(s, args, kw, false));
  def('rsplit', (s, args, kw) => splitImpl(s, args, kw, true));
  def('splitlines', (s, args, kw) => {
    const [k] = clinic('splitlines', args, kw, ['keepends']);
    return splitlines(s, k === undefined ? false : ops.truthy(k));
  });
  def('strip', (s, args, kw) => stripImpl(s, args, kw, 'strip', true, true));
  def('lstrip', (s, args, kw) => stripImpl(s, args, kw, 'lstrip', true, false));
  def('rstrip', (s, args, kw) => stripImpl(s, args, kw, 'rstrip', false, true));

  def('replace', (s, args, kw) => {
    let old: PyObject, nw: PyObject, cntO: PyObject | undefined;
    if (textRules().replaceKeywords) {
      const npos = args.length - (kw ? kw.length : 0);
      if (npos < 2) throw rt.raise('TypeError', `replace() takes at least 2 positional arguments (${npos} given)`);
      const r = clinic('replace', args, kw, ['old', 'new', 'count']);
      [old, nw, cntO] = r as [PyObject, PyObject, PyObject | undefined];
    } else {
      positional('replace', args, kw, 2, 3);
      [old, nw, cntO] = args;
    }
    if (!(old instanceof PyStr)) throw rt.raise('TypeError', `replace() argument 1 must be str, not ${old.ob_type.name}`);
    if (!(nw instanceof PyStr)) throw rt.raise('TypeError', `replace() argument 2 must be str, not ${nw.ob_type.name}`);
    let count = cntO === undefined ? -1 : index(cntO);
    if (count < 0) count = Number.MAX_SAFE_INTEGER;
    const t = s.s;
    if (count === 0) return unchanged(s);
    if (old.len === 0) {
      const a = isAstral(s) ? Array.from(t) : t.split('');
      const k = Math.min(count, a.length + 1);
      let out = '';
      for (let i = 0; i < a.length; i++) out += (i < k ? nw.s : '') + a[i];
      if (k > a.length) out += nw.s;
      if (nw.len === 0) return unchanged(s);
      return rt.newStr(out);
    }
    if (old.s === nw.s) return unchanged(s);
    let out = '';
    let i = 0;
    let n = 0;
    while (n < count) {
      const j = t.indexOf(old.s, i);
      if (j < 0) break;
      out += t.slice(i, j) + nw.s;
      i = j + old.s.length;
      n++;
    }
    if (n === 0) return unchanged(s);
    return rt.newStr(out + t.slice(i));
  });

  def('find', (s, args, kw) => { const [sub, a, b] = findArgs('find', args, kw); return rt.newInt(doFind(s, sub, a, b, false)); });
  def('rfind', (s, args, kw) => { const [sub, a, b] = findArgs('rfind', args, kw); return rt.newInt(doFind(s, sub, a, b, true)); });
  def('index', (s, args, kw) => {
    const [sub, a, b] = findArgs('index', args, kw);
    const r = doFind(s, sub, a, b, false);
    if (r < 0) throw rt.raise('ValueError', 'substring not found');
    return rt.newInt(r);
  });
  def('rindex', (s, args, kw) => {
    const [sub, a, b] = findArgs('rindex', args, kw);
    const r = doFind(s, sub, a, b, true);
    if (r < 0) throw rt.raise('ValueError', 'substring not found');
    return rt.newInt(r);
  });
  def('count', (s, args, kw) => {
    const [sub, a, b] = findArgs('count', args, kw);
    const [start, end, us, ue] = searchRange(s, a, b);
    if (end - start < sub.len) return rt.newInt(0);
    if (sub.len === 0) return rt.newInt(end - start + 1);
    return rt.newInt(countOcc(s.s.slice(us, ue), sub.s));
  });
  for (const [name, suffix] of [['startswith', false], ['endswith', true]] as [string, boolean][]) {
    def(name, (s, args, kw) => {
      if (kw && kw.length) throw rt.raise('TypeError', `${name}() takes no keyword arguments`);
      if (args.length < 1 || args.length > 3) {
        throw rt.raise('TypeError', args.length < 1 ? `${name} expected at least 1 argument, got ${args.length}`
          : `${name} expected at most 3 arguments, got ${args.length}`);
      }
      const [x, a, b] = args;
      if (x instanceof PyTuple) {
        for (const it of x.items) {
          if (!(it instanceof PyStr)) throw rt.raise('TypeError', `tuple for ${name} must only contain str, not ${it.ob_type.name}`);
          if (tailMatch(s, it, a, b, suffix)) return bool(true);
        }
        return bool(false);
      }
      if (!(x instanceof PyStr)) throw rt.raise('TypeError', `${name} first arg must be str or a tuple of str, not ${x.ob_type.name}`);
      return bool(tailMatch(s, x, a, b, suffix));
    });
  }

  // case mapping
  caseMap('upper', (a) => a.map(upperCp).join(''));
  caseMap('lower', (a) => a.map((c, i) => lowerAt(a, i)).join(''));
  caseMap('casefold', (a) => a.map(casefoldCp).join(''));
  caseMap('swapcase', (a) => a.map((c, i) => (isUpperCp(c) ? lowerAt(a, i) : isLowerCp(c) ? upperCp(c) : chOf(c))).join(''));
  caseMap('capitalize', (a) => {
    if (a.length === 0) return '';
    const first = titleCp(a[0]);
    return first + a.slice(1).map((c, i) => lowerAt(a, i + 1)).join('');
  });
  caseMap('title', (a) => {
    let out = '';
    let prevCased = false;
    for (let i = 0; i < a.length; i++) {
      const c = a[i];
      out += prevCased ? lowerAt(a, i) : titleCp(c);
      prevCased = isCasedCp(c);
    }
    return out;
  });

  // predicates
  pred('isdigit', (a) => a.length > 0 && a.every(isDigitCp));
  pred('isdecimal', (a) => a.length > 0 && a.every(isDecimalCp));
  pred('isnumeric', (a) => a.length > 0 && a.every(isNumericCp));
  pred('isalpha', (a) => a.length > 0 && a.every(isAlphaCp));
  pred('isalnum', (a) => a.length > 0 && a.every(isAlnumCp));
  pred('isspace', (a) => a.length > 0 && a.every(isPySpace));
  pred('isprintable', (a) => a.every(isPrintable));
  pred('isascii', (a) => a.every((c) => c < 128));
  pred('isupper', (a) => {
    let cased = false;
    for (const c of a) {
      if (isLowerCp(c) || isTitleCp(c)) return false;
      if (!cased && isUpperCp(c)) cased = true;
    }
    return cased;
  });
  pred('islower', (a) => {
    let cased = false;
    for (const c of a) {
      if (isUpperCp(c) || isTitleCp(c)) return false;
      if (!cased && isLowerCp(c)) cased = true;
    }
    return cased;
  });
  pred('istitle', (a) => {
    let cased = false;
    let prev = false;
    for (const c of a) {
      if (isUpperCp(c) || isTitleCp(c)) {
        if (prev) return false;
        prev = true;
        cased = true;
      } else if (isLowerCp(c)) {
        if (!prev) return false;
        prev = true;
        cased = true;
      } else prev = false;
    }
    return cased;
  });
  pred('isidentifier', (a) => {
    if (a.length === 0) return false;
    const t = fromCps(a).normalize('NFKC');
    const b = Array.from(t);
    if (!RE_ID_START.test(b[0])) return false;
    return b.slice(1).every((c) => RE_ID_CONT.test(c));
  });

  // padding
  for (const name of ['center', 'ljust', 'rjust']) {
    def(name, (s, args, kw) => {
      positional(name, args, kw, 1, 2);
      const width = index(args[0]);
      const fill = fillArg(args[1]);
      const marg = width - s.len;
      if (marg <= 0) return unchanged(s);
      if (name === 'ljust') return pad(s, 0, marg, fill);
      if (name === 'rjust') return pad(s, marg, 0, fill);
      const left = Math.floor(marg / 2) + (marg & width & 1);
      return pad(s, left, marg - left, fill);
    });
  }
  def('zfill', (s, args, kw) => {
    const w = oneArgPositional('zfill', args, kw);
    const width = index(w);
    if (s.len >= width) return unchanged(s);
    const fill = width - s.len;
    let t = '0'.repeat(fill) + s.s;
    if (s.s[0] === '+' || s.s[0] === '-') t = s.s[0] + '0'.repeat(fill) + s.s.slice(1);
    return rt.newStr(t);
  });
  def('expandtabs', (s, args, kw) => {
    const [tO] = clinic('expandtabs', args, kw, ['tabsize']);
    let tab = 8;
    if (tO !== undefined) {
      if (!(tO instanceof PyInt) && textRules().expandtabsIntegerRequired) throw rt.raise('TypeError', `an integer is required (got type ${tO.ob_type.name})`);
      tab = cInt(tO);
    }
    if (!s.s.includes('\t')) return unchanged(s);
    let out = '';
    let col = 0;
    for (const ch of s.s) {
      if (ch === '\t') {
        if (tab > 0) { const k = tab - (col % tab); out += ' '.repeat(k); col += k; }
      } else {
        out += ch;
        col++;
        if (ch === '\n' || ch === '\r') col = 0;
      }
    }
    return rt.newStr(out);
  });

  for (const [name, rev] of [['partition', false], ['rpartition', true]] as [string, boolean][]) {
    def(name, (s, args, kw) => {
      const sepO = oneArgPositional(name, args, kw);
      if (!(sepO instanceof PyStr)) throw rt.raise('TypeError', `must be str, not ${sepO.ob_type.name}`);
      if (sepO.len === 0) throw rt.raise('ValueError', 'empty separator');
      const t = s.s;
      const j = rev ? t.lastIndexOf(sepO.s) : t.indexOf(sepO.s);
      if (j < 0) {
        const whole = unchanged(s);
        return rev ? rt.newTuple([rt.newStr(''), rt.newStr(''), whole]) : rt.newTuple([whole, rt.newStr(''), rt.newStr('')]);
      }
      return rt.newTuple([rt.newStr(t.slice(0, j)), incref(sepO), rt.newStr(t.slice(j + sepO.s.length))]);
    });
  }

  if (textRules().removeAffixes) {
    for (const [name, suffix] of [['removeprefix', false], ['removesuffix', true]] as [string, boolean][]) {
      def(name, (s, args, kw) => {
        const a = oneArg(name, args, kw);
        if (!(a instanceof PyStr)) throw rt.raise('TypeError', `${name}() argument must be str, not ${a.ob_type.name}`);
        if (a.len > 0 && (suffix ? s.s.endsWith(a.s) : s.s.startsWith(a.s))) {
          return rt.newStr(suffix ? s.s.slice(0, s.s.length - a.s.length) : s.s.slice(a.s.length));
        }
        return unchanged(s);
      });
    }
  }

  def('encode', encode);

  // formatting
  def('format', (s, args, kw) => {
    const nk = kw ? kw.length : 0;
    const pos = args.slice(0, args.length - nk);
    let map: Map<string, PyObject> | null = null;
    if (kw && nk) {
      map = new Map();
      kw.forEach((k, i) => map!.set(k, args[pos.length + i]));
    }
    return strFormat(s, pos, { map, mapping: null });
  });
  def('format_map', (s, args, kw) => {
    const m = oneArg('format_map', args, kw);
    return strFormat(s, null, { map: null, mapping: m });
  });
  def('__format__', (s, args, kw) => {
    const spec = oneArgPositional('__format__', args, kw);
    if (!(spec instanceof PyStr)) throw rt.raise('TypeError', `__format__() argument must be str, not ${spec.ob_type.name}`);
    if (spec.len === 0) return unchanged(s);
    const text = ops.format(s, spec.s);
    // format_string_internal writes the str whole when nothing is padded or cut: the same object
    if (text === s.s) return unchanged(s);
    return rt.newStr(text);
  });

  // translate
  rt.defMethod(T.str, 'maketrans', (args, kw) => maketrans(args, kw));
  const mk = ops.dictGetStr(T.str.dict!, 'maketrans');
  if (mk instanceof PyBuiltin) mk.isClassMethod = true;
  def('translate', (s, args, kw) => translate(s, oneArgPositional('translate', args, kw)));

  // dunders
  def('__len__', (s, args, kw) => { noArgs('__len__', args, kw); return rt.newInt(s.len); });
  def('__contains__', (s, args, kw) => bool(ops.contains(s, oneArgPositional('__contains__', args, kw))));
  def('__getitem__', (s, args, kw) => ops.getItem(s, oneArgPositional('__getitem__', args, kw)));
  def('__iter__', (s, args, kw) => { noArgs('__iter__', args, kw); return ops.getIter(s); });
  def('__add__', (s, args, kw) => {
    const o = oneArgPositional('__add__', args, kw);
    if (!(o instanceof PyStr)) throw rt.raise('TypeError', rt.profile.strConcatMessage.replace('%s', o.ob_type.name));
    if (s.ob_type === T.str && o.ob_type === T.str) return ops.strConcat(s, o);
    if (s.len === 0) return unchanged(o);
    if (o.len === 0) return unchanged(s);
    return rt.newStr(s.s + o.s);
  });
  const repeat = (s: PyStr, o: PyObject): PyObject => {
    if (!(o instanceof PyInt) && !ops.typeLookup(o.ob_type, '__index__')) {
      throw rt.raise('TypeError', `'${o.ob_type.name}' object cannot be interpreted as an integer`);
    }
    let n = index(o);
    if (n < 0) n = 0;
    if (n === 1) return unchanged(s);
    if (s.len === 0 || n === 0) return rt.newStr('');
    if (pastSsizeMax(s.len, n)) throw rt.raise('OverflowError', 'repeated string is too long');
    rt.needMemory(s.len * n * s.kind);
    if (s.s.length * n > 2 ** 29 - 24) throw rt.noMemory(); // past V8's longest string
    return rt.newStr(s.s.repeat(n));
  };
  def('__mul__', (s, args, kw) => repeat(s, oneArgPositional('__mul__', args, kw)));
  def('__rmul__', (s, args, kw) => repeat(s, oneArgPositional('__rmul__', args, kw)));
  def('__mod__', (s, args, kw) => ops.percentFormatStr(s, oneArgPositional('__mod__', args, kw)));
  def('__rmod__', (s, args, kw) => {
    const o = oneArgPositional('__rmod__', args, kw);
    if (!(o instanceof PyStr)) return incref(rt.NotImplemented);
    return ops.percentFormatStr(o, s);
  });
  const cmps: [string, (c: number) => boolean][] = [
    ['__lt__', (c) => c < 0], ['__le__', (c) => c <= 0], ['__eq__', (c) => c === 0],
    ['__ne__', (c) => c !== 0], ['__gt__', (c) => c > 0], ['__ge__', (c) => c >= 0],
  ];
  for (const [name, f] of cmps) {
    def(name, (s, args, kw) => {
      const o = oneArgPositional(name, args, kw);
      if (!(o instanceof PyStr)) return incref(rt.NotImplemented);
      if (name === '__eq__' || name === '__ne__') return bool(f(s === o || s.s === o.s ? 0 : 1));
      return bool(f(cmpStr(s.s, o.s)));
    });
  }
  def('__hash__', (s, args, kw) => {
    noArgs('__hash__', args, kw);
    const h = ops.hash(s);
    return typeof h === 'bigint' ? rt.newIntBig(h) : rt.newInt(h as number);
  });
  def('__sizeof__', (s, args, kw) => { noArgs('__sizeof__', args, kw); return rt.newInt(rt.sizeofObject(s, false)); });
  def('__str__', (s, args, kw) => { noArgs('__str__', args, kw); return unchanged(s); });
  def('__repr__', (s, args, kw) => { noArgs('__repr__', args, kw); return rt.newStr(strRepr(s.s)); });
  def('__getnewargs__', (s, args, kw) => { noArgs('__getnewargs__', args, kw); return rt.newTuple([rt.newStr(s.s)]); });
  void none;
}

/** a single positional argument of a wrapper or clinic method */
function oneArgPositional(name: string, args: PyObject[], kw: string[] | null): PyObject {
  if (kw && kw.length) throw rt.raise('TypeError', `${name}() takes no keyword arguments`);
  if (args.length !== 1) {
    throw rt.raise('TypeError', `${name}() takes exactly one argument (${args.length} given)`);
  }
  return args[0];
}
