// The built-in types and singletons, created at interpreter start-up as CPython's
// Objects/object.c _PyTypes_Init and the static singletons do; the behaviour that belongs to
// particular built-in types (sequence operators, subscripting, iteration, repr) and object
// deallocation (each type's tp_dealloc: Objects/*object.c).

import { UnsupportedError } from '../errors';
import { Code } from './code';
import {
  IMMORTAL_REFCNT, PyBaseException, PyBuiltin, PyByteArray, PyBytes, PyCell, PyComplex, PyDict, PyFloat, PyFunction,
  PyDescr, PyGen, PyInstance, PyInt, PyList, PyMethod, PyModule, PyNativeIter, PyObject, PyProperty, PyRange, PyRangeIter,
  PySeqIter, PySet, PySlice, PyStr, PySuper, PyTuple, PyType, PyWeakref, PyWrapper, StrKind,
} from './objects';
import { PyDictT, PyExc, Runtime, SMALL_INT_MAX, SMALL_INT_MIN, rt } from './runtime';
import * as ops from './ops';
import { DictTable, ClassLayout, InstanceAttrs } from '../dictobject';
import { floatRepr, complexRepr } from '../format/dtoa';
import { bytesRepr, asciiRepr } from '../format/repr';
import * as layout from '../layout';
import { bytearraySetSlice, bytearrayDelItem } from './methods/bytes';
import { setBinOp, setInplaceOp } from './methods/set';
import { repeatItems } from './methods/list';
import { dictOr, dictUpdateArg, isSetView, viewBinOp } from './methods/dict';
import { listInplaceRepeat } from './methods/list';
import { genClose } from './methods/iterators';
import { parkOrFree } from './freelists';
import { frameRelease } from './vm';

declare module './runtime' {
  interface Runtime {
    recursionLimit: number;
    /** the depth at which a frame entry stops: the recursion limit, or (≤3.10, a raised limit)
     *  the depth at which CPython's C stack would overflow, see frameDepthExceeded */
    frameDepthLimit: number;
    allHeapTypes: PyType[];
    objectInit: PyObject;
    objectNew: PyObject;
    objectRepr: PyObject;
    objectStr: PyObject;
    objectHash: PyObject;
    objectSetattr: PyObject;
    objectRichCompare: Record<string, PyObject>;
    gcTrack(o: PyObject): void;
    gcUntrack(o: PyObject): void;
    newStrTemp(s: string): PyStr;
    newInstance(t: PyType, args: PyObject[], kwnames: string[] | null): PyObject;
    newInstanceDict(o: PyInstance): PyDict;
    materializeInstanceDict(o: PyInstance): void;
    instanceSetAttr(o: PyInstance, name: string, v: PyObject): void;
    instanceDelAttr(o: PyInstance, name: string): boolean;
    seqBinOp(op: number, a: PyObject, b: PyObject): PyObject | null;
    inplaceOp(op: number, a: PyObject, b: PyObject): PyObject | null;
    getItemBuiltin(o: PyObject, k: PyObject): PyObject | null;
    setItemBuiltin(o: PyObject, k: PyObject, v: PyObject): boolean;
    delItemBuiltin(o: PyObject, k: PyObject): boolean;
    containsBuiltin(o: PyObject, k: PyObject): boolean | null;
    iterBuiltin(o: PyObject): PyObject | null;
    viewLen(o: PyObject): number | null;
    strIterNext(it: PySeqIter, s: PyStr): PyObject | null;
    reprBuiltin(o: PyObject): string;
    excStr(e: PyBaseException): string;
    asciiOf(s: string): string;
    newCodeObject(c: Code): PyObject;
    codeOf(o: PyObject): Code;
    bigRangeIter(r: PyRange): PyObject;
    seqGetItemIter(o: PyObject): PyObject;
    mappingProxy(t: PyType): PyObject;
    genericAlias(t: PyType, k: PyObject): PyObject;
    nativeIter(t: PyType, advance: () => PyObject | null, refs: PyObject[], size?: number, hint?: () => number): PyNativeIter;
    newBytes(b: Uint8Array): PyBytes;
    newRange(start: PyInt, stop: PyInt, step: PyInt): PyRange;
    newBuiltin(name: string, fn: import('./objects').NativeFn, self?: PyObject | null): PyBuiltin;
    newModule(name: string): PyModule;
    newLoader(): PyObject;
    excTypeName(t: PyType): string;
  }
}

function incref<T extends PyObject>(o: T): T { o.ob_refcnt++; return o; }
function decref(o: PyObject): void { if (--o.ob_refcnt === 0) rt.dealloc(o); }
function xdecref(o: PyObject | null | undefined): void { if (o && --o.ob_refcnt === 0) rt.dealloc(o); }

/** CodeObject wrapper: a PyObject that stands for a Code */
export class PyCode extends PyObject {
  constructor(t: PyType, public code: Code) { super(t); }
}

/** the dict views and mappingproxy */
export class PyView extends PyObject {
  constructor(t: PyType, public target: PyObject) { super(t); }
}

export const EXCEPTION_TREE: [string, string][] = [
  ['BaseException', ''],
  ['SystemExit', 'BaseException'],
  ['KeyboardInterrupt', 'BaseException'],
  ['GeneratorExit', 'BaseException'],
  ['Exception', 'BaseException'],
  ['StopIteration', 'Exception'],
  ['ArithmeticError', 'Exception'],
  ['FloatingPointError', 'ArithmeticError'],
  ['OverflowError', 'ArithmeticError'],
  ['ZeroDivisionError', 'ArithmeticError'],
  ['AssertionError', 'Exception'],
  ['AttributeError', 'Exception'],
  ['BufferError', 'Exception'],
  ['EOFError', 'Exception'],
  ['ImportError', 'Exception'],
  ['ModuleNotFoundError', 'ImportError'],
  ['LookupError', 'Exception'],
  ['IndexError', 'LookupError'],
  ['KeyError', 'LookupError'],
  ['MemoryError', 'Exception'],
  ['NameError', 'Exception'],
  ['UnboundLocalError', 'NameError'],
  ['OSError', 'Exception'],
  ['ReferenceError', 'Exception'],
  ['RuntimeError', 'Exception'],
  ['NotImplementedError', 'RuntimeError'],
  ['RecursionError', 'RuntimeError'],
  ['SyntaxError', 'Exception'],
  ['SystemError', 'Exception'],
  ['TypeError', 'Exception'],
  ['ValueError', 'Exception'],
  ['UnicodeError', 'ValueError'],
  ['UnicodeDecodeError', 'UnicodeError'],
  ['UnicodeEncodeError', 'UnicodeError'],
  ['Warning', 'Exception'],
  ['UserWarning', 'Warning'],
  ['DeprecationWarning', 'Warning'],
  ['RuntimeWarning', 'Warning'],
];

/** sys.setrecursionlimit: the limit, and the depth at which frame entries stop */
export function setRecursionLimit(r: Runtime, n: number): void {
  r.recursionLimit = n;
  r.frameDepthLimit = Math.min(n, r.profile.cStackFrames ?? Infinity);
}

/** what a frame entry past rt.frameDepthLimit raises: CPython's RecursionError past the recursion
 *  limit; short of it (≤3.10 with a raised limit), the simulator's refusal, as CPython would crash
 *  on its C stack there (test/hostile/recursion/plain_huge_limit.py) */
export function frameDepthExceeded(r: Runtime): PyExc | UnsupportedError {
  if (r.recursionDepth >= r.recursionLimit) return r.raise('RecursionError', r.profile.recursionErrorMessage);
  const line = r.frame ? r.frame.lineno : 0;
  return new UnsupportedError(`recursion deeper than ${r.frameDepthLimit} frames (where CPython ${r.version}'s C stack overflows and the process crashes)`, line);
}

