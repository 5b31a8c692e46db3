// The abstract object protocol, as CPython's Objects/abstract.c, Objects/object.c and
// Objects/typeobject.c provide it: attribute lookup through the MRO and descriptors, calls,
// number and sequence operations with their reflected variants, rich comparison, hashing,
// iteration, repr/str, and object deallocation. "C" functions here follow the C API's rules:
// arguments are borrowed, results are new references.

import { CO_GENERATOR, Code } from './code';
import { Frame } from './frame';
import {
  IMMORTAL_REFCNT, NativeFn, PyBaseException, PyBuiltin, PyByteArray, PyBytes, PyCell, PyComplex, PyDescr, PyDict, PyFloat,
  PyFunction, PyGen, PyInstance, PyInt, PyList, PyMethod, PyModule, PyNativeIter, PyObject, PyProperty, PyRange,
  PyRangeIter, PySeqIter, PySet, PySlice, PyStr, PySuper, PyTuple, PyType, PyWeakref, PyWrapper,
} from './objects';
import { PyDictT, PyExc, rt } from './runtime';
import { CALLING, checkRecursiveCall, enterEvalFrame, enterRecursiveCall, leaveRecursiveCall } from './recursion';
import { Op } from './code';
import { percentFormat, PercentValue } from '../format/percent';
import { callFunction, genSend, genReturnValue, makeFrame, funcName, execute } from './vm';
import { DictTable } from '../dictobject';
import { SetTable } from '../setobject';
import { Hash, hashBytes, hashComplex, hashFloat, hashFrozenset, hashInt, hashNone, hashPointer, hashStr, hashTuple } from '../pyhash';
import { floatRepr, complexRepr } from '../format/dtoa';
import { strRepr, bytesRepr } from '../format/repr';
import { formatFloat, formatInt, formatStr, formatComplex } from '../format/spec';
import { intToDecimal } from '../format/ints';
import { exactPowInt, longTrueDivide } from '../longdiv';
import { FormatError } from '../format/errors';
import { UnsupportedError } from '../errors';
import * as layout from '../layout';
import { setUpdateInternal, setContainsKey } from './methods/set';
import { instanceAttr, frameDepthExceeded } from './types';
import { refuseUnmodelledAttribute } from './unmodelled';
import { floatDivmod, floatPow, floatRem } from './floatops';
export { floatDivmod, floatRem };

function decref(o: PyObject): void { if (--o.ob_refcnt === 0) rt.dealloc(o); }
function incref<T extends PyObject>(o: T): T { o.ob_refcnt++; return o; }
export { incref as incref2, decref as decref2 };

export function typeName(o: PyObject): string { return o.ob_type.name; }

// ---------------------------------------------------------------------------------------------
// dict helpers
// ---------------------------------------------------------------------------------------------

export function table(d: PyDict): PyDictT { return d.store as unknown as PyDictT; }

/** look a str key up without creating a str object (names, attributes) */
export function dictGetStr(d: PyDict, name: string): PyObject | undefined {
  return table(d).getByPrimitive(name);
}

/** d[name] = v, stealing the reference to v */
export function dictSetStrSteal(d: PyDict, name: string, v: PyObject): void {
  const t = table(d);
  const old = t.getByPrimitive(name);
  if (old !== undefined) {
    t.setByPrimitive(name, v);
    decref(old);
  } else {
    const k = rt.intern(name);
    t.set(k, v);
  }
}

export function dictDelStr(d: PyDict, name: string): boolean {
  const t = table(d);
  const e = t.removeByPrimitive(name);
  if (!e) return false;
  decref(e[0]);
  decref(e[1]);
  return true;
}

/** d[k] = v (borrowed references); `noDup`: raise TypeError on an existing key (keyword arguments) */
export function dictSetItem(d: PyDict, k: PyObject, v: PyObject, noDup: boolean): void {
  const t = table(d);
  hash(k);
  const old = t.get(k);
  if (old !== undefined) {
    if (noDup) throw rt.raise('TypeError', `got multiple values for keyword argument '${str(k)}'`);
    v.ob_refcnt++;
    t.set(k, v);
    decref(old);
    return;
  }
  k.ob_refcnt++;
  v.ob_refcnt++;
  t.set(k, v);
  maintainTracking(d, k, v);
}

/** MAINTAIN_TRACKING: a dict becomes tracked once it holds a trackable key or value */
function maintainTracking(d: PyDict, k: PyObject, v: PyObject): void {
  if (!d.gcTracked && (mayBeTracked(k) || mayBeTracked(v))) rt.gcTrack(d);
}

/** _PyObject_GC_MAY_BE_TRACKED: any GC object, except an exact tuple that is not tracked (and a
 *  static type: type_is_gc is false for it) */
export function mayBeTracked(o: PyObject): boolean {
  if (!o.ob_type.flags.gc) return false;
  if (o instanceof PyType) return o.flags.heap;
  if (o instanceof PyTuple && o.ob_type === rt.T.tuple) return o.gcTracked;
  return true;
}

export function dictGetItem(d: PyDict, k: PyObject): PyObject | undefined {
  return table(d).get(k);
}

export function dictDelItem(d: PyDict, k: PyObject): boolean {
  const t = table(d);
  const e = t.removeEntry(k);
  if (!e) return false;
  decref(e[0]);
  decref(e[1]);
  return true;
}

export function dictItems(d: PyDict): [PyObject, PyObject][] {
  const t = table(d);
  const out: [PyObject, PyObject][] = [];
  const n = t.entryCount;
  for (let i = 0; i < n; i++) {
    const e = t.entryAt(i);
    if (e) out.push(e);
  }
  return out;
}

export function newDictPresized(n: number, pairs: PyObject[]): PyDict {
  const hooks = rt.dictHooks;
  let unicode = true;
  for (let i = 0; i < 2 * n; i += 2) if (pairs[i].ob_type !== rt.T.str) { unicode = false; break; }
  const t = DictTable.presized<PyObject, PyObject>(rt.version, hooks, n, unicode);
  const d = rt.newDict(t);
  for (let i = 0; i < 2 * n; i += 2) dictSetItem(d, pairs[i], pairs[i + 1], false);
  return d;
}

export function dictUpdate(d: PyDict, other: PyObject, merge: boolean): void {
  if (other instanceof PyDict && !merge && other.ob_type === rt.T.dict) {
    // dict_merge: the table is presized / cloned as CPython does
    const t = table(d);
    const items = dictItems(other);
    const old = items.map(([k]) => t.get(k));
    t.merge(table(other));
    items.forEach(([k, v], i) => {
      v.ob_refcnt++;
      const o = old[i];
      if (o !== undefined) decref(o);
      else k.ob_refcnt++;
      maintainTracking(d, k, v);
    });
    return;
  }
  if (other instanceof PyDict) {
    for (const [k, v] of dictItems(other)) {
      if (merge && table(d).has(k)) {
        throw rt.raise('TypeError', `${'function'}() got multiple values for keyword argument '${str(k)}'`);
      }
      dictSetItem(d, k, v, false);
    }
    return;
  }
  if (merge) throw rt.raise('TypeError', `argument after ** must be a mapping, not ${typeName(other)}`);
  const keysFn = lookupMethod(other, 'keys');
  if (keysFn) {
    decref(keysFn);
    const keys = callMethod(other, 'keys', []);
    const it = getIter(keys);
    decref(keys);
    for (let k = iterNext(it); k !== null; k = iterNext(it)) {
      const v = getItem(other, k);
      dictSetItem(d, k, v, false);
      decref(k);
      decref(v);
    }
    decref(it);
    return;
  }
  const it = getIter(other);
  let idx = 0;
  for (let item = iterNext(it); item !== null; item = iterNext(it), idx++) {
    const kv = toArray(item);
    decref(item);
    if (kv.length !== 2) {
      for (const x of kv) decref(x);
      decref(it);
      throw rt.raise('ValueError', `dictionary update sequence element #${idx} has length ${kv.length}; 2 is required`);
    }
    dictSetItem(d, kv[0], kv[1], false);
    decref(kv[0]);
    decref(kv[1]);
  }
  decref(it);
}

// ---------------------------------------------------------------------------------------------
// sets
// ---------------------------------------------------------------------------------------------

export function setTable(s: PyObject): SetTable<PyObject> { return (s as PySet).store as unknown as SetTable<PyObject>; }

export function setAdd(s: PyObject, k: PyObject): void {
  const t = setTable(s);
  const h = hash(k);
  if (t.contains(k, h)) return;
  k.ob_refcnt++;
  t.add(k, h);
}

export function newSetFrom(items: PyObject[], frozen: boolean): PySet {
  const s = rt.newSet(frozen);
  for (const o of items) setAdd(s, o);
  return s;
}

export function setUpdate(s: PyObject, other: PyObject): void {
  // set_update_internal: presized merges from sets and dicts
  setUpdateInternal(s, other);
}

export function setKeys(s: PyObject): PyObject[] {
  const t = setTable(s);
  const out: PyObject[] = [];
  for (const k of t) out.push(k);
  return out;
}

// ---------------------------------------------------------------------------------------------
// lists
// ---------------------------------------------------------------------------------------------

/** PyList_Append stealing the reference */
export function listAppendSteal(l: PyList, v: PyObject): void {
  const n = l.items.length;
  if (n + 1 > l.allocated) rt.setListCapacity(l, layout.listResize(rt.profile, l.allocated, n + 1, n));
  l.items.push(v);
}

/** The result tuple zip, enumerate and dict item iterators keep (created holding None): refilled in
 *  place while the iterator holds its only reference (Py_REFCNT(result) == 1 in zip_next, enum_next,
 *  dictiter_iternextitem), tracked again by the GC if a collection untracked it (bpo-42536); else a
 *  new tuple. `items` are new references. */
export function newResultTuple(n: number): PyTuple {
  if (n === 0) return rt.emptyTupleRef();
  const items: PyObject[] = [];
  for (let i = 0; i < n; i++) items.push(incref(rt.None));
  return rt.newTuple(items);
}
export function recycleResultTuple(result: PyTuple, items: PyObject[]): PyTuple {
  if (result.ob_refcnt !== 1) return rt.newTuple(items);
  result.ob_refcnt++;
  const old = result.items;
  result.items = items;
  for (const o of old) decref(o);
  if (!result.gcTracked) rt.gcTrack(result);
  return result;
}

/** an exact set, frozenset or dict, or a dict's keys, values or items view (their own paths of _list_extend in 3.13) */
export function isSetDictSource(o: PyObject): boolean {
  const t = o.ob_type, T = rt.T;
  return t === T.set || t === T.frozenset || t === T.dict || t === T.dict_keys || t === T.dict_values || t === T.dict_items;
}

export function listExtend(l: PyList, other: PyObject): void {
  const n = l.items.length;
  if (other instanceof PyList || other instanceof PyTuple) {
    const src = other.items.slice();
    const m = src.length;
    if (m === 0) return;
    rt.setListCapacity(l, layout.listExtend(rt.profile, l.allocated, n, m, 'seq', m, l.itemsAddr === 0));
    for (const o of src) { o.ob_refcnt++; l.items.push(o); }
    return;
  }
  if (rt.profile.listExtendSetDictResize && isSetDictSource(other)) {
    // list_extend_set, list_extend_dict, list_extend_dictitems: list_resize(m + n), then fill
    const src = toArray(other);
    if (src.length === 0) return;
    rt.setListCapacity(l, layout.listExtend(rt.profile, l.allocated, n, src.length, 'setdict'));
    for (const o of src) l.items.push(o);
    return;
  }
  // generic iterable: a length hint preallocates, then appends and trims (list_extend)
  const hint = objectLengthHint(other, 8);
  // list_resize to n + hint comes before the first item
  if (rt.heap.wouldFail(8 * (n + hint))) throw rt.noMemory();
  const items = toArray(other);
  const itemsNull = l.itemsAddr === 0;
  const grown = { allocated: l.allocated };
  const a = layout.listExtend(rt.profile, l.allocated, n, items.length, 'iter', hint, itemsNull, grown);
  listResizeThrough(l, grown.allocated, a);
  for (const v of items) l.items.push(v);
}

/** list_extend's iterator path: ob_item grown to the hint and the items, then cut back to the
 *  size. The cut is a PyMem_Realloc of its own: cut to 0 items it leaves a raw malloc(1) array
 *  (_PyObject_Realloc of 0 bytes falls to _PyMem_RawMalloc; 3.12.1 Objects/obmalloc.c:1931-1960),
 *  which a later list_resize reallocates outside pymalloc. */
export function listResizeThrough(l: PyList, grown: number, allocated: number): void {
  if (grown !== allocated) rt.setListCapacity(l, grown);
  rt.setListCapacity(l, allocated);
}

/** PyObject_LengthHint(o, defaultvalue): len() of a sized object, else the iterator's
 *  __length_hint__, else the default (map, zip, filter, enumerate and generators have none) */
export function objectLengthHint(o: PyObject, def: number): number {
  if (o instanceof PyNativeIter) return o.lengthHint ? o.lengthHint() : def;
  if (o instanceof PyGen) return def;
  if (o.ob_type.flags.heap) {
    if (typeLookup(o.ob_type, '__len__')) return pyLen(o);
    const m = typeLookup(o.ob_type, '__length_hint__');
    if (!m) return def;
    const r = callObject(m, [o]);
    if (r === rt.NotImplemented) { decref(r); return def; }
    if (!(r instanceof PyInt)) {
      decref(r);
      throw rt.raise('TypeError', `'${typeName(r)}' object cannot be interpreted as an integer`);
    }
    const v = r.v;
    decref(r);
    if (v < 0) throw rt.raise('ValueError', '__length_hint__() should return >= 0');
    return v;
  }
  const special = rt.viewLen(o);
  if (special !== null) return special;
  return lengthHint(o);
}

