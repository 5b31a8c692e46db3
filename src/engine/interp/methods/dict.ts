// Methods of the built-in dict type and of its views (dict_keys, dict_values, dict_items): get,
// keys/values/items, pop, popitem, setdefault, update, clear, copy, fromkeys, the mapping dunders,
// the | and |= operators (3.9+), and the set operations of keys/items views.
//
// Follows Objects/dictobject.c: dict_get, dict_pop / _PyDict_Pop, dict_popitem, dict_setdefault,
// dict_update / dict_update_arg / dict_merge / PyDict_MergeFromSeq2, PyDict_Clear, PyDict_Copy,
// dict_fromkeys / _PyDict_FromKeys, dict_or / dict_ior, _PyDictView_New, dictviews_to_set,
// dictviews_or / dictviews_sub / dictviews_xor / _PyDictView_Intersect, dictviews_isdisjoint,
// dictview_mapping. Table sizes come from DictTable (dict_merge presizing, clone_combined_dict_keys);
// reference counts are managed here as the C code does.

import { NativeFn, PyBuiltin, PyDict, PyObject, PySet, PyType } from '../objects';
import { PyDictT, PyExc, rt } from '../runtime';
import * as ops from '../ops';
import { PyView } from '../types';
import { DictTable } from '../../dictobject';
import type { PyVersion } from '../../versions';
import { argCount, bool, none, splitKw } from '../native';
import { newEmptySet, setUpdateInternal, setDifferenceUpdate, setSymmetricDifferenceUpdate, setIntersection } from './set';

function incref<T extends PyObject>(o: T): T { o.ob_refcnt++; return o; }
function decref(o: PyObject): void { if (--o.ob_refcnt === 0) rt.dealloc(o); }

/** Per-version behaviour that is visible to users. */
interface DictMethodsProfile {
  /** Argument Clinic error messages name the method with its type ("dict.keys()") from 3.9. */
  qualifiedNames: boolean;
  /** dictviews_to_set builds the set from the dict itself (presized) for an exact dict's keys view
   *  (3.9+); 3.8 iterates the view (PySet_New(self)). */
  viewToSetFromDict: boolean;
  /** dict | other, dict |= other (PEP 584, 3.9+). */
  dictUnion: boolean;
  /** dict_keys.mapping etc. (3.10+). */
  viewMapping: boolean;
}

const PROFILES: Record<PyVersion, DictMethodsProfile> = {
  '3.8': { qualifiedNames: false, viewToSetFromDict: false, dictUnion: false, viewMapping: false },
  '3.9': { qualifiedNames: true, viewToSetFromDict: true, dictUnion: true, viewMapping: false },
  '3.10': { qualifiedNames: true, viewToSetFromDict: true, dictUnion: true, viewMapping: true },
  '3.11': { qualifiedNames: true, viewToSetFromDict: true, dictUnion: true, viewMapping: true },
  '3.12': { qualifiedNames: true, viewToSetFromDict: true, dictUnion: true, viewMapping: true },
  '3.13': { qualifiedNames: true, viewToSetFromDict: true, dictUnion: true, viewMapping: true },
};

function prof(): DictMethodsProfile { return PROFILES[rt.version]; }

/** the name Argument Clinic uses in "takes no arguments" messages */
function clinicName(type: string, name: string): string {
  return prof().qualifiedNames ? `${type}.${name}` : name;
}

function keyError(k: PyObject): PyExc {
  const e = rt.newExc(rt.T.KeyError, null);
  decref(e.args);
  e.args = rt.newTuple([incref(k)]);
  return new PyExc(e);
}

function maintainTracking(d: PyDict, k: PyObject, v: PyObject): void {
  if (!d.gcTracked && (ops.mayBeTracked(k) || ops.mayBeTracked(v))) rt.gcTrack(d);
}

function asDict(self: PyObject | null): PyDict { return self as PyDict; }

function isExactDict(o: PyObject): o is PyDict { return o instanceof PyDict && o.ob_type === rt.T.dict; }

