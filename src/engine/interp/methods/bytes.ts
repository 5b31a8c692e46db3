// Methods of the built-in bytes and bytearray types (Objects/bytesobject.c,
// Objects/bytearrayobject.c, the shared Objects/bytes_methods.c and Objects/stringlib/*.h), and the
// codecs str.encode / bytes.decode use (Objects/unicodeobject.c: the UTF-8, ASCII, latin-1, UTF-16
// and UTF-32 codecs with their error handlers and messages). bytearray mutations resize the buffer
// as PyByteArray_Resize does, so sys.getsizeof follows ob_alloc.

import { textRules } from './textrules';
import { clinic, positional, index, cInt, sliceIndex, adjust } from '../native';
import { PyBuiltin, PyByteArray, PyBytes, PyInt, PyList, PyObject, PySlice, PyStr, PyTuple } from '../objects';
import { PyExc, rt } from '../runtime';
import * as ops from '../ops';
import { bool, none } from '../native';
import { bytearrayResize, newByteArray, pastSsizeMax, sliceIndices } from '../types';

function incref<T extends PyObject>(o: T): T { o.ob_refcnt++; return o; }
function decref(o: PyObject): void { if (--o.ob_refcnt === 0) rt.dealloc(o); }

// =================================================================================================
// codecs
// =================================================================================================

const ALIASES: Record<string, string> = {
  utf_8: 'utf-8', utf8: 'utf-8', u8: 'utf-8', utf: 'utf-8', utf8_ucs2: 'utf-8', utf8_ucs4: 'utf-8', cp65001: 'utf-8',
  ascii: 'ascii', us_ascii: 'ascii', '646': 'ascii', us: 'ascii', 'ansi_x3.4_1968': 'ascii', iso646_us: 'ascii',
  latin_1: 'latin-1', latin1: 'latin-1', latin: 'latin-1', l1: 'latin-1', iso8859_1: 'latin-1', iso_8859_1: 'latin-1',
  '8859': 'latin-1', cp819: 'latin-1', iso_ir_100: 'latin-1', iso8859: 'latin-1', iso_8859_1_1987: 'latin-1',
  utf_16: 'utf-16', utf16: 'utf-16', u16: 'utf-16', utf_16_le: 'utf-16-le', utf_16le: 'utf-16-le', utf_16_be: 'utf-16-be',
  utf_16be: 'utf-16-be', utf_32: 'utf-32', utf32: 'utf-32', u32: 'utf-32', utf_32_le: 'utf-32-le', utf_32le: 'utf-32-le',
  utf_32_be: 'utf-32-be', utf_32be: 'utf-32-be',
};

function codecName(enc: string): string {
  const norm = enc.toLowerCase().replace(/[^a-z0-9.]+/g, '_').replace(/^_|_$/g, '');
  const c = ALIASES[norm];
  if (!c) throw rt.raise('LookupError', `unknown encoding: ${enc}`);
  return c;
}

const ERROR_HANDLERS = ['strict', 'ignore', 'replace', 'backslashreplace', 'xmlcharrefreplace', 'surrogateescape', 'surrogatepass', 'namereplace'];

function checkErrors(errors: string): void {
  if (!ERROR_HANDLERS.includes(errors)) throw rt.raise('LookupError', `unknown error handler name '${errors}'`);
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');

/** str.encode */
export function encodeText(s: string, enc: string, errors = 'strict'): Uint8Array {
  const codec = codecName(enc);
  const cp = Array.from(s, (c) => c.codePointAt(0)!);
  const out: number[] = [];
  const limit = codec === 'ascii' ? 128 : codec === 'latin-1' ? 256 : 0x110000;
  const isSur = (c: number): boolean => c >= 0xd800 && c <= 0xdfff;
  const bad = (c: number): boolean => (limit < 0x110000 ? c >= limit : isSur(c) && errors !== 'surrogatepass');
  const emit = (c: number): void => {
    switch (codec) {
      case 'ascii': case 'latin-1': out.push(c); break;
      case 'utf-8':
        if (c < 0x80) out.push(c);
        else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
        else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
        break;
      case 'utf-16': case 'utf-16-le': case 'utf-16-be': {
        const units = c >= 0x10000 ? [0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff)] : [c];
        for (const u of units) out.push(...(codec === 'utf-16-be' ? [u >> 8, u & 255] : [u & 255, u >> 8]));
        break;
      }
      default: {
        const b = [c & 255, (c >> 8) & 255, (c >> 16) & 255, 0];
        out.push(...(codec === 'utf-32-be' ? b.reverse() : b));
      }
    }
  };
  if (codec === 'utf-16') out.push(0xff, 0xfe);
  if (codec === 'utf-32') out.push(0xff, 0xfe, 0, 0);
  for (let i = 0; i < cp.length; i++) {
    const c = cp[i];
    if (!bad(c)) { emit(c); continue; }
    let j = i;
    while (j + 1 < cp.length && bad(cp[j + 1])) j++;
    switch (errors) {
      case 'strict': case 'surrogatepass': case 'surrogateescape': {
        if (errors === 'surrogateescape' && cp.slice(i, j + 1).every((x) => x >= 0xdc80 && x <= 0xdcff)) {
          for (let k = i; k <= j; k++) out.push(cp[k] - 0xdc00);
          break;
        }
        if (errors !== 'strict') checkErrors(errors);
        const reason = limit < 0x110000 ? `ordinal not in range(${limit})` : 'surrogates not allowed';
        throw ops.unicodeError('UnicodeEncodeError', codec, rt.newStr(String.fromCodePoint(...cp)), i, j + 1, reason);
      }
      case 'ignore': break;
      case 'replace': for (let k = i; k <= j; k++) emit(63); break;
      case 'xmlcharrefreplace': for (let k = i; k <= j; k++) for (const ch of `&#${cp[k]};`) emit(ch.charCodeAt(0)); break;
      case 'backslashreplace': case 'namereplace':
        for (let k = i; k <= j; k++) for (const ch of rt.asciiOf(String.fromCodePoint(cp[k]))) emit(ch.charCodeAt(0));
        break;
      default: checkErrors(errors);
    }
    i = j;
  }
  return Uint8Array.from(out);
}

