// Methods of the built-in set and frozenset types: add, remove, discard, pop, clear, copy, update,
// union, intersection, difference, symmetric_difference and their _update variants, issubset,
// issuperset, isdisjoint, the operators (| & - ^ and the in-place forms), comparisons, hashing.
//
// Follows Objects/setobject.c: set_add, set_remove / set_discard (with the frozenset retry for a
// set key), set_pop, set_clear_internal, set_copy / frozenset_copy, set_update_internal,
// set_union, set_intersection(_multi), set_intersection_update (set_swap_bodies),
// set_difference / set_copy_and_difference / set_difference_multi,
// set_difference_update_internal, set_symmetric_difference(_update), set_issubset,
// set_issuperset, set_isdisjoint, set_or / set_and / set_sub / set_xor and set_ior / set_iand /
// set_isub / set_ixor, set_richcompare. Table layouts (sizes and iteration order) come from
// SetTable; the reference counts of the keys are managed here.

import { NativeFn, PyDict, PyObject, PySet, PyType } from '../objects';
import { PyExc, rt } from '../runtime';
import * as ops from '../ops';
import { SetTable } from '../../setobject';
import type { Hash } from '../../pyhash';
import type { PyVersion } from '../../versions';
import { argCount, bool, none } from '../native';

type Table = SetTable<PyObject>;

function incref<T extends PyObject>(o: T): T { o.ob_refcnt++; return o; }
function decref(o: PyObject): void { if (--o.ob_refcnt === 0) rt.dealloc(o); }

/** Per-version error-message details. */
interface SetMethodsProfile {
  /** METH_NOARGS / METH_O messages name the type ("set.pop() takes no arguments") from 3.9 */
  qualifiedArgMessages: boolean;
  /** "set.union() takes no keyword arguments" (varargs methods) from 3.11 */
  qualifiedKwMessages: boolean;
}
const PROFILES: Record<PyVersion, SetMethodsProfile> = {
  '3.8': { qualifiedArgMessages: false, qualifiedKwMessages: false },
  '3.9': { qualifiedArgMessages: true, qualifiedKwMessages: false },
  '3.10': { qualifiedArgMessages: true, qualifiedKwMessages: false },
  '3.11': { qualifiedArgMessages: true, qualifiedKwMessages: true },
  '3.12': { qualifiedArgMessages: true, qualifiedKwMessages: true },
  '3.13': { qualifiedArgMessages: true, qualifiedKwMessages: true },
};
function prof(): SetMethodsProfile { return PROFILES[rt.version]; }

function tbl(s: PyObject): Table { return ops.setTable(s); }

function isFrozen(s: PyObject): boolean { return ops.isSubtype(s.ob_type, rt.T.frozenset); }

function isExactDict(o: PyObject): o is PyDict { return o instanceof PyDict && o.ob_type === rt.T.dict; }

/** a new, empty set or frozenset (tracked by the GC like every set) */
export function newEmptySet(frozen: boolean): PySet {
  const s = rt.newSet(frozen);
  rt.gcTrack(s);
  return s;
}

/** run a table operation on a set; keys that entered the table gain a reference, keys that left
 *  lose theirs (after the operation, as the C code decrefs removed keys) */
function mutate(s: PyObject, fn: (t: Table) => void): void {
  const t = tbl(s);
  const before = new Set<PyObject>(t);
  try {
    fn(t);
  } finally {
    const after = new Set<PyObject>(tbl(s));
    for (const k of after) if (!before.has(k)) k.ob_refcnt++;
    const gone: PyObject[] = [];
    for (const k of before) if (!after.has(k)) gone.push(k);
    for (const k of gone) decref(k);
  }
}

/** a set whose body is the table `r` (its keys borrowed, now owned by the set) */
function adopt(s: PySet, r: Table): PySet {
  (s as { store: unknown }).store = r;
  for (const k of r) k.ob_refcnt++;
  return s;
}

/** the items of a non-set iterable as new references (released by the caller) */
function items(o: PyObject): PyObject[] { return ops.toArray(o); }
function release(a: PyObject[]): void { for (const x of a) decref(x); }