// ---------------------------------------------------------------------------------------------
// merging (dict_merge, PyDict_MergeFromSeq2)
// ---------------------------------------------------------------------------------------------

/** dict_merge(a, b, override=1) for an exact dict table b whose entries are borrowed */
function mergeTable(d: PyDict, other: PyDictT): void {
  const t = ops.table(d);
  if (other === t || other.size === 0) return;
  const items: [PyObject, PyObject][] = [];
  for (const e of other.entries()) items.push(e);
  const olds = items.map(([k]) => t.get(k));
  t.merge(other);
  for (let i = 0; i < items.length; i++) {
    const [k, v] = items[i];
    v.ob_refcnt++;
    if (olds[i] === undefined) k.ob_refcnt++;
    maintainTracking(d, k, v);
  }
  for (const o of olds) if (o !== undefined) decref(o);
}

/** PyDict_MergeFromSeq2(d, seq2, override=1) */
function mergeFromSeq2(d: PyDict, seq: PyObject): void {
  const it = ops.getIter(seq);
  try {
    let i = 0;
    for (let item = ops.iterNext(it); item !== null; item = ops.iterNext(it), i++) {
      let kv: PyObject[];
      try {
        kv = ops.toArray(item);
      } catch (e) {
        decref(item);
        if (e instanceof PyExc && ops.isInstance(e.exc, rt.T.TypeError)) {
          decref(e.exc);
          throw rt.raise('TypeError', `cannot convert dictionary update sequence element #${i} to a sequence`);
        }
        throw e;
      }
      decref(item);
      try {
        if (kv.length !== 2) {
          throw rt.raise('ValueError', `dictionary update sequence element #${i} has length ${kv.length}; 2 is required`);
        }
        ops.dictSetItem(d, kv[0], kv[1], false);
      } finally {
        for (const x of kv) decref(x);
      }
    }
  } finally {
    decref(it);
  }
}

/** dict_update_arg: an exact dict merges (presized), a mapping with keys() is copied key by key,
 *  anything else is an iterable of pairs */
export function dictUpdateArg(d: PyDict, arg: PyObject): void {
  if (arg instanceof PyDict) { mergeTable(d, ops.table(arg)); return; }
  const keysAttr = ops.getAttrOrNull(arg, 'keys');
  if (keysAttr !== null) {
    let keys: PyObject;
    try { keys = ops.callObject(keysAttr, []); } finally { decref(keysAttr); }
    const it = ops.getIter(keys);
    decref(keys);
    try {
      for (let k = ops.iterNext(it); k !== null; k = ops.iterNext(it)) {
        try {
          const v = ops.getItem(arg, k);
          try { ops.dictSetItem(d, k, v, false); } finally { decref(v); }
        } finally { decref(k); }
      }
    } finally { decref(it); }
    return;
  }
  mergeFromSeq2(d, arg);
}

/** keyword arguments of a call arrive as a dict (_PyStack_AsDict: _PyDict_NewPresized in
 *  3.8-3.10, _PyDict_FromItems with its all-str keys kind from 3.11) */
function mergeKeywords(d: PyDict, kw: ReadonlyMap<string, PyObject>): void {
  if (kw.size === 0) return;
  const tmp = DictTable.presized<PyObject, PyObject>(rt.version, rt.dictHooks, kw.size, true);
  const keys: PyObject[] = [];
  for (const [name, v] of kw) {
    const k = rt.intern(name);
    keys.push(k);
    tmp.set(k, v);
  }
  try { mergeTable(d, tmp); } finally { for (const k of keys) decref(k); }
}

/** PyDict_Copy */
export function dictCopy(src: PyDict): PyDict {
  const st = ops.table(src);
  const nt = st.copy();
  const d = rt.newDict(nt);
  let trackable = false;
  for (const [k, v] of nt.entries()) {
    k.ob_refcnt++;
    v.ob_refcnt++;
    if (!trackable && (ops.mayBeTracked(k) || ops.mayBeTracked(v))) trackable = true;
  }
  if (trackable) rt.gcTrack(d);
  return d;
}

// ---------------------------------------------------------------------------------------------
// views
// ---------------------------------------------------------------------------------------------