/** bytes.decode */
export function decodeData(b: Uint8Array, enc: string, errors = 'strict'): string {
  const codec = codecName(enc);
  let out = '';
  const fail = (start: number, end: number, reason: string): void => {
    // the handler for bytes [start, end)
    switch (errors) {
      case 'strict': {
        throw ops.unicodeError('UnicodeDecodeError', codec, rt.newBytes(Uint8Array.from(b)), start, end, reason);
      }
      case 'ignore': break;
      case 'replace': out += '\ufffd'; break;
      case 'backslashreplace': for (let k = start; k < end; k++) out += '\\x' + hex2(b[k]); break;
      case 'surrogateescape':
        for (let k = start; k < end; k++) {
          if (b[k] < 128) { errors = 'strict'; fail(start, end, reason); }
          out += String.fromCharCode(0xdc00 + b[k]);
        }
        break;
      default:
        checkErrors(errors);
        errors = 'strict';
        fail(start, end, reason);
    }
  };
  if (codec === 'ascii' || codec === 'latin-1') {
    for (let i = 0; i < b.length; i++) {
      if (codec === 'ascii' && b[i] >= 128) fail(i, i + 1, 'ordinal not in range(128)');
      else out += String.fromCharCode(b[i]);
    }
    return out;
  }
  if (codec === 'utf-8') {
    let i = 0;
    const n = b.length;
    while (i < n) {
      const c = b[i];
      if (c < 0x80) { out += String.fromCharCode(c); i++; continue; }
      let need: number;
      let lo = 0x80, hi = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) need = 1;
      else if (c >= 0xe0 && c <= 0xef) { need = 2; if (c === 0xe0) lo = 0xa0; if (c === 0xed) hi = 0x9f; }
      else if (c >= 0xf0 && c <= 0xf4) { need = 3; if (c === 0xf0) lo = 0x90; if (c === 0xf4) hi = 0x8f; }
      else { fail(i, i + 1, 'invalid start byte'); i++; continue; }
      let k = 1;
      let ok = true;
      for (; k <= need; k++) {
        if (i + k >= n) { ok = false; break; }
        const d = b[i + k];
        const l = k === 1 ? lo : 0x80, h = k === 1 ? hi : 0xbf;
        if (d < l || d > h) { ok = false; break; }
      }
      if (!ok) {
        if (i + k >= n) fail(i, n, 'unexpected end of data');
        else fail(i, i + k, 'invalid continuation byte');
        i = i + k >= n ? n : i + k;
        continue;
      }
      let v = need === 1 ? c & 0x1f : need === 2 ? c & 0x0f : c & 0x07;
      for (let q = 1; q <= need; q++) v = (v << 6) | (b[i + q] & 0x3f);
      out += String.fromCodePoint(v);
      i += need + 1;
    }
    return out;
  }
  if (codec.startsWith('utf-16')) {
    let i = 0;
    let be = codec === 'utf-16-be';
    if (codec === 'utf-16' && b.length >= 2) {
      if (b[0] === 0xff && b[1] === 0xfe) i = 2;
      else if (b[0] === 0xfe && b[1] === 0xff) { i = 2; be = true; }
    }
    while (i < b.length) {
      if (i + 1 >= b.length) { fail(i, b.length, 'truncated data'); break; }
      out += String.fromCharCode(be ? (b[i] << 8) | b[i + 1] : b[i] | (b[i + 1] << 8));
      i += 2;
    }
    return out;
  }
  // utf-32
  let i = 0;
  let be = codec === 'utf-32-be';
  if (codec === 'utf-32' && b.length >= 4) {
    if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) i = 4;
    else if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) { i = 4; be = true; }
  }
  while (i < b.length) {
    if (i + 3 >= b.length) { fail(i, b.length, 'truncated data'); break; }
    const v = be ? ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0 : (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
    if (v > 0x10ffff) fail(i, i + 4, 'code point not in range(0x110000)');
    else out += String.fromCodePoint(v);
    i += 4;
  }
  return out;
}

// =================================================================================================
// bytes and bytearray methods
// =================================================================================================

type Bin = PyBytes | PyByteArray;

const dataOf = (o: Bin): Uint8Array => (o instanceof PyBytes ? o.b : o.b.subarray(0, o.size));
const isBin = (o: PyObject): o is Bin => o instanceof PyBytes || o instanceof PyByteArray;

/** a result of the same family as `self` (bytes methods return bytes, bytearray methods bytearray) */
function result(self: Bin, data: Uint8Array): PyObject {
  return self instanceof PyBytes ? rt.newBytes(data.slice()) : newByteArray(data);
}

/** return_self for exact bytes, else a copy */
function unchanged(self: Bin): PyObject {
  if (self instanceof PyBytes && self.ob_type === rt.T.bytes) return incref(self);
  return result(self, dataOf(self));
}

/** the buffer of a bytes-like argument */
function buffer(o: PyObject, msg?: string): Uint8Array {
  if (isBin(o)) return dataOf(o);
  const v = o as unknown as { obj?: PyObject };
  if (o.ob_type.name === 'memoryview' && v.obj && isBin(v.obj)) return dataOf(v.obj);
  throw rt.raise('TypeError', msg ?? `a bytes-like object is required, not '${o.ob_type.name}'`);
}

function tname(self: Bin): string { return self.ob_type === rt.T.bytearray || self instanceof PyByteArray ? 'bytearray' : 'bytes'; }

function noArgs(self: Bin, name: string, args: PyObject[], kw: string[] | null): void {
  const q = textRules().qualifiedNames ? `${tname(self)}.${name}` : name;
  if (kw && kw.length) throw rt.raise('TypeError', `${q}() takes no keyword arguments`);
  if (args.length) throw rt.raise('TypeError', `${q}() takes no arguments (${args.length} given)`);
}