/** the slot's stored key equal to k (set_lookkey), for removal */
function storedKey(t: Table, k: PyObject, h: Hash): PyObject | undefined {
  const lookup = (t as unknown as { lookup(k: PyObject, h: Hash, pk: string | number | undefined): number }).lookup;
  const slot = lookup.call(t, k, h, rt.dictHooks.primitiveKey(k));
  return slot >= 0 ? t.slotKey(slot) : undefined;
}

/** hash a key; an unhashable set is looked up as a frozenset (set_contains_key, set_discard_key) */
function keyHash(key: PyObject): [PyObject, Hash, PyObject | null] {
  try {
    return [key, ops.hash(key), null];
  } catch (e) {
    if (!(e instanceof PyExc) || !(key instanceof PySet) || !ops.isInstance(e.exc, rt.T.TypeError)) throw e;
    decref(e.exc);
    const tmp = newEmptySet(true);
    mutate(tmp, (t) => t.merge(tbl(key)));
    return [tmp, ops.hash(tmp), tmp];
  }
}

function keyError(k: PyObject): PyExc {
  const e = rt.newExc(rt.T.KeyError, null);
  decref(e.args);
  e.args = rt.newTuple([incref(k)]);
  return new PyExc(e);
}

// ---------------------------------------------------------------------------------------------
// the set algorithms, on PySet objects (exported for the dict views)
// ---------------------------------------------------------------------------------------------

export function setContainsKey(so: PyObject, key: PyObject): boolean {
  const [k, h, tmp] = keyHash(key);
  try { return tbl(so).contains(k, h); } finally { if (tmp) decref(tmp); }
}

/** set_update_internal */
export function setUpdateInternal(s: PyObject, other: PyObject): void {
  if (other instanceof PySet) {
    mutate(s, (t) => t.merge(tbl(other)));
    return;
  }
  if (isExactDict(other)) {
    const keys = ops.dictItems(other).map(([k]) => [k, ops.hash(k)] as const);
    mutate(s, (t) => t.updateFromDict(keys));
    return;
  }
  const it = ops.getIter(other);
  try {
    for (let k = ops.iterNext(it); k !== null; k = ops.iterNext(it)) {
      try { ops.setAdd(s, k); } finally { decref(k); }
    }
  } finally { decref(it); }
}

/** set_copy: a new set of the same base type (make_new_set_basetype) */
export function setCopy(so: PyObject): PySet {
  const s = newEmptySet(isFrozen(so));
  mutate(s, (t) => t.merge(tbl(so)));
  return s;
}

/** set_intersection */
export function setIntersection(so: PyObject, other: PyObject): PySet {
  if (other === so) return setCopy(so);
  const s = newEmptySet(isFrozen(so));
  try {
    if (other instanceof PySet) return adopt(s, tbl(so).intersection(tbl(other)));
    const a = items(other);
    try { return adopt(s, tbl(so).intersection(a)); } finally { release(a); }
  } catch (e) { decref(s); throw e; }
}

function setIntersectionMulti(so: PyObject, others: PyObject[]): PySet {
  if (others.length === 0) return setCopy(so);
  let result: PyObject = incref(so);
  try {
    for (const o of others) {
      const nr = setIntersection(result, o);
      decref(result);
      result = nr;
    }
  } catch (e) { decref(result); throw e; }
  return result as PySet;
}

/** set_intersection_update: the result's body replaces ours (set_swap_bodies) */
function setIntersectionUpdate(so: PySet, others: PyObject[]): void {
  const tmp = setIntersectionMulti(so, others);
  const body = so.store;
  so.store = tmp.store;
  tmp.store = body;
  decref(tmp);
}

/** set_difference_update_internal */
export function setDifferenceUpdate(so: PyObject, other: PyObject): void {
  if (other instanceof PySet) {
    mutate(so, (t) => t.differenceUpdate(tbl(other)));
    return;
  }
  const a = items(other);
  try { mutate(so, (t) => t.differenceUpdate(a)); } finally { release(a); }
}