/** whether an object has no tp_iter and is no sequence: the "Value after *" and "cannot unpack"
 *  messages replace a TypeError only then */
function notIterableType(o: PyObject): boolean {
  const t = o.ob_type;
  return !(t.flags.heap && (typeLookup(t, '__iter__') || typeLookup(t, '__getitem__')));
}

/** LIST_EXTEND of `[*x]`: from 3.9 a TypeError of an object that is not iterable becomes "Value
 *  after * must be an iterable, not X" (3.12.1 Python/bytecodes.c:1500-1508) */
export function listExtendStarred(l: PyList, v: PyObject): void {
  try {
    listExtend(l, v);
  } catch (e) {
    if (rt.profile.starredNotIterableMessage && e instanceof PyExc && e.exc.ob_type === rt.T.TypeError && notIterableType(v)) {
      let it: PyObject | null = null;
      try { it = getIter(v); } catch { /* not iterable: the message applies */ }
      if (it === null) throw rt.raise('TypeError', `Value after * must be an iterable, not ${v.ob_type.name}`);
      decref(it);
    }
    throw e;
  }
}

/** PyMapping_Keys would find a keys() */
export function hasKeysMethod(o: PyObject): boolean {
  const m = lookupMethod(o, 'keys');
  if (m) decref(m);
  return m !== null;
}

export function lengthHint(o: PyObject): number {
  if (o instanceof PyList || o instanceof PyTuple) return o.items.length;
  if (o instanceof PyStr) return o.len;
  if (o instanceof PyDict) return table(o).size;
  if (o instanceof PySet) return setTable(o).size;
  if (o instanceof PyRange) return o.length;
  if (o instanceof PyBytes) return o.b.length;
  if (o instanceof PyByteArray) return o.size;
  if (o instanceof PyRangeIter) return o.remaining;
  if (o instanceof PySeqIter && o.seq) {
    const s = o.seq;
    const n = s instanceof PyList || s instanceof PyTuple ? s.items.length : s instanceof PyStr ? s.len : 0;
    return Math.max(0, n - o.index);
  }
  if (o instanceof PyNativeIter && o.lengthHint) return o.lengthHint();
  return 0;
}

// ---------------------------------------------------------------------------------------------
// type lookup and attributes
// ---------------------------------------------------------------------------------------------

export function isSubtype(a: PyType, b: PyType): boolean {
  if (a === b) return true;
  const mro = a.mro;
  for (let i = 0; i < mro.length; i++) if (mro[i] === b) return true;
  return false;
}

export function isInstance(o: PyObject, t: PyType): boolean { return isSubtype(o.ob_type, t); }

/** _PyType_Lookup: the attribute of a type along its MRO (borrowed) */
export function typeLookup(t: PyType, name: string): PyObject | null {
  const cache = t.lookupCache;
  const c = cache.get(name);
  if (c !== undefined) return c;
  let r: PyObject | null = null;
  for (const k of t.mro) {
    const v = k.dict ? dictGetStr(k.dict, name) : undefined;
    if (v !== undefined) { r = v; break; }
  }
  cache.set(name, r);
  return r;
}

export function invalidateTypeCache(t: PyType): void {
  t.lookupCache.clear();
  for (const sub of rt.allHeapTypes) if (sub !== t && isSubtype(sub, t)) sub.lookupCache.clear();
}

function isDataDescriptor(d: PyObject): boolean {
  return d instanceof PyProperty || (d instanceof PyBuiltin && d.isGetSet === true) ||
    (d.ob_type.flags.heap && typeLookup(d.ob_type, '__set__') !== null);
}

/** bind a descriptor found on the type to an instance (tp_descr_get) */
export function descrGet(d: PyObject, obj: PyObject | null, owner: PyType): PyObject {
  if (d instanceof PyFunction) {
    if (obj === null) return incref(d);
    return newMethod(d, obj);
  }
  if (d instanceof PyBuiltin) {
    if (d.isGetSet) {
      if (obj === null) return incref(d);
      return d.fn([obj], null, null);
    }
    if (d.ownerType && d.isClassMethod) return newBuiltinMethod(d, owner);
    if (d.ownerType && obj !== null) return newBuiltinMethod(d, obj);
    return incref(d);
  }
  if (d instanceof PyDescr) {
    // getset_get (subtype_dict / subtype_getweakref) and member_get of a heap type's descriptors
    if (obj === null) return incref(d);
    if (d.slot === -1) {
      const r = specialAttr(obj, '__dict__');
      if (r === null) throw attributeError(obj, '__dict__');
      return r;
    }
    if (d.slot === -2) {
      const w = obj instanceof PyInstance && obj.weakrefs && obj.weakrefs.length ? obj.weakrefs[0] : rt.None;
      return incref(w);
    }
    const v = obj instanceof PyInstance && obj.slots ? obj.slots[d.slot] : null;
    if (!v) throw attributeError(obj, d.d_name.s);
    return incref(v);
  }
  if (d instanceof PyProperty) {
    if (obj === null) return incref(d);
    if (!d.fget) throw rt.raise('AttributeError', rt.profile.propertyNoGetterMessage ? `property of '${owner.name}' object has no getter` : "unreadable attribute");
    return callObject(d.fget, [obj]);
  }
  if (d instanceof PyWrapper) {
    if (d.ob_type === rt.T.staticmethod) return incref(d.func);
    if (d.ob_type === rt.T.classmethod) return newMethod(d.func, owner);
  }
  if (d.ob_type.flags.heap) {
    const get = typeLookup(d.ob_type, '__get__');
    if (get) return callObject(get, [d, obj ?? rt.None, owner]);
  }
  return incref(d);
}

export function newMethod(func: PyObject, self: PyObject): PyMethod {
  const m = new PyMethod(rt.T.method, func, self);
  func.ob_refcnt++;
  self.ob_refcnt++;
  rt.alloc(m, 16 + 48, 16);
  rt.gcTrack(m);
  return m;
}

export function newBuiltinMethod(d: PyBuiltin, self: PyObject): PyBuiltin {
  const m = new PyBuiltin(rt.T.builtin_function_or_method, d.name, d.fn, self, null);
  self.ob_refcnt++;
  rt.alloc(m, 16 + 56, 16);
  rt.gcTrack(m);
  return m;
}

/** the instance dict of an object, if it has one (created on demand) */
export function instanceDict(o: PyObject, create: boolean): PyDict | null {
  if (o instanceof PyInstance) {
    if (!o.ob_type.hasDict) return null;
    if (o.dict === null && create) o.dict = rt.newInstanceDict(o);
    return o.dict;
  }
  if (o instanceof PyFunction) {
    if (o.dict === null && create) { o.dict = rt.newDict(); }
    return o.dict as PyDict | null;
  }
  if (o instanceof PyType) return o.dict;
  if (o instanceof PyModule) return o.dict;
  return null;
}

/** PyObject_GetAttr (new reference) */
export function getAttr(o: PyObject, name: string): PyObject {
  const r = getAttrOrNull(o, name);
  if (r === null) throw attributeError(o, name);
  return r;
}

export function attributeError(o: PyObject, name: string): PyExc {
  // (an attribute CPython has and the simulator does not model: refused, not an AttributeError)
  refuseUnmodelledAttribute(o, name);
  if (o instanceof PyType || o instanceof PyModule) {
    const e = o instanceof PyType ? rt.raise('AttributeError', `type object '${o.name}' has no attribute '${name}'`)
      : rt.raise('AttributeError', `module '${o.name}' has no attribute '${name}'`);
    if (rt.profile.suggestions !== 'none') e.exc.suggest = { kind: 'attr', name, dir: () => rt.dirOf(o) };
    return e;
  }
  if (!rt.profile.unsetSlotMessageNamesType && o instanceof PyInstance && o.slots && o.ob_type.allSlots.includes(name)) {
    // an unset __slots__ member: PyMember_GetOne says only the name before 3.10
    // (3.9.18 Python/structmember.c:72; 3.10.13 :72-77 names the type)
    if (o.slots[o.ob_type.allSlots.indexOf(name)] === null) return rt.raise('AttributeError', name);
  }
  const e = rt.raise('AttributeError', `'${typeName(o)}' object has no attribute '${name}'`);
  if (rt.profile.suggestions !== 'none') e.exc.suggest = { kind: 'attr', name, dir: () => rt.dirOf(o) };
  return e;
}

export function getAttrOrNull(o: PyObject, name: string): PyObject | null {
  if (o instanceof PyType) return typeGetAttr(o, name);
  if (o instanceof PySuper) return superGetAttr(o, name);
  const t = o.ob_type;
  // __getattribute__ overrides are not modelled; __getattr__ is a fallback
  const d = typeLookup(t, name);
  if (d !== null && isDataDescriptor(d)) return descrGet(d, o, t);
  const special = specialAttr(o, name);
  if (special !== null) return special;
  if (o instanceof PyInstance) {
    if (t.hasDict) {
      const v = instanceAttr(o, name);
      if (v !== undefined) return incref(v);
    }
    if (o.slots) {
      const idx = t.allSlots.indexOf(name);
      if (idx >= 0) {
        const v = o.slots[idx];
        if (v === null) return null;
        return incref(v);
      }
    }
  } else {
    const dict = instanceDict(o, false);
    if (dict !== null) {
      const v = dictGetStr(dict, name);
      if (v !== undefined) return incref(v);
    }
  }
  if (d !== null) return descrGet(d, o, t);
  if (t.flags.heap) {
    const ga = typeLookup(t, '__getattr__');
    if (ga) {
      try {
        return callObject(ga, [o, rt.newStrTemp(name)]);
      } catch (e) {
        if (e instanceof PyExc && isInstance(e.exc, rt.T.AttributeError)) return null;
        throw e;
      }
    }
  }
  return null;
}

/** attributes that CPython implements as member/getset descriptors of built-in types */
function specialAttr(o: PyObject, name: string): PyObject | null {
  switch (name) {
    case '__class__': return incref(o.ob_type);
    case '__dict__': {
      const d = instanceDict(o, true);
      if (d) {
        if (o instanceof PyInstance) rt.materializeInstanceDict(o);
        return incref(d);
      }
      return null;
    }
    case '__objclass__':
      if (o instanceof PyDescr) return incref(o.d_type);
      return null;
    case '__name__':
      if (o instanceof PyDescr) return incref(o.d_name);
      if (o instanceof PyFunction) return incref(o.name);
      if (o instanceof PyBuiltin) return rt.newStr(o.name);
      if (o instanceof PyModule) return rt.newStr(o.name);
      if (o instanceof PyGen) return incref(o.name);
      return null;
    case '__qualname__':
      if (o instanceof PyFunction) return incref(o.qualname);
      if (o instanceof PyGen) return incref(o.qualname);
      return null;
    case '__doc__':
      if (o instanceof PyFunction) { const c = o.code.consts[0]; return incref(c instanceof PyStr ? c : rt.None); }
      return null;
    case '__self__':
      if (o instanceof PyMethod) return incref(o.self);
      if (o instanceof PyBuiltin) return incref(o.self ?? rt.None);
      return null;
    case '__func__':
      if (o instanceof PyMethod) return incref(o.func);
      return null;
    case '__code__':
      if (o instanceof PyFunction) return incref(codeObject(o.code));
      return null;
    case '__defaults__':
      if (o instanceof PyFunction) return incref(o.defaults ?? rt.None);
      return null;
    case '__kwdefaults__':
      if (o instanceof PyFunction) return incref(o.kwdefaults ?? rt.None);
      return null;
    case '__closure__':
      if (o instanceof PyFunction) return incref(o.closure ?? rt.None);
      return null;
    case '__module__':
      if (o instanceof PyFunction) { const m = dictGetStr(o.globals as PyDict, '__name__'); return incref(m ?? rt.None); }
      return null;
    case 'args':
      if (o instanceof PyBaseException) return incref(o.args);
      return null;
    case 'value':
      // StopIteration.value (Objects/exceptions.c StopIteration_init: the first argument, or None)
      if (o instanceof PyBaseException && isInstance(o, rt.T.StopIteration)) return incref((o.args as PyTuple).items[0] ?? rt.None);
      return null;
    case 'encoding': case 'object': case 'end': case 'reason':
      return unicodeErrorMember(o, name);
    case 'code':
      // PySystemExitObject.code (SystemExit_init): None, the one argument, or the argument tuple
      if (o instanceof PyBaseException && isInstance(o, rt.T.SystemExit)) {
        const set = instanceAttr(o, 'code');
        if (set !== undefined) return incref(set);
        const a = o.args.items;
        return incref(a.length === 0 ? rt.None : a.length === 1 ? a[0] : o.args);
      }
      return null;
    case '__cause__':
      if (o instanceof PyBaseException) return incref(o.cause ?? rt.None);
      return null;
    case '__context__':
      if (o instanceof PyBaseException) return incref(o.context ?? rt.None);
      return null;
    case '__traceback__':
      if (o instanceof PyBaseException) return incref(rt.None);
      return null;
    case 'real':
      if (o instanceof PyInt) return o.ob_type === rt.T.bool ? rt.newInt(o.v) : incref(o);
      if (o instanceof PyFloat) return incref(o);
      if (o instanceof PyComplex) return rt.newFloat(o.re);
      return null;
    case 'imag':
      if (o instanceof PyInt) return rt.newInt(0);
      if (o instanceof PyFloat) return rt.newFloat(0);
      if (o instanceof PyComplex) return rt.newFloat(o.im);
      return null;
    case 'start': case 'stop': case 'step':
      if (o instanceof PyRange) return incref(o[name]);
      if (o instanceof PySlice) return incref(o[name]);
      return name === 'start' ? unicodeErrorMember(o, name) : null;
    case 'cell_contents':
      if (o instanceof PyCell) {
        if (o.ref === null) throw rt.raise('ValueError', 'Cell is empty');
        return incref(o.ref);
      }
      return null;
    case 'co_argcount': case 'co_varnames': case 'co_name': case 'co_names': case 'co_nlocals': case 'co_flags':
    case 'co_freevars': case 'co_cellvars': case 'co_filename': case 'co_firstlineno': case 'co_stacksize':
    case 'co_posonlyargcount': case 'co_kwonlyargcount': case 'co_qualname': case 'co_consts':
      if (o.ob_type === rt.T.code) return codeAttr(rt.codeOf(o), name);
      return null;
    case 'gi_frame':
      if (o instanceof PyGen) return incref(rt.None);
      return null;
    case 'gi_running':
      if (o instanceof PyGen) return incref(o.running ? rt.True : rt.False);
      return null;
  }
  return null;
}