function oneArg(self: Bin, name: string, args: PyObject[], kw: string[] | null, qualified = true): PyObject {
  const q = qualified && textRules().qualifiedNames ? `${tname(self)}.${name}` : name;
  if (kw && kw.length) throw rt.raise('TypeError', `${q}() takes no keyword arguments`);
  if (args.length !== 1) throw rt.raise('TypeError', `${q}() takes exactly one argument (${args.length} given)`);
  return args[0];
}

function byteValue(o: PyObject): number {
  const v = o instanceof PyInt ? (o.big !== null ? -1 : o.v) : ops.asIndex(o);
  if (v < 0 || v > 255) throw rt.raise('ValueError', 'byte must be in range(0, 256)');
  return v;
}

function indexOf(h: Uint8Array, n: Uint8Array, from: number, to: number): number {
  outer: for (let i = from; i + n.length <= to; i++) {
    for (let k = 0; k < n.length; k++) if (h[i + k] !== n[k]) continue outer;
    return i;
  }
  return -1;
}

function lastIndexOf(h: Uint8Array, n: Uint8Array, from: number, to: number): number {
  outer: for (let i = to - n.length; i >= from; i--) {
    for (let k = 0; k < n.length; k++) if (h[i + k] !== n[k]) continue outer;
    return i;
  }
  return -1;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const r = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { r.set(p, o); o += p.length; }
  return r;
}

/** the sub argument of find/count/index: bytes-like or an int */
function subArg(o: PyObject): Uint8Array {
  if (o instanceof PyInt || (!isBin(o) && o.ob_type.flags.heap && ops.typeLookup(o.ob_type, '__index__'))) {
    return Uint8Array.of(byteValue(o));
  }
  if (isBin(o) || o.ob_type.name === 'memoryview') return buffer(o);
  throw rt.raise('TypeError', `argument should be integer or bytes-like object, not '${o.ob_type.name}'`);
}

function findImpl(self: Bin, name: string, args: PyObject[], kw: string[] | null, rev: boolean): number {
  positional(name, args, kw, 1, 3);
  const sub = subArg(args[0]);
  const h = dataOf(self);
  const [start, end] = adjust(sliceIndex(args[1], 0), sliceIndex(args[2], Number.MAX_SAFE_INTEGER), h.length);
  if (end - start < sub.length) return -1;
  if (sub.length === 0) return rev ? end : start;
  return rev ? lastIndexOf(h, sub, start, end) : indexOf(h, sub, start, end);
}

const isSpaceB = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
const isUpperB = (c: number): boolean => c >= 65 && c <= 90;
const isLowerB = (c: number): boolean => c >= 97 && c <= 122;
const isAlphaB = (c: number): boolean => isUpperB(c) || isLowerB(c);
const isDigitB = (c: number): boolean => c >= 48 && c <= 57;
const upperB = (c: number): number => (isLowerB(c) ? c - 32 : c);
const lowerB = (c: number): number => (isUpperB(c) ? c + 32 : c);

const MAX_PREALLOC = 12;

function splitImpl(self: Bin, args: PyObject[], kw: string[] | null, rev: boolean): PyObject {
  const name = rev ? 'rsplit' : 'split';
  const [sepO, maxO] = clinic(name, args, kw, ['sep', 'maxsplit']);
  const sep = sepO === undefined || sepO === rt.None ? null : buffer(sepO);
  let maxsplit = maxO === undefined ? -1 : index(maxO);
  if (maxsplit < 0) maxsplit = Number.MAX_SAFE_INTEGER;
  if (sep && sep.length === 0) throw rt.raise('ValueError', 'empty separator');
  const h = dataOf(self);
  const n = h.length;
  const exact = self instanceof PyBytes && self.ob_type === rt.T.bytes;
  const l = rt.newList([], maxsplit >= MAX_PREALLOC ? MAX_PREALLOC : maxsplit + 1);
  const add = (o: PyObject): void => {
    if (l.items.length < MAX_PREALLOC && l.items.length < l.allocated) l.items.push(o);
    else ops.listAppendSteal(l, o);
  };
  const ranges: [number, number][] = [];
  let whole = false;
  if (sep === null) {
    if (!rev) {
      let i = 0;
      let count = maxsplit;
      while (count-- > 0) {
        while (i < n && isSpaceB(h[i])) i++;
        if (i === n) break;
        const j = i;
        i++;
        while (i < n && !isSpaceB(h[i])) i++;
        if (j === 0 && i === n && exact) { whole = true; break; }
        ranges.push([j, i]);
      }
      if (!whole && i < n) {
        while (i < n && isSpaceB(h[i])) i++;
        if (i !== n) ranges.push([i, n]);
      }
    } else {
      let i = n - 1;
      let count = maxsplit;
      while (count-- > 0) {
        while (i >= 0 && isSpaceB(h[i])) i--;
        if (i < 0) break;
        const j = i;
        i--;
        while (i >= 0 && !isSpaceB(h[i])) i--;
        if (j === n - 1 && i < 0 && exact) { whole = true; break; }
        ranges.push([i + 1, j + 1]);
      }
      if (!whole && i >= 0) {
        while (i >= 0 && isSpaceB(h[i])) i--;
        if (i >= 0) ranges.push([0, i + 1]);
      }
    }
  } else if (!rev) {
    let i = 0;
    let count = maxsplit;
    while (count-- > 0) {
      const j = indexOf(h, sep, i, n);
      if (j < 0) break;
      ranges.push([i, j]);
      i = j + sep.length;
    }
    if (ranges.length === 0 && exact) whole = true;
    else ranges.push([i, n]);
  } else {
    let j = n;
    let count = maxsplit;
    while (count-- > 0) {
      const k = lastIndexOf(h, sep, 0, j);
      if (k < 0) break;
      ranges.push([k + sep.length, j]);
      j = k;
    }
    if (ranges.length === 0 && exact) whole = true;
    else ranges.push([0, j]);
  }
  if (whole) { add(incref(self)); return l; }
  for (const [a, b] of ranges) add(result(self, h.subarray(a, b)));
  if (rev) l.items.reverse();
  return l;
}