/** set_difference */
function setDifference(so: PyObject, other: PyObject): PySet {
  const t = tbl(so);
  if (other instanceof PySet) {
    const s = newEmptySet(isFrozen(so));
    return adopt(s, t.difference(tbl(other)));
  }
  if (isExactDict(other)) {
    const dt = ops.table(other);
    if ((t.size >> 2) > dt.size) {
      const s = setCopy(so);
      try { setDifferenceUpdate(s, other); } catch (e) { decref(s); throw e; }
      return s;
    }
    const s = newEmptySet(isFrozen(so));
    const r = new SetTable<PyObject>(rt.version, rt.dictHooks);
    try {
      for (const [k, h] of t.entries()) if (!dt.has(k)) r.add(k, h);
    } catch (e) { decref(s); throw e; }
    return adopt(s, r);
  }
  const s = setCopy(so);
  try { setDifferenceUpdate(s, other); } catch (e) { decref(s); throw e; }
  return s;
}

function setDifferenceMulti(so: PyObject, others: PyObject[]): PySet {
  if (others.length === 0) return setCopy(so);
  const result = setDifference(so, others[0]);
  try {
    for (let i = 1; i < others.length; i++) setDifferenceUpdate(result, others[i]);
  } catch (e) { decref(result); throw e; }
  return result;
}

/** set_symmetric_difference_update */
export function setSymmetricDifferenceUpdate(so: PyObject, other: PyObject): void {
  if (other === so) { mutate(so, (t) => t.clear()); return; }
  if (isExactDict(other)) {
    const keys = ops.dictItems(other).map(([k]) => k);
    mutate(so, (t) => {
      for (const k of keys) {
        const h = ops.hash(k);
        if (!t.discard(k, h)) t.add(k, h);
      }
    });
    return;
  }
  if (other instanceof PySet) {
    mutate(so, (t) => t.symmetricDifferenceUpdate(tbl(other)));
    return;
  }
  const a = items(other);
  try { mutate(so, (t) => t.symmetricDifferenceUpdate(a)); } finally { release(a); }
}

/** set_symmetric_difference: a new set from `other`, then updated with ours */
function setSymmetricDifference(so: PyObject, other: PyObject): PySet {
  const s = newEmptySet(isFrozen(so));
  try {
    setUpdateInternal(s, other);
    setSymmetricDifferenceUpdate(s, so);
  } catch (e) { decref(s); throw e; }
  return s;
}

/** a plain set built from any iterable (make_new_set(&PySet_Type, other)) */
function asSet(other: PyObject): [PySet, boolean] {
  if (other instanceof PySet) return [other, false];
  const tmp = newEmptySet(false);
  try { setUpdateInternal(tmp, other); } catch (e) { decref(tmp); throw e; }
  return [tmp, true];
}

function setIsSubset(so: PyObject, other: PyObject): boolean {
  const [o, owned] = asSet(other);
  try { return tbl(so).issubset(tbl(o)); } finally { if (owned) decref(o); }
}

function setIsSuperset(so: PyObject, other: PyObject): boolean {
  const [o, owned] = asSet(other);
  try { return tbl(o).issubset(tbl(so)); } finally { if (owned) decref(o); }
}

function setIsDisjoint(so: PyObject, other: PyObject): boolean {
  if (other === so) return tbl(so).size === 0;
  if (other instanceof PySet && (other.ob_type === rt.T.set || other.ob_type === rt.T.frozenset)) {
    let a = tbl(so), b = tbl(other);
    if (b.size > a.size) [a, b] = [b, a];
    for (const [k, h] of b.entries()) if (a.contains(k, h)) return false;
    return true;
  }
  const it = ops.getIter(other);
  try {
    for (let k = ops.iterNext(it); k !== null; k = ops.iterNext(it)) {
      try { if (tbl(so).contains(k, ops.hash(k))) return false; } finally { decref(k); }
    }
  } finally { decref(it); }
  return true;
}