export function bootstrap(r: Runtime): void {
  const T = r.T;
  r.allHeapTypes = [];
  setRecursionLimit(r, r.profile.recursionLimit);
  r.cRecursionShared = r.profile.cRecursionLimit === null;
  r.cRecursionLimit = r.profile.cRecursionLimit ?? 0;
  r.vectorcallTypes = new Set(r.profile.vectorcallTypes);
  const gc = { gc: true };
  // type and object first
  const type = new PyType(null, 'type', { gc: true, heap: false, baseType: true });
  type.ob_type = type;
  type.mro = [type];
  T.type = type;
  const object = new PyType(type, 'object', { gc: false, heap: false, baseType: true });
  object.mro = [object];
  object.solidBase = object;
  T.object = object;
  type.mro = [type, object];
  type.bases = [object];
  type.solidBase = type;
  r.staticAlloc(type, 900);
  r.staticAlloc(object, 900);
  const mk = (name: string, base: PyType = object, flags: Partial<import('./objects').TypeFlags> = {}) => r.makeType(name, base, flags);
  T.builtin_function_or_method = mk('builtin_function_or_method', object, gc);
  T.method_descriptor = mk('method_descriptor', object, gc);
  T.dict = mk('dict', object, gc);
  // the dicts of type and object were made before dict existed
  r.dictHooks = makeHooks(r);
  type.dict = r.newDict();
  object.dict = r.newDict();
  for (const t of [T.builtin_function_or_method, T.method_descriptor, T.dict]) t.dict = r.newDict();
  T.int = mk('int');
  T.bool = mk('bool', T.int, { baseType: false });
  T.float = mk('float');
  T.complex = mk('complex');
  T.str = mk('str');
  T.bytes = mk('bytes');
  T.bytearray = mk('bytearray');
  T.tuple = mk('tuple', object, gc);
  T.list = mk('list', object, gc);
  T.set = mk('set', object, gc);
  T.frozenset = mk('frozenset', object, gc);
  T.range = mk('range', object, { baseType: false });
  T.slice = mk('slice', object, { baseType: false, gc: r.profile.sliceIsGC });
  T.NoneType = mk('NoneType', object, { baseType: false });
  T.NotImplementedType = mk('NotImplementedType', object, { baseType: false });
  T.ellipsis = mk('ellipsis', object, { baseType: false });
  T.function = mk('function', object, { gc: true, baseType: false });
  T.method = mk('method', object, { gc: true, baseType: false });
  T.code = mk('code', object, { baseType: false });
  T.cell = mk('cell', object, { gc: true, baseType: false });
  T.generator = mk('generator', object, { gc: true, baseType: false });
  T.module = mk('module', object, gc);
  T.property = mk('property', object, gc);
  T.staticmethod = mk('staticmethod', object, gc);
  T.classmethod = mk('classmethod', object, gc);
  T.super = mk('super', object, gc);
  T.mappingproxy = mk('mappingproxy', object, { gc: true, baseType: false });
  T.getset_descriptor = mk('getset_descriptor', object, { gc: true, baseType: false });
  T.member_descriptor = mk('member_descriptor', object, { gc: true, baseType: false });
  // the names of the getsets type_new adds are interned at start-up (_Py_ID / _Py_IDENTIFIER)
  r.intern('__dict__');
  r.intern('__weakref__');
  T.weakref = mk(r.profile.weakrefTypeName, object, { gc: true });
  T.weakref.qualname = 'ReferenceType';
  for (const n of ['list_iterator', 'tuple_iterator', 'range_iterator', 'longrange_iterator', 'set_iterator',
    'dict_keyiterator', 'dict_valueiterator', 'dict_itemiterator', 'list_reverseiterator', 'dict_reversekeyiterator',
    'iterator', 'callable_iterator', 'enumerate', 'zip', 'map', 'filter', 'reversed', 'dict_keys', 'dict_values',
    'dict_items', 'str_iterator', 'str_ascii_iterator', 'bytes_iterator', 'bytearray_iterator', 'generic_alias']) {
    const isGC = n !== 'range_iterator' && n !== 'longrange_iterator';
    mk(n, object, { gc: isGC, baseType: n === 'enumerate' || n === 'zip' || n === 'map' || n === 'filter' || n === 'reversed' });
  }
  T.generic_alias.name = 'types.GenericAlias';
  // exceptions
  for (const [name, base] of EXCEPTION_TREE) {
    const t = mk(name, base ? T[base] : object, gc);
    t.hasDict = true;
  }
  // singletons
  r.None = new PyObject(T.NoneType);
  r.staticAlloc(r.None, 16);
  r.NotImplemented = new PyObject(T.NotImplementedType);
  r.staticAlloc(r.NotImplemented, 16);
  r.Ellipsis = new PyObject(T.ellipsis);
  r.staticAlloc(r.Ellipsis, 16);
  r.False = new PyInt(T.bool, 0, null);
  r.staticAlloc(r.False, 32);
  r.True = new PyInt(T.bool, 1, null);
  r.staticAlloc(r.True, 32);
  for (let v = SMALL_INT_MIN; v <= SMALL_INT_MAX; v++) {
    const o = new PyInt(T.int, v, null);
    r.staticAlloc(o, 32);
    r.smallInts.push(o);
  }
  r.emptyTuple = new PyTuple(T.tuple, []);
  r.staticAlloc(r.emptyTuple, 48);
  r.emptyStr = new PyStr(T.str, '', 0, 1, true);
  r.staticAlloc(r.emptyStr, 64);
  r.emptyStr.interned = true;
  r.emptyBytes = new PyBytes(T.bytes, new Uint8Array(0));
  r.staticAlloc(r.emptyBytes, 48);
  // every built-in type and singleton lives for the whole run
  for (const t of Object.values(T)) t.ob_refcnt = IMMORTAL_REFCNT;
  for (const t of [T.int, T.bool, T.complex, T.str, T.bytes, T.bytearray, T.range_iterator, T.code]) t.simpleDealloc = true;
  r.deallocFn = dealloc;
}

/** the hooks the dict and set tables use to hash and compare keys */
function makeHooks(r: Runtime): import('../dictobject').TableHooks<PyObject> {
  const T = r.T;
  return {
    hash: (k) => ops.hash(k),
    eq: (a, b) => ops.eq(a, b),
    primitiveKey: (k) => {
      if (k instanceof PyStr) return k.ob_type === T.str ? k.s : undefined;
      if (k instanceof PyInt) return k.big === null && (k.ob_type === T.int || k.ob_type === T.bool) ? k.v : undefined;
      if (k instanceof PyFloat) return k.ob_type === T.float && !Number.isNaN(k.v) ? k.v : undefined;
      return undefined;
    },
    isExactStr: (k) => k.ob_type === T.str,
  };
}

// ---------------------------------------------------------------------------------------------
// Runtime extensions
// ---------------------------------------------------------------------------------------------

const R = Runtime.prototype;

R.gcTrack = function (o: PyObject): void { o.gcTracked = true; };
R.gcUntrack = function (o: PyObject): void { o.gcTracked = false; };

R.newStrTemp = function (s: string): PyStr { return this.newStr(s); };

R.newBytes = function (b: Uint8Array): PyBytes {
  if (b.length === 0) return incref(this.emptyBytes);
  if (b.length === 1) {
    let o = this.bytes1[b[0]];
    if (!o) {
      o = new PyBytes(this.T.bytes, new Uint8Array([b[0]]));
      this.staticAlloc(o, 48);
      this.bytes1[b[0]] = o;
    }
    return incref(o);
  }
  const o = new PyBytes(this.T.bytes, b);
  this.alloc(o, layout.allocSizeBytes(b.length), 0);
  return o;
};

R.newRange = function (start: PyInt, stop: PyInt, step: PyInt): PyRange {
  const a = ops.intValue(start), b = ops.intValue(stop), s = ops.intValue(step);
  let n = 0n;
  if (s > 0n && a < b) n = (b - a - 1n) / s + 1n;
  else if (s < 0n && a > b) n = (a - b - 1n) / -s + 1n;
  const o = new PyRange(this.T.range, incref(start), incref(stop), incref(step), Number(n), n);
  this.alloc(o, 48, 0);
  return o;
};

R.newBuiltin = function (name: string, fn, self = null): PyBuiltin {
  const b = new PyBuiltin(this.T.builtin_function_or_method, name, fn, self, null);
  if (self) self.ob_refcnt++;
  this.alloc(b, 16 + 56, 16);
  return b;
};

/** the __loader__ of __main__: an importlib SourceFileLoader, which the simulator only names */
R.newLoader = function (): PyObject {
  let t = this.T.SourceFileLoader;
  if (!t) {
    t = this.makeType('SourceFileLoader', this.T.object, { baseType: false });
    t.module = '_frozen_importlib_external';
    t.ob_refcnt = IMMORTAL_REFCNT;
  }
  const o = new PyInstance(t);
  this.alloc(o, 48, 0);
  return o;
};

R.newModule = function (name: string): PyModule {
  const d = this.newDict();
  const m = new PyModule(this.T.module, name, d);
  this.alloc(m, 16 + 56, 16);
  ops.dictSetStrSteal(d, '__name__', this.newStr(name));
  return m;
};

R.nativeIter = function (t: PyType, advance, refs, size = 16 + 32, hint?: () => number): PyNativeIter {
  const it = new PyNativeIter(t, advance, refs);
  if (hint) it.lengthHint = hint;
  this.alloc(it, size, t.flags.gc ? 16 : 0);
  if (t.flags.gc) this.gcTrack(it);
  return it;
};