/** _PyDictView_New */
function newView(type: PyType, d: PyDict): PyView {
  const v = new PyView(type, incref(d));
  rt.alloc(v, 16 + 24, 16);
  rt.gcTrack(v);
  return v;
}

export function isSetView(o: PyObject): o is PyView {
  return o instanceof PyView && (o.ob_type === rt.T.dict_keys || o.ob_type === rt.T.dict_items);
}

function viewDict(o: PyObject): PyDict { return (o as PyView).target as PyDict; }

/** dictviews_to_set: a new set from the left operand of a view operation */
function viewToSet(self: PyObject): PySet {
  let src = self;
  if (prof().viewToSetFromDict && self instanceof PyView && self.ob_type === rt.T.dict_keys && isExactDict(self.target)) {
    src = self.target;
  }
  const s = newEmptySet(false);
  try { setUpdateInternal(s, src); } catch (e) { decref(s); throw e; }
  return s;
}

/** dict_keys / dict_items containment (dictkeys_contains, dictitems_contains) */
function viewContains(view: PyView, k: PyObject): boolean {
  return ops.contains(view, k);
}

/** _PyDictView_Intersect */
function viewIntersect(a: PyObject, b: PyObject): PyObject {
  let self = a, other = b;
  if (!isSetView(self)) { self = b; other = a; }
  const lenSelf = ops.pyLen(self);
  if (other instanceof PySet && other.ob_type === rt.T.set && lenSelf <= ops.pyLen(other)) {
    return setIntersection(other, self);
  }
  if (isSetView(other)) {
    const lenOther = ops.pyLen(other);
    if (lenOther > lenSelf) { const t = self; self = other; other = t; }
  }
  const result = newEmptySet(false);
  try {
    const it = ops.getIter(other);
    try {
      for (let k = ops.iterNext(it); k !== null; k = ops.iterNext(it)) {
        try { if (viewContains(self as PyView, k)) ops.setAdd(result, k); } finally { decref(k); }
      }
    } finally { decref(it); }
  } catch (e) { decref(result); throw e; }
  return result;
}

/** the number protocol of dict views: &, |, -, ^ (either operand a keys/items view) */
export function viewBinOp(op: number, a: PyObject, b: PyObject): PyObject | null {
  if (op === 1) return viewIntersect(a, b);
  if (op !== 7 && op !== 10 && op !== 12) return null;
  const result = viewToSet(a);
  try {
    if (op === 7) setUpdateInternal(result, b);
    else if (op === 10) setDifferenceUpdate(result, b);
    else setSymmetricDifferenceUpdate(result, b);
  } catch (e) { decref(result); throw e; }
  return result;
}

/** dictviews_isdisjoint */
function viewIsDisjoint(self: PyView, other: PyObject): boolean {
  if (other === self) return ops.pyLen(self) === 0;
  let container: PyObject = self, iterable: PyObject = other;
  if (isSetView(other) || other instanceof PySet) {
    if (ops.pyLen(self) > ops.pyLen(other)) { container = other; iterable = self; }
  }
  const it = ops.getIter(iterable);
  try {
    for (let k = ops.iterNext(it); k !== null; k = ops.iterNext(it)) {
      try { if (ops.contains(container, k)) return false; } finally { decref(k); }
    }
  } finally { decref(it); }
  return true;
}

// ---------------------------------------------------------------------------------------------
// installation
// ---------------------------------------------------------------------------------------------

