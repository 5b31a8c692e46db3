// Methods of list and tuple: the PyMethodDef tables and the slot wrappers users call directly
// (__len__, __getitem__, __add__, ...), following Objects/listobject.c (list_append, ins1,
// list_pop_impl, list_remove, list_index_impl, list_count, list_sort_impl, list_copy,
// list_clear, list_inplace_repeat, list_richcompare, list___sizeof___impl) and
// Objects/tupleobject.c (tuple_index_impl, tuple_count, tuple_concat, tuple_repeat, tuplehash).
// Every change of a list's capacity goes through list_resize exactly where CPython calls it.

import { callFromC } from '../recursion';
import { PyInt, PyList, PyObject, PyTuple, PyType } from '../objects';
import { rt } from '../runtime';
import * as ops from '../ops';
import * as layout from '../../layout';
import { argCount, bool, none, splitKw } from '../native';
import type { PyVersion } from '../../versions';

function incref<T extends PyObject>(o: T): T { o.ob_refcnt++; return o; }
function decref(o: PyObject): void { if (--o.ob_refcnt === 0) rt.dealloc(o); }

const SSIZE_MAX = 2n ** 63n - 1n;
const SSIZE_MIN = -(2n ** 63n);

/** Version differences of the list and tuple methods (Argument Clinic output of each release). */
interface ListVersionData {
  /** METH_O / METH_NOARGS methods name their type in argument errors ("list.append()"; 3.8: "append()") */
  qualifiedNames: boolean;
  /** list.append calls list_resize on every append (app1; 3.8-3.10), not only when full */
  appendAlwaysResizes: boolean;
  /** list.sort(reverse=): 'int' (an int converter), 'bool' (PyObject_IsTrue, 3.12+) */
  sortReverse: 'int38' | 'int310' | 'bool';
  /** message for an unknown keyword of a keyword-only clinic function */
  badKeyword: 'invalid' | 'unexpected';
  /** timsort's count_run handles runs of equal keys in descending runs (3.13) */
  countRunEquals: boolean;
  /** list.pop() of the last item frees the array (_list_clear) instead of list_resize(0)
   *  (3.12.1 Objects/listobject.c:1030-1033) */
  popLastClears: boolean;
}

const VERSION_DATA: Record<PyVersion, ListVersionData> = {
  '3.8': { popLastClears: false, countRunEquals: false, qualifiedNames: false, appendAlwaysResizes: true, sortReverse: 'int38', badKeyword: 'invalid' },
  '3.9': { popLastClears: false, countRunEquals: false, qualifiedNames: true, appendAlwaysResizes: true, sortReverse: 'int38', badKeyword: 'invalid' },
  '3.10': { popLastClears: false, countRunEquals: false, qualifiedNames: true, appendAlwaysResizes: true, sortReverse: 'int310', badKeyword: 'invalid' },
  '3.11': { popLastClears: false, countRunEquals: false, qualifiedNames: true, appendAlwaysResizes: false, sortReverse: 'int310', badKeyword: 'invalid' },
  '3.12': { popLastClears: true, countRunEquals: false, qualifiedNames: true, appendAlwaysResizes: false, sortReverse: 'bool', badKeyword: 'invalid' },
  '3.13': { popLastClears: true, countRunEquals: true, qualifiedNames: true, appendAlwaysResizes: false, sortReverse: 'bool', badKeyword: 'unexpected' },
};

function vd(): ListVersionData { return VERSION_DATA[rt.version]; }

/** the name a METH_O / METH_NOARGS method uses in its argument errors */
function qname(type: string, name: string): string { return vd().qualifiedNames ? `${type}.${name}` : name; }

/** the integer value of an object with __index__, or null when it has none */
export function indexValue(o: PyObject): bigint | null {
  if (o instanceof PyInt) return o.big ?? BigInt(o.v);
  if (o.ob_type.flags.heap) {
    const m = ops.typeLookup(o.ob_type, '__index__');
    if (m) {
      const r = ops.callObject(m, [o]);
      if (!(r instanceof PyInt)) {
        decref(r);
        throw rt.raise('TypeError', `__index__ returned non-int (type ${r.ob_type.name})`);
      }
      const v = r.big ?? BigInt(r.v);
      decref(r);
      return v;
    }
  }
  return null;
}

