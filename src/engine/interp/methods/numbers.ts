// Methods of int, bool, float and complex: the PyMethodDef and PyGetSetDef tables and the slot
// wrappers users call directly (__add__, __radd__, __eq__, __round__, ...), following
// Objects/longobject.c (int_bit_length, int_to_bytes, int_from_bytes, long_richcompare, ...),
// Objects/boolobject.c (bool_and/or/xor), Objects/floatobject.c (float_hex, float_fromhex,
// float_as_integer_ratio, ...) and Objects/complexobject.c. The arithmetic itself is the abstract
// protocol's (ops.binaryOp on exact operands); these methods add CPython's type checks, which
// return NotImplemented for a foreign operand.

import { PyBytes, PyByteArray, PyComplex, PyFloat, PyInt, PyObject, PyStr, PyType, PyBuiltin } from '../objects';
import { rt } from '../runtime';
import * as ops from '../ops';
import { argCount, bool } from '../native';
import { indexValue, ssizeArg } from './list';
import type { PyVersion } from '../../versions';

function incref<T extends PyObject>(o: T): T { o.ob_refcnt++; return o; }
function decref(o: PyObject): void { if (--o.ob_refcnt === 0) rt.dealloc(o); }

/** Version differences of the number methods. */
interface NumVersionData {
  /** METH_NOARGS methods name their type in errors ("int.bit_length()"; 3.8: "bit_length()") */
  qualifiedNames: boolean;
  /** int.to_bytes(length=1, byteorder='big'), int.from_bytes(bytes, byteorder='big') (3.11+) */
  toBytesDefaults: boolean;
  /** int.bit_count (3.10+) */
  bitCount: boolean;
  /** int.is_integer (3.12+) */
  intIsInteger: boolean;
  /** float.__floor__ / float.__ceil__ (3.9+) */
  floatFloorCeil: boolean;
  /** complex.__int__, __float__, __floordiv__, __mod__, __divmod__ raising TypeError (3.8-3.9) */
  complexFloorMethods: boolean;
  /** complex.__complex__ (3.11+) */
  complexDunderComplex: boolean;
  /** bool.__invert__ (3.12+, deprecated) */
  boolInvert: boolean;
  /** int.__round__ with too many arguments: 'parse' = "function takes at most 1 argument (2 given)" */
  roundArgs: 'parse' | 'clinic';
  /** unknown keyword of a clinic function */
  badKeyword: 'invalid' | 'unexpected';
}

const VERSION_DATA: Record<PyVersion, NumVersionData> = {
  '3.8': {
    qualifiedNames: false, toBytesDefaults: false, bitCount: false, intIsInteger: false, floatFloorCeil: false,
    complexFloorMethods: true, complexDunderComplex: false, boolInvert: false, roundArgs: 'parse', badKeyword: 'invalid',
  },
  '3.9': {
    qualifiedNames: true, toBytesDefaults: false, bitCount: false, intIsInteger: false, floatFloorCeil: true,
    complexFloorMethods: true, complexDunderComplex: false, boolInvert: false, roundArgs: 'parse', badKeyword: 'invalid',
  },
  '3.10': {
    qualifiedNames: true, toBytesDefaults: false, bitCount: true, intIsInteger: false, floatFloorCeil: true,
    complexFloorMethods: false, complexDunderComplex: false, boolInvert: false, roundArgs: 'clinic', badKeyword: 'invalid',
  },
  '3.11': {
    qualifiedNames: true, toBytesDefaults: true, bitCount: true, intIsInteger: false, floatFloorCeil: true,
    complexFloorMethods: false, complexDunderComplex: true, boolInvert: false, roundArgs: 'clinic', badKeyword: 'invalid',
  },
  '3.12': {
    qualifiedNames: true, toBytesDefaults: true, bitCount: true, intIsInteger: true, floatFloorCeil: true,
    complexFloorMethods: false, complexDunderComplex: true, boolInvert: true, roundArgs: 'clinic', badKeyword: 'invalid',
  },
  '3.13': {
    qualifiedNames: true, toBytesDefaults: true, bitCount: true, intIsInteger: true, floatFloorCeil: true,
    complexFloorMethods: false, complexDunderComplex: true, boolInvert: true, roundArgs: 'clinic', badKeyword: 'unexpected',
  },
};

function vd(): NumVersionData { return VERSION_DATA[rt.version]; }
function qname(type: string, name: string): string { return vd().qualifiedNames ? `${type}.${name}` : name; }

type Method = (args: PyObject[], kwnames: string[] | null, self: PyObject) => PyObject;