R.excTypeName = function (t: PyType): string {
  if (t.flags.heap && t.module === '__main__' && this.profile.mainPrefixInTraceback) return `__main__.${t.qualname}`;
  if (t.flags.heap && t.module !== 'builtins' && t.module !== '__main__') return `${t.module}.${t.qualname}`;
  return t.qualname;
};

// --- instances ---------------------------------------------------------------------------------

function layoutOf(t: PyType): ClassLayout<PyObject> {
  if (!t.sharedKeys) t.sharedKeys = new ClassLayout<PyObject>(rt.version, rt.dictHooks);
  return t.sharedKeys as ClassLayout<PyObject>;
}

interface InstanceExtra {
  attrs: InstanceAttrs<PyObject, PyObject> | null;
  /** the block of a separately allocated values array (3.8-3.10 split dict; 3.11/3.12 instance) */
  valuesBlock?: number;
}

function attrsOf(o: PyInstance): InstanceAttrs<PyObject, PyObject> {
  const x = o as unknown as InstanceExtra;
  if (!x.attrs) x.attrs = layoutOf(o.ob_type).newInstance<PyObject>();
  return x.attrs;
}

export function shapeOf(t: PyType): layout.InstanceShape {
  return { slots: t.allSlots.length, dict: t.hasDict, weakref: t.hasWeakref };
}

R.newInstance = function (t: PyType, args: PyObject[], kwnames: string[] | null): PyObject {
  void args; void kwnames;
  const base = t.solidBase ?? this.T.object;
  if (isExceptionType(t)) {
    const e = new PyBaseException(t, this.newTuple(args.map((a) => incref(a))));
    const p = this.profile;
    const struct = (t.flags.heap ? base : t).name;
    const x = this.exceptionSubclassExtra(t);
    this.alloc(e, layout.allocSizeException(p, struct) + x.body + x.preHeader, p.gcHeadSize + x.preHeader);
    if (t.flags.heap) incref(t);
    this.gcTrack(e);
    return e;
  }
  const o = new PyInstance(t);
  const shape = shapeOf(t);
  let cap = 0;
  if (t.hasDict) {
    const attrs = attrsOf(o);
    cap = attrs.capacity;
  }
  const p = this.profile;
  const size = layout.allocSizeInstance(p, shape, cap);
  // (the pre-header size counts the GC head: id() is that far into the block, as preSize says)
  this.alloc(o, size, layout.instancePreHeaderSize(p, shape));
  if (t.hasDict && p.managedDict && !p.inlineValues) {
    // 3.11/3.12 init_inline_values: the values array is a separate PyMem_Malloc'd block
    const vb = attrsOf(o).valuesBytes();
    if (vb) {
      const block = (o as unknown as InstanceExtra).valuesBlock = this.heap.malloc(vb);
      if (this.tracer !== null) this.tracer.buffer(o, 0, block, vb, 'values array');
    }
  }
  if (t.allSlots.length) o.slots = new Array(t.allSlots.length).fill(null);
  incref(t);
  this.gcTrack(o);
  return o;
};

function isExceptionType(t: PyType): boolean { return ops.isSubtype(t, rt.T.BaseException); }

R.newInstanceDict = function (o: PyInstance): PyDict {
  const attrs = attrsOf(o);
  const table = attrs.materialize();
  const d = this.newDict(table);
  if (!this.profile.managedDict && table.isSplit) {
    // new_dict_with_shared_keys: ma_values is a separate PyMem_Malloc'd array
    const vb = table.valuesBytes();
    if (vb) {
      const block = (d as unknown as InstanceExtra).valuesBlock = this.heap.malloc(vb);
      if (this.tracer !== null) this.tracer.buffer(d, 0, block, vb, 'ma_values');
    }
  }
  return d;
};

R.materializeInstanceDict = function (o: PyInstance): void { void o; };

R.instanceSetAttr = function (o: PyInstance, name: string, v: PyObject): void {
  if (o instanceof PyBaseException && o.dict === null) o.dict = this.newDict();
  if (o.dict) {
    const t = o.dict.store as unknown as PyDictT;
    const old = t.getByPrimitive(name);
    if (old !== undefined) {
      t.setByPrimitive(name, incref(v));
      decref(old);
      if (!o.dict.gcTracked && ops.mayBeTracked(v)) this.gcTrack(o.dict);
      return;
    }
    t.set(this.intern(name), incref(v));
    if (!o.dict.gcTracked && ops.mayBeTracked(v)) this.gcTrack(o.dict);
    return;
  }
  if (!this.profile.managedDict) {
    // 3.8-3.10: the instance __dict__ is a real dict object, created on the first store
    o.dict = this.newInstanceDict(o);
    this.instanceSetAttr(o, name, v);
    return;
  }
  const attrs = attrsOf(o);
  const old = attrs.getPrim(name);
  const key = this.intern(name);
  attrs.set(key, incref(v));
  if (old !== undefined) { decref(old); decref(key); }
};

R.instanceDelAttr = function (o: PyInstance, name: string): boolean {
  if (o.dict) return ops.dictDelStr(o.dict, name);
  const x = o as unknown as InstanceExtra;
  if (!x.attrs) return false;
  const old = x.attrs.getPrim(name);
  if (old === undefined) return false;
  const key = this.intern(name);
  x.attrs.delete(key);
  decref(key);
  decref(key);
  decref(old);
  return true;
};

/** attribute lookup in an instance without a materialized dict */
export function instanceAttr(o: PyInstance, name: string): PyObject | undefined {
  if (o.dict) return ops.dictGetStr(o.dict, name);
  const x = o as unknown as InstanceExtra;
  return x.attrs ? x.attrs.getPrim(name) : undefined;
}

/** the attribute values of an instance in insertion order, without allocating (subtype_traverse) */
export function forEachInstanceValue(o: PyInstance, fn: (v: PyObject) => void): void {
  if (o.dict) { ops.table(o.dict).forEachEntry((_k, v) => fn(v)); return; }
  const x = o as unknown as InstanceExtra;
  if (x.attrs) x.attrs.forEachValue(fn);
}

export function instanceItems(o: PyInstance): [PyObject, PyObject][] {
  if (o.dict) return ops.dictItems(o.dict);
  const x = o as unknown as InstanceExtra;
  return x.attrs ? x.attrs.items() : [];
}

// --- code objects --------------------------------------------------------------------------------

R.newCodeObject = function (c: Code): PyObject {
  const o = new PyCode(this.T.code, c);
  this.staticAlloc(o, this.profile.codeObjectSize);
  return o;
};
R.codeOf = function (o: PyObject): Code { return (o as PyCode).code; };

// --- sequences -----------------------------------------------------------------------------------

function sliceIndices(s: PySlice, length: number): [number, number, number, number] {
  const get = (o: PyObject, def: number): number | null => {
    if (o === rt.None) return null;
    if (o instanceof PyInt) return o.big === null ? o.v : (o.big < 0n ? -Infinity : Infinity);
    return ops.asIndex(o, 'slice indices must be integers or None or have an __index__ method');
  };
  let step = get(s.step, 1) ?? 1;
  if (step === 0) throw rt.raise('ValueError', 'slice step cannot be zero');
  let start = get(s.start, 0);
  let stop = get(s.stop, 0);
  if (start === null) start = step < 0 ? length - 1 : 0;
  else {
    if (start < 0) { start += length; if (start < 0) start = step < 0 ? -1 : 0; }
    else if (start >= length) start = step < 0 ? length - 1 : length;
  }
  if (stop === null) stop = step < 0 ? -1 : length;
  else {
    if (stop < 0) { stop += length; if (stop < 0) stop = step < 0 ? -1 : 0; }
    else if (stop >= length) stop = step < 0 ? length - 1 : length;
  }
  let n = 0;
  if (step < 0) { if (stop < start) n = Math.floor((start - stop - 1) / -step) + 1; }
  else if (start < stop) n = Math.floor((stop - start - 1) / step) + 1;
  if (!Number.isFinite(step)) step = step > 0 ? length + 1 : -(length + 1);
  return [start, stop, step, n];
}
export { sliceIndices };

/** _PySlice_GetLongIndices: start, stop and step of a slice of a sequence of `length` items, on Python ints */
export function sliceIndicesBig(s: PySlice, length: bigint): [bigint, bigint, bigint] {
  const get = (o: PyObject): bigint | null => (o === rt.None ? null
    : BigInt(ops.indexValue(o, 'slice indices must be integers or None or have an __index__ method')));
  const step = get(s.step) ?? 1n;
  if (step === 0n) throw rt.raise('ValueError', 'slice step cannot be zero');
  const neg = step < 0n;
  const lower = neg ? -1n : 0n;
  const upper = neg ? length - 1n : length;
  const clamp = (v: bigint | null, def: bigint): bigint => {
    if (v === null) return def;
    if (v < 0n) { v += length; return v < lower ? lower : v; }
    return v > upper ? upper : v;
  };
  const start = clamp(get(s.start), neg ? upper : lower);
  const stop = clamp(get(s.stop), neg ? lower : upper);
  return [start, stop, step];
}