function stripImpl(self: Bin, name: string, args: PyObject[], kw: string[] | null, left: boolean, right: boolean): PyObject {
  positional(name, args, kw, 0, 1);
  let test: (c: number) => boolean = isSpaceB;
  if (args.length && args[0] !== rt.None) {
    const set = new Set(buffer(args[0]));
    test = (c) => set.has(c);
  }
  const h = dataOf(self);
  let i = 0, j = h.length;
  if (left) while (i < j && test(h[i])) i++;
  if (right) while (j > i && test(h[j - 1])) j--;
  if (i === 0 && j === h.length) return unchanged(self);
  return result(self, h.subarray(i, j));
}

function fillArg(name: string, o: PyObject | undefined): number {
  if (o === undefined) return 32;
  if ((o instanceof PyBytes || o instanceof PyByteArray) && dataOf(o).length === 1) return dataOf(o)[0];
  throw rt.raise('TypeError', `${name}() argument 2 must be a byte string of length 1, not ${o.ob_type.name}`);
}

function padB(self: Bin, left: number, right: number, fill: number): PyObject {
  const h = dataOf(self);
  if (left <= 0 && right <= 0) return unchanged(self);
  const r = new Uint8Array(h.length + Math.max(left, 0) + Math.max(right, 0));
  r.fill(fill);
  r.set(h, Math.max(left, 0));
  return result(self, r);
}

function hexImpl(self: Bin, args: PyObject[], kw: string[] | null): PyObject {
  const [sepO, bpsO] = clinic('hex', args, kw, ['sep', 'bytes_per_sep']);
  const h = dataOf(self);
  let sep = '';
  if (sepO !== undefined) {
    if (sepO instanceof PyStr) sep = sepO.s;
    else if (isBin(sepO)) sep = String.fromCharCode(...dataOf(sepO));
    else throw rt.raise('TypeError', `object of type '${sepO.ob_type.name}' has no len()`);
    if (Array.from(sep).length !== 1) throw rt.raise('ValueError', 'sep must be length 1.');
    if (sep.charCodeAt(0) > 127) throw rt.raise('ValueError', 'sep must be ASCII.');
  }
  const bps = bpsO === undefined ? 1 : index(bpsO);
  const hexes = Array.from(h, hex2);
  if (!sep || bps === 0 || h.length === 0) return rt.newStr(hexes.join(''));
  const k = Math.abs(bps);
  const groups: string[] = [];
  if (bps > 0) {
    // groups counted from the right
    let end = hexes.length;
    while (end > 0) { groups.unshift(hexes.slice(Math.max(0, end - k), end).join('')); end -= k; }
  } else {
    for (let i = 0; i < hexes.length; i += k) groups.push(hexes.slice(i, i + k).join(''));
  }
  return rt.newStr(groups.join(sep));
}

function fromhex(t: PyObject, args: PyObject[], kw: string[] | null): PyObject {
  const s = oneArg(t as Bin, 'fromhex', args, kw, false);
  if (!(s instanceof PyStr)) throw rt.raise('TypeError', `fromhex() argument must be str, not ${s.ob_type.name}`);
  const out: number[] = [];
  const str = s.s;
  let i = 0;
  const hv = (c: string | undefined): number => (c !== undefined && /^[0-9a-fA-F]$/.test(c) ? parseInt(c, 16) : -1);
  while (i < str.length) {
    if (str[i] === ' ' || isSpaceB(str.charCodeAt(i))) { i++; continue; }
    const a = hv(str[i]);
    if (a < 0) throw rt.raise('ValueError', `non-hexadecimal number found in fromhex() arg at position ${i}`);
    const b = hv(str[i + 1]);
    if (b < 0) throw rt.raise('ValueError', `non-hexadecimal number found in fromhex() arg at position ${i + 1}`);
    out.push(a * 16 + b);
    i += 2;
  }
  const data = Uint8Array.from(out);
  const target = t instanceof PyBytes || t instanceof PyByteArray ? t.ob_type : (t as unknown as typeof rt.T.bytes);
  if (target === rt.T.bytearray) return newByteArray(data);
  if (target === rt.T.bytes) return rt.newBytes(data);
  const base = ops.isSubtype(target, rt.T.bytearray) ? newByteArray(data) : rt.newBytes(data);
  try { return ops.callObject(target, [base]); } finally { decref(base); }
}

function joinImpl(self: Bin, it: PyObject): PyObject {
  let seq: PyObject[];
  let tmp: PyList | null = null;
  if (it instanceof PyList || it instanceof PyTuple) seq = it.items;
  else {
    tmp = rt.newList([]);
    try { ops.listExtend(tmp, it); } catch (e) {
      decref(tmp);
      if (e instanceof PyExc && e.exc.ob_type === rt.T.TypeError && !ops.getAttrOrNull(it, '__iter__')) {
        decref(e.exc);
        throw rt.raise('TypeError', 'can only join an iterable');
      }
      throw e;
    }
    seq = tmp.items;
  }
  try {
    const exact = self instanceof PyBytes;
    if (exact && seq.length === 1 && seq[0].ob_type === rt.T.bytes) return incref(seq[0]);
    const sep = dataOf(self);
    const parts: Uint8Array[] = [];
    seq.forEach((x, i) => {
      if (i > 0) parts.push(sep);
      parts.push(buffer(x, `sequence item ${i}: expected a bytes-like object, ${x.ob_type.name} found`));
    });
    return result(self, concat(parts));
  } finally { if (tmp) decref(tmp); }
}

function replaceImpl(self: Bin, args: PyObject[], kw: string[] | null): PyObject {
  positional('replace', args, kw, 2, 3);
  const old = buffer(args[0]);
  const nw = buffer(args[1]);
  let count = args[2] === undefined ? -1 : index(args[2]);
  if (count < 0) count = Number.MAX_SAFE_INTEGER;
  const h = dataOf(self);
  const parts: Uint8Array[] = [];
  let n = 0;
  if (old.length === 0) {
    if (count === 0 || nw.length === 0) return unchanged(self);
    for (let i = 0; i <= h.length; i++) {
      if (n < count) { parts.push(nw); n++; }
      if (i < h.length) parts.push(h.subarray(i, i + 1));
    }
    return result(self, concat(parts));
  }
  let i = 0;
  while (n < count) {
    const j = indexOf(h, old, i, h.length);
    if (j < 0) break;
    parts.push(h.subarray(i, j), nw);
    i = j + old.length;
    n++;
  }
  if (n === 0) return unchanged(self);
  parts.push(h.subarray(i));
  return result(self, concat(parts));
}