function def(t: PyType, name: string, fn: Method): PyBuiltin {
  rt.defMethod(t, name, (args, kw, self) => fn(args, kw, self!));
  return ops.dictGetStr(t.dict!, name) as PyBuiltin;
}

/** a getset descriptor (PyGetSetDef): called with the instance as its only argument */
function defGetSet(t: PyType, name: string, get: (self: PyObject) => PyObject): void {
  const d = def(t, name, (args) => get(args[0]));
  d.isGetSet = true;
}

/** a classmethod of a built-in type: `self` is the type (or an instance, when looked up on one) */
function defClassMethod(t: PyType, name: string, fn: (args: PyObject[], kwnames: string[] | null, cls: PyType) => PyObject): void {
  const d = def(t, name, (args, kw, self) => fn(args, kw, self instanceof PyType ? self : self.ob_type));
  d.isClassMethod = true;
}

/** check_num_args of the slot wrappers (Objects/typeobject.c) */
function wrapArgs(name: string, args: PyObject[], kw: string[] | null, n: number): void {
  if (kw && kw.length) throw rt.raise('TypeError', `wrapper ${name}() takes no keyword arguments`);
  if (args.length !== n) throw rt.raise('TypeError', `expected ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`);
}

function noArgs(type: string, name: string, args: PyObject[], kw: string[] | null): void {
  argCount(qname(type, name), args, 0, 0, kw);
}

function notImpl(): PyObject { return incref(rt.NotImplemented); }

function builtinFn(name: string): PyObject {
  const f = ops.dictGetStr(rt.builtins, name);
  if (!f) throw new Error(`internal: builtin ${name} missing`);
  return f;
}

function intVal(o: PyInt): bigint { return o.big ?? BigInt(o.v); }

function newInt(v: bigint): PyObject { return rt.newIntBig(v); }

/** the exact int of an int (or bool or int subclass) instance (long_long: _PyLong_Copy) */
function exactInt(o: PyInt): PyObject {
  if (o.ob_type === rt.T.int) return incref(o);
  return o.big === null ? rt.newInt(o.v) : rt.newIntBig(o.big);
}

/** an operand of an exact built-in type, so the abstract protocol computes the built-in result
 *  (an instance of a subclass is copied; returns a new reference) */
function plain(o: PyObject): PyObject {
  if (!o.ob_type.flags.heap) return incref(o);
  if (o instanceof PyInt) return o.big === null ? rt.newInt(o.v) : rt.newIntBig(o.big);
  if (o instanceof PyFloat) return rt.newFloat(o.v);
  if (o instanceof PyComplex) return ops.newComplex(o.re, o.im);
  return incref(o);
}

function withPlain<T>(a: PyObject, b: PyObject, f: (x: PyObject, y: PyObject) => T): T {
  const x = plain(a);
  let y: PyObject;
  try { y = plain(b); } catch (e) { decref(x); throw e; }
  try { return f(x, y); } finally { decref(x); decref(y); }
}

function binop(op: number, a: PyObject, b: PyObject): PyObject {
  return withPlain(a, b, (x, y) => ops.binaryOp(op, x, y, false));
}

function callBuiltin(name: string, args: PyObject[]): PyObject {
  const ps = args.map(plain);
  try { return ops.callObject(builtinFn(name), ps); } finally { for (const p of ps) decref(p); }
}

const BINOPS: [string, number][] = [
  ['add', 0], ['and', 1], ['floordiv', 2], ['lshift', 3], ['mul', 5], ['mod', 6], ['or', 7], ['rshift', 9],
  ['sub', 10], ['truediv', 11], ['xor', 12],
];
const CMP_NAMES = ['__lt__', '__le__', '__eq__', '__ne__', '__gt__', '__ge__'];

/** the binary and comparison slot wrappers of a number type; `accepts` is its operand check */
function defArith(t: PyType, accepts: (o: PyObject) => boolean, ops_: [string, number][]): void {
  for (const [name, op] of ops_) {
    def(t, `__${name}__`, (args, kw, self) => {
      wrapArgs(`__${name}__`, args, kw, 1);
      if (!accepts(args[0])) return notImpl();
      return binop(op, self, args[0]);
    });
    def(t, `__r${name}__`, (args, kw, self) => {
      wrapArgs(`__r${name}__`, args, kw, 1);
      if (!accepts(args[0])) return notImpl();
      return binop(op, args[0], self);
    });
  }
}

function defCompare(t: PyType, accepts: (o: PyObject, op: number) => boolean): void {
  CMP_NAMES.forEach((name, op) => {
    def(t, name, (args, kw, self) => {
      wrapArgs(name, args, kw, 1);
      if (!accepts(args[0], op)) return notImpl();
      return withPlain(self, args[0], (x, y) => ops.richCompare(x, y, op));
    });
  });
}