function typeGetAttr(t: PyType, name: string): PyObject | null {
  // the metatype's data descriptors first
  switch (name) {
    case '__name__': return rt.newStr(t.name);
    case '__qualname__': return rt.newStr(t.qualname);
    // a heap type's tp_mro / tp_bases themselves (type_mro / type_get_bases)
    case '__mro__': return t.tp_mro ? incref(t.tp_mro) : rt.newTuple(t.mro.map((x) => incref(x)));
    case '__bases__': return t.tp_bases ? incref(t.tp_bases) : rt.newTuple(t.bases.map((x) => incref(x)));
    case '__base__': return incref(t.tp_base ?? t.bases[0] ?? rt.None);
    case '__class__': return incref(t.ob_type);
    case '__dict__': return rt.mappingProxy(t);
    case '__module__': {
      const m = t.dict ? dictGetStr(t.dict, '__module__') : undefined;
      return m ? incref(m) : rt.newStr(t.module);
    }
    case '__doc__': {
      const m = t.dict ? dictGetStr(t.dict, '__doc__') : undefined;
      return incref(m ?? rt.None);
    }
  }
  const d = typeLookup(t, name);
  if (d !== null) {
    if (d instanceof PyFunction) return incref(d);
    return descrGet(d, null, t);
  }
  const md = typeLookup(t.ob_type, name);
  if (md !== null) return descrGet(md, t, t.ob_type);
  return null;
}

function superGetAttr(s: PySuper, name: string): PyObject | null {
  const objType = s.objType!;
  const mro = objType.mro;
  let i = mro.indexOf(s.thisType);
  for (i = i + 1; i < mro.length; i++) {
    const k = mro[i];
    const v = k.dict ? dictGetStr(k.dict, name) : undefined;
    if (v !== undefined) {
      const self = s.obj === objType ? null : s.obj;
      if (v instanceof PyWrapper && v.ob_type === rt.T.classmethod) return newMethod(v.func, objType);
      return descrGet(v, self, objType);
    }
  }
  if (name === '__class__') return incref(s.ob_type);
  return null;
}

/** LOAD_METHOD: the unbound function if `o.name` would be a plain method binding, else null */
export function lookupMethod(o: PyObject, name: string): PyObject | null {
  if (o instanceof PyType || o instanceof PyModule || o instanceof PySuper) return null;
  const t = o.ob_type;
  const d = typeLookup(t, name);
  if (d === null) return null;
  if (!(d instanceof PyFunction) && !(d instanceof PyBuiltin && d.ownerType && !d.isGetSet && !d.isClassMethod)) return null;
  if (t.flags.heap && o instanceof PyInstance && t.hasDict && instanceAttr(o, name) !== undefined) return null;
  return incref(d);
}

export function setAttr(o: PyObject, name: string, v: PyObject): void {
  if (o instanceof PyType) {
    if (!o.flags.heap) {
      throw rt.raise('TypeError', rt.profile.builtinTypeSetattrMessage.replace('%s', o.name).replace('%n', name));
    }
    dictSetStrSteal(o.dict!, name, incref(v));
    invalidateTypeCache(o);
    return;
  }
  const t = o.ob_type;
  const d = typeLookup(t, name);
  if (d !== null) {
    if (d instanceof PyProperty) {
      if (!d.fset) throw rt.raise('AttributeError', rt.profile.propertyNoSetterMessage.replace('%t', t.name).replace('%n', name));
      decref(callObject(d.fset, [o, v]));
      return;
    }
    if (d.ob_type.flags.heap) {
      const set = typeLookup(d.ob_type, '__set__');
      if (set) { decref(callObject(set, [d, o, v])); return; }
    }
  }
  if (t.flags.heap) {
    const sa = typeLookup(t, '__setattr__');
    if (sa && sa !== rt.objectSetattr) { decref(callObject(sa, [o, rt.newStrTemp(name), v])); return; }
  }
  if (name === 'args' && o instanceof PyBaseException) {
    // BaseException_set_args (Objects/exceptions.c): the args become tuple(value)
    const items = toArray(v);
    const old = o.args;
    o.args = rt.newTuple(items);
    decref(old);
    return;
  }
  genericSetAttr(o, name, v);
}

export function genericSetAttr(o: PyObject, name: string, v: PyObject): void {
  const t = o.ob_type;
  if (o instanceof PyInstance) {
    if (o.slots) {
      const idx = t.allSlots.indexOf(name);
      if (idx >= 0) {
        const old = o.slots[idx];
        o.slots[idx] = incref(v);
        if (old) decref(old);
        return;
      }
    }
    if (t.hasDict) { rt.instanceSetAttr(o, name, v); return; }
  } else if (o instanceof PyFunction || o instanceof PyModule) {
    const dict = instanceDict(o, true)!;
    dictSetStrSteal(dict, name, incref(v));
    return;
  }
  if (typeLookup(t, name) !== null && !(o instanceof PyInstance)) {
    throw rt.raise('AttributeError', rt.profile.readonlyAttrMessage.replace('%t', t.name).replace('%n', name));
  }
  if (o instanceof PyInstance && t.flags.heap) {
    throw rt.raise('AttributeError', rt.profile.noSetAttrMessage.replace('%t', t.name).replace('%n', name));
  }
  throw rt.raise('AttributeError', rt.profile.noSetAttrMessage.replace('%t', t.name).replace('%n', name));
}

export function delAttr(o: PyObject, name: string): void {
  if (o instanceof PyType && o.flags.heap) {
    if (!dictDelStr(o.dict!, name)) throw rt.raise('AttributeError', `type object '${o.name}' has no attribute '${name}'`);
    invalidateTypeCache(o);
    return;
  }
  const t = o.ob_type;
  const d = typeLookup(t, name);
  if (d instanceof PyProperty) {
    if (!d.fdel) throw rt.raise('AttributeError', rt.profile.propertyNoDeleterMessage.replace('%t', t.name).replace('%n', name));
    decref(callObject(d.fdel, [o]));
    return;
  }
  if (o instanceof PyInstance) {
    if (o.slots) {
      const idx = t.allSlots.indexOf(name);
      if (idx >= 0) {
        const old = o.slots[idx];
        if (!old) throw rt.raise('AttributeError', name);
        o.slots[idx] = null;
        decref(old);
        return;
      }
    }
    if (t.hasDict && rt.instanceDelAttr(o, name)) return;
  } else {
    const dict = instanceDict(o, false);
    if (dict && dictDelStr(dict, name)) return;
  }
  throw attributeError(o, name);
}

// ---------------------------------------------------------------------------------------------
// calls
// ---------------------------------------------------------------------------------------------

/** call with a plain argument array (borrowed); result is a new reference */
export function callObject(c: PyObject, args: PyObject[], kwnames: string[] | null = null): PyObject {
  return callNative(c, args, 0, args.length, kwnames);
}

export function callMethod(o: PyObject, name: string, args: PyObject[]): PyObject {
  const m = getAttr(o, name);
  try { return callObject(m, args); } finally { decref(m); }
}

/** call `c` with args[start..start+n) (borrowed; the last kwnames.length are keyword values) */
export function callNative(c: PyObject, args: (PyObject | null)[], start: number, n: number, kwnames: string[] | null): PyObject {
  const a = start === 0 && n === args.length ? (args as PyObject[]) : (args.slice(start, start + n) as PyObject[]);
  if (c instanceof PyBuiltin) {
    if (c.self !== null) return c.fn(a, kwnames, c.self);
    if (c.ownerType) {
      // an unbound method descriptor: the first argument is self
      if (a.length === 0) throw rt.raise('TypeError', `unbound method ${c.ownerType.name}.${c.name}() needs an argument`);
      if (!isInstance(a[0], c.ownerType)) {
        throw rt.raise('TypeError', `descriptor '${c.name}' for '${c.ownerType.name}' objects doesn't apply to a '${typeName(a[0])}' object`);
      }
      return c.fn(a.slice(1), kwnames, a[0]);
    }
    return c.fn(a, kwnames, null);
  }
  if (c instanceof PyFunction) return callFunction(c, a, kwnames);
  if (c instanceof PyMethod) return callNative(c.func, [c.self, ...a], 0, a.length + 1, kwnames);
  if (c instanceof PyType) return callType(c, a, kwnames);
  const call = typeLookup(c.ob_type, '__call__');
  if (call) return callNative(call, [c, ...a], 0, a.length + 1, kwnames);
  throw rt.raise('TypeError', `'${typeName(c)}' object is not callable`);
}

export function callWithArgsKwargs(c: PyObject, args: PyTuple, kw: PyDict | null): PyObject {
  const a = args.items.slice();
  let names: string[] | null = null;
  if (kw && table(kw).size) {
    names = [];
    for (const [k, v] of dictItems(kw)) {
      if (!(k instanceof PyStr)) throw rt.raise('TypeError', 'keywords must be strings');
      names.push(k.s);
      a.push(v);
    }
  }
  return callNative(c, a, 0, a.length, names);
}

/** type.__call__: tp_new then tp_init */
export function callType(t: PyType, args: PyObject[], kwnames: string[] | null): PyObject {
  if (t === rt.T.type && args.length === 1 && !kwnames) return incref(args[0].ob_type);
  if (t.newFn && !t.flags.heap) {
    const npos = args.length - (kwnames ? kwnames.length : 0);
    const tt = rt.profile.argsTupleTypes;
    if (npos > 0 && (tt[0] === '*' || tt.includes(t.name))) {
      // type_call through tp_call: the positional arguments are packed in a tuple
      const items = new Array<PyObject>(npos);
      for (let i = 0; i < npos; i++) items[i] = incref(args[i]);
      decref(rt.newTuple(items, false));
    }
    return t.newFn(args, kwnames, t);
  }
  const inst = constructInstance(t, args, 0, args.length, kwnames);
  if (inst.frame) {
    inst.frame.initSelf = inst.obj;
    const r = runInitFrame(inst.frame);
    return r;
  }
  return inst.obj;
}

function runInitFrame(f: Frame): PyObject {
  const self = f.initSelf!;
  f.initSelf = null;
  f.back = rt.frame;
  f.entry = true;
  let r: PyObject;
  let units = 0;
  try {
    // slot_tp_init calls __init__: a run of the eval loop (3.12+: its C stack units)
    units = enterEvalFrame();
    if (++rt.recursionDepth > rt.frameDepthLimit) {
      rt.recursionDepth--;
      throw frameDepthExceeded(rt);
    }
    rt.frame = f;
    r = execute(f);
  } catch (e) {
    decref(self);
    throw e;
  } finally {
    rt.cRecursionDepth -= units;
  }
  if (r !== rt.None) {
    decref(r);
    decref(self);
    throw rt.raise('TypeError', `__init__() should return None, not '${typeName(r)}'`);
  }
  decref(r);
  return self;
}

/** object.__new__ (or the solid base's constructor) for a heap type, and the __init__ frame to run */
export function constructInstance(
  t: PyType, args: (PyObject | null)[], start: number, n: number, kwnames: string[] | null,
): { obj: PyObject; frame: Frame | null } {
  const a = args.slice(start, start + n) as PyObject[];
  const newOverride = typeLookup(t, '__new__');
  let obj: PyObject;
  if (newOverride && newOverride instanceof PyWrapper) {
    obj = callObject(newOverride.func, [t, ...a], kwnames);
    if (!isInstance(obj, t)) return { obj, frame: null };
  } else if (newOverride instanceof PyFunction) {
    obj = callObject(newOverride, [t, ...a], kwnames);
    if (!isInstance(obj, t)) return { obj, frame: null };
  } else {
    obj = rt.newInstance(t, a, kwnames);
  }
  const init = typeLookup(t, '__init__');
  if (init instanceof PyFunction) {
    const all = [obj, ...a];
    const f = makeFrame(init, all, 0, all.length, kwnames, false);
    return { obj, frame: f };
  }
  if (init && init !== rt.objectInit && !(init instanceof PyBuiltin && init.ownerType && init.ownerType === t.solidBase)) {
    decref(callObject(init, [obj, ...a], kwnames));
  } else if ((a.length || kwnames) && (!newOverride || newOverride === rt.objectNew) && init === rt.objectInit) {
    decref(obj);
    throw rt.raise('TypeError', rt.profile.objectTakesNoArgsMessage.replace('%s', t.name));
  }
  return { obj, frame: null };
}