/** Argument Clinic's Py_ssize_t converter (_PyNumber_Index + PyLong_AsSsize_t) */
export function ssizeArg(o: PyObject): number {
  const v = indexValue(o);
  if (v === null) throw rt.raise('TypeError', `'${o.ob_type.name}' object cannot be interpreted as an integer`);
  if (v > SSIZE_MAX || v < SSIZE_MIN) throw rt.raise('OverflowError', 'Python int too large to convert to C ssize_t');
  return Number(v);
}

/** PyNumber_AsSsize_t(o, PyExc_OverflowError), as the sq_repeat slot wrappers convert */
function repeatArg(o: PyObject): number {
  const v = indexValue(o);
  if (v === null) throw rt.raise('TypeError', `'${o.ob_type.name}' object cannot be interpreted as an integer`);
  if (v > SSIZE_MAX || v < SSIZE_MIN) throw rt.raise('OverflowError', `cannot fit '${o.ob_type.name}' into an index-sized integer`);
  return Number(v);
}

/** _PyEval_SliceIndexNotNone: the start/stop of index(); out-of-range values are clamped */
function sliceIndexArg(o: PyObject): number {
  const v = indexValue(o);
  if (v === null) throw rt.raise('TypeError', 'slice indices must be integers or have an __index__ method');
  if (v > SSIZE_MAX) return Number(SSIZE_MAX);
  if (v < SSIZE_MIN) return Number(SSIZE_MIN);
  return Number(v);
}

/** start/stop of list.index / tuple.index, normalised against the current size */
function indexBounds(args: PyObject[], size: number): [number, number] {
  let start = args.length > 1 ? sliceIndexArg(args[1]) : 0;
  let stop = args.length > 2 ? sliceIndexArg(args[2]) : Number.MAX_SAFE_INTEGER;
  if (start < 0) { start += size; if (start < 0) start = 0; }
  if (stop < 0) { stop += size; if (stop < 0) stop = 0; }
  return [start, stop];
}

/** list_resize(self, newsize), with the size before the change */
function resize(l: PyList, newsize: number, oldsize: number): void {
  rt.setListCapacity(l, layout.listResize(rt.profile, l.allocated, newsize, oldsize));
}

/** `items * n` as new references; MemoryError where CPython's size check fails (the list and
 *  tuple methods, and the `*` operator through Runtime.seqBinOp) */
export function repeatItems(items: PyObject[], n: number): PyObject[] {
  if (n <= 0 || items.length === 0) return [];
  // `input_size > PY_SSIZE_T_MAX / n`: PyErr_NoMemory; then the block of the result
  rt.needMemory(8 * items.length * n);
  // the engine's own array past 2^26 items: MemoryError too (below any default limit)
  if (items.length * n > 2 ** 26) throw rt.noMemory();
  const out: PyObject[] = [];
  for (let i = 0; i < n; i++) for (const x of items) { x.ob_refcnt++; out.push(x); }
  return out;
}

const CMP_NAMES = ['__lt__', '__le__', '__eq__', '__ne__', '__gt__', '__ge__'];