function sliceItems<T>(items: T[], s: PySlice): T[] {
  const [start, , step, n] = sliceIndices(s, items.length);
  if (step === 1) return items.slice(start, start + n);
  const out: T[] = [];
  for (let i = 0, j = start; i < n; i++, j += step) out.push(items[j]);
  return out;
}

function normIndex(i: PyObject, n: number, what: string): number {
  let ix: number;
  if (i instanceof PyInt) {
    ix = ops.ssizeIndex(i);
  } else {
    ix = ops.asIndex(i, `${what} indices must be integers or slices, not ${i.ob_type.name}`);
  }
  if (ix < 0) ix += n;
  return ix;
}

/** code points of a JS string (astral characters as one) */
export function codePoints(s: PyStr): string[] {
  return s.len === s.s.length ? s.s.split('') : Array.from(s.s);
}

R.getItemBuiltin = function (o: PyObject, k: PyObject): PyObject | null {
  if (o instanceof PyView && o.ob_type === this.T.mappingproxy) return ops.getItem(o.target, k);
  if (o instanceof PyList || o instanceof PyTuple) {
    const isList = o instanceof PyList;
    const what = isList ? 'list' : 'tuple';
    if (k instanceof PySlice) {
      const items = sliceItems(o.items, k);
      for (const x of items) x.ob_refcnt++;
      if (isList) return this.newList(items);
      const [start, , step] = sliceIndices(k, o.items.length);
      if (items.length === o.items.length && start === 0 && step === 1 && o.ob_type === this.T.tuple) { for (const x of items) decref(x); return incref(o); }
      return this.newTuple(items);
    }
    const ix = normIndex(k, o.items.length, what);
    if (ix < 0 || ix >= o.items.length) throw this.raise('IndexError', `${what} index out of range`);
    return incref(o.items[ix]);
  }
  if (o instanceof PyDict) {
    const v = ops.dictGetItem(o, k);
    if (v !== undefined) return incref(v);
    if (o.ob_type !== this.T.dict) {
      const missing = ops.typeLookup(o.ob_type, '__missing__');
      if (missing) return ops.callObject(missing, [o, k]);
    }
    ops.hash(k);
    const e = this.newExc(this.T.KeyError, null);
    decref(e.args);
    e.args = this.newTuple([incref(k)]);
    throw new PyExc(e);
  }
  if (o instanceof PyStr) {
    if (k instanceof PySlice) {
      const [start, , step, n] = sliceIndices(k, o.len);
      if (start === 0 && step === 1 && n === o.len && o.ob_type === this.T.str) return incref(o);
      if (step === 1 && o.len === o.s.length) return this.newStr(o.s.substr(start, n));
      const cps = codePoints(o);
      // unicode_subscript's general case (step != 1) makes a new string even of one character
      if (step !== 1 && n === 1) return this.newStrUncached(cps[start]);
      return this.newStr(sliceItems(cps, k).join(''));
    }
    if (!(k instanceof PyInt) && !(k.ob_type.flags.heap && ops.typeLookup(k.ob_type, '__index__'))) {
      throw this.raise('TypeError', this.profile.strIndexTypeMessage.replace('%t', k.ob_type.name));
    }
    const ix = normIndex(k, o.len, 'string');
    if (ix < 0 || ix >= o.len) throw this.raise('IndexError', 'string index out of range');
    if (o.len === o.s.length) return this.newStr(o.s[ix]);
    return this.newStr(codePoints(o)[ix]);
  }
  if (o instanceof PyBytes || o instanceof PyByteArray) {
    const data = o instanceof PyBytes ? o.b : o.b.subarray(0, o.size);
    if (k instanceof PySlice) {
      const [start, , step, n] = sliceIndices(k, data.length);
      if (o instanceof PyBytes && start === 0 && step === 1 && n === data.length && o.ob_type === this.T.bytes) return incref(o);
      const items = sliceItems(Array.from(data), k);
      if (o instanceof PyBytes && step !== 1 && n === 1) {
        // bytes_subscript's general case: PyBytes_FromStringAndSize(NULL, 1), not the one-byte singleton
        const b = new PyBytes(this.T.bytes, Uint8Array.from(items));
        this.alloc(b, layout.allocSizeBytes(1), 0);
        return b;
      }
      if (o instanceof PyBytes) return this.newBytes(Uint8Array.from(items));
      return newByteArray(Uint8Array.from(items));
    }
    const ix = normIndex(k, data.length, o instanceof PyBytes ? 'byte' : 'bytearray');
    if (ix < 0 || ix >= data.length) throw this.raise('IndexError', `${o instanceof PyBytes ? 'index' : 'bytearray index'} out of range`);
    return this.newInt(data[ix]);
  }
  if (o instanceof PyRange) {
    // range_subscript: items and slices computed on Python ints (compute_range_item, compute_slice)
    const s0 = ops.intValue(o.start), st = ops.intValue(o.step);
    if (k instanceof PySlice) {
      const [start, stop, step] = sliceIndicesBig(k, o.lengthBig);
      const a = this.newIntBig(s0 + start * st);
      const b = this.newIntBig(s0 + stop * st);
      const stp = this.newIntBig(st * step);
      const r = this.newRange(a, b, stp);
      decref(a); decref(b); decref(stp);
      return r;
    }
    let ix = BigInt(ops.indexValue(k, `range indices must be integers or slices, not ${k.ob_type.name}`));
    if (ix < 0n) ix += o.lengthBig;
    if (ix < 0n || ix >= o.lengthBig) throw this.raise('IndexError', 'range object index out of range');
    return this.newIntBig(s0 + ix * st);
  }
  return null;
};

export function newByteArray(b: Uint8Array): PyByteArray {
  const n = b.length;
  const alloc = n === 0 ? 0 : n + 1;
  // bytearray_new + PyByteArray_Resize: the object, then its buffer (PyObject_Malloc)
  rt.needMemory(alloc);
  const buf = new Uint8Array(Math.max(alloc, 1));
  buf.set(b);
  const o = new PyByteArray(rt.T.bytearray, buf, n);
  rt.alloc(o, layout.allocSizeBytearrayObject(), 0);
  if (alloc) {
    try {
      o.bufAddr = rt.heap.malloc(alloc);
    } catch (e) {
      rt.free(o);
      throw e;
    }
    if (rt.tracer !== null) rt.tracer.buffer(o, 0, o.bufAddr, alloc);
  }
  o.alloc = alloc;
  return o;
}

R.setItemBuiltin = function (o: PyObject, k: PyObject, v: PyObject): boolean {
  if (o instanceof PyList) {
    if (k instanceof PySlice) {
      listAssignSlice(o, k, v);
      return true;
    }
    const ix = normIndex(k, o.items.length, 'list');
    if (ix < 0 || ix >= o.items.length) throw this.raise('IndexError', 'list assignment index out of range');
    const old = o.items[ix];
    o.items[ix] = incref(v);
    decref(old);
    return true;
  }
  if (o instanceof PyDict) {
    ops.dictSetItem(o, k, v, false);
    return true;
  }
  if (o instanceof PyByteArray && k instanceof PySlice) {
    bytearraySetSlice(o, k, v);
    return true;
  }
  if (o instanceof PyByteArray) {
    const ix = normIndex(k, o.size, 'bytearray');
    if (ix < 0 || ix >= o.size) throw this.raise('IndexError', 'bytearray index out of range');
    const x = ops.asIndex(v);
    if (x < 0 || x > 255) throw this.raise('ValueError', 'byte must be in range(0, 256)');
    o.b[ix] = x;
    return true;
  }
  return false;
};

function listAssignSlice(l: PyList, s: PySlice, v: PyObject): void {
  const [start, stop, step, n] = sliceIndices(s, l.items.length);
  // PySequence_Fast: a TypeError of iter(v) becomes its message; step 1 goes through
  // list_ass_slice ("can only assign an iterable") until 3.12, 3.13 converts first
  // (3.12.1 Objects/listobject.c:2951; 3.13.0 :3700)
  const message = step === 1 && !rt.profile.listSliceAssignExtendedMessage ? 'can only assign an iterable' : 'must assign iterable to extended slice';
  const src = v === l ? l.items.map((x) => incref(x)) : ops.toArray(v, (o) => {
    try {
      return ops.getIter(o);
    } catch (e) {
      if (e instanceof PyExc && e.exc.ob_type === rt.T.TypeError) throw rt.raise('TypeError', message);
      throw e;
    }
  });
  if (step === 1) {
    const hi = Math.max(start, stop);
    const removed = l.items.splice(start, hi - start, ...src);
    const newSize = l.items.length;
    const oldSize = newSize - src.length + removed.length;
    if (newSize !== oldSize) rt.setListCapacity(l, layout.listResize(rt.profile, l.allocated, newSize, oldSize));
    for (const x of removed) decref(x);
    return;
  }
  if (src.length !== n) {
    for (const x of src) decref(x);
    throw rt.raise('ValueError', `attempt to assign sequence of size ${src.length} to extended slice of size ${n}`);
  }
  for (let i = 0, j = start; i < n; i++, j += step) {
    const old = l.items[j];
    l.items[j] = src[i];
    decref(old);
  }
}