// ---------------------------------------------------------------------------------------------
// numbers
// ---------------------------------------------------------------------------------------------

const NB_NAMES = ['__add__', '__and__', '__floordiv__', '__lshift__', '__matmul__', '__mul__', '__mod__', '__or__', '__pow__', '__rshift__', '__sub__', '__truediv__', '__xor__'];
const NB_SYMBOLS = ['+', '&', '//', '<<', '@', '*', '%', '|', '** or pow()', '>>', '-', '/', '^'];
const NB_ISYMBOLS = ['+=', '&=', '//=', '<<=', '@=', '*=', '%=', '|=', '**=', '>>=', '-=', '/=', '^='];

export function intValue(o: PyInt): bigint { return o.big ?? BigInt(o.v); }

export function intFromBig(b: bigint): PyInt { return rt.newIntBig(b); }

/** int op int, both small */
export function intBinOp(op: number, a: PyInt, b: PyInt): PyObject {
  const x = a.v, y = b.v;
  let r: number;
  switch (op) {
    case 0: r = x + y; break;
    case 10: r = x - y; break;
    case 5: r = x * y; if (!Number.isSafeInteger(r)) return intFromBig(BigInt(x) * BigInt(y)); break;
    case 2: // floordiv
      if (y === 0) throw rt.raise('ZeroDivisionError', rt.profile.intFloorDivZeroMessage);
      r = Math.floor(x / y);
      if (!Number.isSafeInteger(r) || Math.abs(x) > 2 ** 52) return intFromBig(bigFloorDiv(BigInt(x), BigInt(y)));
      break;
    case 6: { // mod
      if (y === 0) throw rt.raise('ZeroDivisionError', rt.profile.intModZeroMessage);
      const self = remainderIsDividend(a, b);
      if (self) return self;
      r = x % y;
      if (r !== 0 && (r < 0) !== (y < 0)) r += y;
      break;
    }
    case 11: // truediv
      if (y === 0) throw rt.raise('ZeroDivisionError', 'division by zero');
      return rt.newFloat(Number.isSafeInteger(x) && Number.isSafeInteger(y) ? x / y : trueDivInt(BigInt(x), BigInt(y)));
    case 1: case 7: case 12:
      if (a.ob_type === rt.T.bool && b.ob_type === rt.T.bool) {
        // bool_and / bool_or / bool_xor keep the bool type
        return incref((op === 1 ? x & y : op === 7 ? x | y : x ^ y) ? rt.True : rt.False);
      }
      if (Math.abs(x) < 2 ** 31 && Math.abs(y) < 2 ** 31) r = op === 1 ? x & y : op === 7 ? x | y : x ^ y;
      else r = Number(op === 1 ? BigInt(x) & BigInt(y) : op === 7 ? BigInt(x) | BigInt(y) : BigInt(x) ^ BigInt(y));
      break;
    default:
      return bigBinOp(op, BigInt(x), BigInt(y), a, b);
  }
  if (!Number.isSafeInteger(r)) return intFromBig(BigInt(x) + (op === 10 ? -BigInt(y) : BigInt(y)));
  return rt.newInt(r);
}

/** Py_SIZE of an int's absolute value in 30-bit digits, and its most significant digit */
function digitsOf(o: PyInt): [number, number] {
  if (o.big === null) {
    let t = Math.abs(o.v), n = 0, top = 0;
    while (t > 0) { top = t % 2 ** 30; t = Math.floor(t / 2 ** 30); n++; }
    return [n, top];
  }
  let t = o.big < 0n ? -o.big : o.big, n = 0, top = 0n;
  while (t > 0n) { top = t & 0x3fffffffn; t >>= 30n; n++; }
  return [n, Number(top)];
}

/** a % b where long_rem finds |a| < |b| from the digits alone (fewer digits, or a smaller top
 *  digit) and no sign correction follows: the remainder is a itself, long_long(a), the same
 *  object for an exact int; single-digit operands take fast_mod instead (3.12.1
 *  Objects/longobject.c:2907-2925 long_rem, 4144-4170 l_mod; the same from 3.8). null when a new int is made. */
function remainderIsDividend(a: PyInt, b: PyInt): PyObject | null {
  if (a.ob_type !== rt.T.int) return null;
  const [da, ta] = digitsOf(a);
  const [db, tb] = digitsOf(b);
  if (da === 1 && db === 1) return null;
  if (!(da < db || (da === db && ta < tb))) return null;
  const sa = a.big === null ? Math.sign(a.v) : a.big < 0n ? -1 : a.big > 0n ? 1 : 0;
  const sb = b.big === null ? Math.sign(b.v) : b.big < 0n ? -1 : 1;
  if (sa !== 0 && sa !== sb) return null;
  return incref(a);
}

function bigFloorDiv(a: bigint, b: bigint): bigint {
  let q = a / b;
  if ((a % b !== 0n) && ((a < 0n) !== (b < 0n))) q -= 1n;
  return q;
}

function bigMod(a: bigint, b: bigint): bigint {
  let m = a % b;
  if (m !== 0n && ((m < 0n) !== (b < 0n))) m += b;
  return m;
}

/** long_true_divide (longdiv.ts) */
function trueDivInt(a: bigint, b: bigint): number {
  const r = longTrueDivide(a, b);
  if (r === null) throw rt.raise('OverflowError', 'integer division result too large for a float');
  return r;
}

/** the bits of |x| */
function bitLength(x: bigint): bigint {
  return BigInt((x < 0n ? -x : x).toString(2).length);
}

/** ints the simulator computes: beyond, a line that makes one is refused (JavaScript's BigInt
 *  takes seconds past this size; CPython itself takes about a second for 2**(2**25) and more) */
export const ENGINE_INT_BITS = 2n ** 25n;

/** A result of about `bits` bits is to be made (long_pow, long_lshift): _PyLong_New refuses more
 *  than MAX_LONG_DIGITS 30-bit digits with OverflowError (3.12.1 Objects/longobject.c:137-148),
 *  an allocation past the memory limit is a MemoryError as under a ulimit, and a result the
 *  simulator does not compute is refused. */
function guardIntBits(bits: bigint): void {
  const ndigits = (bits + 29n) / 30n;
  if (ndigits > (2n ** 63n - 1n - 24n) / 4n) throw rt.raise('OverflowError', 'too many digits in integer');
  if (rt.heap.wouldFail(Number(24n + 4n * ndigits))) throw rt.noMemory();
  if (bits > ENGINE_INT_BITS) {
    throw new UnsupportedError(`an int of more than ${ENGINE_INT_BITS.toLocaleString('en-US')} bits`, rt.frame ? rt.frame.lineno : 0);
  }
}

function bigBinOp(op: number, x: bigint, y: bigint, a: PyInt, b: PyInt): PyObject {
  switch (op) {
    case 0: return intFromBig(x + y);
    case 10: return intFromBig(x - y);
    case 5: return intFromBig(x * y);
    case 2:
      if (y === 0n) throw rt.raise('ZeroDivisionError', rt.profile.intFloorDivZeroMessage);
      return intFromBig(bigFloorDiv(x, y));
    case 6: {
      if (y === 0n) throw rt.raise('ZeroDivisionError', rt.profile.intModZeroMessage);
      const self = remainderIsDividend(a, b);
      if (self) return self;
      return intFromBig(bigMod(x, y));
    }
    case 11:
      if (y === 0n) throw rt.raise('ZeroDivisionError', 'division by zero');
      return rt.newFloat(trueDivInt(x, y));
    case 1: return intFromBig(x & y);
    case 7: return intFromBig(x | y);
    case 12: return intFromBig(x ^ y);
    case 3:
      if (y < 0n) throw rt.raise('ValueError', 'negative shift count');
      if (x !== 0n) guardIntBits(bitLength(x) + y);
      return intFromBig(x << y);
    case 9:
      if (y < 0n) throw rt.raise('ValueError', 'negative shift count');
      return intFromBig(x >> y);
    case 8:
      if (y < 0n) {
        if (x === 0n) throw rt.raise('ZeroDivisionError', rt.profile.zeroNegativePowerMessage);
        // long_pow hands a negative exponent to float_pow (Objects/longobject.c)
        const fx = Number(x);
        const fy = Number(y);
        if (!Number.isFinite(fx) || !Number.isFinite(fy)) throw rt.raise('OverflowError', 'int too large to convert to float');
        return floatOp(8, fx, fy);
      }
      if (!(x === 0n || x === 1n || x === -1n)) guardIntBits((bitLength(x) - 1n) * y + 1n);
      return intFromBig(x ** y);
    case 4: break;
  }
  void a; void b;
  return rt.NotImplemented;
}

function toFloat(o: PyObject): number | null {
  if (o instanceof PyFloat) return o.v;
  if (o instanceof PyInt) {
    if (o.big === null) return o.v;
    const f = Number(o.big);
    if (!Number.isFinite(f)) throw rt.raise('OverflowError', 'int too large to convert to float');
    return f;
  }
  return null;
}

function floatOp(op: number, x: number, y: number): PyObject {
  switch (op) {
    case 0: return rt.newFloat(x + y);
    case 10: return rt.newFloat(x - y);
    case 5: return rt.newFloat(x * y);
    case 11:
      if (y === 0) throw rt.raise('ZeroDivisionError', rt.profile.floatDivZeroMessage);
      return rt.newFloat(x / y);
    case 2: {
      if (y === 0) throw rt.raise('ZeroDivisionError', rt.profile.floatFloorDivZeroMessage);
      return rt.newFloat(floatDivmod(x, y)[0]);
    }
    case 6: {
      if (y === 0) throw rt.raise('ZeroDivisionError', rt.profile.floatModZeroMessage);
      return rt.newFloat(floatRem(x, y));
    }
    case 8: {
      const r = floatPow(x, y);
      if (r === 'zerodiv') throw rt.raise('ZeroDivisionError', rt.profile.floatZeroNegativePowerMessage);
      if (r === 'complex') return complexPow(x, 0, y, 0);
      if (r === 'overflow') throw rt.raise('OverflowError', '(34, \'Numerical result out of range\')');
      return rt.newFloat(r);
    }
  }
  return rt.NotImplemented;
}

/** c_powu / c_powi: integral exponents up to 100 by repeated multiplication (complex_pow) */
function cPowu(xr: number, xi: number, n: number): [number, number] {
  let rr = 1, ri = 0, pr = xr, pi = xi;
  let mask = 1;
  while (mask > 0 && n >= mask) {
    if (n & mask) { const t = rr * pr - ri * pi; ri = rr * pi + ri * pr; rr = t; }
    mask <<= 1;
    const t = pr * pr - pi * pi; pi = pr * pi + pi * pr; pr = t;
  }
  return [rr, ri];
}

/** complex_pow: c_powi for small integral exponents, else _Py_c_pow; a result with an infinite
 *  part is an OverflowError (_Py_ADJUST_ERANGE2 sets ERANGE; 3.12.1 Objects/complexobject.c:527-537) */
function complexPow(ar: number, ai: number, br: number, bi: number): PyComplex {
  const c = complexPowValue(ar, ai, br, bi);
  if (Math.abs(c.re) === Infinity || Math.abs(c.im) === Infinity) {
    if (c.allocSize) decref(c);
    throw rt.raise('OverflowError', 'complex exponentiation');
  }
  return c;
}

function complexPowValue(ar: number, ai: number, br: number, bi: number): PyComplex {
  if (bi === 0 && br === Math.floor(br) && Math.abs(br) <= 100) {
    const n = br;
    if (n >= 0) { const [r, i] = cPowu(ar, ai, n); return newComplex(r, i); }
    const [r, i] = cPowu(ar, ai, -n);
    if (r === 0 && i === 0) throw rt.raise('ZeroDivisionError', rt.profile.complexZeroPowerMessage);
    const c = complexOp(11, newComplexTemp(1, 0), newComplexTemp(r, i));
    return c as PyComplex;
  }
  if (br === 0 && bi === 0) return newComplex(1, 0);
  if (ar === 0 && ai === 0) {
    if (bi !== 0 || br < 0) throw rt.raise('ZeroDivisionError', rt.profile.complexZeroPowerMessage);
    return newComplex(0, 0);
  }
  const vabs = Math.hypot(ar, ai);
  let len = Math.pow(vabs, br);
  const at = Math.atan2(ai, ar);
  let phase = at * br;
  if (bi !== 0) { len /= Math.exp(at * bi); phase += bi * Math.log(vabs); }
  return newComplex(len * Math.cos(phase), len * Math.sin(phase));
}

function newComplexTemp(re: number, im: number): PyComplex {
  return new PyComplex(rt.T.complex, re, im);
}

export function newComplex(re: number, im: number): PyComplex {
  const c = new PyComplex(rt.T.complex, re, im);
  rt.alloc(c, 32, 0);
  return c;
}