function defCommonSeq(t: PyType, isList: boolean): void {
  const def = (name: string, fn: (args: PyObject[], kwnames: string[] | null, self: PyObject) => PyObject): void =>
    rt.defMethod(t, name, (args, kw, self) => fn(args, kw, self!));
  const tn = isList ? 'list' : 'tuple';
  const items = (self: PyObject): PyObject[] => (self as PyList | PyTuple).items;

  def('__len__', (args, kw, self) => { argCount(qname(tn, '__len__'), args, 0, 0, kw); return rt.newInt(items(self).length); });
  def('__getitem__', (args, kw, self) => {
    argCount(qname(tn, '__getitem__'), args, 1, 1, kw);
    return rt.getItemBuiltin(self, args[0])!;
  });
  def('__contains__', (args, kw, self) => {
    argCount(qname(tn, '__contains__'), args, 1, 1, kw);
    return bool(ops.contains(self, args[0]));
  });
  def('__iter__', (args, kw, self) => { argCount(qname(tn, '__iter__'), args, 0, 0, kw); return ops.getIter(self); });
  def('__repr__', (args, kw, self) => { argCount(qname(tn, '__repr__'), args, 0, 0, kw); return rt.newStr(ops.repr(self)); });
  // tuple has no __sizeof__ of its own: object.__sizeof__ computes basicsize + n * itemsize
  if (isList) def('__sizeof__', (args, kw, self) => { argCount(qname(tn, '__sizeof__'), args, 0, 0, kw); return rt.newInt(rt.sizeofObject(self, false)); });
  def('__mul__', (args, kw, self) => {
    argCount(qname(tn, '__mul__'), args, 1, 1, kw);
    const n = repeatArg(args[0]);
    return repeatSeq(self, n);
  });
  def('__rmul__', (args, kw, self) => {
    argCount(qname(tn, '__rmul__'), args, 1, 1, kw);
    const n = repeatArg(args[0]);
    return repeatSeq(self, n);
  });
  def('__add__', (args, kw, self) => {
    argCount(qname(tn, '__add__'), args, 1, 1, kw);
    const o = args[0];
    if (isList ? !(o instanceof PyList) : !(o instanceof PyTuple)) {
      throw rt.raise('TypeError', `can only concatenate ${tn} (not "${o.ob_type.name}") to ${tn}`);
    }
    return rt.seqBinOp(0, self, o)!;
  });
  CMP_NAMES.forEach((name, op) => {
    def(name, (args, kw, self) => {
      argCount(qname(tn, name), args, 1, 1, kw);
      const o = args[0];
      if (isList ? !(o instanceof PyList) : !(o instanceof PyTuple)) return incref(rt.NotImplemented);
      return ops.richCompare(self, o, op);
    });
  });
  def('count', (args, kw, self) => {
    argCount(qname(tn, 'count'), args, 1, 1, kw);
    const v = args[0];
    const its = items(self);
    let c = 0;
    for (let i = 0; i < its.length; i++) {
      const x = incref(its[i]);
      try { if (x === v || ops.eq(x, v)) c++; } finally { decref(x); }
    }
    return rt.newInt(c);
  });
  def('index', (args, kw, self) => {
    argCount('index', args, 1, 3, kw);
    const v = args[0];
    const its = items(self);
    const [start, stop] = indexBounds(args, its.length);
    for (let i = start; i < stop && i < its.length; i++) {
      const x = incref(its[i]);
      let same: boolean;
      try { same = x === v || ops.eq(x, v); } finally { decref(x); }
      if (same) return rt.newInt(i);
    }
    if (isList) throw rt.raise('ValueError', `${ops.repr(v)} is not in list`);
    throw rt.raise('ValueError', 'tuple.index(x): x not in tuple');
  });
}

/** list_repeat / tuple_repeat */
function repeatSeq(self: PyObject, n: number): PyObject {
  if (self instanceof PyList) return rt.newList(repeatItems(self.items, n));
  const t = self as PyTuple;
  if (n === 1 && t.ob_type === rt.T.tuple) return incref(t);
  return rt.newTuple(repeatItems(t.items, n));
}