/** __round__(ndigits=None): the round() built-in on the exact value */
function defRound(t: PyType, parseStyle: boolean): void {
  def(t, '__round__', (args, kw, self) => {
    if (args.length > 1 || (kw && kw.length)) {
      if (kw && kw.length) throw rt.raise('TypeError', '__round__() takes no keyword arguments');
      throw rt.raise('TypeError', parseStyle && vd().roundArgs === 'parse'
        ? `function takes at most 1 argument (${args.length} given)` : `__round__ expected at most 1 argument, got ${args.length}`);
    }
    return callBuiltin('round', [self, ...args]);
  });
}

function defCommon(t: PyType, typeName: string): void {
  def(t, '__hash__', (args, kw, self) => {
    wrapArgs('__hash__', args, kw, 0);
    const h = ops.hash(self);
    return typeof h === 'number' ? rt.newInt(h) : rt.newIntBig(h);
  });
  def(t, '__sizeof__', (args, kw, self) => {
    noArgs(typeName, '__sizeof__', args, kw);
    return rt.newInt(rt.sizeofObject(self, false));
  });
  def(t, '__format__', (args, kw, self) => {
    argCount('__format__', args, 1, 1, kw);
    const spec = args[0];
    if (!(spec instanceof PyStr)) throw rt.raise('TypeError', `__format__() argument must be str, not ${spec.ob_type.name}`);
    const p = plain(self);
    try { return rt.newStr(ops.format(p, spec.s)); } finally { decref(p); }
  });
  def(t, '__repr__', (args, kw, self) => {
    wrapArgs('__repr__', args, kw, 0);
    return rt.newStr(rt.reprBuiltin(self));
  });
  def(t, '__bool__', (args, kw, self) => {
    wrapArgs('__bool__', args, kw, 0);
    return bool(ops.truthy(self));
  });
}

// ---------------------------------------------------------------------------------------------
// int and bool
// ---------------------------------------------------------------------------------------------

function bitLength(v: bigint): number {
  const a = v < 0n ? -v : v;
  return a === 0n ? 0 : a.toString(2).length;
}

/** keyword/positional parsing of a clinic function with positional-or-keyword `names` (some
 *  with defaults) and keyword-only `kwOnly` */
function clinicArgs(fname: string, args: PyObject[], kwnames: string[] | null, names: string[], required: number,
  kwOnly: string[], exactlyMsg: boolean): Map<string, PyObject> {
  const nkw = kwnames ? kwnames.length : 0;
  const npos = args.length - nkw;
  if (npos > names.length) {
    const how = exactlyMsg && required === names.length ? 'exactly' : 'at most';
    throw rt.raise('TypeError', `${fname}() takes ${how} ${names.length} positional argument${names.length === 1 ? '' : 's'} (${npos} given)`);
  }
  const out = new Map<string, PyObject>();
  for (let i = 0; i < npos; i++) out.set(names[i], args[i]);
  for (let i = 0; i < nkw; i++) {
    const k = kwnames![i];
    if (!names.includes(k) && !kwOnly.includes(k)) {
      throw rt.raise('TypeError', vd().badKeyword === 'invalid'
        ? `'${k}' is an invalid keyword argument for ${fname}()` : `${fname}() got an unexpected keyword argument '${k}'`);
    }
    const pos = names.indexOf(k);
    if (pos >= 0 && pos < npos) throw rt.raise('TypeError', `argument for ${fname}() given by name ('${k}') and position (${pos + 1})`);
    out.set(k, args[npos + i]);
  }
  for (let i = 0; i < required; i++) {
    if (!out.has(names[i])) throw rt.raise('TypeError', `${fname}() missing required argument '${names[i]}' (pos ${i + 1})`);
  }
  return out;
}

function byteorderArg(fname: string, o: PyObject | undefined): 'little' | 'big' {
  if (o === undefined) return 'big';
  if (!(o instanceof PyStr)) throw rt.raise('TypeError', `${fname}() argument 'byteorder' must be str, not ${o.ob_type.name}`);
  if (o.s === 'little' || o.s === 'big') return o.s;
  throw rt.raise('ValueError', "byteorder must be either 'little' or 'big'");
}