function complexOp(op: number, a: PyObject, b: PyObject): PyObject {
  const [ar, ai] = toComplexParts(a)!;
  const [br, bi] = toComplexParts(b)!;
  switch (op) {
    case 0: return newComplex(ar + br, ai + bi);
    case 10: return newComplex(ar - br, ai - bi);
    case 5: return newComplex(ar * br - ai * bi, ar * bi + ai * br);
    case 11: {
      if (br === 0 && bi === 0) throw rt.raise('ZeroDivisionError', rt.profile.complexDivZeroMessage);
      // _Py_c_quot
      const abs_br = Math.abs(br), abs_bi = Math.abs(bi);
      if (abs_br >= abs_bi) {
        const ratio = bi / br;
        const denom = br + bi * ratio;
        return newComplex((ar + ai * ratio) / denom, (ai - ar * ratio) / denom);
      }
      const ratio = br / bi;
      const denom = br * ratio + bi;
      return newComplex((ar * ratio + ai) / denom, (ai * ratio - ar) / denom);
    }
    case 8: return complexPow(ar, ai, br, bi);
  }
  return rt.NotImplemented;
}

function toComplexParts(o: PyObject): [number, number] | null {
  if (o instanceof PyComplex) return [o.re, o.im];
  const f = toFloat(o);
  return f === null ? null : [f, 0];
}

/** the built-in part of a binary operation, or NotImplemented (borrowed; new ref result) */
function builtinBinOp(op: number, a: PyObject, b: PyObject): PyObject {
  const T = rt.T;
  if (a instanceof PyInt && b instanceof PyInt) {
    if ((op === 1 || op === 7 || op === 12) && a.ob_type === T.bool && b.ob_type === T.bool) {
      // bool_and / bool_or / bool_xor
      const r = op === 1 ? a.v & b.v : op === 7 ? a.v | b.v : a.v ^ b.v;
      return incref(r ? rt.True : rt.False);
    }
    if (a.big === null && b.big === null && op !== 3 && op !== 9 && op !== 8) return intBinOp(op, a, b);
    return bigBinOp(op, intValue(a), intValue(b), a, b);
  }
  if ((a instanceof PyFloat || a instanceof PyInt) && (b instanceof PyFloat || b instanceof PyInt)) {
    const r = floatOp(op, toFloat(a)!, toFloat(b)!);
    if (r !== rt.NotImplemented) return r;
    return incref(rt.NotImplemented);
  }
  if ((a instanceof PyComplex || a instanceof PyFloat || a instanceof PyInt) && (b instanceof PyComplex || b instanceof PyFloat || b instanceof PyInt)) {
    const r = complexOp(op, a, b);
    if (r !== rt.NotImplemented) return r;
    return incref(rt.NotImplemented);
  }
  const seq = rt.seqBinOp(op, a, b);
  if (seq !== null) return seq;
  void T;
  return incref(rt.NotImplemented);
}

/** binary_op1 with reflected operands, and the in-place variants (x op= y) */
export function binaryOp(op: number, a: PyObject, b: PyObject, inplace: boolean): PyObject {
  const ta = a.ob_type, tb = b.ob_type;
  if (inplace) {
    const r = rt.inplaceOp(op, a, b);
    if (r !== null) return r;
    if (ta.flags.heap) {
      const m = typeLookup(ta, '__i' + NB_NAMES[op].slice(2));
      if (m) {
        const r2 = callObject(m, [a, b]);
        if (r2 !== rt.NotImplemented) return r2;
        decref(r2);
      }
    }
  }
  const userA = ta.flags.heap ? typeLookup(ta, NB_NAMES[op]) : null;
  const rname = '__r' + NB_NAMES[op].slice(2);
  const userB = tb !== ta && tb.flags.heap ? typeLookup(tb, rname) : null;
  // a subclass's reflected method goes first
  if (userB && isSubtype(tb, ta)) {
    const r = callObject(userB, [b, a]);
    if (r !== rt.NotImplemented) return r;
    decref(r);
  }
  if (userA) {
    const r = callObject(userA, [a, b]);
    if (r !== rt.NotImplemented) return r;
    decref(r);
  } else {
    const r = builtinBinOp(op, a, b);
    if (r !== rt.NotImplemented) return r;
    decref(r);
  }
  if (userB && !isSubtype(tb, ta)) {
    const r = callObject(userB, [b, a]);
    if (r !== rt.NotImplemented) return r;
    decref(r);
  } else if (!userB && ta !== tb && userA) {
    const r = builtinBinOp(op, a, b);
    if (r !== rt.NotImplemented) return r;
    decref(r);
  }
  if (op === 5 || op === 0) {
    // sequence repeat / concat messages
    if (op === 5 && (isSequence(a) || isSequence(b)) && !(a instanceof PyInt || b instanceof PyInt)) {
      const other = isSequence(a) ? b : a;
      throw rt.raise('TypeError', `can't multiply sequence by non-int of type '${typeName(other)}'`);
    }
    if (op === 0 && a instanceof PyStr && !(b instanceof PyStr)) {
      throw rt.raise('TypeError', rt.profile.strConcatMessage.replace('%s', typeName(b)));
    }
    if (op === 0 && a instanceof PyList && !(b instanceof PyList)) {
      throw rt.raise('TypeError', `can only concatenate list (not "${typeName(b)}") to list`);
    }
    if (op === 0 && a instanceof PyTuple && !(b instanceof PyTuple)) {
      throw rt.raise('TypeError', `can only concatenate tuple (not "${typeName(b)}") to tuple`);
    }
    if (op === 0 && (a instanceof PyBytes || a instanceof PyByteArray)) {
      // bytes_concat / bytearray_concat, the sq_concat slot (3.12.1 Objects/bytesobject.c:1417)
      throw rt.raise('TypeError', `can't concat ${typeName(b)} to ${a.ob_type.name}`);
    }
  }
  const sym = inplace ? NB_ISYMBOLS[op] : NB_SYMBOLS[op];
  throw rt.raise('TypeError', `unsupported operand type(s) for ${sym}: '${ta.name}' and '${tb.name}'`);
}

function isSequence(o: PyObject): boolean {
  return o instanceof PyStr || o instanceof PyList || o instanceof PyTuple || o instanceof PyBytes || o instanceof PyByteArray;
}

export function unaryOp(op: Op, a: PyObject): PyObject {
  if (a instanceof PyInt) {
    if (op === Op.UNARY_NEGATIVE) return a.big === null ? rt.newInt(-a.v) : intFromBig(-a.big);
    if (op === Op.UNARY_POSITIVE) return a.ob_type === rt.T.bool ? rt.newInt(a.v) : incref(a);
    if (op === Op.UNARY_INVERT) return a.big === null ? rt.newInt(-a.v - 1) : intFromBig(-a.big - 1n);
  }
  if (a instanceof PyFloat) {
    if (op === Op.UNARY_NEGATIVE) return rt.newFloat(-a.v);
    if (op === Op.UNARY_POSITIVE) return incref(a);
  }
  if (a instanceof PyComplex) {
    if (op === Op.UNARY_NEGATIVE) return newComplex(-a.re, -a.im);
    if (op === Op.UNARY_POSITIVE) return incref(a);
  }
  const names: Partial<Record<Op, [string, string]>> = {
    [Op.UNARY_NEGATIVE]: ['__neg__', '-'], [Op.UNARY_POSITIVE]: ['__pos__', '+'], [Op.UNARY_INVERT]: ['__invert__', '~'],
  };
  const [dunder, sym] = names[op]!;
  if (a.ob_type.flags.heap) {
    const m = typeLookup(a.ob_type, dunder);
    if (m) return callObject(m, [a]);
  }
  throw rt.raise('TypeError', `bad operand type for unary ${sym}: '${typeName(a)}'`);
}

// ---------------------------------------------------------------------------------------------
// truth, comparison, hashing
// ---------------------------------------------------------------------------------------------

export function truthy(o: PyObject): boolean {
  if (o === rt.True) return true;
  if (o === rt.False || o === rt.None) return false;
  if (o instanceof PyInt) return o.big !== null || o.v !== 0;
  if (o instanceof PyFloat) return o.v !== 0;
  if (o instanceof PyStr) return o.len > 0;
  if (o instanceof PyList || o instanceof PyTuple) return o.items.length > 0;
  if (o instanceof PyDict) return table(o).size > 0;
  if (o instanceof PySet) return setTable(o).size > 0;
  if (o instanceof PyComplex) return o.re !== 0 || o.im !== 0;
  if (o instanceof PyBytes) return o.b.length > 0;
  if (o instanceof PyByteArray) return o.size > 0;
  if (o instanceof PyRange) return o.length > 0;
  const t = o.ob_type;
  if (t.flags.heap) {
    const b = typeLookup(t, '__bool__');
    if (b) {
      const r = callObject(b, [o]);
      if (r !== rt.True && r !== rt.False) {
        decref(r);
        throw rt.raise('TypeError', `__bool__ should return bool, returned ${typeName(r)}`);
      }
      decref(r);
      return r === rt.True;
    }
    // no __bool__: PyObject_IsTrue asks mp_length, slot_mp_length's checks included
    if (typeLookup(t, '__len__')) return pyLen(o) > 0;
  }
  return true;
}

const CMP_DUNDER = ['__lt__', '__le__', '__eq__', '__ne__', '__gt__', '__ge__'];
const CMP_SWAP = [4, 5, 2, 3, 0, 1];
const CMP_SYM = ['<', '<=', '==', '!=', '>', '>='];

function cmpResult(op: number, c: number): boolean {
  switch (op) {
    case 0: return c < 0;
    case 1: return c <= 0;
    case 2: return c === 0;
    case 3: return c !== 0;
    case 4: return c > 0;
    default: return c >= 0;
  }
}

/** the built-in comparison, or null (NotImplemented) */
function builtinCompare(a: PyObject, b: PyObject, op: number): boolean | null {
  if (a instanceof PyInt && b instanceof PyInt) {
    if (a.big === null && b.big === null) return cmpResult(op, a.v < b.v ? -1 : a.v > b.v ? 1 : 0);
    const x = intValue(a), y = intValue(b);
    return cmpResult(op, x < y ? -1 : x > y ? 1 : 0);
  }
  if ((a instanceof PyFloat || a instanceof PyInt) && (b instanceof PyFloat || b instanceof PyInt)) {
    const x = a instanceof PyFloat ? a.v : a.big === null ? a.v : Number(a.big);
    const y = b instanceof PyFloat ? b.v : b.big === null ? b.v : Number(b.big);
    if (Number.isNaN(x) || Number.isNaN(y)) return op === 3;
    // exactness for big ints vs floats
    if (a instanceof PyInt && a.big !== null && Number.isFinite(y) && Number.isInteger(y)) {
      const yy = BigInt(y); const xx = a.big;
      return cmpResult(op, xx < yy ? -1 : xx > yy ? 1 : 0);
    }
    if (b instanceof PyInt && b.big !== null && Number.isFinite(x) && Number.isInteger(x)) {
      const xx = BigInt(x); const yy = b.big;
      return cmpResult(op, xx < yy ? -1 : xx > yy ? 1 : 0);
    }
    return cmpResult(op, x < y ? -1 : x > y ? 1 : 0);
  }
  if (a instanceof PyComplex || b instanceof PyComplex) {
    const pa = toComplexParts(a), pb = toComplexParts(b);
    if (pa && pb && (op === 2 || op === 3)) return (pa[0] === pb[0] && pa[1] === pb[1]) === (op === 2);
    return null;
  }
  if (a instanceof PyStr && b instanceof PyStr) {
    if (op === 2) return a === b || a.s === b.s;
    if (op === 3) return a !== b && a.s !== b.s;
    return cmpResult(op, compareCodePoints(a.s, b.s));
  }
  if ((a instanceof PyBytes || a instanceof PyByteArray) && (b instanceof PyBytes || b instanceof PyByteArray)) {
    const x = a instanceof PyBytes ? a.b : a.b.subarray(0, a.size);
    const y = b instanceof PyBytes ? b.b : b.b.subarray(0, b.size);
    const n = Math.min(x.length, y.length);
    let c = 0;
    for (let i = 0; i < n && c === 0; i++) c = x[i] - y[i];
    if (c === 0) c = x.length - y.length;
    return cmpResult(op, c);
  }
  if ((a instanceof PyList && b instanceof PyList) || (a instanceof PyTuple && b instanceof PyTuple)) {
    // list_richcompare: lists of different lengths differ, their items not compared
    if (a instanceof PyList && (op === 2 || op === 3) && a.items.length !== b.items.length) return op === 3;
    return seqCompare(a.items, b.items, op);
  }
  if (a instanceof PyDict && b instanceof PyDict) {
    if (op !== 2 && op !== 3) return null;
    return dictEqual(a, b) === (op === 2);
  }
  if (a instanceof PySet && b instanceof PySet) {
    const ta = setTable(a), tb = setTable(b);
    const sub = (x: SetTable<PyObject>, y: SetTable<PyObject>) => { for (const k of x) if (!y.contains(k)) return false; return true; };
    switch (op) {
      case 2: return ta.size === tb.size && sub(ta, tb);
      case 3: return !(ta.size === tb.size && sub(ta, tb));
      case 1: return sub(ta, tb);
      case 0: return ta.size < tb.size && sub(ta, tb);
      case 5: return sub(tb, ta);
      default: return tb.size < ta.size && sub(tb, ta);
    }
  }
  if (a instanceof PyWeakref && b instanceof PyWeakref && (op === 2 || op === 3)) {
    // weakref_richcompare: the referents when both are alive, else identity
    const same = a.target && b.target ? eq(a.target, b.target) : a === b;
    return same === (op === 2);
  }
  if (a instanceof PyMethod && b instanceof PyMethod && (op === 2 || op === 3)) {
    return (a.self === b.self && eq(a.func, b.func)) === (op === 2);
  }
  if (a instanceof PyRange && b instanceof PyRange && (op === 2 || op === 3)) {
    const same = a.length === b.length && (a.length === 0 || (eq(a.start, b.start) && (a.length === 1 || eq(a.step, b.step))));
    return same === (op === 2);
  }
  return null;
}