export function installDictMethods(): void {
  const T = rt.T;
  const D = T.dict;
  const def = (t: PyType, name: string, fn: NativeFn) => rt.defMethod(t, name, fn);

  def(D, 'get', (args, kw, self) => {
    argCount('get', args, 1, 2, kw);
    const d = asDict(self);
    ops.hash(args[0]);
    const v = ops.dictGetItem(d, args[0]);
    if (v !== undefined) return incref(v);
    return incref(args.length > 1 ? args[1] : rt.None);
  });

  for (const [name, vt] of [['keys', T.dict_keys], ['values', T.dict_values], ['items', T.dict_items]] as const) {
    def(D, name, (args, kw, self) => {
      argCount(clinicName('dict', name), args, 0, 0, kw);
      return newView(vt, asDict(self));
    });
  }

  def(D, 'pop', (args, kw, self) => {
    argCount('pop', args, 1, 2, kw);
    const d = asDict(self);
    const k = args[0];
    const t = ops.table(d);
    if (t.size === 0) {
      if (args.length > 1) return incref(args[1]);
      throw keyError(k);
    }
    ops.hash(k);
    const e = t.removeEntry(k);
    if (!e) {
      if (args.length > 1) return incref(args[1]);
      throw keyError(k);
    }
    decref(e[0]);
    return e[1];
  });

  def(D, 'popitem', (args, kw, self) => {
    argCount(clinicName('dict', 'popitem'), args, 0, 0, kw);
    const t = ops.table(asDict(self));
    const e = t.size ? t.popitem() : undefined;
    if (!e) throw rt.raise('KeyError', 'popitem(): dictionary is empty');
    return rt.newTuple([e[0], e[1]]);
  });

  def(D, 'setdefault', (args, kw, self) => {
    argCount('setdefault', args, 1, 2, kw);
    const d = asDict(self);
    const k = args[0];
    const dflt = args.length > 1 ? args[1] : rt.None;
    ops.hash(k);
    const v = ops.dictGetItem(d, k);
    if (v !== undefined) return incref(v);
    ops.dictSetItem(d, k, dflt, false);
    return incref(dflt);
  });

  def(D, 'update', (args, kwnames, self) => {
    const [pos, kw] = splitKw('update', args, kwnames, kwnames ?? []);
    if (pos.length > 1) throw rt.raise('TypeError', `update expected at most 1 argument, got ${pos.length}`);
    const d = asDict(self);
    if (pos.length) dictUpdateArg(d, pos[0]);
    mergeKeywords(d, kw);
    return none();
  });

  def(D, 'clear', (args, kw, self) => {
    argCount(clinicName('dict', 'clear'), args, 0, 0, kw);
    const t = ops.table(asDict(self));
    const items = [...t.entries()];
    t.clear();
    for (const [k, v] of items) { decref(k); decref(v); }
    return none();
  });

  def(D, 'copy', (args, kw, self) => {
    argCount(clinicName('dict', 'copy'), args, 0, 0, kw);
    return dictCopy(asDict(self));
  });

  def(D, 'fromkeys', (args, kw, self) => {
    argCount('fromkeys', args, 1, 2, kw);
    const cls = self instanceof PyType ? self : self!.ob_type;
    return fromKeys(cls, args[0], args.length > 1 ? args[1] : rt.None);
  });
  const fk = ops.dictGetStr(D.dict!, 'fromkeys');
  if (fk instanceof PyBuiltin) fk.isClassMethod = true;

  def(D, '__contains__', (args, kw, self) => {
    argCount('__contains__', args, 1, 1, kw);
    ops.hash(args[0]);
    return bool(ops.table(asDict(self)).has(args[0]));
  });
  def(D, '__getitem__', (args, kw, self) => {
    argCount('__getitem__', args, 1, 1, kw);
    return ops.getItem(self!, args[0]);
  });
  def(D, '__setitem__', (args, kw, self) => {
    argCount('__setitem__', args, 2, 2, kw);
    ops.dictSetItem(asDict(self), args[0], args[1], false);
    return none();
  });
  def(D, '__delitem__', (args, kw, self) => {
    argCount('__delitem__', args, 1, 1, kw);
    ops.delItem(self!, args[0]);
    return none();
  });
  def(D, '__len__', (args, kw, self) => {
    argCount('__len__', args, 0, 0, kw);
    return rt.newInt(ops.table(asDict(self)).size);
  });
  def(D, '__iter__', (args, kw, self) => {
    argCount('__iter__', args, 0, 0, kw);
    return ops.getIter(self!);
  });
  def(D, '__reversed__', (args, kw, self) => {
    argCount(clinicName('dict', '__reversed__'), args, 0, 0, kw);
    return ops.callObject(T.reversed, [self!]);
  });
  def(D, '__sizeof__', (args, kw, self) => {
    argCount(clinicName('dict', '__sizeof__'), args, 0, 0, kw);
    return rt.newInt(rt.sizeofObject(self!, false));
  });
  def(D, '__repr__', (args, kw, self) => {
    argCount('__repr__', args, 0, 0, kw);
    return rt.newStr(ops.repr(self!));
  });
  const CMP = ['__lt__', '__le__', '__eq__', '__ne__', '__gt__', '__ge__'];
  CMP.forEach((name, op) => {
    def(D, name, (args, kw, self) => {
      argCount(name, args, 1, 1, kw);
      if ((op !== 2 && op !== 3) || !(args[0] instanceof PyDict)) return incref(rt.NotImplemented);
      return ops.richCompare(self!, args[0], op);
    });
  });

  if (prof().dictUnion) {
    def(D, '__or__', (args, kw, self) => {
      argCount('__or__', args, 1, 1, kw);
      return dictOr(self!, args[0]) ?? incref(rt.NotImplemented);
    });
    def(D, '__ror__', (args, kw, self) => {
      argCount('__ror__', args, 1, 1, kw);
      return dictOr(args[0], self!) ?? incref(rt.NotImplemented);
    });
    def(D, '__ior__', (args, kw, self) => {
      argCount('__ior__', args, 1, 1, kw);
      dictUpdateArg(asDict(self), args[0]);
      return incref(self!);
    });
  }

  // --- views ---
  // mappingproxy (Objects/descrobject.c mappingproxy_get / _keys / _values / _items / _copy):
  // the method of the same name of the mapping, called
  for (const name of ['get', 'keys', 'values', 'items', 'copy']) {
    def(T.mappingproxy, name, (args, kw, self) => {
      argCount(name, args, name === 'get' ? 1 : 0, name === 'get' ? 2 : 0, kw);
      const m = ops.getAttr((self as PyView).target, name);
      try { return ops.callObject(m, args); } finally { decref(m); }
    });
  }
  for (const vt of [T.dict_keys, T.dict_values, T.dict_items]) {
    def(vt, '__len__', (args, kw, self) => {
      argCount('__len__', args, 0, 0, kw);
      return rt.newInt(ops.table(viewDict(self!)).size);
    });
    def(vt, '__iter__', (args, kw, self) => {
      argCount('__iter__', args, 0, 0, kw);
      return ops.getIter(self!);
    });
    def(vt, '__repr__', (args, kw, self) => {
      argCount('__repr__', args, 0, 0, kw);
      return rt.newStr(ops.repr(self!));
    });
    def(vt, '__reversed__', (args, kw, self) => {
      argCount('__reversed__', args, 0, 0, kw);
      return viewReversed(self as PyView);
    });
    if (prof().viewMapping) {
      def(vt, 'mapping', (args) => mappingProxyOf(viewDict(args[0])));
      const m = ops.dictGetStr(vt.dict!, 'mapping') as unknown as { isGetSet: boolean };
      m.isGetSet = true;
    }
    if (vt === T.dict_values) continue;
    def(vt, '__contains__', (args, kw, self) => {
      argCount('__contains__', args, 1, 1, kw);
      return bool(viewContains(self as PyView, args[0]));
    });
    def(vt, 'isdisjoint', (args, kw, self) => {
      argCount('isdisjoint', args, 1, 1, kw);
      return bool(viewIsDisjoint(self as PyView, args[0]));
    });
    const NB: [string, number, boolean][] = [
      ['__and__', 1, false], ['__rand__', 1, true], ['__or__', 7, false], ['__ror__', 7, true],
      ['__sub__', 10, false], ['__rsub__', 10, true], ['__xor__', 12, false], ['__rxor__', 12, true],
    ];
    for (const [name, op, refl] of NB) {
      def(vt, name, (args, kw, self) => {
        argCount(name, args, 1, 1, kw);
        return refl ? viewBinOp(op, args[0], self!)! : viewBinOp(op, self!, args[0])!;
      });
    }
  }
}