/** PyObject_Bytes on the argument of int.from_bytes */
function bytesOf(o: PyObject): Uint8Array {
  if (o instanceof PyBytes) return o.b;
  if (o instanceof PyByteArray) return o.b.subarray(0, o.size);
  if (o.ob_type.flags.heap && ops.typeLookup(o.ob_type, '__bytes__')) {
    const r = ops.callMethod(o, '__bytes__', []);
    try {
      if (!(r instanceof PyBytes)) throw rt.raise('TypeError', `__bytes__ returned non-bytes (type ${r.ob_type.name})`);
      return r.b.slice();
    } finally { decref(r); }
  }
  if (o instanceof PyStr || o instanceof PyInt || o instanceof PyFloat) {
    throw rt.raise('TypeError', `cannot convert '${o.ob_type.name}' object to bytes`);
  }
  let items: PyObject[];
  try { items = ops.toArray(o); } catch (e) {
    throw rt.raise('TypeError', `cannot convert '${o.ob_type.name}' object to bytes`);
  }
  const out = new Uint8Array(items.length);
  try {
    items.forEach((x, i) => {
      const v = indexValue(x);
      if (v === null) throw rt.raise('TypeError', `'${x.ob_type.name}' object cannot be interpreted as an integer`);
      if (v < 0n || v > 255n) throw rt.raise('ValueError', 'bytes must be in range(0, 256)');
      out[i] = Number(v);
    });
  } finally { for (const x of items) decref(x); }
  return out;
}