export function compareCodePoints(x: string, y: string): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const c = x.charCodeAt(i), d = y.charCodeAt(i);
    if (c !== d) {
      // surrogates compare above the BMP range they stand for
      const cs = c >= 0xd800 && c <= 0xdfff, ds = d >= 0xd800 && d <= 0xdfff;
      if (cs !== ds) return cs ? 1 : -1;
      return c - d;
    }
  }
  return x.length - y.length;
}

function seqCompare(x: PyObject[], y: PyObject[], op: number): boolean {
  const n = Math.min(x.length, y.length);
  let i = 0;
  for (; i < n; i++) {
    if (x[i] !== y[i] && !eq(x[i], y[i])) break;
  }
  if (i >= n) return cmpResult(op, x.length - y.length);
  if (op === 2) return false;
  if (op === 3) return true;
  const r = richCompare(x[i], y[i], op);
  const t = truthy(r);
  decref(r);
  return t;
}

function dictEqual(a: PyDict, b: PyDict): boolean {
  const ta = table(a), tb = table(b);
  if (ta.size !== tb.size) return false;
  for (const [k, v] of dictItems(a)) {
    const w = tb.get(k);
    if (w === undefined) return false;
    if (v !== w && !eq(v, w)) return false;
  }
  return true;
}

/** PyObject_RichCompare (new reference): do_richcompare inside the " in comparison" guard */
export function richCompare(a: PyObject, b: PyObject, op: number): PyObject {
  enterRecursiveCall(' in comparison');
  try {
    return doRichCompare(a, b, op);
  } finally {
    leaveRecursiveCall();
  }
}

/** do_richcompare: the types' tp_richcompare, reflected first for a subclass on the right (list.sort
 *  calls it directly for keys of one type, unsafe_object_compare) */
export function doRichCompare(a: PyObject, b: PyObject, op: number): PyObject {
  const ta = a.ob_type, tb = b.ob_type;
  const userA = ta.flags.heap ? typeLookup(ta, CMP_DUNDER[op]) : null;
  const userB = tb.flags.heap ? typeLookup(tb, CMP_DUNDER[CMP_SWAP[op]]) : null;
  const tryUser = (m: PyObject | null, x: PyObject, y: PyObject): PyObject | null => {
    if (!m || m === rt.objectRichCompare[CMP_DUNDER[op]]) return null;
    const r = callObject(m, [x, y]);
    if (r === rt.NotImplemented) { decref(r); return null; }
    return r;
  };
  if (tb !== ta && isSubtype(tb, ta) && userB) {
    const r = tryUser(userB, b, a);
    if (r) return r;
  }
  let r = tryUser(userA, a, b);
  if (r) return r;
  const bi = builtinCompare(a, b, op);
  if (bi !== null) return incref(bi ? rt.True : rt.False);
  if (!(tb !== ta && isSubtype(tb, ta))) {
    r = tryUser(userB, b, a);
    if (r) return r;
  }
  if (op === 2) return incref(a === b ? rt.True : rt.False);
  if (op === 3) {
    // default __ne__ inverts __eq__
    if (userA && CMP_DUNDER[op] === '__ne__') { /* handled above */ }
    const eqm = ta.flags.heap ? typeLookup(ta, '__eq__') : null;
    if (eqm && eqm !== rt.objectRichCompare.__eq__) {
      const e = callObject(eqm, [a, b]);
      if (e !== rt.NotImplemented) { const t = truthy(e); decref(e); return incref(t ? rt.False : rt.True); }
      decref(e);
    }
    return incref(a !== b ? rt.True : rt.False);
  }
  throw rt.raise('TypeError', `'${CMP_SYM[op]}' not supported between instances of '${ta.name}' and '${tb.name}'`);
}

/** PyObject_RichCompareBool(a, b, Py_EQ): identity implies equality */
export function eq(a: PyObject, b: PyObject): boolean {
  if (a === b) return true;
  if (a instanceof PyStr && b instanceof PyStr) return a.s === b.s;
  if (a instanceof PyInt && b instanceof PyInt && a.big === null && b.big === null) return a.v === b.v;
  const r = richCompare(a, b, 2);
  const t = r === rt.True ? true : r === rt.False ? false : truthy(r);
  decref(r);
  return t;
}

/** PyObject_Hash */
export function hash(o: PyObject): Hash {
  if (o instanceof PyStr) {
    if (o.hash === null) o.hash = o.len === 0 ? 0 : hashStr(o.s, rt.version);
    return o.hash;
  }
  if (o instanceof PyInt) return hashInt(o.big ?? o.v);
  if (o instanceof PyFloat) return hashFloat(o.v, o.addr, rt.version);
  if (o instanceof PyTuple) {
    if (o.hash !== null) return o.hash;
    const h = hashTuple(o.items.map(hash));
    return h;
  }
  if (o instanceof PyBytes) {
    if (o.hash === null) o.hash = hashBytes(o.b, rt.version);
    return o.hash;
  }
  if (o instanceof PyComplex) return hashComplex(o.re, o.im, o.addr, rt.version);
  if (o instanceof PySet) {
    if (o.ob_type !== rt.T.frozenset && !isSubtype(o.ob_type, rt.T.frozenset)) throw unhashable(o);
    if (o.hash === null) o.hash = hashFrozenset(setKeys(o).map(hash));
    return o.hash;
  }
  if (o === rt.None) return hashNone(o.addr, rt.version);
  if (o instanceof PyList || o instanceof PyDict || o instanceof PyByteArray) throw unhashable(o);
  if (o instanceof PyRange) {
    const items = o.length === 0 ? [hashInt(0), hash(rt.None), hash(rt.None)]
      : o.length === 1 ? [hashInt(1), hash(o.start), hash(rt.None)] : [hashInt(o.length), hash(o.start), hash(o.step)];
    return hashTuple(items);
  }
  const t = o.ob_type;
  if (t.flags.heap) {
    const h = typeLookup(t, '__hash__');
    if (h === rt.None) throw unhashable(o);
    if (h && h !== rt.objectHash) {
      const r = callObject(h, [o]);
      if (!(r instanceof PyInt)) { decref(r); throw rt.raise('TypeError', '__hash__ method should return an integer'); }
      const v = hashInt(r.big ?? r.v);
      decref(r);
      return v;
    }
    // a class that defines __eq__ without __hash__ is unhashable
    const eqm = typeLookup(t, '__eq__');
    if (eqm && eqm !== rt.objectRichCompare.__eq__ && !h) throw unhashable(o);
  }
  return hashPointer(o.addr);
}

function unhashable(o: PyObject): PyExc {
  return rt.raise('TypeError', `unhashable type: '${typeName(o)}'`);
}

// ---------------------------------------------------------------------------------------------
// sequences and mappings
// ---------------------------------------------------------------------------------------------

export function pyLen(o: PyObject): number {
  if (o instanceof PyList || o instanceof PyTuple) return o.items.length;
  if (o instanceof PyStr) return o.len;
  if (o instanceof PyDict) return table(o).size;
  if (o instanceof PySet) return setTable(o).size;
  if (o instanceof PyBytes) return o.b.length;
  if (o instanceof PyByteArray) return o.size;
  if (o instanceof PyRange) return rangeLength(o);
  const special = rt.viewLen(o);
  if (special !== null) return special;
  if (o.ob_type.flags.heap) {
    const l = typeLookup(o.ob_type, '__len__');
    if (l) {
      const r = callObject(l, [o]);
      if (!(r instanceof PyInt)) { decref(r); throw rt.raise('TypeError', `'${typeName(r)}' object cannot be interpreted as an integer`); }
      const n = r.v;
      decref(r);
      if (n < 0) throw rt.raise('ValueError', '__len__() should return >= 0');
      return n;
    }
  }
  throw rt.raise('TypeError', `object of type '${typeName(o)}' has no len()`);
}

/** PyUnicodeErrorObject's members, from the arguments the codecs give (UnicodeEncodeError_init) */
function unicodeErrorMember(o: PyObject, name: string): PyObject | null {
  if (!(o instanceof PyBaseException) || !isInstance(o, rt.T.UnicodeError) || o.args.items.length !== 5) return null;
  return incref(o.args.items[['encoding', 'object', 'start', 'end', 'reason'].indexOf(name)]);
}

/** A UnicodeEncodeError or UnicodeDecodeError as a codec raises it: arguments (encoding, object,
 *  start, end, reason); `object` is a new reference */
export function unicodeError(type: 'UnicodeEncodeError' | 'UnicodeDecodeError', encoding: string, object: PyObject,
  start: number, end: number, reason: string): PyExc {
  const e = rt.newExc(rt.T[type], null);
  decref(e.args);
  e.args = rt.newTuple([rt.newStr(encoding), object, rt.newInt(start), rt.newInt(end), rt.newStr(reason)]);
  return new PyExc(e);
}

/** range_length: r->length as a Py_ssize_t (PyLong_AsSsize_t) */
export function rangeLength(o: PyRange): number {
  if (o.lengthBig > 0x7fffffffffffffffn) throw rt.raise('OverflowError', 'Python int too large to convert to C ssize_t');
  return o.length;
}

/** PyNumber_Index: the value of an int, or of the int a class's __index__ returns (any size) */
export function indexValue(o: PyObject, what?: string): number | bigint {
  if (o instanceof PyInt) return o.big ?? o.v;
  if (o.ob_type.flags.heap) {
    const m = typeLookup(o.ob_type, '__index__');
    if (m) {
      const r = callObject(m, [o]);
      if (!(r instanceof PyInt)) {
        decref(r);
        throw rt.raise('TypeError', `__index__ returned non-int (type ${typeName(r)})`);
      }
      const v = r.big ?? r.v;
      decref(r);
      return v;
    }
  }
  throw rt.raise('TypeError', what ?? `'${typeName(o)}' object cannot be interpreted as an integer`);
}

/** an int as a Py_ssize_t index (PyNumber_AsSsize_t(o, PyExc_IndexError)): one past 2**53 that
 *  still fits comes back as the nearest double, which is out of range of any sequence as the exact
 *  value is */
export function ssizeIndex(o: PyInt): number {
  if (o.big === null) return o.v;
  if (o.big > 2n ** 63n - 1n || o.big < -(2n ** 63n)) throw rt.raise('IndexError', `cannot fit 'int' into an index-sized integer`);
  return Number(o.big);
}

export function asIndex(o: PyObject, what?: string): number {
  if (o instanceof PyInt) return ssizeIndex(o);
  if (o.ob_type.flags.heap) {
    const m = typeLookup(o.ob_type, '__index__');
    if (m) { const r = callObject(m, [o]); const v = (r as PyInt).v; decref(r); return v; }
  }
  throw rt.raise('TypeError', what ?? `'${typeName(o)}' object cannot be interpreted as an integer`);
}

export function getItem(o: PyObject, k: PyObject): PyObject {
  const r = rt.getItemBuiltin(o, k);
  if (r !== null) return r;
  const t = o.ob_type;
  if (t.flags.heap) {
    const m = typeLookup(t, '__getitem__');
    if (m) return callObject(m, [o, k]);
  }
  if (o instanceof PyType) {
    const cg = typeLookup(o, '__class_getitem__');
    if (cg) return callObject(cg, [k]);
    if (rt.profile.genericAlias) return rt.genericAlias(o, k);
  }
  throw rt.raise('TypeError', `'${t.name}' object is not subscriptable`);
}

export function setItem(o: PyObject, k: PyObject, v: PyObject): void {
  if (rt.setItemBuiltin(o, k, v)) return;
  const t = o.ob_type;
  if (t.flags.heap) {
    const m = typeLookup(t, '__setitem__');
    if (m) { decref(callObject(m, [o, k, v])); return; }
  }
  throw rt.raise('TypeError', `'${t.name}' object does not support item assignment`);
}

export function delItem(o: PyObject, k: PyObject): void {
  if (rt.delItemBuiltin(o, k)) return;
  const t = o.ob_type;
  if (t.flags.heap) {
    const m = typeLookup(t, '__delitem__');
    if (m) { decref(callObject(m, [o, k])); return; }
  }
  // PyObject_DelItem: a type with sequence slots and an index key goes to PySequence_DelItem,
  // whose message says "doesn't" (3.12.1 Objects/abstract.c:266, :1974; the same in 3.8-3.13)
  const seqSlots = o instanceof PyTuple || o instanceof PyStr || o instanceof PyBytes || o instanceof PyRange
    || o instanceof PySet || ['dict_keys', 'dict_values', 'dict_items'].includes(t.name);
  const index = k instanceof PyInt || (k.ob_type.flags.heap && typeLookup(k.ob_type, '__index__') !== null);
  throw rt.raise('TypeError', `'${t.name}' object ${seqSlots && index ? "doesn't" : 'does not'} support item deletion`);
}