export function installListMethods(): void {
  const T = rt.T;
  const L = T.list;
  const def = (name: string, fn: (args: PyObject[], kwnames: string[] | null, self: PyList) => PyObject): void =>
    rt.defMethod(L, name, (args, kw, self) => fn(args, kw, self as PyList));

  defCommonSeq(L, true);
  defCommonSeq(T.tuple, false);

  // --- list -----------------------------------------------------------------------------------

  def('append', (args, kw, self) => {
    argCount(qname('list', 'append'), args, 1, 1, kw);
    const n = self.items.length;
    // app1 (3.8-3.10) calls list_resize(n + 1) every time; _PyList_AppendTakeRef only when full
    if (n + 1 > self.allocated || (vd().appendAlwaysResizes && n + 1 < self.allocated >> 1)) resize(self, n + 1, n);
    self.items.push(incref(args[0]));
    return none();
  });
  def('extend', (args, kw, self) => {
    argCount(qname('list', 'extend'), args, 1, 1, kw);
    ops.listExtend(self, args[0]);
    return none();
  });
  def('insert', (args, kw, self) => {
    argCount('insert', args, 2, 2, kw);
    let where = ssizeArg(args[0]);
    const v = args[1];
    const n = self.items.length;
    resize(self, n + 1, n);
    if (where < 0) { where += n; if (where < 0) where = 0; }
    if (where > n) where = n;
    self.items.splice(where, 0, incref(v));
    return none();
  });
  def('pop', (args, kw, self) => {
    argCount('pop', args, 0, 1, kw);
    let index = args.length ? ssizeArg(args[0]) : -1;
    const n = self.items.length;
    if (n === 0) throw rt.raise('IndexError', 'pop from empty list');
    if (index < 0) index += n;
    if (index < 0 || index >= n) throw rt.raise('IndexError', 'pop index out of range');
    if (n === 1 && vd().popLastClears) {
      const last = incref(self.items[0]);
      listClear(self);
      return last;
    }
    const [v] = self.items.splice(index, 1);
    resize(self, n - 1, n);
    return v;
  });
  def('remove', (args, kw, self) => {
    argCount(qname('list', 'remove'), args, 1, 1, kw);
    const v = args[0];
    for (let i = 0; i < self.items.length; i++) {
      const x = incref(self.items[i]);
      let same: boolean;
      try { same = x === v || ops.eq(x, v); } finally { decref(x); }
      if (same) {
        // list_ass_slice(self, i, i + 1, NULL)
        const n = self.items.length;
        if (i >= n) break;
        const [old] = self.items.splice(i, 1);
        resize(self, n - 1, n);
        decref(old);
        return none();
      }
    }
    throw rt.raise('ValueError', 'list.remove(x): x not in list');
  });
  def('clear', (args, kw, self) => {
    argCount(qname('list', 'clear'), args, 0, 0, kw);
    listClear(self);
    return none();
  });
  def('copy', (args, kw, self) => {
    argCount(qname('list', 'copy'), args, 0, 0, kw);
    return rt.newList(self.items.map((x) => incref(x)));
  });
  def('reverse', (args, kw, self) => {
    argCount(qname('list', 'reverse'), args, 0, 0, kw);
    self.items.reverse();
    return none();
  });
  def('sort', (args, kwnames, self) => {
    const npos = args.length - (kwnames ? kwnames.length : 0);
    if (npos > 0) throw rt.raise('TypeError', 'sort() takes no positional arguments');
    if (kwnames) {
      for (const k of kwnames) {
        if (k !== 'key' && k !== 'reverse') {
          throw rt.raise('TypeError', vd().badKeyword === 'invalid'
            ? `'${k}' is an invalid keyword argument for sort()` : `sort() got an unexpected keyword argument '${k}'`);
        }
      }
    }
    const [, kw] = splitKw('sort', args, kwnames, ['key', 'reverse']);
    const key = kw.get('key') ?? null;
    const reverse = kw.get('reverse') ?? null;
    if (reverse !== null) checkSortReverse(reverse);
    listSort(self, key === rt.None ? null : key, reverse !== null && ops.truthy(reverse));
    return none();
  });
  def('__setitem__', (args, kw, self) => {
    argCount(qname('list', '__setitem__'), args, 2, 2, kw);
    rt.setItemBuiltin(self, args[0], args[1]);
    return none();
  });
  def('__delitem__', (args, kw, self) => {
    argCount(qname('list', '__delitem__'), args, 1, 1, kw);
    rt.delItemBuiltin(self, args[0]);
    return none();
  });
  def('__iadd__', (args, kw, self) => {
    argCount(qname('list', '__iadd__'), args, 1, 1, kw);
    ops.listExtend(self, args[0]);
    return incref(self);
  });
  def('__imul__', (args, kw, self) => {
    argCount(qname('list', '__imul__'), args, 1, 1, kw);
    listInplaceRepeat(self, repeatArg(args[0]));
    return incref(self);
  });
  def('__reversed__', (args, kw, self) => {
    argCount(qname('list', '__reversed__'), args, 0, 0, kw);
    return ops.callObject(T.reversed, [self]);
  });
  // lists are unhashable: list.__hash__ is None
  rt.dictSetStr(L.dict!, '__hash__', rt.None);

  // --- tuple ----------------------------------------------------------------------------------

  rt.defMethod(T.tuple, '__hash__', (args, kw, self) => {
    argCount(qname('tuple', '__hash__'), args, 0, 0, kw);
    const h = ops.hash(self!);
    return typeof h === 'number' ? rt.newInt(h) : rt.newIntBig(h);
  });
  rt.defMethod(T.tuple, '__getnewargs__', (args, kw, self) => {
    argCount(qname('tuple', '__getnewargs__'), args, 0, 0, kw);
    const t = self as PyTuple;
    return rt.newTuple([rt.newTuple(t.items.map((x) => incref(x)))]);
  });
}