R.delItemBuiltin = function (o: PyObject, k: PyObject): boolean {
  if (o instanceof PyByteArray) {
    bytearrayDelItem(o, k);
    return true;
  }
  if (o instanceof PyList) {
    const n0 = o.items.length;
    if (k instanceof PySlice) {
      const [start, , step, n] = sliceIndices(k, n0);
      const idx: number[] = [];
      for (let i = 0, j = start; i < n; i++, j += step) idx.push(j);
      idx.sort((a, b) => b - a);
      const removed: PyObject[] = [];
      for (const j of idx) removed.push(o.items.splice(j, 1)[0]);
      if (removed.length) rt.setListCapacity(o, layout.listResize(rt.profile, o.allocated, o.items.length, n0));
      for (const x of removed) decref(x);
      return true;
    }
    const ix = normIndex(k, n0, 'list');
    if (ix < 0 || ix >= n0) throw this.raise('IndexError', 'list assignment index out of range');
    const [old] = o.items.splice(ix, 1);
    rt.setListCapacity(o, layout.listResize(rt.profile, o.allocated, n0 - 1, n0));
    decref(old);
    return true;
  }
  if (o instanceof PyDict) {
    ops.hash(k);
    if (!ops.dictDelItem(o, k)) {
      const e = this.newExc(this.T.KeyError, null);
      decref(e.args);
      e.args = this.newTuple([incref(k)]);
      throw new PyExc(e);
    }
    return true;
  }
  return false;
};

R.containsBuiltin = function (o: PyObject, k: PyObject): boolean | null {
  if (o instanceof PyView && o.ob_type === this.T.mappingproxy) return ops.contains(o.target, k);
  if (o instanceof PyBytes || o instanceof PyByteArray) {
    const data = o instanceof PyBytes ? o.b : o.b.subarray(0, o.size);
    if (k instanceof PyInt) return data.includes(k.v);
    if (k instanceof PyBytes || k instanceof PyByteArray) return indexOfBytes(data, k instanceof PyBytes ? k.b : k.b.subarray(0, k.size)) >= 0;
    throw this.raise('TypeError', `a bytes-like object is required, not '${k.ob_type.name}'`);
  }
  if (o instanceof PyView) {
    const d = o.target as PyDict;
    const n = o.ob_type.name;
    if (n === 'dict_keys') { ops.hash(k); return ops.table(d).has(k); }
    if (n === 'dict_values') return ops.dictItems(d).some(([, v]) => ops.eq(v, k));
    if (n === 'dict_items') {
      if (!(k instanceof PyTuple) || k.items.length !== 2) return false;
      const v = ops.dictGetItem(d, k.items[0]);
      return v !== undefined && ops.eq(v, k.items[1]);
    }
  }
  return null;
};

R.viewLen = function (o: PyObject): number | null {
  if (o instanceof PyView && o.target instanceof PyDict) return ops.table(o.target).size;
  if (o instanceof PyView && o.target instanceof PyType) return ops.table(o.target.dict!).size;
  return null;
};

R.iterBuiltin = function (o: PyObject): PyObject | null {
  const T = this.T;
  if (o instanceof PyDict) return dictIter(o, T.dict_keyiterator, 0);
  if (o instanceof PyView && o.target instanceof PyDict) {
    // (a mappingproxy iterates its mapping: Objects/descrobject.c mappingproxy_getiter)
    const n = o.ob_type === T.mappingproxy ? 'dict_keys' : o.ob_type.name;
    return dictIter(o.target, n === 'dict_keys' ? T.dict_keyiterator : n === 'dict_values' ? T.dict_valueiterator : T.dict_itemiterator, n === 'dict_keys' ? 0 : n === 'dict_values' ? 1 : 2);
  }
  if (o instanceof PySet) {
    const keys = ops.setKeys(o);
    let i = 0;
    const size0 = keys.length;
    const tbl = ops.setTable(o);
    return this.nativeIter(T.set_iterator, () => {
      if (tbl.size !== size0) throw rt.raise('RuntimeError', 'Set changed size during iteration');
      return i < keys.length ? incref(keys[i++]) : null;
    }, [incref(o)], 16 + 48, () => keys.length - i);
  }
  if (o instanceof PyBytes || o instanceof PyByteArray) {
    let i = 0;
    return this.nativeIter(o instanceof PyBytes ? T.bytes_iterator : T.bytearray_iterator, () => {
      const data = o instanceof PyBytes ? o.b : o.b.subarray(0, o.size);
      return i < data.length ? rt.newInt(data[i++]) : null;
    }, [incref(o)], undefined, () => Math.max(0, (o instanceof PyBytes ? o.b.length : o.size) - i));
  }
  return null;
};

function dictIter(d: PyDict, t: PyType, kind: 0 | 1 | 2): PyObject {
  const tbl = ops.table(d);
  let i = 0;
  const size0 = tbl.size;
  let left = size0;
  const result = kind === 2 ? ops.newResultTuple(2) : null;
  return rt.nativeIter(t, () => {
    if (tbl.size !== size0) {
      i = Infinity;
      throw rt.raise('RuntimeError', 'dictionary changed size during iteration');
    }
    while (i < tbl.entryCount) {
      const e = tbl.entryAt(i++);
      if (!e) continue;
      left--;
      if (kind === 0) return incref(e[0]);
      if (kind === 1) return incref(e[1]);
      return ops.recycleResultTuple(result!, [incref(e[0]), incref(e[1])]);
    }
    return null;
  }, result ? [incref(d), result] : [incref(d)], 16 + 56, () => (tbl.size === size0 ? Math.max(0, left) : 0));
}

R.strIterNext = function (it: PySeqIter, s: PyStr): PyObject | null {
  if (s.len === s.s.length) {
    if (it.index < s.len) return this.newStr(s.s[it.index++]);
    return null;
  }
  const cps = codePoints(s);
  if (it.index < cps.length) return this.newStr(cps[it.index++]);
  return null;
};

/** range_iter for bounds beyond the simulator's small ints: a range_iterator while start, stop, step and
 * the length fit a C long, else a longrange_iterator */
R.bigRangeIter = function (r: PyRange): PyObject {
  let cur = ops.intValue(r.start);
  const step = ops.intValue(r.step);
  let left = r.lengthBig;
  const fits = (v: bigint) => v >= -(2n ** 63n) && v < 2n ** 63n;
  const isLong = !(fits(cur) && fits(ops.intValue(r.stop)) && fits(step) && fits(left));
  return this.nativeIter(isLong ? this.T.longrange_iterator : this.T.range_iterator, () => {
    if (left <= 0n) return null;
    left--;
    const v = rt.newIntBig(cur);
    cur += step;
    return v;
  }, [], isLong ? 48 : this.profile.rangeIterObjectSize, () => Number(left));
};

R.seqGetItemIter = function (o: PyObject): PyObject {
  let i = 0;
  let done = false;
  return this.nativeIter(this.T.iterator, () => {
    if (done) return null;
    const k = rt.newInt(i++);
    try {
      return ops.getItem(o, k);
    } catch (e) {
      if (e instanceof PyExc && (ops.isInstance(e.exc, rt.T.IndexError) || ops.isInstance(e.exc, rt.T.StopIteration))) {
        decref(e.exc);
        done = true;
        return null;
      }
      throw e;
    } finally { decref(k); }
  }, [incref(o)]);
};

R.mappingProxy = function (t: PyType): PyObject {
  // mappingproxy_new: a GC object
  const v = new PyView(this.T.mappingproxy, incref(t.dict!));
  this.alloc(v, 16 + 24, 16);
  this.gcTrack(v);
  return v;
};

R.genericAlias = function (t: PyType, k: PyObject): PyObject {
  const v = new PyView(this.T.generic_alias, incref(t));
  (v as unknown as { args: PyObject }).args = incref(k);
  this.alloc(v, 16 + 48, 16);
  return v;
};

// --- binary operators on sequences -----------------------------------------------------------------