export function contains(container: PyObject, item: PyObject): boolean {
  if (container instanceof PyDict) { hash(item); return table(container).has(item); }
  if (container instanceof PySet) return setContainsKey(container, item);
  if (container instanceof PyList || container instanceof PyTuple) {
    const items = container.items;
    for (let i = 0; i < items.length; i++) if (items[i] === item || eq(items[i], item)) return true;
    return false;
  }
  if (container instanceof PyStr) {
    if (!(item instanceof PyStr)) throw rt.raise('TypeError', rt.profile.strContainsMessage.replace('%s', typeName(item)));
    return container.s.includes(item.s);
  }
  if (container instanceof PyRange && item instanceof PyInt) {
    const v = intValue(item), start = intValue(container.start), step = intValue(container.step);
    const stop = intValue(container.stop);
    if (step > 0n ? (v < start || v >= stop) : (v > start || v <= stop)) return false;
    return (v - start) % step === 0n;
  }
  const special = rt.containsBuiltin(container, item);
  if (special !== null) return special;
  const t = container.ob_type;
  if (t.flags.heap) {
    const m = typeLookup(t, '__contains__');
    if (m) { const r = callObject(m, [container, item]); const b = truthy(r); decref(r); return b; }
  }
  // iterate
  let it: PyObject;
  try {
    it = getIter(container);
  } catch (e) {
    if (e instanceof PyExc && e.exc.ob_type === rt.T.TypeError) {
      throw rt.raise('TypeError', `argument of type '${t.name}' is not iterable`);
    }
    throw e;
  }
  try {
    for (let v = iterNext(it); v !== null; v = iterNext(it)) {
      const same = v === item || eq(v, item);
      decref(v);
      if (same) return true;
    }
  } finally { decref(it); }
  return false;
}

// ---------------------------------------------------------------------------------------------
// iteration
// ---------------------------------------------------------------------------------------------

export function getIter(o: PyObject): PyObject {
  const T = rt.T;
  if (o instanceof PyList) return newSeqIter(T.list_iterator, o);
  if (o instanceof PyTuple) return newSeqIter(T.tuple_iterator, o);
  if (o instanceof PyRange) {
    if (o.start.big === null && o.step.big === null && o.stop.big === null) {
      const it = new PyRangeIter(T.range_iterator, o.start.v, o.step.v, o.length);
      rt.alloc(it, rt.profile.rangeIterObjectSize, 0);
      return it;
    }
    return rt.bigRangeIter(o);
  }
  if (o instanceof PyStr) return newSeqIter(T[rt.profile.strIteratorName] ?? T.str_iterator, o);
  if (o instanceof PyGen) return incref(o);
  const b = rt.iterBuiltin(o);
  if (b !== null) return b;
  const t = o.ob_type;
  if (o instanceof PyNativeIter || o instanceof PySeqIter || o instanceof PyRangeIter) return incref(o);
  if (t.flags.heap) {
    const m = typeLookup(t, '__iter__');
    if (m) {
      const it = callObject(m, [o]);
      if (!hasNext(it)) {
        decref(it);
        throw rt.raise('TypeError', `iter() returned non-iterator of type '${typeName(it)}'`);
      }
      return it;
    }
    const gi = typeLookup(t, '__getitem__');
    if (gi) return rt.seqGetItemIter(o);
  }
  throw rt.raise('TypeError', `'${t.name}' object is not iterable`);
}

function hasNext(o: PyObject): boolean {
  if (o instanceof PyNativeIter || o instanceof PySeqIter || o instanceof PyRangeIter || o instanceof PyGen) return true;
  return o.ob_type.flags.heap && typeLookup(o.ob_type, '__next__') !== null;
}

export function newSeqIter(t: PyType, seq: PyObject): PySeqIter {
  const it = new PySeqIter(t, seq);
  seq.ob_refcnt++;
  rt.alloc(it, 16 + 32, 16);
  rt.gcTrack(it);
  return it;
}

/** PyIter_Next: the next item (new reference), or null when exhausted */
export function iterNext(it: PyObject): PyObject | null {
  if (it instanceof PySeqIter) {
    const s = it.seq;
    if (s === null) return null;
    if (s instanceof PyList || s instanceof PyTuple) {
      if (it.index < s.items.length) return incref(s.items[it.index++]);
    } else if (s instanceof PyStr) {
      const r = rt.strIterNext(it, s);
      if (r !== null) return r;
    }
    it.seq = null;
    decref(s);
    return null;
  }
  if (it instanceof PyRangeIter) {
    if (it.remaining <= 0) return null;
    const v = rt.newInt(it.next);
    it.next += it.step;
    it.remaining--;
    return v;
  }
  if (it instanceof PyGen) return genSend(it, rt.None);
  if (it instanceof PyNativeIter) return it.advance();
  const t = it.ob_type;
  if (t.flags.heap) {
    const m = typeLookup(t, '__next__');
    if (m) {
      try {
        return callObject(m, [it]);
      } catch (e) {
        if (e instanceof PyExc && isInstance(e.exc, rt.T.StopIteration)) { decref(e.exc); return null; }
        throw e;
      }
    }
  }
  throw rt.raise('TypeError', `'${t.name}' object is not an iterator`);
}

/** the items of an iterable as new references */
export function toArray(o: PyObject, iter: (o: PyObject) => PyObject = getIter): PyObject[] {
  if (o instanceof PyList || o instanceof PyTuple) return o.items.map((x) => incref(x));
  const it = iter(o);
  const out: PyObject[] = [];
  try {
    for (let v = iterNext(it); v !== null; v = iterNext(it)) {
      // the caller's list or tuple grows with the items (list_extend's appends): its block must
      // stay within the memory limit even when the items themselves cost nothing (the same object)
      if ((out.push(v) & 0xffff) === 0) rt.needMemory(8 * out.length);
    }
  } catch (e) {
    for (const x of out) decref(x);
    throw e;
  } finally {
    decref(it);
  }
  return out;
}

/** unpack_iterable's iterator: an object with neither tp_iter nor the sequence protocol is "cannot
 *  unpack non-iterable" (3.12.1 Python/ceval.c unpack_iterable; the same in 3.8-3.13) */
function iterForUnpack(seq: PyObject): PyObject {
  try {
    return getIter(seq);
  } catch (e) {
    const t = seq.ob_type;
    if (e instanceof PyExc && e.exc.ob_type === rt.T.TypeError
      && !(t.flags.heap && (typeLookup(t, '__iter__') || typeLookup(t, '__getitem__')))) {
      throw rt.raise('TypeError', `cannot unpack non-iterable ${t.name} object`);
    }
    throw e;
  }
}

/** UNPACK_SEQUENCE / UNPACK_EX: new references, in order (a starred part as a list) */
export function unpack(seq: PyObject, before: number, after: number): PyObject[] {
  if (after < 0) {
    if ((seq instanceof PyTuple || seq instanceof PyList) && seq.items.length === before) return seq.items.map((x) => incref(x));
    const items: PyObject[] = [];
    const it = iterForUnpack(seq);
    try {
      for (;;) {
        const v = iterNext(it);
        if (v === null) break;
        if (items.length === before) {
          decref(v);
          for (const x of items) decref(x);
          if (seq instanceof PyTuple || seq instanceof PyList || seq instanceof PyStr || seq instanceof PyDict || seq instanceof PySet) {
            throw rt.raise('ValueError', rt.profile.unpackTooManyKnownMessage.replace('%e', String(before)).replace('%g', String(pyLen(seq))));
          }
          throw rt.raise('ValueError', `too many values to unpack (expected ${before})`);
        }
        items.push(v);
      }
    } finally { decref(it); }
    if (items.length < before) {
      for (const x of items) decref(x);
      throw rt.raise('ValueError', `not enough values to unpack (expected ${before}, got ${items.length})`);
    }
    return items;
  }
  // unpack_iterable with a starred target: the items before the star from the iterator, then
  // PySequence_List(it) (list_extend's iterator path: the iterator's length hint preallocates),
  // the items after the star taken from the list's end and the list cut by Py_SET_SIZE (no
  // resize: its capacity stays); the iterator is released last (3.12.1 Python/ceval.c
  // unpack_iterable)
  const it = iterForUnpack(seq);
  /** the values pushed, in order: on an error they are released newest first */
  const pushed: PyObject[] = [];
  try {
    for (let i = 0; i < before; i++) {
      const v = iterNext(it);
      if (v === null) throw rt.raise('ValueError', `not enough values to unpack (expected at least ${before + after}, got ${i})`);
      pushed.push(v);
    }
    const l = rt.newList([], 0);
    pushed.push(l);
    listExtend(l, it);
    const ll = l.items.length;
    if (ll < after) throw rt.raise('ValueError', `not enough values to unpack (expected at least ${before + after}, got ${before + ll})`);
    const tail = l.items.splice(ll - after, after);
    return [...pushed, ...tail];
  } catch (e) {
    for (let k = pushed.length - 1; k >= 0; k--) decref(pushed[k]);
    throw e;
  } finally {
    decref(it);
  }
}

// ---------------------------------------------------------------------------------------------
// repr / str / format
// ---------------------------------------------------------------------------------------------

const reprActive: PyObject[] = [];

/** PyObject_Repr as a JS string: tp_repr inside the " while getting the repr of an object" guard */
export function repr(o: PyObject): string {
  if (o instanceof PyStr) { checkRecursiveCall(REPR_GUARD); return strRepr(o.s); }
  enterRecursiveCall(REPR_GUARD);
  try {
    return tpRepr(o);
  } finally {
    leaveRecursiveCall();
  }
}
const REPR_GUARD = ' while getting the repr of an object';
const STR_GUARD = ' while getting the str of an object';

/** the type's tp_repr (object_str calls it directly, not through PyObject_Repr) */
function tpRepr(o: PyObject): string {
  if (o instanceof PyStr) return strRepr(o.s);
  if (o instanceof PyInt) {
    if (o.ob_type === rt.T.bool) return o.v ? 'True' : 'False';
    if (o.ob_type === rt.T.int) return o.big === null ? String(o.v) : intText(o.big);
  }
  if (o instanceof PyFloat && o.ob_type === rt.T.float) return floatRepr(o.v);
  if (o === rt.None) return 'None';
  const t = o.ob_type;
  if (t.flags.heap) {
    const m = typeLookup(t, '__repr__');
    if (m && m !== rt.objectRepr) {
      const r = callObject(m, [o]);
      if (!(r instanceof PyStr)) { decref(r); throw rt.raise('TypeError', `__repr__ returned non-string (type ${typeName(r)})`); }
      const s = r.s;
      decref(r);
      return s;
    }
  }
  if (reprActive.includes(o)) {
    if (o instanceof PyList) return '[...]';
    if (o instanceof PyDict) return '{...}';
    if (o instanceof PySet) return `${typeName(o)}(...)`;
  }
  reprActive.push(o);
  try {
    return rt.reprBuiltin(o);
  } finally {
    reprActive.pop();
  }
}

export function intText(v: number | bigint): string {
  if (typeof v === 'number') return String(v);
  try {
    return intToDecimal(v, rt.version);
  } catch (e) {
    // past sys.get_int_max_str_digits(): CPython's ValueError
    if (e instanceof FormatError) throw rt.raise(e.pyType, e.message);
    throw e;
  }
}

/** PyObject_Str as a JS string: an exact str is itself, anything else is tp_str inside the
 *  " while getting the str of an object" guard */
export function str(o: PyObject): string {
  if (o instanceof PyStr && o.ob_type === rt.T.str) return o.s;
  enterRecursiveCall(STR_GUARD);
  try {
    return tpStr(o);
  } finally {
    leaveRecursiveCall();
  }
}

function tpStr(o: PyObject): string {
  if (o instanceof PyStr) return o.s;
  if (o instanceof PyInt && o.ob_type === rt.T.int) return o.big === null ? String(o.v) : intText(o.big);
  const t = o.ob_type;
  if (t.flags.heap) {
    const m = typeLookup(t, '__str__');
    if (m && m !== rt.objectStr && !(m instanceof PyBuiltin && m.name === '__str__' && m.ownerType === rt.T.BaseException && !isInstance(o, rt.T.BaseException))) {
      if (!(m instanceof PyBuiltin && m.ownerType)) {
        const r = callObject(m, [o]);
        if (!(r instanceof PyStr)) { decref(r); throw rt.raise('TypeError', `__str__ returned non-string (type ${typeName(r)})`); }
        const s = r.s;
        decref(r);
        return s;
      }
    }
  }
  if (o instanceof PyBaseException) return rt.excStr(o);
  if (o.ob_type === rt.T.mappingproxy) return str((o as unknown as { target: PyObject }).target);
  // object_str: the type's tp_repr, called directly
  return tpRepr(o);
}

/** PyObject_Str as an object: an int's text is always a new str (long_to_decimal_string does not
 *  use the one-character cache) */
export function strObject(o: PyObject): PyObject {
  if (o instanceof PyInt && (o.ob_type === rt.T.int || o.ob_type === rt.T.bool)) {
    const t = str(o);
    return t.length ? rt.newStrUncached(t) : rt.newStr(t);
  }
  if (o instanceof PyStr && o.ob_type === rt.T.str) return incref(o);
  return rt.newStr(str(o));
}