/** set_or / set_and / set_sub / set_xor: both operands sets; a new set of the left one's type */
export function setBinOp(op: number, a: PyObject, b: PyObject): PyObject | null {
  switch (op) {
    case 7: {
      const r = setCopy(a);
      if (b !== a) {
        try { setUpdateInternal(r, b); } catch (e) { decref(r); throw e; }
      }
      return r;
    }
    case 1: return setIntersection(a, b);
    case 10: return setDifference(a, b);
    case 12: return setSymmetricDifference(a, b);
  }
  return null;
}

/** set_ior / set_iand / set_isub / set_ixor (sets only; frozensets fall back to the binary op) */
export function setInplaceOp(op: number, a: PySet, b: PyObject): PyObject | null {
  switch (op) {
    case 7: setUpdateInternal(a, b); return incref(a);
    case 1: setIntersectionUpdate(a, [b]); return incref(a);
    case 10: setDifferenceUpdate(a, b); return incref(a);
    case 12: setSymmetricDifferenceUpdate(a, b); return incref(a);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// installation
// ---------------------------------------------------------------------------------------------

export function installSetMethods(): void {
  const T = rt.T;
  const both = [T.set, T.frozenset];
  const def = (t: PyType, name: string, fn: NativeFn) => rt.defMethod(t, name, fn);
  /** METH_NOARGS / METH_O argument checks */
  const fixed = (t: PyType, name: string, args: PyObject[], n: number, kw: string[] | null) =>
    argCount(prof().qualifiedArgMessages ? `${t.name}.${name}` : name, args, n, n, kw);
  /** METH_VARARGS without keywords */
  const varargs = (t: PyType, name: string, kw: string[] | null) => {
    if (kw && kw.length) throw rt.raise('TypeError', `${prof().qualifiedKwMessages ? `${t.name}.${name}` : name}() takes no keyword arguments`);
  };

  // --- set only: mutation ---
  const S = T.set;
  def(S, 'add', (args, kw, self) => {
    fixed(S, 'add', args, 1, kw);
    ops.setAdd(self!, args[0]);
    return none();
  });
  def(S, 'remove', (args, kw, self) => {
    fixed(S, 'remove', args, 1, kw);
    const [k, h, tmp] = keyHash(args[0]);
    try {
      const t = tbl(self!);
      const stored = storedKey(t, k, h);
      if (stored === undefined) throw keyError(args[0]);
      t.discard(stored, h);
      decref(stored);
    } finally { if (tmp) decref(tmp); }
    return none();
  });
  def(S, 'discard', (args, kw, self) => {
    fixed(S, 'discard', args, 1, kw);
    const [k, h, tmp] = keyHash(args[0]);
    try {
      const t = tbl(self!);
      const stored = storedKey(t, k, h);
      if (stored !== undefined) { t.discard(stored, h); decref(stored); }
    } finally { if (tmp) decref(tmp); }
    return none();
  });
  def(S, 'pop', (args, kw, self) => {
    fixed(S, 'pop', args, 0, kw);
    const k = tbl(self!).pop();
    if (k === undefined) throw rt.raise('KeyError', 'pop from an empty set');
    return k;
  });
  def(S, 'clear', (args, kw, self) => {
    fixed(S, 'clear', args, 0, kw);
    mutate(self!, (t) => t.clear());
    return none();
  });
  def(S, 'update', (args, kw, self) => {
    varargs(S, 'update', kw);
    for (const o of args) setUpdateInternal(self!, o);
    return none();
  });
  def(S, 'intersection_update', (args, kw, self) => {
    varargs(S, 'intersection_update', kw);
    setIntersectionUpdate(self as PySet, args);
    return none();
  });
  def(S, 'difference_update', (args, kw, self) => {
    varargs(S, 'difference_update', kw);
    for (const o of args) setDifferenceUpdate(self!, o);
    return none();
  });
  def(S, 'symmetric_difference_update', (args, kw, self) => {
    fixed(S, 'symmetric_difference_update', args, 1, kw);
    setSymmetricDifferenceUpdate(self!, args[0]);
    return none();
  });
  const INPLACE: [string, number][] = [['__ior__', 7], ['__iand__', 1], ['__isub__', 10], ['__ixor__', 12]];
  for (const [name, op] of INPLACE) {
    def(S, name, (args, kw, self) => {
      argCount(name, args, 1, 1, kw);
      if (!(args[0] instanceof PySet)) return incref(rt.NotImplemented);
      return setInplaceOp(op, self as PySet, args[0])!;
    });
  }

  // --- set and frozenset ---
  for (const t of both) {
    def(t, 'copy', (args, kw, self) => {
      fixed(t, 'copy', args, 0, kw);
      if (self!.ob_type === T.frozenset) return incref(self!);
      return setCopy(self!);
    });
    def(t, 'union', (args, kw, self) => {
      varargs(t, 'union', kw);
      const r = setCopy(self!);
      try {
        for (const o of args) if (o !== self) setUpdateInternal(r, o);
      } catch (e) { decref(r); throw e; }
      return r;
    });
    def(t, 'intersection', (args, kw, self) => {
      varargs(t, 'intersection', kw);
      return setIntersectionMulti(self!, args);
    });
    def(t, 'difference', (args, kw, self) => {
      varargs(t, 'difference', kw);
      return setDifferenceMulti(self!, args);
    });
    def(t, 'symmetric_difference', (args, kw, self) => {
      fixed(t, 'symmetric_difference', args, 1, kw);
      return setSymmetricDifference(self!, args[0]);
    });
    def(t, 'issubset', (args, kw, self) => {
      fixed(t, 'issubset', args, 1, kw);
      return bool(setIsSubset(self!, args[0]));
    });
    def(t, 'issuperset', (args, kw, self) => {
      fixed(t, 'issuperset', args, 1, kw);
      return bool(setIsSuperset(self!, args[0]));
    });
    def(t, 'isdisjoint', (args, kw, self) => {
      fixed(t, 'isdisjoint', args, 1, kw);
      return bool(setIsDisjoint(self!, args[0]));
    });
    def(t, '__contains__', (args, kw, self) => {
      fixed(t, '__contains__', args, 1, kw);
      return bool(setContainsKey(self!, args[0]));
    });
    def(t, '__len__', (args, kw, self) => {
      argCount('__len__', args, 0, 0, kw);
      return rt.newInt(tbl(self!).size);
    });
    def(t, '__iter__', (args, kw, self) => {
      argCount('__iter__', args, 0, 0, kw);
      return ops.getIter(self!);
    });
    def(t, '__sizeof__', (args, kw, self) => {
      fixed(t, '__sizeof__', args, 0, kw);
      return rt.newInt(rt.sizeofObject(self!, false));
    });
    def(t, '__repr__', (args, kw, self) => {
      argCount('__repr__', args, 0, 0, kw);
      return rt.newStr(ops.repr(self!));
    });
    const NB: [string, number, boolean][] = [
      ['__or__', 7, false], ['__ror__', 7, true], ['__and__', 1, false], ['__rand__', 1, true],
      ['__sub__', 10, false], ['__rsub__', 10, true], ['__xor__', 12, false], ['__rxor__', 12, true],
    ];
    for (const [name, op, refl] of NB) {
      def(t, name, (args, kw, self) => {
        argCount(name, args, 1, 1, kw);
        if (!(args[0] instanceof PySet)) return incref(rt.NotImplemented);
        return refl ? setBinOp(op, args[0], self!)! : setBinOp(op, self!, args[0])!;
      });
    }
    const CMP = ['__lt__', '__le__', '__eq__', '__ne__', '__gt__', '__ge__'];
    CMP.forEach((name, op) => {
      def(t, name, (args, kw, self) => {
        argCount(name, args, 1, 1, kw);
        if (!(args[0] instanceof PySet)) return incref(rt.NotImplemented);
        return ops.richCompare(self!, args[0], op);
      });
    });
  }
  def(T.frozenset, '__hash__', (args, kw, self) => {
    argCount('__hash__', args, 0, 0, kw);
    const h = ops.hash(self!);
    return typeof h === 'bigint' ? rt.newIntBig(h) : rt.newInt(h);
  });
}