/** _list_clear: ob_item is detached, the items released last to first, then the array freed */
export function listClear(l: PyList): void {
  // an ob_item of NULL (a fresh list, or one being sorted) is left alone
  if (l.itemsAddr === 0 && l.items.length === 0) return;
  const old = l.items;
  l.items = [];
  for (let i = old.length - 1; i >= 0; i--) decref(old[i]);
  rt.setListCapacity(l, 0, true);
}

/** list_inplace_repeat: `l *= n` */
export function listInplaceRepeat(l: PyList, n: number): void {
  const size = l.items.length;
  if (size === 0 || n === 1) return;
  if (n < 1) { listClear(l); return; }
  rt.needMemory(8 * size * n);
  if (size * n > 2 ** 26) throw rt.noMemory();
  resize(l, size * n, size);
  const src = l.items.slice();
  for (let i = 1; i < n; i++) for (const x of src) { x.ob_refcnt++; l.items.push(x); }
}

/** ISLT: PyObject_RichCompare(x, y, Py_LT) as a truth value */
/** keys of one type (not tuples) are compared by the type's tp_richcompare called directly
 *  (Objects/listobject.c unsafe_object_compare and the unsafe_*_compare of str, int and float),
 *  without PyObject_RichCompare and its recursion guard; mixed keys through it (safe_object_compare) */
let directCompare = false;

function isLt(x: PyObject, y: PyObject): boolean {
  if (x instanceof PyInt && y instanceof PyInt && x.big === null && y.big === null) return x.v < y.v;
  const r = directCompare && x.ob_type === y.ob_type ? ops.doRichCompare(x, y, 0) : ops.richCompare(x, y, 0);
  try { return ops.truthy(r); } finally { decref(r); }
}

type SwapRange = (a: PyObject[], lo: number, hi: number) => void;

/** count_run (3.8-3.12): the length of the run at the start, a strictly descending one reversed */
function countRun(keys: PyObject[], vals: PyObject[] | null, n: number, swapRange: SwapRange): number {
  let run = 2;
  if (isLt(keys[1], keys[0])) {
    while (run < n && isLt(keys[run], keys[run - 1])) run++;
    swapRange(keys, 0, run);
    if (vals) swapRange(vals, 0, run);
  } else {
    while (run < n && !isLt(keys[run], keys[run - 1])) run++;
  }
  return run;
}

/** count_run (3.13, gh-116554): weakly descending runs are reversed stably (equal stretches
 *  reversed first), and a reversed run may be extended by an ascending suffix */
function countRun313(keys: PyObject[], vals: PyObject[] | null, total: number, swapRange: SwapRange): number {
  const rev = (lo: number, hi: number): void => { swapRange(keys, lo, hi); if (vals) swapRange(vals, lo, hi); };
  let n = 1;
  for (; n < total; n++) if (isLt(keys[n], keys[n - 1])) break;
  if (n === total) return n;
  if (n > 1) {
    if (isLt(keys[0], keys[n - 1])) return n;
    rev(0, n);
  }
  n++;
  let neq = 0;
  const reverseLastNeq = (): void => {
    if (neq) { neq++; rev(n - neq, n); neq = 0; }
  };
  for (; n < total; n++) {
    if (isLt(keys[n], keys[n - 1])) reverseLastNeq();
    else if (isLt(keys[n - 1], keys[n])) break;
    else neq++;
  }
  reverseLastNeq();
  rev(0, n);
  for (; n < total; n++) if (isLt(keys[n], keys[n - 1])) break;
  return n;
}

/** sort keys[lo, hi) and values alike: count_run + binarysort for short lists (exactly as
 *  CPython's timsort orders and compares them), a stable merge sort above MIN_GALLOP-sized runs */