R.seqBinOp = function (op: number, a: PyObject, b: PyObject): PyObject | null {
  const T = this.T;
  if (op === 0) {
    if (a instanceof PyStr && b instanceof PyStr) return ops.strConcat(a, b);
    if ((a instanceof PyBytes || a instanceof PyByteArray) && b instanceof PyStr) {
      throw this.raise('TypeError', `can't concat str to ${a.ob_type.name}`);
    }
    if (a instanceof PyList && b instanceof PyList) {
      // list_concat: list_new_prealloc(size) first, so a result that cannot be had fails before the copy
      this.needMemory(8 * (a.items.length + b.items.length));
      if (a.items.length + b.items.length > 2 ** 26) throw this.noMemory();
      const items = a.items.concat(b.items);
      for (const x of items) x.ob_refcnt++;
      return this.newList(items);
    }
    if (a instanceof PyTuple && b instanceof PyTuple) {
      if (b.items.length === 0 && a.ob_type === T.tuple) return incref(a);
      if (a.items.length === 0 && b.ob_type === T.tuple) return incref(b);
      // tupleconcat: PyTuple_New(size) first
      this.needMemory(8 * (a.items.length + b.items.length) + 40 + this.profile.gcHeadSize);
      if (a.items.length + b.items.length > 2 ** 26) throw this.noMemory();
      const items = a.items.concat(b.items);
      for (const x of items) x.ob_refcnt++;
      return this.newTuple(items);
    }
    if ((a instanceof PyBytes || a instanceof PyByteArray) && (b instanceof PyBytes || b instanceof PyByteArray)) {
      const x = a instanceof PyBytes ? a.b : a.b.subarray(0, a.size);
      const y = b instanceof PyBytes ? b.b : b.b.subarray(0, b.size);
      const r = new Uint8Array(x.length + y.length);
      r.set(x); r.set(y, x.length);
      return a instanceof PyBytes ? this.newBytes(r) : newByteArray(r);
    }
  }
  if (op === 5) {
    let seq = a, n = b;
    if (a instanceof PyInt) { seq = b; n = a; }
    if (n instanceof PyInt) {
      // PyNumber_AsSsize_t(n, PyExc_OverflowError) (Objects/abstract.c sequence_repeat)
      if (n.big !== null && (n.big > 2n ** 63n - 1n || n.big < -(2n ** 63n))) {
        throw this.raise('OverflowError', "cannot fit 'int' into an index-sized integer");
      }
      const k = Math.max(0, n.big === null ? n.v : Number(n.big));
      if (seq instanceof PyStr) {
        // unicode_repeat: `len > PY_SSIZE_T_MAX / str->length`, then the block of the result
        if (pastSsizeMax(seq.len, k)) throw this.raise('OverflowError', 'repeated string is too long');
        if (k > 1) this.needMemory(k * seq.len * seq.kind);
        if (k * seq.s.length > 2 ** 29 - 24) throw this.noMemory(); // past V8's longest string
        if (k === 1 && seq.ob_type === T.str) return incref(seq);
        return this.newStr(seq.s.repeat(k));
      }
      if (seq instanceof PyList) return this.newList(repeatItems(seq.items, k));
      if (seq instanceof PyTuple) {
        if (k === 1 && seq.ob_type === T.tuple) return incref(seq);
        return this.newTuple(repeatItems(seq.items, k));
      }
      if (seq instanceof PyBytes || seq instanceof PyByteArray) {
        const x = seq instanceof PyBytes ? seq.b : seq.b.subarray(0, seq.size);
        // bytes_repeat: OverflowError past PY_SSIZE_T_MAX; bytearray_repeat: PyErr_NoMemory
        if (pastSsizeMax(x.length, k)) {
          if (seq instanceof PyBytes) throw this.raise('OverflowError', 'repeated bytes are too long');
          throw this.noMemory();
        }
        this.needMemory(x.length * k);
        if (x.length * k > 2 ** 30) throw this.noMemory();
        const r = new Uint8Array(x.length * k);
        for (let i = 0; i < k; i++) r.set(x, i * x.length);
        return seq instanceof PyBytes ? this.newBytes(r) : newByteArray(r);
      }
    }
  }
  if (op === 6 && a instanceof PyStr) return ops.percentFormatStr(a, b);
  if (op === 6 && a instanceof PyBytes) return ops.percentFormatBytes(a, b);
  if ((op === 1 || op === 7 || op === 10 || op === 12) && (isSetView(a) || isSetView(b)) && !(a instanceof PySet && b instanceof PySet)) {
    const r = viewBinOp(op, a, b);
    if (r !== null) return r;
  }
  if (a instanceof PySet && b instanceof PySet) {
    const r = setBinOp(op, a, b);
    if (r !== null) return r;
  }
  if (op === 7 && this.profile.dictUnion && a instanceof PyDict && b instanceof PyDict) return dictOr(a, b);
  return null;
};

R.inplaceOp = function (op: number, a: PyObject, b: PyObject): PyObject | null {
  if (a instanceof PyList) {
    if (op === 0) { ops.listExtend(a, b); return incref(a); }
    if (op === 5 && b instanceof PyInt) { listInplaceRepeat(a, b.big === null ? b.v : Number(b.big)); return incref(a); }
  }
  if (a instanceof PySet && a.ob_type === this.T.set && b instanceof PySet) {
    const r = setInplaceOp(op, a, b);
    if (r !== null) return r;
  }
  if (a instanceof PyDict && op === 7 && this.profile.dictUnion) {
    dictUpdateArg(a, b);
    return incref(a);
  }
  if (a instanceof PyByteArray && op === 0 && (b instanceof PyBytes || b instanceof PyByteArray)) {
    const y = b instanceof PyBytes ? b.b : b.b.subarray(0, b.size);
    bytearrayResize(a, a.size + y.length);
    a.b.set(y, a.size - y.length);
    return incref(a);
  }
  return null;
};

/** `size > PY_SSIZE_T_MAX / n`, exactly: the overflow checks of the repeat functions */
export function pastSsizeMax(size: number, n: number): boolean {
  return size > 0 && n > 0 && BigInt(size) * BigInt(Math.trunc(n)) > 2n ** 63n - 1n;
}

export function bytearrayResize(a: PyByteArray, newSize: number): void {
  const alloc = layout.bytearrayResize(a.alloc, newSize, a.size);
  // PyObject_Realloc of ob_bytes (PyObject_Free when it becomes empty); a failure changes nothing
  if (alloc !== a.alloc) {
    const old = a.bufAddr;
    if (alloc === 0) { rt.heap.free(a.bufAddr); a.bufAddr = 0; }
    else a.bufAddr = rt.heap.realloc(a.bufAddr, alloc);
    if (rt.tracer !== null) rt.tracer.buffer(a, old, a.bufAddr, alloc);
  }
  if (alloc > a.b.length) {
    const nb = new Uint8Array(alloc);
    nb.set(a.b.subarray(0, a.size));
    a.b = nb;
  }
  a.alloc = alloc;
  a.size = newSize;
}

// --- repr ----------------------------------------------------------------------------------------

R.asciiOf = function (s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 128) out += ch;
    else if (c < 256) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out;
};

function addrHex(o: PyObject): string {
  return '0x' + o.addr.toString(16).padStart(12, '0');
}
export { addrHex };