/** dict_or: a copy of the left operand updated with the right one */
export function dictOr(a: PyObject, b: PyObject): PyObject | null {
  if (!(a instanceof PyDict) || !(b instanceof PyDict)) return null;
  const d = dictCopy(a);
  try { dictUpdateArg(d, b); } catch (e) { decref(d); throw e; }
  return d;
}

/** dict.fromkeys (dict_fromkeys_impl / _PyDict_FromKeys) */
function fromKeys(cls: PyType, iterable: PyObject, value: PyObject): PyObject {
  if (cls !== rt.T.dict) {
    const d = ops.callObject(cls, []);
    try {
      const items = ops.toArray(iterable);
      try { for (const k of items) ops.setItem(d, k, value); } finally { for (const k of items) decref(k); }
    } catch (e) { decref(d); throw e; }
    return d;
  }
  const hooks = rt.dictHooks;
  if (isExactDict(iterable) || (iterable instanceof PySet && (iterable.ob_type === rt.T.set || iterable.ob_type === rt.T.frozenset))) {
    const isDict = iterable instanceof PyDict;
    const keys = isDict ? [...ops.table(iterable).keys()] : ops.setKeys(iterable);
    for (const k of keys) ops.hash(k);
    const source = isDict
      ? { type: 'dict' as const, size: ops.table(iterable).size, unicode: ops.table(iterable).keysKind === 'unicode' }
      : { type: 'set' as const, size: keys.length };
    const t = DictTable.fromKeys<PyObject, PyObject>(rt.version, hooks, keys, value, source);
    const d = rt.newDict(t);
    for (const k of keys) { k.ob_refcnt++; value.ob_refcnt++; maintainTracking(d, k, value); }
    return d;
  }
  // the generic path: d = dict(), then d[key] = value for each key of the iterable
  const d = rt.newDict(DictTable.fromCall<PyObject, PyObject>(rt.version, hooks));
  try {
    const it = ops.getIter(iterable);
    try {
      for (let k = ops.iterNext(it); k !== null; k = ops.iterNext(it)) {
        try { ops.dictSetItem(d, k, value, false); } finally { decref(k); }
      }
    } finally { decref(it); }
  } catch (e) { decref(d); throw e; }
  return d;
}