function sortRange(keys: PyObject[], vals: PyObject[] | null, n: number): void {
  const swapRange = (a: PyObject[], lo: number, hi: number): void => {
    for (let i = lo, j = hi - 1; i < j; i++, j--) { const t = a[i]; a[i] = a[j]; a[j] = t; }
  };
  if (n < 2) return;
  if (n < 64) {
    const run = vd().countRunEquals ? countRun313(keys, vals, n, swapRange) : countRun(keys, vals, n, swapRange);
    // binarysort
    for (let start = run; start < n; start++) {
      const pivot = keys[start];
      let l = 0, r = start;
      do {
        const p = l + ((r - l) >> 1);
        if (isLt(pivot, keys[p])) r = p; else l = p + 1;
      } while (l < r);
      keys.splice(start, 1);
      keys.splice(l, 0, pivot);
      if (vals) { const v = vals.splice(start, 1)[0]; vals.splice(l, 0, v); }
    }
    return;
  }
  // stable merge sort over an index permutation, applied at the end
  let idx = keys.map((_, i) => i);
  const tmp: number[] = new Array(n);
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = isLt(keys[idx[j]], keys[idx[i]]) ? idx[j++] : idx[i++];
      while (i < mid) tmp[k++] = idx[i++];
      while (j < hi) tmp[k++] = idx[j++];
    }
    for (let k = 0; k < n; k++) idx[k] = tmp[k];
  }
  const k2 = idx.map((i) => keys[i]);
  for (let k = 0; k < n; k++) keys[k] = k2[k];
  if (vals) {
    const v2 = idx.map((i) => vals[i]);
    for (let k = 0; k < n; k++) vals[k] = v2[k];
  }
  idx = [];
}

/** list_sort_impl: the list is emptied while it sorts (ob_item NULL, allocated -1); whatever is
 *  added meanwhile is released and reported as "list modified during sort" */
export function listSort(l: PyList, key: PyObject | null, reverse: boolean): void {
  const saved = l.items;
  const savedAllocated = l.allocated;
  const savedAddr = l.itemsAddr;
  const n = saved.length;
  l.items = [];
  l.allocated = -1;
  l.itemsAddr = 0;
  let error: unknown = null;
  let keys: PyObject[] | null = null;
  try {
    if (key !== null) {
      keys = [];
      for (const x of saved) keys.push(callFromC(key, [x]));
    }
  } catch (e) {
    error = e;
    if (keys) for (const k of keys) decref(k);
    keys = null;
  }
  if (error === null) {
    const ks = keys ?? saved;
    if (reverse) { ks.reverse(); if (keys) saved.reverse(); }
    const t0 = n ? ks[0].ob_type : null;
    const outer = directCompare;
    directCompare = t0 !== null && t0 !== rt.T.tuple && ks.every((k) => k.ob_type === t0);
    try { sortRange(ks, keys ? saved : null, n); } catch (e) { error = e; } finally { directCompare = outer; }
    if (keys) for (const k of keys) decref(k);
    if (reverse && n > 1) saved.reverse();
  }
  const modified = l.allocated !== -1;
  const added = l.items;
  l.items = [];
  if (l.itemsAddr) rt.setListCapacity(l, 0, true);
  l.items = saved;
  l.allocated = savedAllocated;
  l.itemsAddr = savedAddr;
  for (let i = added.length - 1; i >= 0; i--) decref(added[i]);
  if (error !== null) throw error;
  if (modified) throw rt.raise('ValueError', 'list modified during sort');
}

/** the `reverse` argument of list.sort, as each version's converter accepts it */
export function checkSortReverse(o: PyObject): void {
  const mode = vd().sortReverse;
  if (mode === 'bool') return;
  if (o instanceof PyInt) {
    if (o.big !== null && (o.big > 2147483647n || o.big < -2147483648n)) throw rt.raise('OverflowError', 'Python int too large to convert to C int');
    if (o.big === null && (o.v > 2147483647 || o.v < -2147483648)) throw rt.raise('OverflowError', 'Python int too large to convert to C int');
    return;
  }
  if (mode === 'int38') {
    if (o.ob_type === rt.T.float) throw rt.raise('TypeError', 'integer argument expected, got float');
    if (indexValue(o) !== null) return;
    throw rt.raise('TypeError', `an integer is required (got type ${o.ob_type.name})`);
  }
  if (indexValue(o) !== null) return;
  throw rt.raise('TypeError', `'${o.ob_type.name}' object cannot be interpreted as an integer`);
}