R.reprBuiltin = function (o: PyObject): string {
  const T = this.T;
  if (o instanceof PyInt) return o.big === null ? String(o.v) : ops.intText(o.big);
  if (o instanceof PyFloat) return floatRepr(o.v);
  if (o instanceof PyComplex) return complexRepr(o.re, o.im);
  if (o instanceof PyStr) return ops.repr(o);
  if (o === this.NotImplemented) return 'NotImplemented';
  if (o === this.Ellipsis) return 'Ellipsis';
  if (o instanceof PyList) return '[' + o.items.map((x) => ops.repr(x)).join(', ') + ']';
  if (o instanceof PyTuple) {
    if (o.items.length === 1) return '(' + ops.repr(o.items[0]) + ',)';
    return '(' + o.items.map((x) => ops.repr(x)).join(', ') + ')';
  }
  if (o instanceof PyDict) {
    const parts = ops.dictItems(o).map(([k, v]) => ops.repr(k) + ': ' + ops.repr(v));
    return '{' + parts.join(', ') + '}';
  }
  if (o instanceof PySet) {
    const keys = ops.setKeys(o);
    const frozen = o.ob_type === T.frozenset;
    if (keys.length === 0) return frozen ? 'frozenset()' : 'set()';
    const body = '{' + keys.map((x) => ops.repr(x)).join(', ') + '}';
    return frozen ? `frozenset(${body})` : body;
  }
  if (o instanceof PyBytes) return bytesRepr(o.b);
  if (o instanceof PyByteArray) return `bytearray(${bytesRepr(o.b.subarray(0, o.size))})`;
  if (o instanceof PyRange) {
    const st = ops.intValue(o.step);
    return st === 1n ? `range(${ops.repr(o.start)}, ${ops.repr(o.stop)})` : `range(${ops.repr(o.start)}, ${ops.repr(o.stop)}, ${ops.repr(o.step)})`;
  }
  if (o instanceof PySlice) return `slice(${ops.repr(o.start)}, ${ops.repr(o.stop)}, ${ops.repr(o.step)})`;
  if (o instanceof PyType) {
    if (o.flags.heap) return `<class '${o.module}.${o.qualname}'>`;
    if (o === T.weakref && this.profile.weakrefTypeName !== 'weakref') return "<class 'weakref.ReferenceType'>";
    return `<class '${o.name}'>`;
  }
  if (o instanceof PyDescr) {
    // descrobject.c getset_repr / member_repr
    return `<${o.slot >= 0 ? 'member' : 'attribute'} '${o.d_name.s}' of '${o.d_type.name}' objects>`;
  }
  if (o instanceof PyFunction) return `<function ${o.qualname.s} at ${addrHex(o)}>`;
  if (o instanceof PyMethod) {
    const f = o.func;
    const q = f instanceof PyFunction ? f.qualname.s : '?';
    return `<bound method ${q} of ${ops.repr(o.self)}>`;
  }
  if (o instanceof PyBuiltin) {
    if (o.ownerType && o.self === null) return `<method '${o.name}' of '${o.ownerType.name}' objects>`;
    if (o.self === null || o.self instanceof PyModule) return `<built-in function ${o.name}>`;
    return `<built-in method ${o.name} of ${o.self.ob_type.name} object at ${addrHex(o.self)}>`;
  }
  if (o instanceof PyModule) return o.name === 'sys' || o.name === 'gc' ? `<module '${o.name}' (built-in)>` : `<module '${o.name}'>`;
  if (o instanceof PyGen) return `<generator object ${o.qualname.s} at ${addrHex(o)}>`;
  if (o instanceof PyCell) return `<cell at ${addrHex(o)}: ${o.ref ? `${o.ref.ob_type.name} object at ${addrHex(o.ref)}` : 'empty'}>`;
  if (o instanceof PyBaseException) {
    const name = o.ob_type.qualname;
    const a = o.args.items;
    if (a.length === 1) return `${name}(${ops.repr(a[0])})`;
    return `${name}(${a.map((x) => ops.repr(x)).join(', ')})`;
  }
  if (o instanceof PyWeakref) {
    const t = o.target;
    if (!t) return `<weakref at ${addrHex(o)}; dead>`;
    return `<weakref at ${addrHex(o)}; to '${t.ob_type.flags.heap ? t.ob_type.module + '.' + t.ob_type.qualname : t.ob_type.name}' at ${addrHex(t)}>`;
  }
  if (o instanceof PyView) {
    const n = o.ob_type.name;
    if (n === 'mappingproxy') return `mappingproxy(${ops.repr(o.target)})`;
    if (n === 'types.GenericAlias') return `${(o.target as PyType).name}[${ops.repr((o as unknown as { args: PyObject }).args)}]`;
    const d = o.target as PyDict;
    const items = ops.dictItems(d);
    if (n === 'dict_keys') return `dict_keys([${items.map(([k]) => ops.repr(k)).join(', ')}])`;
    if (n === 'dict_values') return `dict_values([${items.map(([, v]) => ops.repr(v)).join(', ')}])`;
    return `dict_items([${items.map(([k, v]) => `(${ops.repr(k)}, ${ops.repr(v)})`).join(', ')}])`;
  }
  if (o instanceof PyCode) return `<code object ${o.code.name} at ${addrHex(o)}, file "${o.code.filename}", line ${o.code.firstlineno}>`;
  if (o instanceof PyProperty) return `<property object at ${addrHex(o)}>`;
  if (o instanceof PySuper) return `<super: <class '${o.thisType.name}'>, <${o.objType?.name} object>>`;
  const t = o.ob_type;
  const tn = t.flags.heap ? `${t.module}.${t.qualname}` : t.name;
  return `<${tn} object at ${addrHex(o)}>`;
};

R.excStr = function (e: PyBaseException): string {
  const a = e.args.items;
  if (a.length === 5 && (ops.isInstance(e, this.T.UnicodeEncodeError) || ops.isInstance(e, this.T.UnicodeDecodeError))
      && a[2] instanceof PyInt && a[3] instanceof PyInt) {
    // UnicodeEncodeError_str, UnicodeDecodeError_str
    const [enc, obj, st, en, reason] = [ops.str(a[0]), a[1], a[2].v, a[3].v, ops.str(a[4])];
    if (ops.isInstance(e, this.T.UnicodeEncodeError) && obj instanceof PyStr) {
      const cps = codePoints(obj);
      if (st < cps.length && en === st + 1) {
        const c = cps[st].codePointAt(0)!;
        const esc = c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : c <= 0xffff ? `\\u${c.toString(16).padStart(4, '0')}`
          : `\\U${c.toString(16).padStart(8, '0')}`;
        return `'${enc}' codec can't encode character '${esc}' in position ${st}: ${reason}`;
      }
      return `'${enc}' codec can't encode characters in position ${st}-${en - 1}: ${reason}`;
    }
    if (obj instanceof PyBytes) {
      if (st < obj.b.length && en === st + 1) {
        return `'${enc}' codec can't decode byte 0x${obj.b[st].toString(16).padStart(2, '0')} in position ${st}: ${reason}`;
      }
      return `'${enc}' codec can't decode bytes in position ${st}-${en - 1}: ${reason}`;
    }
  }
  if (e.ob_type === this.T.KeyError || ops.isSubtype(e.ob_type, this.T.KeyError)) {
    if (a.length === 1) return ops.repr(a[0]);
  }
  if (a.length === 0) return '';
  if (a.length === 1) return ops.str(a[0]);
  return ops.repr(e.args);
};

// ---------------------------------------------------------------------------------------------
// Deallocation (tp_dealloc of each type)
// ---------------------------------------------------------------------------------------------