/** reversed() of a view (dictkeys_reversed, dictvalues_reversed, dictitems_reversed) */
export function viewReversed(v: PyView): PyObject {
  const d = viewDict(v);
  const tbl = ops.table(d);
  const kind = v.ob_type === rt.T.dict_keys ? 0 : v.ob_type === rt.T.dict_values ? 1 : 2;
  const tname = ['dict_reversekeyiterator', 'dict_reversevalueiterator', 'dict_reverseitemiterator'][kind];
  let t = rt.T[tname];
  if (!t) {
    t = rt.makeType(tname, rt.T.object, { gc: true, baseType: false });
    t.ob_refcnt = 2 ** 50;
  }
  let i = tbl.entryCount - 1;
  const size0 = tbl.size;
  let remaining = size0;
  const result = kind === 2 ? ops.newResultTuple(2) : null;
  return rt.nativeIter(t, (): PyObject | null => {
    if (tbl.size !== size0) { i = -1; throw rt.raise('RuntimeError', 'dictionary changed size during iteration'); }
    while (i >= 0) {
      const e = tbl.entryAt(i--);
      if (!e) continue;
      remaining--;
      if (kind === 0) return incref(e[0]);
      if (kind === 1) return incref(e[1]);
      return ops.recycleResultTuple(result!, [incref(e[0]), incref(e[1])]);
    }
    return null;
  }, result ? [incref(d), result] : [incref(d)], 16 + 56, () => Math.max(0, remaining));
}

/** dictview_mapping: a read-only proxy of the view's dict */
function mappingProxyOf(d: PyDict): PyObject {
  const v = new PyView(rt.T.mappingproxy, incref(d));
  rt.alloc(v, 16 + 24, 16);
  rt.gcTrack(v);
  return v;
}