function tailMatch(self: Bin, name: string, args: PyObject[], kw: string[] | null, suffix: boolean): PyObject {
  positional(name, args, kw, 1, 3);
  const h = dataOf(self);
  const [start, end] = adjust(sliceIndex(args[1], 0), sliceIndex(args[2], Number.MAX_SAFE_INTEGER), h.length);
  const match = (sub: Uint8Array): boolean => {
    if (end - start < sub.length) return false;
    if (sub.length === 0) return true;
    const at = suffix ? end - sub.length : start;
    for (let k = 0; k < sub.length; k++) if (h[at + k] !== sub[k]) return false;
    return true;
  };
  const x = args[0];
  if (x instanceof PyTuple) {
    for (const it of x.items) if (match(buffer(it))) return bool(true);
    return bool(false);
  }
  if (!isBin(x) && x.ob_type.name !== 'memoryview') {
    throw rt.raise('TypeError', `${name} first arg must be bytes or a tuple of bytes, not ${x.ob_type.name}`);
  }
  return bool(match(buffer(x)));
}

function splitlinesB(self: Bin, keepends: boolean): PyObject {
  const l = rt.newList([]);
  const h = dataOf(self);
  const n = h.length;
  let i = 0;
  while (i < n) {
    const j = i;
    while (i < n && h[i] !== 10 && h[i] !== 13) i++;
    let eol = i;
    if (i < n) {
      if (h[i] === 13 && i + 1 < n && h[i + 1] === 10) i += 2; else i++;
      if (keepends) eol = i;
    }
    if (j === 0 && eol === n && self instanceof PyBytes && self.ob_type === rt.T.bytes) { ops.listAppendSteal(l, incref(self)); break; }
    ops.listAppendSteal(l, result(self, h.subarray(j, eol)));
  }
  return l;
}

function translateB(self: Bin, args: PyObject[], kw: string[] | null): PyObject {
  const [tableO, delO] = clinic('translate', args, kw, ['table', 'delete']);
  let table: Uint8Array | null = null;
  if (tableO !== undefined && tableO !== rt.None) {
    table = buffer(tableO);
    if (table.length !== 256) throw rt.raise('ValueError', 'translation table must be 256 characters long');
  }
  const del = delO === undefined ? null : new Set(buffer(delO));
  const h = dataOf(self);
  const out: number[] = [];
  let changed = false;
  for (const c of h) {
    if (del && del.has(c)) { changed = true; continue; }
    const v = table ? table[c] : c;
    if (v !== c) changed = true;
    out.push(v);
  }
  if (!changed) return unchanged(self);
  return result(self, Uint8Array.from(out));
}

function maketransB(args: PyObject[], kw: string[] | null): PyObject {
  positional('maketrans', args, kw, 2, 2);
  const f = buffer(args[0]), t = buffer(args[1]);
  if (f.length !== t.length) throw rt.raise('ValueError', 'maketrans arguments must have same length');
  const r = new Uint8Array(256);
  for (let i = 0; i < 256; i++) r[i] = i;
  for (let i = 0; i < f.length; i++) r[f[i]] = t[i];
  return rt.newBytes(r);
}

function cmpBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