function installInt(): void {
  const T = rt.T;
  const I = T.int;
  const isInt = (o: PyObject): boolean => o instanceof PyInt;
  defArith(I, isInt, BINOPS);
  def(I, '__pow__', (args, kw, self) => {
    if (args.length < 1 || args.length > 2) wrapArgs('__pow__', args, kw, 1);
    const [b, m] = args;
    if (!(b instanceof PyInt)) return notImpl();
    if (m === undefined || m === rt.None) return binop(8, self, b);
    if (!(m instanceof PyInt)) return notImpl();
    return callBuiltin('pow', [self, b, m]);
  });
  def(I, '__rpow__', (args, kw, self) => {
    if (args.length < 1 || args.length > 2) wrapArgs('__rpow__', args, kw, 1);
    const [b, m] = args;
    if (!(b instanceof PyInt)) return notImpl();
    if (m === undefined || m === rt.None) return binop(8, b, self);
    if (!(m instanceof PyInt)) return notImpl();
    return callBuiltin('pow', [b, self, m]);
  });
  def(I, '__divmod__', (args, kw, self) => {
    wrapArgs('__divmod__', args, kw, 1);
    return isInt(args[0]) ? callBuiltin('divmod', [self, args[0]]) : notImpl();
  });
  def(I, '__rdivmod__', (args, kw, self) => {
    wrapArgs('__rdivmod__', args, kw, 1);
    return isInt(args[0]) ? callBuiltin('divmod', [args[0], self]) : notImpl();
  });
  defCompare(I, isInt);
  defCommon(I, 'int');
  defRound(I, true);

  const unary = (name: string, f: (v: bigint, self: PyInt) => PyObject): void => {
    def(I, name, (args, kw, self) => { wrapArgs(name, args, kw, 0); return f(intVal(self as PyInt), self as PyInt); });
  };
  unary('__neg__', (v) => newInt(-v));
  unary('__pos__', (v, s) => exactInt(s));
  unary('__invert__', (v) => newInt(-v - 1n));
  unary('__abs__', (v) => newInt(v < 0n ? -v : v));
  unary('__index__', (v, s) => exactInt(s));
  unary('__int__', (v, s) => exactInt(s));
  unary('__float__', (v, s) => {
    const f = s.big === null ? s.v : Number(v);
    if (!Number.isFinite(f)) throw rt.raise('OverflowError', 'int too large to convert to float');
    return rt.newFloat(f);
  });
  for (const n of ['__trunc__', '__floor__', '__ceil__']) {
    def(I, n, (args, kw, self) => { noArgs('int', n, args, kw); return exactInt(self as PyInt); });
  }
  def(I, '__getnewargs__', (args, kw, self) => {
    noArgs('int', '__getnewargs__', args, kw);
    return rt.newTuple([exactInt(self as PyInt)]);
  });
  def(I, 'conjugate', (args, kw, self) => { noArgs('int', 'conjugate', args, kw); return exactInt(self as PyInt); });
  def(I, 'bit_length', (args, kw, self) => {
    noArgs('int', 'bit_length', args, kw);
    return rt.newInt(bitLength(intVal(self as PyInt)));
  });
  if (vd().bitCount) {
    def(I, 'bit_count', (args, kw, self) => {
      noArgs('int', 'bit_count', args, kw);
      const v = intVal(self as PyInt);
      let n = 0;
      for (const c of (v < 0n ? -v : v).toString(2)) if (c === '1') n++;
      return rt.newInt(n);
    });
  }
  def(I, 'as_integer_ratio', (args, kw, self) => {
    noArgs('int', 'as_integer_ratio', args, kw);
    return rt.newTuple([exactInt(self as PyInt), rt.newInt(1)]);
  });
  if (vd().intIsInteger) {
    def(I, 'is_integer', (args, kw) => { noArgs('int', 'is_integer', args, kw); return bool(true); });
  }
  def(I, 'to_bytes', (args, kwnames, self) => {
    const defaults = vd().toBytesDefaults;
    const a = clinicArgs('to_bytes', args, kwnames, ['length', 'byteorder'], defaults ? 0 : 2, ['signed'], true);
    const lengthO = a.get('length');
    const length = lengthO === undefined ? 1 : ssizeArg(lengthO);
    const order = byteorderArg('to_bytes', a.get('byteorder'));
    const signedO = a.get('signed');
    const signed = signedO !== undefined && ops.truthy(signedO);
    if (length < 0) throw rt.raise('ValueError', 'length argument must be non-negative');
    if (rt.heap.wouldFail(length + 33)) throw rt.noMemory();
    let v = intVal(self as PyInt);
    if (v < 0n && !signed) throw rt.raise('OverflowError', "can't convert negative int to unsigned");
    const bits = BigInt(8 * length);
    if (signed) {
      const lim = length === 0 ? 0n : 1n << (bits - 1n);
      if (v >= lim || v < -lim) {
        if (!(length === 0 && v === 0n)) throw rt.raise('OverflowError', 'int too big to convert');
      }
      if (v < 0n) v += 1n << bits;
    } else if (v >= (1n << bits)) {
      throw rt.raise('OverflowError', 'int too big to convert');
    }
    rt.needMemory(length);
    if (length > 2 ** 28) throw rt.noMemory();
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) { out[length - 1 - i] = Number(v & 0xffn); v >>= 8n; }
    if (order === 'little') out.reverse();
    return rt.newBytes(out);
  });
  defClassMethod(I, 'from_bytes', (args, kwnames, cls) => {
    const defaults = vd().toBytesDefaults;
    const a = clinicArgs('from_bytes', args, kwnames, ['bytes', 'byteorder'], defaults ? 1 : 2, ['signed'], false);
    const order = byteorderArg('from_bytes', a.get('byteorder'));
    const signedO = a.get('signed');
    const signed = signedO !== undefined && ops.truthy(signedO);
    const data = bytesOf(a.get('bytes')!);
    let v = 0n;
    const n = data.length;
    for (let i = 0; i < n; i++) {
      const b = order === 'big' ? data[i] : data[n - 1 - i];
      v = (v << 8n) | BigInt(b);
    }
    if (signed && n > 0 && v >= (1n << BigInt(8 * n - 1))) v -= 1n << BigInt(8 * n);
    const r = newInt(v);
    if (cls === T.int) return r;
    try { return ops.callObject(cls, [r]); } finally { decref(r); }
  });
  defGetSet(I, 'real', (o) => exactInt(o as PyInt));
  defGetSet(I, 'imag', () => rt.newInt(0));
  defGetSet(I, 'numerator', (o) => exactInt(o as PyInt));
  defGetSet(I, 'denominator', () => rt.newInt(1));

  // bool: the logical operators keep bool for two bools (bool_and / bool_or / bool_xor)
  const B = T.bool;
  const bitops: [string, (x: boolean, y: boolean) => boolean, number][] = [
    ['and', (x, y) => x && y, 1], ['or', (x, y) => x || y, 7], ['xor', (x, y) => x !== y, 12],
  ];
  for (const [name, f, op] of bitops) {
    for (const rev of [false, true]) {
      const dn = rev ? `__r${name}__` : `__${name}__`;
      def(B, dn, (args, kw, self) => {
        wrapArgs(dn, args, kw, 1);
        const o = args[0];
        if (!(o instanceof PyInt)) return notImpl();
        if (o.ob_type === T.bool && self.ob_type === T.bool) return bool(f(self === rt.True, o === rt.True));
        return rev ? binop(op, o, self) : binop(op, self, o);
      });
    }
  }
  def(B, '__repr__', (args, kw, self) => {
    wrapArgs('__repr__', args, kw, 0);
    return rt.newStr(self === rt.True ? 'True' : 'False');
  });
  if (vd().boolInvert) {
    def(B, '__invert__', (args, kw, self) => {
      wrapArgs('__invert__', args, kw, 0);
      return rt.newInt(-(self as PyInt).v - 1);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// float
// ---------------------------------------------------------------------------------------------

const f64 = new DataView(new ArrayBuffer(8));

/** frexp: x = m * 2**e with 0.5 <= |m| < 1 */
function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  f64.setFloat64(0, x);
  const hi = f64.getUint32(0);
  const exp = (hi >>> 20) & 0x7ff;
  if (exp === 0) {
    const [m, e] = frexp(x * 2 ** 64);
    return [m, e - 64];
  }
  f64.setUint32(0, (hi & 0x800fffff) | (1022 << 20));
  return [f64.getFloat64(0), exp - 1022];
}

/** float.hex (float_hex) */
export function floatHex(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0x0.0p+0' : '0x0.0p+0';
  let [m, e] = frexp(Math.abs(x));
  const shift = 1 - Math.max(-1021 - e, 0);
  m = m * 2 ** shift;
  e -= shift;
  const hex = '0123456789abcdef';
  let s = hex[Math.trunc(m)];
  m -= Math.trunc(m);
  s += '.';
  for (let i = 0; i < 13; i++) {
    m *= 16;
    s += hex[Math.trunc(m)];
    m -= Math.trunc(m);
  }
  const es = e < 0 ? `-${-e}` : `+${e}`;
  return `${x < 0 ? '-' : ''}0x${s}p${es}`;
}

function isPySpaceChar(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\x0b' || c === '\x0c';
}

/** float.fromhex (float_fromhex): the correctly rounded value of a hexadecimal string */
export function floatFromHex(text: string): number {
  const invalid = (): never => { throw rt.raise('ValueError', 'invalid hexadecimal floating-point string'); };
  let i = 0, end = text.length;
  while (i < end && isPySpaceChar(text[i])) i++;
  while (end > i && isPySpaceChar(text[end - 1])) end--;
  const s = text.slice(i, end);
  let p = 0;
  let neg = false;
  if (s[p] === '-') { neg = true; p++; } else if (s[p] === '+') p++;
  const rest = s.slice(p).toLowerCase();
  if (rest === 'inf' || rest === 'infinity') return neg ? -Infinity : Infinity;
  if (rest === 'nan') return NaN;
  if (s[p] === '0' && (s[p + 1] === 'x' || s[p + 1] === 'X')) p += 2;
  const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
  let digits = '';
  let fracDigits = 0;
  while (isHex(s[p])) digits += s[p++];
  if (s[p] === '.') {
    p++;
    while (isHex(s[p])) { digits += s[p++]; fracDigits++; }
  }
  if (digits.length === 0) invalid();
  let exp = 0;
  if (s[p] === 'p' || s[p] === 'P') {
    p++;
    let eneg = false;
    if (s[p] === '-') { eneg = true; p++; } else if (s[p] === '+') p++;
    if (!(s[p] >= '0' && s[p] <= '9')) invalid();
    let ev = 0;
    while (s[p] >= '0' && s[p] <= '9') { ev = Math.min(ev * 10 + (s.charCodeAt(p) - 48), 1e9); p++; }
    exp = eneg ? -ev : ev;
  }
  if (p !== s.length) invalid();
  const M = BigInt('0x' + digits);
  const sign = neg ? -1 : 1;
  if (M === 0n) return sign * 0;
  const E = exp - 4 * fracDigits;
  const top = bitLength(M) - 1 + E;
  const overflow = (): never => { throw rt.raise('OverflowError', 'hexadecimal value too large to represent as a float'); };
  if (top > 1023) overflow();
  if (top < -1075) return sign * 0;
  const lsb = Math.max(top - 52, -1074);
  const shift = lsb - E;
  let q: bigint;
  if (shift <= 0) q = M << BigInt(-shift);
  else {
    const sh = BigInt(shift);
    q = M >> sh;
    const rem = M & ((1n << sh) - 1n);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  }
  const r = Number(q) * 2 ** lsb;
  if (!Number.isFinite(r)) overflow();
  return sign * r;
}

function floatToInt(x: number): PyObject {
  if (Number.isNaN(x)) throw rt.raise('ValueError', 'cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw rt.raise('OverflowError', 'cannot convert float infinity to integer');
  const t = Math.trunc(x);
  return Number.isSafeInteger(t) ? rt.newInt(t) : rt.newIntBig(BigInt(t));
}

function installFloat(): void {
  const T = rt.T;
  const F = T.float;
  const isNum = (o: PyObject): boolean => o instanceof PyFloat || o instanceof PyInt;
  defArith(F, isNum, BINOPS.filter(([n]) => !['and', 'or', 'xor', 'lshift', 'rshift'].includes(n)));
  def(F, '__pow__', (args, kw, self) => {
    if (args.length < 1 || args.length > 2) wrapArgs('__pow__', args, kw, 1);
    const [b, m] = args;
    if (!isNum(b)) return notImpl();
    if (m !== undefined && m !== rt.None) throw rt.raise('TypeError', 'pow() 3rd argument not allowed unless all arguments are integers');
    return binop(8, self, b);
  });
  def(F, '__rpow__', (args, kw, self) => {
    if (args.length < 1 || args.length > 2) wrapArgs('__rpow__', args, kw, 1);
    const [b, m] = args;
    if (!isNum(b)) return notImpl();
    if (m !== undefined && m !== rt.None) throw rt.raise('TypeError', 'pow() 3rd argument not allowed unless all arguments are integers');
    return binop(8, b, self);
  });
  def(F, '__divmod__', (args, kw, self) => {
    wrapArgs('__divmod__', args, kw, 1);
    return isNum(args[0]) ? callBuiltin('divmod', [self, args[0]]) : notImpl();
  });
  def(F, '__rdivmod__', (args, kw, self) => {
    wrapArgs('__rdivmod__', args, kw, 1);
    return isNum(args[0]) ? callBuiltin('divmod', [args[0], self]) : notImpl();
  });
  defCompare(F, isNum);
  defCommon(F, 'float');
  defRound(F, false);
  const val = (o: PyObject): number => (o as PyFloat).v;
  const unary = (name: string, f: (v: number, self: PyFloat) => PyObject): void => {
    def(F, name, (args, kw, self) => { wrapArgs(name, args, kw, 0); return f(val(self), self as PyFloat); });
  };
  const exactFloat = (self: PyFloat): PyObject => (self.ob_type === T.float ? incref(self) : rt.newFloat(self.v));
  unary('__neg__', (v) => rt.newFloat(-v));
  unary('__pos__', (v, s) => exactFloat(s));
  unary('__abs__', (v) => rt.newFloat(Math.abs(v)));
  unary('__float__', (v, s) => exactFloat(s));
  unary('__int__', (v) => floatToInt(v));
  def(F, '__trunc__', (args, kw, self) => { noArgs('float', '__trunc__', args, kw); return floatToInt(val(self)); });
  if (vd().floatFloorCeil) {
    def(F, '__floor__', (args, kw, self) => { noArgs('float', '__floor__', args, kw); return floatToInt(Math.floor(val(self))); });
    def(F, '__ceil__', (args, kw, self) => { noArgs('float', '__ceil__', args, kw); return floatToInt(Math.ceil(val(self))); });
  }
  def(F, '__getnewargs__', (args, kw, self) => {
    noArgs('float', '__getnewargs__', args, kw);
    return rt.newTuple([rt.newFloat(val(self))]);
  });
  def(F, 'conjugate', (args, kw, self) => { noArgs('float', 'conjugate', args, kw); return exactFloat(self as PyFloat); });
  def(F, 'is_integer', (args, kw, self) => {
    noArgs('float', 'is_integer', args, kw);
    const v = val(self);
    return bool(Number.isFinite(v) && Math.trunc(v) === v);
  });
  def(F, 'as_integer_ratio', (args, kw, self) => {
    noArgs('float', 'as_integer_ratio', args, kw);
    const x = val(self);
    if (Number.isNaN(x)) throw rt.raise('ValueError', 'cannot convert NaN to integer ratio');
    if (!Number.isFinite(x)) throw rt.raise('OverflowError', 'cannot convert Infinity to integer ratio');
    if (x === 0) return rt.newTuple([rt.newInt(0), rt.newInt(1)]);
    let [m, e] = frexp(Math.abs(x));
    // float_as_integer_ratio: scale the mantissa up to an integer
    for (let i = 0; i < 300 && m !== Math.floor(m); i++) { m *= 2; e--; }
    let num = BigInt(m);
    let den = 1n;
    if (e > 0) num <<= BigInt(e);
    else if (e < 0) {
      // reduce: strip common factors of two
      let k = -e;
      while (k > 0 && (num & 1n) === 0n) { num >>= 1n; k--; }
      den = 1n << BigInt(k);
    }
    if (x < 0) num = -num;
    return rt.newTuple([newInt(num), newInt(den)]);
  });
  def(F, 'hex', (args, kw, self) => { noArgs('float', 'hex', args, kw); return rt.newStr(floatHex(val(self))); });
  defClassMethod(F, 'fromhex', (args, kw, cls) => {
    argCount(qname('float', 'fromhex'), args, 1, 1, kw);
    const s = args[0];
    if (!(s instanceof PyStr)) throw rt.raise('TypeError', 'bad argument type for built-in operation');
    const r = rt.newFloat(floatFromHex(s.s));
    if (cls === T.float) return r;
    try { return ops.callObject(cls, [r]); } finally { decref(r); }
  });
  defClassMethod(F, '__getformat__', (args, kw) => {
    argCount(qname('float', '__getformat__'), args, 1, 1, kw);
    const s = args[0];
    if (!(s instanceof PyStr)) throw rt.raise('TypeError', `__getformat__() argument must be str, not ${s.ob_type.name}`);
    if (s.s !== 'double' && s.s !== 'float') throw rt.raise('ValueError', "__getformat__() argument 1 must be 'double' or 'float'");
    return rt.newStr('IEEE, little-endian');
  });
  defGetSet(F, 'real', (o) => exactFloat(o as PyFloat));
  defGetSet(F, 'imag', () => rt.newFloat(0));
}

// ---------------------------------------------------------------------------------------------
// complex
// ---------------------------------------------------------------------------------------------

function installComplex(): void {
  const T = rt.T;
  const C = T.complex;
  const isNum = (o: PyObject): boolean => o instanceof PyComplex || o instanceof PyFloat || o instanceof PyInt;
  defArith(C, isNum, [['add', 0], ['sub', 10], ['mul', 5], ['truediv', 11]]);
  for (const rev of [false, true]) {
    const dn = rev ? '__rpow__' : '__pow__';
    def(C, dn, (args, kw, self) => {
      if (args.length < 1 || args.length > 2) wrapArgs(dn, args, kw, 1);
      const [b, m] = args;
      if (!isNum(b)) return notImpl();
      if (m !== undefined && m !== rt.None) throw rt.raise('ValueError', 'complex modulo');
      return rev ? binop(8, b, self) : binop(8, self, b);
    });
  }
  defCompare(C, (o, op) => (op === 2 || op === 3) && isNum(o));
  defCommon(C, 'complex');
  const parts = (o: PyObject): PyComplex => o as PyComplex;
  const exactComplex = (c: PyComplex): PyObject => (c.ob_type === T.complex ? incref(c) : ops.newComplex(c.re, c.im));
  def(C, '__neg__', (args, kw, self) => { wrapArgs('__neg__', args, kw, 0); return ops.newComplex(-parts(self).re, -parts(self).im); });
  def(C, '__pos__', (args, kw, self) => { wrapArgs('__pos__', args, kw, 0); return exactComplex(parts(self)); });
  def(C, '__abs__', (args, kw, self) => {
    wrapArgs('__abs__', args, kw, 0);
    const { re, im } = parts(self);
    const r = Math.hypot(re, im);
    if (!Number.isFinite(r) && Number.isFinite(re) && Number.isFinite(im)) throw rt.raise('OverflowError', 'absolute value too large');
    return rt.newFloat(r);
  });
  def(C, 'conjugate', (args, kw, self) => {
    noArgs('complex', 'conjugate', args, kw);
    return ops.newComplex(parts(self).re, -parts(self).im);
  });
  def(C, '__getnewargs__', (args, kw, self) => {
    noArgs('complex', '__getnewargs__', args, kw);
    return rt.newTuple([rt.newFloat(parts(self).re), rt.newFloat(parts(self).im)]);
  });
  if (vd().complexDunderComplex) {
    def(C, '__complex__', (args, kw, self) => { noArgs('complex', '__complex__', args, kw); return exactComplex(parts(self)); });
  }
  if (vd().complexFloorMethods) {
    const raiser = (name: string, n: number, msg: string): void => {
      def(C, name, (args, kw) => { wrapArgs(name, args, kw, n); throw rt.raise('TypeError', msg); });
    };
    raiser('__int__', 0, "can't convert complex to int");
    raiser('__float__', 0, "can't convert complex to float");
    raiser('__floordiv__', 1, "can't take floor of complex number.");
    raiser('__rfloordiv__', 1, "can't take floor of complex number.");
    raiser('__mod__', 1, "can't mod complex numbers.");
    raiser('__rmod__', 1, "can't mod complex numbers.");
    raiser('__divmod__', 1, "can't take floor or mod of complex number.");
    raiser('__rdivmod__', 1, "can't take floor or mod of complex number.");
  }
  defGetSet(C, 'real', (o) => rt.newFloat(parts(o).re));
  defGetSet(C, 'imag', (o) => rt.newFloat(parts(o).im));
}

export function installNumberMethods(): void {
  installInt();
  installFloat();
  installComplex();
}