function dealloc(o: PyObject): void {
  const r = rt;
  if (o.ob_refcnt > 0) return;
  if (o.ob_type.simpleDealloc) {
    if (o instanceof PyByteArray && o.bufAddr) {
      r.heap.free(o.bufAddr);
      if (r.tracer !== null) r.tracer.buffer(o, o.bufAddr, 0, 0);
      o.bufAddr = 0;
    }
    r.free(o);
    return;
  }
  if (o instanceof PyFloat && o.ob_type === r.T.float) {
    parkOrFree(r, o, r.freelists.float, r.profile.floatFreeListMax, 0);
    return;
  }
  if (o instanceof PyInstance) {
    deallocInstance(o);
    return;
  }
  if (o.gcTracked) r.gcUntrack(o);
  if (o instanceof PyTuple) {
    // tupledealloc: items last to first, then the free list of its length or pymalloc
    const items = o.items;
    for (let i = items.length - 1; i >= 0; i--) decref(items[i]);
    const n = items.length;
    const p = r.profile;
    if (o.ob_type === r.T.tuple && n <= p.tupleFreeListPushMaxLen) {
      parkOrFree(r, o, r.freelists.tuple[n] ?? (r.freelists.tuple[n] = []), p.tupleFreeListMax, 16);
    } else r.free(o);
    return;
  }
  if (o instanceof PyList) {
    // list_dealloc: items last to first, the item array, then the free list or pymalloc
    const items = o.items;
    o.items = [];
    for (let i = items.length - 1; i >= 0; i--) decref(items[i]);
    r.setListCapacity(o, 0, true);
    if (o.ob_type === r.T.list) parkOrFree(r, o, r.freelists.list, r.profile.listFreeListMax, 16);
    else r.free(o);
    return;
  }
  if (o instanceof PyDict) {
    // dict_dealloc: the entries (key, then value), the keys table, then the free list or pymalloc
    const items = ops.dictItems(o);
    for (const [k, v] of items) { decref(k); decref(v); }
    ops.table(o).dispose();
    const vb = (o as unknown as InstanceExtra).valuesBlock;
    if (vb) {
      r.heap.free(vb);
      if (r.tracer !== null) r.tracer.buffer(o, vb, 0, 0);
      (o as unknown as InstanceExtra).valuesBlock = 0;
    }
    if (o.ob_type === r.T.dict) parkOrFree(r, o, r.freelists.dict, r.profile.dictFreeListMax, 16);
    else r.free(o);
    return;
  }
  if (o instanceof PySet) {
    // set_dealloc: the keys, the table beyond the smalltable, then the object
    const keys = ops.setKeys(o);
    for (const k of keys) decref(k);
    ops.setTable(o).clear();
    r.free(o);
    return;
  }
  if (o instanceof PyFunction) {
    r.free(o);
    decref(o.codeObj!);
    decref(o.globals);
    decref(o.name);
    decref(o.qualname);
    xdecref(o.defaults);
    xdecref(o.kwdefaults);
    xdecref(o.closure);
    xdecref(o.dict);
    return;
  }
  if (o instanceof PyMethod) {
    r.free(o);
    decref(o.func);
    decref(o.self);
    return;
  }
  if (o instanceof PyBuiltin) {
    r.free(o);
    xdecref(o.self);
    return;
  }
  if (o instanceof PyCell) {
    r.free(o);
    xdecref(o.ref);
    return;
  }
  if (o instanceof PySeqIter) {
    r.free(o);
    xdecref(o.seq);
    return;
  }
  if (o instanceof PyNativeIter) {
    r.free(o);
    for (const x of o.refs) decref(x);
    o.refs = [];
    return;
  }
  if (o instanceof PyGen) {
    if (o.frame && o.frame.pc > 0 && !o.done) {
      // _PyGen_Finalize: a suspended generator is closed (its finally blocks run)
      o.ob_refcnt = 1;
      try { genClose(o); } catch (e) { if (e instanceof PyExc) rt.unraisable(e, o, null); else throw e; }
      if (--o.ob_refcnt > 0) return;
    }
    r.free(o);
    const f = o.frame;
    o.frame = null;
    if (f) {
      frameRelease(f);
      for (let i = 0; i < f.fast.length; i++) { const x = f.fast[i]; if (x) { f.fast[i] = null; decref(x); } }
      for (let i = 0; i < f.sp; i++) { const x = f.stack[i]; if (x) { f.stack[i] = null; decref(x); } }
      f.sp = 0;
    }
    decref(o.name);
    decref(o.qualname);
    return;
  }
  if (o instanceof PySlice) {
    r.free(o);
    decref(o.start); decref(o.stop); decref(o.step);
    return;
  }
  if (o instanceof PyRange) {
    r.free(o);
    decref(o.start); decref(o.stop); decref(o.step);
    return;
  }
  if (o instanceof PyView) {
    r.free(o);
    decref(o.target);
    const args = (o as unknown as { args?: PyObject }).args;
    if (args) decref(args);
    return;
  }
  if (o instanceof PyWeakref) {
    r.free(o);
    const t = o.target;
    if ((t instanceof PyInstance || t instanceof PyType) && t.weakrefs) {
      const i = t.weakrefs.indexOf(o);
      if (i >= 0) t.weakrefs.splice(i, 1);
    }
    xdecref(o.callback);
    return;
  }
  if (o instanceof PyWrapper) { r.free(o); decref(o.func); return; }
  if (o instanceof PyProperty) { r.free(o); xdecref(o.fget); xdecref(o.fset); xdecref(o.fdel); return; }
  if (o instanceof PySuper) { r.free(o); decref(o.thisType); xdecref(o.obj); xdecref(o.objType); return; }
  if (o instanceof PyModule) { r.free(o); decref(o.dict); return; }
  if (o instanceof PyType) { deallocType(o); return; }
  if (o instanceof PyDescr) {
    // descr_dealloc
    r.free(o);
    decref(o.d_type);
    decref(o.d_name);
    return;
  }
  r.free(o);
}

/** type_dealloc (a heap type): remove_all_subclasses (the entries of its bases' tp_subclasses:
 *  the key and the weakref), PyObject_ClearWeakRefs, then tp_base, tp_dict, tp_bases, tp_mro,
 *  tp_subclasses, ht_slots, ht_cached_keys and the type itself */
function deallocType(t: PyType): void {
  if (t.tp_bases) {
    for (const b of t.tp_bases.items) {
      const d = (b as PyType).tp_subclasses;
      if (!d) continue;
      // remove_subclass: PyLong_FromVoidPtr(type), PyDict_DelItem
      const key = rt.newIntBig(BigInt(t.addr));
      ops.dictDelItem(d, key);
      decref(key);
      if (rt.profile.subclassesDictClearedWhenEmpty && d.store.used === 0) {
        (b as PyType).tp_subclasses = null;
        decref(d);
      }
    }
  }
  const st = t.staticSubclassEntries;
  if (st) {
    t.staticSubclassEntries = null;
    for (const [k, w] of st) { decref(k); decref(w); }
  }
  if (t.weakrefs) {
    const refs = t.weakrefs;
    t.weakrefs = null;
    for (const w of refs) {
      w.target = null;
      if (w.callback && w.ob_refcnt > 0) {
        const cb = w.callback;
        w.callback = null;
        w.ob_refcnt++;
        try { decref(ops.callObject(cb, [w])); } catch (e) { if (e instanceof PyExc) rt.unraisable(e, cb, null); else throw e; }
        decref(cb);
        decref(w);
      }
    }
  }
  const i = rt.allHeapTypes.indexOf(t);
  if (i >= 0) rt.allHeapTypes.splice(i, 1);
  if (t.gcTracked) rt.gcUntrack(t);
  const base = t.tp_base; t.tp_base = null;
  if (base) decref(base);
  const d = t.dict; t.dict = null;
  if (d) decref(d);
  const bases = t.tp_bases; t.tp_bases = null;
  if (bases) decref(bases);
  const mro = t.tp_mro; t.tp_mro = null;
  if (mro) decref(mro);
  const subs = t.tp_subclasses; t.tp_subclasses = null;
  if (subs) decref(subs);
  const slots = t.ht_slots; t.ht_slots = null;
  if (slots) decref(slots);
  if (t.cachedKeysBlock) { rt.freeKeysBlock(t.cachedKeysBlock, t.cachedKeysBytes); t.cachedKeysBlock = 0; }
  t.bases = [];
  rt.free(t);
}

/** subtype_dealloc: PEP 442 finalizer (__del__), weakref callbacks, then clear */
function deallocInstance(o: PyInstance): void {
  const t = o.ob_type;
  if (!o.finalized && t.flags.heap) {
    const del = ops.typeLookup(t, '__del__');
    if (del) {
      o.finalized = rt.profile.finalizeOnce;
      o.ob_refcnt = 1;
      try {
        decref(ops.callObject(del, [o]));
      } catch (e) {
        if (e instanceof PyExc) rt.unraisable(e, del, o);
        else throw e;
      }
      if (--o.ob_refcnt > 0) return; // resurrected
    }
  }
  // weak references are cleared and their callbacks run (PyObject_ClearWeakRefs)
  if (o.weakrefs && o.weakrefs.length) {
    const refs = o.weakrefs.slice().reverse();
    o.weakrefs = null;
    for (const w of refs) {
      w.target = null;
      if (w.callback && w.ob_refcnt > 0) {
        const cb = w.callback;
        w.callback = null;
        w.ob_refcnt++;
        try { decref(ops.callObject(cb, [w])); } catch (e) { if (e instanceof PyExc) rt.unraisable(e, cb, null); else throw e; }
        decref(cb);
        decref(w);
      }
    }
  }
  if (o.gcTracked) rt.gcUntrack(o);
  const slots = o.slots;
  const dict = o.dict;
  const items = dict ? null : instanceItems(o);
  rt.free(o);
  if (slots) for (const s of slots) if (s) decref(s);
  if (dict) decref(dict);
  else if (items) for (const [k, v] of items) { decref(k); decref(v); }
  (o as unknown as InstanceExtra).attrs = null;
  const vb = (o as unknown as InstanceExtra).valuesBlock;
  if (vb) {
    rt.heap.free(vb);
    if (rt.tracer !== null) rt.tracer.buffer(o, vb, 0, 0);
    (o as unknown as InstanceExtra).valuesBlock = 0;
  }
  if (o instanceof PyBaseException) {
    decref(o.args);
    xdecref(o.cause);
    xdecref(o.context);
  }
  decref(t);
}

declare module './runtime' {
  interface Runtime {
    unraisable(e: PyExc, where: PyObject, obj: PyObject | null): void;
    setListCapacity(l: PyList, allocated: number, clear?: boolean): void;
  }
}

R.unraisable = function (e: PyExc, where: PyObject, obj: PyObject | null): void {
  void obj;
  const name = where instanceof PyFunction ? where.qualname.s : ops.repr(where);
  const msg = ops.str(e.exc);
  this.err.push(`Exception ignored in: <function ${name} at ${addrHex(where)}>\nTraceback (most recent call last):\n` +
    e.exc.traceback.slice().reverse().map((t) => `  File "${t.filename}", line ${t.line}, in ${t.name}\n`).join('') +
    `${this.excTypeName(e.exc.ob_type)}${msg ? ': ' + msg : ''}\n`);
  decref(e.exc);
};

export { StrKind, PyObject };


/** the first index of `needle` in `hay`, or -1 */
export function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