export function installBytesMethods(): void {
  const T = rt.T;
  for (const t of [T.bytes, T.bytearray]) {
    const def = (name: string, fn: (self: Bin, args: PyObject[], kw: string[] | null) => PyObject): void => {
      rt.defMethod(t, name, (args, kw, self) => fn(self as Bin, args, kw));
    };
    const pred = (name: string, test: (h: Uint8Array) => boolean): void => {
      def(name, (s, args, kw) => { noArgs(s, name, args, kw); return bool(test(dataOf(s))); });
    };
    const map = (name: string, f: (h: Uint8Array) => Uint8Array): void => {
      def(name, (s, args, kw) => { noArgs(s, name, args, kw); return result(s, f(dataOf(s))); });
    };

    def('decode', (s, args, kw) => {
      const [encO, errO] = clinic('decode', args, kw, ['encoding', 'errors']);
      if (encO !== undefined && !(encO instanceof PyStr)) throw rt.raise('TypeError', `decode() argument 'encoding' must be str, not ${encO.ob_type.name}`);
      if (errO !== undefined && !(errO instanceof PyStr)) throw rt.raise('TypeError', `decode() argument 'errors' must be str, not ${errO.ob_type.name}`);
      return rt.newStr(decodeData(dataOf(s), encO ? (encO as PyStr).s : 'utf-8', errO ? (errO as PyStr).s : 'strict'));
    });
    def('hex', hexImpl);
    def('fromhex', (s, args, kw) => fromhex(s, args, kw));
    (ops.dictGetStr(t.dict!, 'fromhex') as PyBuiltin).isClassMethod = true;
    rt.defMethod(t, 'maketrans', (args, kw) => maketransB(args, kw));
    (ops.dictGetStr(t.dict!, 'maketrans') as PyBuiltin).isClassMethod = true;
    def('translate', translateB);
    def('join', (s, args, kw) => joinImpl(s, oneArg(s, 'join', args, kw, t === T.bytearray ? true : false)));
    def('split', (s, args, kw) => splitImpl(s, args, kw, false));
    def('rsplit', (s, args, kw) => splitImpl(s, args, kw, true));
    def('splitlines', (s, args, kw) => {
      const [k] = clinic('splitlines', args, kw, ['keepends']);
      return splitlinesB(s, k === undefined ? false : ops.truthy(k));
    });
    def('strip', (s, args, kw) => stripImpl(s, 'strip', args, kw, true, true));
    def('lstrip', (s, args, kw) => stripImpl(s, 'lstrip', args, kw, true, false));
    def('rstrip', (s, args, kw) => stripImpl(s, 'rstrip', args, kw, false, true));
    def('replace', replaceImpl);
    def('find', (s, args, kw) => rt.newInt(findImpl(s, 'find', args, kw, false)));
    def('rfind', (s, args, kw) => rt.newInt(findImpl(s, 'rfind', args, kw, true)));
    def('index', (s, args, kw) => {
      const r = findImpl(s, 'index', args, kw, false);
      if (r < 0) throw rt.raise('ValueError', 'subsection not found');
      return rt.newInt(r);
    });
    def('rindex', (s, args, kw) => {
      const r = findImpl(s, 'rindex', args, kw, true);
      if (r < 0) throw rt.raise('ValueError', 'subsection not found');
      return rt.newInt(r);
    });
    def('count', (s, args, kw) => {
      positional('count', args, kw, 1, 3);
      const sub = subArg(args[0]);
      const h = dataOf(s);
      const [start, end] = adjust(sliceIndex(args[1], 0), sliceIndex(args[2], Number.MAX_SAFE_INTEGER), h.length);
      if (end - start < sub.length) return rt.newInt(0);
      if (sub.length === 0) return rt.newInt(end - start + 1);
      let n = 0;
      let i = start;
      for (;;) {
        const j = indexOf(h, sub, i, end);
        if (j < 0) break;
        n++;
        i = j + sub.length;
      }
      return rt.newInt(n);
    });
    def('startswith', (s, args, kw) => tailMatch(s, 'startswith', args, kw, false));
    def('endswith', (s, args, kw) => tailMatch(s, 'endswith', args, kw, true));
    for (const [name, rev] of [['partition', false], ['rpartition', true]] as [string, boolean][]) {
      def(name, (s, args, kw) => {
        const sep = buffer(oneArg(s, name, args, kw, false));
        if (sep.length === 0) throw rt.raise('ValueError', 'empty separator');
        const h = dataOf(s);
        const j = rev ? lastIndexOf(h, sep, 0, h.length) : indexOf(h, sep, 0, h.length);
        const sepObj = isBin(args[0]) && args[0].ob_type === rt.T.bytes && s instanceof PyBytes ? incref(args[0]) : result(s, sep);
        if (j < 0) {
          decref(sepObj);
          const whole = unchanged(s);
          return rev ? rt.newTuple([result(s, h.subarray(0, 0)), result(s, h.subarray(0, 0)), whole])
            : rt.newTuple([whole, result(s, h.subarray(0, 0)), result(s, h.subarray(0, 0))]);
        }
        return rt.newTuple([result(s, h.subarray(0, j)), sepObj, result(s, h.subarray(j + sep.length))]);
      });
    }
    if (textRules().removeAffixes) {
      for (const [name, suffix] of [['removeprefix', false], ['removesuffix', true]] as [string, boolean][]) {
        def(name, (s, args, kw) => {
          const p = buffer(oneArg(s, name, args, kw, false));
          const h = dataOf(s);
          if (p.length > 0 && p.length <= h.length) {
            const at = suffix ? h.length - p.length : 0;
            let ok = true;
            for (let k = 0; k < p.length; k++) if (h[at + k] !== p[k]) { ok = false; break; }
            if (ok) return result(s, suffix ? h.subarray(0, at) : h.subarray(p.length));
          }
          return unchanged(s);
        });
      }
    }

    map('upper', (h) => h.map(upperB));
    map('lower', (h) => h.map(lowerB));
    map('swapcase', (h) => h.map((c) => (isUpperB(c) ? c + 32 : isLowerB(c) ? c - 32 : c)));
    map('capitalize', (h) => h.map((c, i) => (i === 0 ? upperB(c) : lowerB(c))));
    map('title', (h) => {
      let prev = false;
      return h.map((c) => {
        const r = prev ? lowerB(c) : upperB(c);
        prev = isAlphaB(c);
        return r;
      });
    });
    pred('isdigit', (h) => h.length > 0 && h.every(isDigitB));
    pred('isalpha', (h) => h.length > 0 && h.every(isAlphaB));
    pred('isalnum', (h) => h.length > 0 && h.every((c) => isAlphaB(c) || isDigitB(c)));
    pred('isspace', (h) => h.length > 0 && h.every(isSpaceB));
    pred('isascii', (h) => h.every((c) => c < 128));
    pred('isupper', (h) => h.some(isUpperB) && !h.some(isLowerB));
    pred('islower', (h) => h.some(isLowerB) && !h.some(isUpperB));
    pred('istitle', (h) => {
      let cased = false, prev = false;
      for (const c of h) {
        if (isUpperB(c)) { if (prev) return false; prev = true; cased = true; }
        else if (isLowerB(c)) { if (!prev) return false; prev = true; cased = true; }
        else prev = false;
      }
      return cased;
    });
    for (const name of ['center', 'ljust', 'rjust']) {
      def(name, (s, args, kw) => {
        positional(name, args, kw, 1, 2);
        const width = index(args[0]);
        const fill = fillArg(name, args[1]);
        const marg = width - dataOf(s).length;
        if (marg <= 0) return unchanged(s);
        if (name === 'ljust') return padB(s, 0, marg, fill);
        if (name === 'rjust') return padB(s, marg, 0, fill);
        const left = Math.floor(marg / 2) + (marg & width & 1);
        return padB(s, left, marg - left, fill);
      });
    }
    def('zfill', (s, args, kw) => {
      const width = index(oneArg(s, 'zfill', args, kw, false));
      const h = dataOf(s);
      if (h.length >= width) return unchanged(s);
      const fill = width - h.length;
      const r = new Uint8Array(width);
      r.fill(48);
      r.set(h, fill);
      if (h.length && (h[0] === 43 || h[0] === 45)) { r[0] = h[0]; r[fill] = 48; }
      return result(s, r);
    });
    def('expandtabs', (s, args, kw) => {
      const [tO] = clinic('expandtabs', args, kw, ['tabsize']);
      const tab = tO === undefined ? 8 : cInt(tO);
      const h = dataOf(s);
      // no return_self shortcut here: bytes.expandtabs always builds a new object
      const out: number[] = [];
      let col = 0;
      for (const c of h) {
        if (c === 9) { if (tab > 0) { const k = tab - (col % tab); for (let q = 0; q < k; q++) out.push(32); col += k; } }
        else { out.push(c); col++; if (c === 10 || c === 13) col = 0; }
      }
      return result(s, Uint8Array.from(out));
    });

    // dunders
    def('__len__', (s, args, kw) => { noArgs(s, '__len__', args, kw); return rt.newInt(dataOf(s).length); });
    def('__getitem__', (s, args, kw) => ops.getItem(s, oneArg(s, '__getitem__', args, kw, false)));
    def('__iter__', (s, args, kw) => { noArgs(s, '__iter__', args, kw); return ops.getIter(s); });
    def('__contains__', (s, args, kw) => {
      const o = oneArg(s, '__contains__', args, kw, false);
      const sub = o instanceof PyInt ? Uint8Array.of(byteValue(o)) : buffer(o);
      const h = dataOf(s);
      return bool(indexOf(h, sub, 0, h.length) >= 0);
    });
    def('__add__', (s, args, kw) => {
      const o = oneArg(s, '__add__', args, kw, false);
      if (!isBin(o) && o.ob_type.name !== 'memoryview') throw rt.raise('TypeError', `can't concat ${o.ob_type.name} to ${tname(s)}`);
      const y = buffer(o);
      if (s instanceof PyBytes && s.ob_type === T.bytes && y.length === 0) return incref(s);
      if (s instanceof PyBytes && s.b.length === 0 && o instanceof PyBytes && o.ob_type === T.bytes) return incref(o);
      return result(s, concat([dataOf(s), y]));
    });
    const repeat = (s: Bin, o: PyObject): PyObject => {
      if (!(o instanceof PyInt) && !ops.typeLookup(o.ob_type, '__index__')) {
        throw rt.raise('TypeError', `'${o.ob_type.name}' object cannot be interpreted as an integer`);
      }
      const n = Math.max(0, index(o));
      if (n === 1 && s instanceof PyBytes && s.ob_type === T.bytes) return incref(s);
      const h = dataOf(s);
      if (pastSsizeMax(h.length, n)) {
        if (s instanceof PyBytes) throw rt.raise('OverflowError', 'repeated bytes are too long');
        throw rt.noMemory();
      }
      rt.needMemory(h.length * n);
      if (h.length * n > 2 ** 30) throw rt.noMemory();
      const r = new Uint8Array(h.length * n);
      for (let i = 0; i < n; i++) r.set(h, i * h.length);
      return result(s, r);
    };
    def('__mul__', (s, args, kw) => repeat(s, oneArg(s, '__mul__', args, kw, false)));
    def('__rmul__', (s, args, kw) => repeat(s, oneArg(s, '__rmul__', args, kw, false)));
    def('__mod__', (s, args, kw) => {
      const o = oneArg(s, '__mod__', args, kw, false);
      if (s instanceof PyBytes) return ops.percentFormatBytes(s, o);
      const tmp = rt.newBytes(dataOf(s).slice());
      try {
        const r = ops.percentFormatBytes(tmp, o) as PyBytes;
        try { return newByteArray(r.b); } finally { decref(r); }
      } finally { decref(tmp); }
    });
    def('__rmod__', () => incref(rt.NotImplemented));
    const cmps: [string, (c: number) => boolean][] = [
      ['__lt__', (c) => c < 0], ['__le__', (c) => c <= 0], ['__eq__', (c) => c === 0],
      ['__ne__', (c) => c !== 0], ['__gt__', (c) => c > 0], ['__ge__', (c) => c >= 0],
    ];
    for (const [name, f] of cmps) {
      def(name, (s, args, kw) => {
        const o = oneArg(s, name, args, kw, false);
        if (!isBin(o)) return incref(rt.NotImplemented);
        return bool(f(cmpBytes(dataOf(s), dataOf(o))));
      });
    }
    def('__sizeof__', (s, args, kw) => { noArgs(s, '__sizeof__', args, kw); return rt.newInt(rt.sizeofObject(s, false)); });
    def('__repr__', (s, args, kw) => { noArgs(s, '__repr__', args, kw); return rt.newStr(ops.repr(s)); });
    def('__str__', (s, args, kw) => { noArgs(s, '__str__', args, kw); return rt.newStr(ops.repr(s)); });
    if (t === T.bytes) {
      def('__hash__', (s, args, kw) => {
        noArgs(s, '__hash__', args, kw);
        const h = ops.hash(s);
        return typeof h === 'bigint' ? rt.newIntBig(h) : rt.newInt(h as number);
      });
      def('__getnewargs__', (s, args, kw) => { noArgs(s, '__getnewargs__', args, kw); return rt.newTuple([rt.newBytes(dataOf(s).slice())]); });
    }
  }

  // bytearray's mutating methods
  const ba = (name: string, fn: (self: PyByteArray, args: PyObject[], kw: string[] | null) => PyObject): void => {
    rt.defMethod(T.bytearray, name, (args, kw, self) => fn(self as PyByteArray, args, kw));
  };
  ba('append', (s, args, kw) => {
    const v = byteValue(oneArg(s, 'append', args, kw));
    bytearrayResize(s, s.size + 1);
    s.b[s.size - 1] = v;
    return none();
  });
  const extendFrom = (s: PyByteArray, o: PyObject): void => {
    let data: Uint8Array;
    if (isBin(o) || o.ob_type.name === 'memoryview') data = buffer(o).slice();
    else {
      if (o instanceof PyStr && textRules().bytesFromStrMessage) throw rt.raise('TypeError', "expected iterable of integers; got: 'str'");
      let items: PyObject[];
      try { items = ops.toArray(o); } catch (e) {
        if (e instanceof PyExc && e.exc.ob_type === T.TypeError && !(o instanceof PyStr)) {
          decref(e.exc);
          throw rt.raise('TypeError', `can't extend bytearray with ${o.ob_type.name}`);
        }
        throw e;
      }
      data = new Uint8Array(items.length);
      try {
        items.forEach((x, i) => { data[i] = byteValue(x); });
      } finally { for (const x of items) decref(x); }
    }
    if (data.length === 0) return;
    const n = s.size;
    bytearrayResize(s, n + data.length);
    s.b.set(data, n);
  };
  ba('extend', (s, args, kw) => { extendFrom(s, oneArg(s, 'extend', args, kw)); return none(); });
  ba('__iadd__', (s, args, kw) => {
    const o = oneArg(s, '__iadd__', args, kw, false);
    if (!isBin(o) && o.ob_type.name !== 'memoryview') throw rt.raise('TypeError', `can't concat ${o.ob_type.name} to bytearray`);
    extendFrom(s, o);
    return incref(s);
  });
  ba('pop', (s, args, kw) => {
    positional('pop', args, kw, 0, 1);
    const n = s.size;
    let i = args.length ? index(args[0]) : -1;
    if (n === 0) throw rt.raise('IndexError', 'pop from empty bytearray');
    if (i < 0) i += n;
    if (i < 0 || i >= n) throw rt.raise('IndexError', 'pop index out of range');
    const v = s.b[i];
    s.b.copyWithin(i, i + 1, n);
    bytearrayResize(s, n - 1);
    return rt.newInt(v);
  });
  ba('insert', (s, args, kw) => {
    positional('insert', args, kw, 2, 2);
    let i = index(args[0]);
    const v = byteValue(args[1]);
    const n = s.size;
    bytearrayResize(s, n + 1);
    if (i < 0) { i += n; if (i < 0) i = 0; }
    if (i > n) i = n;
    s.b.copyWithin(i + 1, i, n);
    s.b[i] = v;
    return none();
  });
  ba('remove', (s, args, kw) => {
    const v = byteValue(oneArg(s, 'remove', args, kw));
    const n = s.size;
    const i = s.b.subarray(0, n).indexOf(v);
    if (i < 0) throw rt.raise('ValueError', 'value not found in bytearray');
    s.b.copyWithin(i, i + 1, n);
    bytearrayResize(s, n - 1);
    return none();
  });
  ba('clear', (s, args, kw) => { noArgs(s, 'clear', args, kw); bytearrayResize(s, 0); return none(); });
  ba('reverse', (s, args, kw) => { noArgs(s, 'reverse', args, kw); s.b.subarray(0, s.size).reverse(); return none(); });
  ba('copy', (s, args, kw) => { noArgs(s, 'copy', args, kw); return newByteArray(s.b.slice(0, s.size)); });
  ba('__setitem__', (s, args, kw) => {
    positional('__setitem__', args, kw, 2, 2);
    ops.setItem(s, args[0], args[1]);
    return none();
  });
  ba('__delitem__', (s, args, kw) => {
    ops.delItem(s, oneArg(s, '__delitem__', args, kw, false));
    return none();
  });
  ba('__alloc__', (s, args, kw) => { noArgs(s, '__alloc__', args, kw); return rt.newInt(s.alloc); });
}