export function formatValue(v: PyObject, conv: number, spec: PyStr | null): PyObject {
  let o = v;
  let owned = false;
  if (conv === 1) { o = strObject(v); owned = true; }
  else if (conv === 2) { o = rt.newStr(repr(v)); owned = true; }
  else if (conv === 3) { o = rt.newStr(rt.asciiOf(repr(v))); owned = true; }
  try {
    // FORMAT_VALUE: an exact str without a spec is itself, anything else PyObject_Format
    if (!spec || spec.len === 0) {
      if (o instanceof PyStr && o.ob_type === rt.T.str) return strObject(o);
      if (o.ob_type.flags.heap) return rt.newStr(format(o, ''));
      // PyObject_Format's fast path for an exact int, else the type's __format__ (a C method)
      if (o instanceof PyInt && o.ob_type === rt.T.int) return strObject(o);
      enterRecursiveCall(CALLING);
      try { return strObject(o); } finally { leaveRecursiveCall(); }
    }
    return rt.newStr(format(o, spec.s));
  } finally {
    if (owned) decref(o);
  }
}

/** PyObject_Format as a JS string: a Python __format__ called as a bound method, or the type's
 *  own, a C method whose call enters the recursion guard (object.__format__ with an empty spec is
 *  PyObject_Str); an exact str or int with an empty spec is its str, without a call */
export function format(o: PyObject, spec: string): string {
  try {
    const t = o.ob_type;
    if (t.flags.heap) {
      const m = typeLookup(t, '__format__');
      if (m && !(m instanceof PyBuiltin)) {
        const r = callObject(m, [o, rt.newStrTemp(spec)]);
        const s = (r as PyStr).s;
        decref(r);
        return s;
      }
    }
    if (spec === '' && ((o instanceof PyStr && t === rt.T.str) || (o instanceof PyInt && t === rt.T.int))) return str(o);
    enterRecursiveCall(CALLING);
    try {
      return builtinFormat(o, spec);
    } finally {
      leaveRecursiveCall();
    }
  } catch (e) {
    if (e instanceof FormatError) throw rt.raise(e.pyType, e.message);
    throw e;
  }
}

function builtinFormat(o: PyObject, spec: string): string {
  {
    if (o instanceof PyInt) {
      if (o.ob_type === rt.T.bool && spec === '') return str(o);
      return formatInt(o.big ?? o.v, spec, rt.version);
    }
    if (o instanceof PyFloat) return formatFloat(o.v, spec, rt.version);
    if (o instanceof PyComplex) return formatComplex(o.re, o.im, spec, rt.version);
    if (o instanceof PyStr) return formatStr(o.s, spec, rt.version);
    if (spec === '') return str(o);
    throw rt.raise('TypeError', `unsupported format string passed to ${typeName(o)}.__format__`);
  }
}

export function strConcat(a: PyStr, b: PyStr): PyObject {
  if (a.len === 0) return incref(b);
  if (b.len === 0) return incref(a);
  return rt.newStr(a.s + b.s);
}

/** PyUnicode_Append on a string nobody else holds: resize it in place (PyObject_Realloc) */
export function strAppendInPlace(a: PyStr, b: PyStr): PyObject {
  if (b.len === 0) return a;
  const wider = b.kind > a.kind || (a.ascii && !b.ascii);
  if (wider) {
    // PyUnicode_Append cannot resize: a new string
    const r = rt.newStr(a.s + b.s);
    return r;
  }
  const newLen = a.len + b.len;
  const newSize = a.ascii ? rt.profile.asciiObjectSize + newLen + 1 : rt.profile.compactUnicodeObjectSize + (newLen + 1) * a.kind;
  const old = a.addr, oldSize = a.allocSize;
  const block = rt.heap.realloc(a.addr, newSize);
  a.addr = block;
  a.allocSize = newSize;
  a.s = a.s + b.s;
  a.len = newLen;
  a.hash = null;
  if (rt.tracer !== null && rt.tracer.resized) rt.tracer.resized(a, old, oldSize);
  // the stack's reference is consumed; the variable's reference is the one that stays
  return a;
}

// ---------------------------------------------------------------------------------------------
// creation helpers used by the VM
// ---------------------------------------------------------------------------------------------

export function newCell(v: PyObject | null): PyCell {
  const c = new PyCell(rt.T.cell, v);
  if (v) v.ob_refcnt++;
  rt.alloc(c, 16 + 24, 16);
  rt.gcTrack(c);
  return c;
}

export function newSlice(start: PyObject, stop: PyObject, step: PyObject): PySlice {
  const s = new PySlice(rt.T.slice, start, stop, step);
  start.ob_refcnt++; stop.ob_refcnt++; step.ob_refcnt++;
  rt.alloc(s, rt.profile.gcHeadSize * (rt.profile.sliceIsGC ? 1 : 0) + 40, rt.profile.sliceIsGC ? 16 : 0);
  return s;
}

export function codeObject(code: Code): PyObject {
  if (!code.obj) code.obj = rt.newCodeObject(code);
  return code.obj;
}

export function newFunction(codeObj: PyObject, globals: PyDict, defaults: PyTuple | null, kwdefaults: PyObject | null, closure: PyTuple | null): PyFunction {
  const code = rt.codeOf(codeObj);
  const name = rt.intern(code.name);
  const qualname = rt.intern(code.qualname);
  const f = new PyFunction(rt.T.function, code, globals, name, qualname, defaults, kwdefaults, closure);
  codeObj.ob_refcnt++;
  globals.ob_refcnt++;
  if (defaults) defaults.ob_refcnt++;
  if (kwdefaults) kwdefaults.ob_refcnt++;
  if (closure) closure.ob_refcnt++;
  f.codeObj = codeObj;
  rt.alloc(f, 16 + rt.profile.functionObjectSize, 16);
  rt.gcTrack(f);
  return f;
}

export function newGen(f: Frame, func: PyFunction): PyGen {
  const g = new PyGen(rt.T.generator, f, incref(func.name), incref(func.qualname));
  const p = rt.profile;
  const code = f.code;
  rt.alloc(g, layout.allocSizeGenerator(p, code.nlocalsplus, code.stacksize), 16);
  rt.gcTrack(g);
  f.gen = g;
  return g;
}

// ---------------------------------------------------------------------------------------------
// exceptions
// ---------------------------------------------------------------------------------------------

/** RAISE_VARARGS: an exception instance (or class) and an optional cause */
export function makeRaise(e: PyObject, cause: PyObject | null): PyExc {
  let exc: PyBaseException;
  if (e instanceof PyType) {
    if (!isSubtype(e, rt.T.BaseException)) {
      decref(e);
      if (cause) decref(cause);
      throw rt.raise('TypeError', 'exceptions must derive from BaseException');
    }
    const inst = callObject(e, []);
    decref(e);
    exc = inst as PyBaseException;
  } else if (e instanceof PyBaseException) {
    exc = e;
  } else {
    decref(e);
    if (cause) decref(cause);
    throw rt.raise('TypeError', 'exceptions must derive from BaseException');
  }
  if (cause) {
    let c: PyObject | null = cause;
    if (cause instanceof PyType) { c = callObject(cause, []); decref(cause); }
    else if (cause === rt.None) { decref(cause); c = null; }
    if (exc.cause) decref(exc.cause);
    exc.cause = c;
    exc.suppressContext = true;
  }
  // an instance raised again keeps its traceback: the new entries go outside the old ones
  // (PyTraceBack_Here links the raising frame in front of exc.__traceback__)
  return new PyExc(exc);
}

export function excMatches(e: PyObject, t: PyObject): boolean {
  if (t instanceof PyTuple) return t.items.some((x) => excMatches(e, x));
  if (!(t instanceof PyType) || !isSubtype(t, rt.T.BaseException)) {
    throw rt.raise('TypeError', 'catching classes that do not inherit from BaseException is not allowed');
  }
  return isInstance(e, t);
}

export function addTraceback(e: PyBaseException, f: Frame): void {
  e.traceback.push({ filename: f.code.filename, line: f.code.lines[f.lasti] || f.code.firstlineno, name: f.code.name });
}

/** implicit exception chaining: __context__ is the exception being handled */
export function setContext(e: PyBaseException): void {
  const cur = rt.excInfo;
  if (cur && cur !== e && cur !== rt.None && e.context === null) {
    // avoid cycles in the chain
    let c: PyObject | null = cur;
    while (c instanceof PyBaseException) {
      if (c.context === e) { c.context = null; break; }
      c = c.context;
    }
    cur.ob_refcnt++;
    e.context = cur;
  }
}

// ---------------------------------------------------------------------------------------------
// modules
// ---------------------------------------------------------------------------------------------

export function importModule(name: string): PyObject {
  const m = rt.modules.get(name);
  if (!m) throw rt.raise('ModuleNotFoundError', `No module named '${name}'`);
  return incref(m);
}

export { PyWeakref, NativeFn, IMMORTAL_REFCNT, PyBuiltin };
export { funcName, callFunction };
export { genReturnValue };
export function isGeneratorCode(c: Code): boolean { return (c.flags & CO_GENERATOR) !== 0; }
export { bytesRepr, complexRepr };

// ---------------------------------------------------------------------------------------------
// printf-style formatting
// ---------------------------------------------------------------------------------------------

function percentValue(o: PyObject): PercentValue {
  const T = rt.T;
  const base = { typeName: typeName(o), toStr: () => str(o), toRepr: () => repr(o) };
  if (o instanceof PyInt) return { ...base, kind: 'int', int: o.big ?? o.v };
  if (o instanceof PyFloat) return { ...base, kind: 'float', float: o.v };
  if (o instanceof PyStr) return { ...base, kind: 'str', str: o.s };
  if (o instanceof PyTuple) return { ...base, kind: 'tuple', items: o.items.map(percentValue) };
  const v: PercentValue = { ...base, kind: 'other' };
  if (o instanceof PyDict || (o.ob_type.flags.heap && typeLookup(o.ob_type, '__getitem__')) || o instanceof PyList) {
    v.isMapping = !(o instanceof PyList) || true;
    v.getItem = (key: string) => {
      const k = rt.newStr(key);
      try {
        const r = getItem(o, k);
        const pv = percentValue(r);
        decref(r);
        return pv;
      } finally { decref(k); }
    };
  }
  if (o.ob_type.flags.heap) {
    v.toInt = () => { const m = typeLookup(o.ob_type, '__int__') ?? typeLookup(o.ob_type, '__index__'); if (!m) return undefined; const r = callObject(m, [o]) as PyInt; const x = r.big ?? r.v; decref(r); return x; };
    v.toIndex = () => { const m = typeLookup(o.ob_type, '__index__'); if (!m) return undefined; const r = callObject(m, [o]) as PyInt; const x = r.big ?? r.v; decref(r); return x; };
    v.toFloat = () => { const m = typeLookup(o.ob_type, '__float__'); if (!m) return undefined; const r = callObject(m, [o]) as PyFloat; const x = r.v; decref(r); return x; };
  }
  void T;
  return v;
}

export function percentFormatStr(fmt: PyStr, args: PyObject): PyObject {
  try {
    return rt.newStr(percentFormat(fmt.s, percentValue(args), rt.version));
  } catch (e) {
    if (e instanceof FormatError) throw rt.raise(e.pyType, e.message);
    throw e;
  }
}

export function percentFormatBytes(fmt: PyBytes, args: PyObject): PyObject {
  const text = String.fromCharCode(...fmt.b);
  const conv = (o: PyObject): PercentValue => {
    if (o instanceof PyBytes) return { kind: 'str', typeName: 'bytes', str: String.fromCharCode(...o.b), toStr: () => String.fromCharCode(...o.b), toRepr: () => repr(o) };
    if (o instanceof PyTuple) return { kind: 'tuple', typeName: 'tuple', items: o.items.map(conv), toStr: () => str(o), toRepr: () => repr(o) };
    return percentValue(o);
  };
  try {
    const s = percentFormat(text.replace(/%s/g, '%s'), conv(args), rt.version);
    const b = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
    return rt.newBytes(b);
  } catch (e) {
    if (e instanceof FormatError) throw rt.raise(e.pyType, e.message);
    throw e;
  }
}

function codeAttr(c: Code, name: string): PyObject | null {
  const strs = (a: string[]) => rt.newTuple(a.map((x) => rt.intern(x)));
  switch (name) {
    case 'co_argcount': return rt.newInt(c.argcount);
    case 'co_posonlyargcount': return rt.newInt(c.posonlyargcount);
    case 'co_kwonlyargcount': return rt.newInt(c.kwonlyargcount);
    case 'co_nlocals': return rt.newInt(c.varnames.length);
    case 'co_stacksize': return rt.newInt(c.stacksize);
    case 'co_flags': return rt.newInt(c.flags);
    case 'co_firstlineno': return rt.newInt(c.firstlineno);
    case 'co_varnames': return strs(c.varnames);
    case 'co_cellvars': return strs(c.cellvars);
    case 'co_freevars': return strs(c.freevars);
    case 'co_names': return strs(c.names);
    case 'co_name': return rt.intern(c.name);
    case 'co_qualname': return rt.intern(c.qualname);
    case 'co_filename': return rt.newStr(c.filename);
    case 'co_consts': return rt.newTuple(c.consts.map((x) => incref(x)));
  }
  return null;
}