// --- bytearray item/slice assignment and deletion (bytearray_ass_subscript) ----------------------

function assignValues(a: PyByteArray, v: PyObject): Uint8Array {
  if (v === a) return a.b.slice(0, a.size);
  if (isBin(v) || v.ob_type.name === 'memoryview') return buffer(v).slice();
  if (v instanceof PyInt || v instanceof PyStr) {
    throw rt.raise('TypeError', 'can assign only bytes, buffers, or iterables of ints in range(0, 256)');
  }
  const items = ops.toArray(v);
  const out = new Uint8Array(items.length);
  try { items.forEach((x, i) => { out[i] = byteValue(x); }); } finally { for (const x of items) decref(x); }
  return out;
}

/** replace [lo, hi) by `data` (bytearray_setslice_linear) */
function setSliceLinear(a: PyByteArray, lo: number, hi: number, data: Uint8Array): void {
  if (hi < lo) hi = lo;
  const n = a.size;
  const growth = data.length - (hi - lo);
  if (growth < 0) {
    a.b.copyWithin(lo + data.length, hi, n);
    bytearrayResize(a, n + growth);
  } else if (growth > 0) {
    bytearrayResize(a, n + growth);
    a.b.copyWithin(hi + growth, hi, n);
  }
  a.b.set(data, lo);
}

function normIdx(a: PyByteArray, k: PyObject): number {
  let i = k instanceof PyInt ? (k.big !== null ? Number.MAX_SAFE_INTEGER : k.v)
    : ops.asIndex(k, `bytearray indices must be integers or slices, not ${k.ob_type.name}`);
  if (i < 0) i += a.size;
  if (i < 0 || i >= a.size) throw rt.raise('IndexError', 'bytearray index out of range');
  return i;
}

/** bytearray_ass_subscript with a slice (v: the new items) */
export function bytearraySetSlice(o: PyByteArray, k: PySlice, v: PyObject): void {
  const data = assignValues(o, v);
  const [start, stop, step, n] = sliceIndices(k, o.size);
  if (step === 1) { setSliceLinear(o, start, stop, data); return; }
  if (data.length !== n) {
    throw rt.raise('ValueError', `attempt to assign bytes of size ${data.length} to extended slice of size ${n}`);
  }
  for (let i = 0, j = start; i < n; i++, j += step) o.b[j] = data[i];
}

/** bytearray_ass_subscript with NULL: `del ba[k]` */
export function bytearrayDelItem(o: PyByteArray, k: PyObject): void {
  if (k instanceof PySlice) {
    const [start, stop, step, n] = sliceIndices(k, o.size);
    if (step === 1) { setSliceLinear(o, start, stop, new Uint8Array(0)); return; }
    if (n === 0) return;
    const drop = new Set<number>();
    for (let i = 0, j = start; i < n; i++, j += step) drop.add(j);
    const keep = Array.from(o.b.subarray(0, o.size)).filter((_, i) => !drop.has(i));
    o.b.set(keep);
    bytearrayResize(o, keep.length);
    return;
  }
  const i = normIdx(o, k);
  setSliceLinear(o, i, i + 1, new Uint8Array(0));
}
