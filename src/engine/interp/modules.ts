// The built-in modules a memory snippet imports: sys (Python/sysmodule.c: getsizeof, getrefcount,
// intern, getrecursionlimit, getallocatedblocks, _debugmallocstats), gc (Modules/gcmodule.c) and
// weakref (Modules/_weakref.c, Objects/weakrefobject.c), and sys.getsizeof's per-type sizes
// (each type's __sizeof__, plus the GC head / pre-header that _PySys_GetSizeOf adds).

import {
  PyBaseException, PyBuiltin, PyByteArray, PyBytes, PyCell, PyComplex, PyDict, PyFloat, PyFunction, PyGen, PyInstance,
  PyInt, PyList, PyMethod, PyModule, PyNativeIter, PyObject, PyProperty, PyRange, PyRangeIter, PySeqIter, PySet, PySlice,
  PyStr, PySuper, PyTuple, PyType, PyWeakref, PyWrapper, IMMORTAL_REFCNT, PyDescr,
} from './objects';
import { PyExc, Runtime, rt } from './runtime';
import type { VersionProfile } from '../profiles';
import * as ops from './ops';
import { argCount, bool, noKw, none, splitKw } from './native';
import * as layout from '../layout';
import { PyCode, PyView, forEachInstanceValue, shapeOf, setRecursionLimit } from './types';
import { ClassLayout, DictTable } from '../dictobject';
import { collect } from './gc';
import { DEFAULT_INT_MAX_STR_DIGITS, INT_MAX_STR_DIGITS_THRESHOLD, getIntMaxStrDigits, setIntMaxStrDigits } from '../format/ints';

/** an argument converted to a C int or long as PyArg's "i" / "l" (or _PyLong_AsInt) does, with
 *  CPython's TypeError for a non-int and OverflowError past the C type's range */
function cInt(o: PyObject, type: 'int' | 'long'): number {
  if (!(o instanceof PyInt)) {
    if (o instanceof PyFloat && rt.profile.intArgFloatMessage) throw rt.raise('TypeError', rt.profile.intArgFloatMessage);
    throw rt.raise('TypeError', rt.profile.chrTypeErrorMessage.replace('%t', o.ob_type.name));
  }
  const v = o.big !== null ? o.big : BigInt(o.v);
  const max = type === 'int' ? 2n ** 31n : 2n ** 63n;
  if (v >= max || v < -max) throw rt.raise('OverflowError', `Python int too large to convert to C ${type}`);
  return Number(v);
}

/** a sys or gc function's name in its argument-count errors (qualified from 3.9) */
function q(mod: string, name: string): string {
  return rt.profile.moduleQualifiedArgErrors ? `${mod}.${name}` : name;
}

function incref<T extends PyObject>(o: T): T { o.ob_refcnt++; return o; }
function decref(o: PyObject): void { if (--o.ob_refcnt === 0) rt.dealloc(o); }

export function installModules(): void {
  const sys = rt.newModule('sys');
  const def = (m: PyModule, name: string, fn: import('./objects').NativeFn) => ops.dictSetStrSteal(m.dict, name, rt.newBuiltin(name, fn, m));
  def(sys, 'getsizeof', (args, kw) => {
    // Argument Clinic's messages (sys_getsizeof: "O|O:getsizeof" with keywords)
    noKw('getsizeof', kw);
    if (args.length < 1) throw rt.raise('TypeError', "getsizeof() missing required argument 'object' (pos 1)");
    if (args.length > 2) throw rt.raise('TypeError', `getsizeof() takes at most 2 arguments (${args.length} given)`);
    return rt.newInt(rt.sizeofObject(args[0], true));
  });
  def(sys, 'getrefcount', (args, kw) => {
    argCount(q('sys', 'getrefcount'), args, 1, 1, kw);
    return rt.newIntBig(BigInt(refcountOf(args[0])));
  });
  def(sys, 'intern', (args, kw) => {
    argCount(q('sys', 'intern'), args, 1, 1, kw);
    const s = args[0];
    if (!(s instanceof PyStr) || s.ob_type !== rt.T.str) throw rt.raise('TypeError', `intern() argument must be str, not ${s.ob_type.name}`);
    const existing = rt.interned.get(s.s);
    if (existing) return incref(existing);
    s.interned = true;
    if (rt.profile.internedImmortality === 'all' && s.allocSize) s.ob_refcnt = IMMORTAL_REFCNT;
    rt.interned.set(s.s, s);
    if (rt.tracer !== null && rt.tracer.cached) rt.tracer.cached(s);
    return incref(s);
  });
  def(sys, 'getrecursionlimit', (args, kw) => { argCount(q('sys', 'getrecursionlimit'), args, 0, 0, kw); return rt.newInt(rt.recursionLimit); });
  def(sys, 'setrecursionlimit', (args, kw) => {
    argCount(q('sys', 'setrecursionlimit'), args, 1, 1, kw);
    const n = cInt(args[0], 'int');
    if (n < 1) throw rt.raise('ValueError', 'recursion limit must be greater or equal than 1');
    // the depth now: the frames, and (≤3.11) the call of setrecursionlimit itself
    // up to 3.11 the depth counts this call's own recursion guard (taken by the CALL)
    const depth = rt.recursionDepth;
    if (depth >= n) throw rt.raise('RecursionError', `cannot set the recursion limit to ${n} at the recursion depth ${depth}: the limit is too low`);
    setRecursionLimit(rt, n);
    return none();
  });
  def(sys, 'getallocatedblocks', (args, kw) => { argCount(q('sys', 'getallocatedblocks'), args, 0, 0, kw); return rt.newInt(rt.heap.allocatedBlocks() + rt.baselineBlocks); });
  def(sys, '_debugmallocstats', (args, kw) => {
    argCount(q('sys', '_debugmallocstats'), args, 0, 0, kw);
    rt.err.push(rt.heap.debugMallocStats() + '\n' + freeListStats());
    return none();
  });
  def(sys, 'exc_info', () => {
    const e = rt.excInfo;
    if (!e) return rt.newTuple([incref(rt.None), incref(rt.None), incref(rt.None)]);
    return rt.newTuple([incref(e.ob_type), incref(e), incref(rt.None)]);
  });
  def(sys, 'exit', (args, kw) => {
    // sys_exit_impl: PyErr_SetObject(PyExc_SystemExit, status): None is no argument, a tuple the arguments
    argCount('exit', args, 0, 1, kw);
    const status = args[0];
    const excArgs = !status || status === rt.None ? [] : status instanceof PyTuple ? status.items : [status];
    const e = ops.callObject(rt.T.SystemExit, excArgs);
    throw new PyExc(e as PyBaseException);
  });
  def(sys, '_getframe', () => { throw rt.raise('NotImplementedError', 'frame objects are not available in the simulator'); });
  const vi = rt.profile.version.split('.').map(Number);
  ops.dictSetStrSteal(sys.dict, 'version_info', rt.newTuple([rt.newInt(vi[0]), rt.newInt(vi[1])]));
  // the int max str digits limit (Python/sysmodule.c sys_set_int_max_str_digits_impl, CVE-2020-10735;
  // in 3.8-3.10 too since their security releases)
  def(sys, 'get_int_max_str_digits', (args, kw) => { argCount(q('sys', 'get_int_max_str_digits'), args, 0, 0, kw); return rt.newInt(getIntMaxStrDigits()); });
  def(sys, 'set_int_max_str_digits', (args, kw) => {
    const [pos, kws] = splitKw('set_int_max_str_digits', args, kw, ['maxdigits']);
    argCount('set_int_max_str_digits', pos, 0, 1);
    const a = pos.length ? pos[0] : kws.get('maxdigits');
    if (a === undefined) throw rt.raise('TypeError', "set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)");
    const n = cInt(a, 'int');
    if (n !== 0 && n < INT_MAX_STR_DIGITS_THRESHOLD) throw rt.raise('ValueError', `maxdigits must be 0 or larger than ${INT_MAX_STR_DIGITS_THRESHOLD}`);
    setIntMaxStrDigits(n);
    return none();
  });
  // sys.flags, for its int_max_str_digits (-1 when not set by -X or the environment, ≤3.11)
  const flags = rt.newModule('sys.flags');
  ops.dictSetStrSteal(flags.dict, 'int_max_str_digits', rt.newInt(rt.profile.flagsIntMaxStrDigitsUnset ? -1 : DEFAULT_INT_MAX_STR_DIGITS));
  ops.dictSetStrSteal(sys.dict, 'flags', flags);
  ops.dictSetStrSteal(sys.dict, 'maxsize', rt.newIntBig(9223372036854775807n));
  ops.dictSetStrSteal(sys.dict, 'byteorder', rt.newStr('little'));
  ops.dictSetStrSteal(sys.dict, 'platform', rt.newStr('linux'));
  ops.dictSetStrSteal(sys.dict, 'implementation', rt.newStr('cpython'));
  rt.stderrObj = new PyInstance(rt.T.object);
  rt.staticAlloc(rt.stderrObj, 16);
  ops.dictSetStrSteal(sys.dict, 'stderr', incref(rt.stderrObj));
  rt.modules.set('sys', sys);

  const gc = rt.newModule('gc');
  def(gc, 'collect', (args, kw) => {
    const [pos, kws] = splitKw('collect', args, kw, ['generation']);
    argCount('collect', pos, 0, 1);
    const g = pos.length ? pos[0] : kws.get('generation');
    const gen = g === undefined ? 2 : cInt(g, 'int');
    if (gen < 0 || gen > 2) throw rt.raise('ValueError', 'invalid generation');
    return rt.newInt(collect(gen));
  });
  def(gc, 'get_count', (args, kw) => { argCount(q('gc', 'get_count'), args, 0, 0, kw); return rt.newTuple(rt.gcState.count.map((c) => rt.newInt(c))); });
  def(gc, 'get_threshold', (args, kw) => { argCount(q('gc', 'get_threshold'), args, 0, 0, kw); return rt.newTuple(rt.gcState.threshold.map((c) => rt.newInt(c))); });
  def(gc, 'set_threshold', (args) => {
    // METH_VARARGS: the arguments arrive as a tuple
    decref(rt.newTuple(args.map((a) => incref(a))));
    if (args.length < 1 || args.length > 3) {
      const n = args.length;
      throw rt.raise('TypeError', rt.profile.gcSetThresholdArgsMessage
        ?? (n < 1 ? `set_threshold() takes at least 1 argument (${n} given)` : `set_threshold() takes at most 3 arguments (${n} given)`));
    }
    // PyArg_ParseTuple "i": PyLong_AsLong, then the C int's range
    const values = args.map((a) => {
      const v = cInt(a, 'long');
      if (v > 2 ** 31 - 1) throw rt.raise('OverflowError', 'signed integer is greater than maximum');
      if (v < -(2 ** 31)) throw rt.raise('OverflowError', 'signed integer is less than minimum');
      return v;
    });
    values.forEach((v, i) => { rt.gcState.threshold[i] = v; });
    return none();
  });
  def(gc, 'set_debug', (args, kw) => { argCount('set_debug', args, 1, 1, kw); rt.gcState.debug = (args[0] as PyInt).v; return none(); });
  def(gc, 'get_debug', (args, kw) => { argCount(q('gc', 'get_debug'), args, 0, 0, kw); return rt.newInt(rt.gcState.debug); });
  for (const [n, v] of [['DEBUG_STATS', 1], ['DEBUG_COLLECTABLE', 2], ['DEBUG_UNCOLLECTABLE', 4], ['DEBUG_SAVEALL', 32], ['DEBUG_LEAK', 38]] as const) {
    ops.dictSetStrSteal(gc.dict, n, rt.newInt(v));
  }
  def(gc, 'disable', (args, kw) => { argCount(q('gc', 'disable'), args, 0, 0, kw); rt.gcState.enabled = false; return none(); });
  def(gc, 'enable', (args, kw) => { argCount(q('gc', 'enable'), args, 0, 0, kw); rt.gcState.enabled = true; return none(); });
  def(gc, 'isenabled', (args, kw) => { argCount(q('gc', 'isenabled'), args, 0, 0, kw); return bool(rt.gcState.enabled); });
  def(gc, 'is_tracked', (args, kw) => { argCount(q('gc', 'is_tracked'), args, 1, 1, kw); return bool(args[0].gcTracked); });
  def(gc, 'freeze', (args, kw) => { argCount(q('gc', 'freeze'), args, 0, 0, kw); rt.gcState.freeze(); return none(); });
  def(gc, 'unfreeze', (args, kw) => { argCount(q('gc', 'unfreeze'), args, 0, 0, kw); rt.gcState.unfreeze(); return none(); });
  def(gc, 'get_freeze_count', (args, kw) => { argCount(q('gc', 'get_freeze_count'), args, 0, 0, kw); return rt.newInt(rt.gcState.permanent.size); });
  def(gc, 'get_referents', (args) => rt.newList(args.flatMap((a) => referents(a)).map((x) => incref(x))));
  def(gc, 'get_referrers', (args) => {
    const out: PyObject[] = [];
    for (const o of rt.gcState.allTracked()) {
      if (args.some((a) => referents(o).includes(a))) out.push(incref(o));
    }
    // the modules' namespaces, made before the program, are tracked dicts of the oldest
    // generation in CPython (visited last) that the simulator's generations do not hold
    const seen = new Set(out);
    for (const m of rt.modules.values()) {
      const ns = (m as { dict?: PyObject }).dict;
      if (!ns || ns.gcTracked || seen.has(ns)) continue;
      seen.add(ns);
      if (args.some((a) => referents(ns).includes(a))) out.push(incref(ns));
    }
    return rt.newList(out);
  });
  def(gc, 'get_objects', () => rt.newList([...rt.gcState.allTracked()].map((x) => incref(x))));
  ops.dictSetStrSteal(gc.dict, 'garbage', incref(rt.gcState.garbage));
  ops.dictSetStrSteal(gc.dict, 'callbacks', incref(rt.gcState.callbacks));
  rt.modules.set('gc', gc);

  const wr = rt.newModule('weakref');
  ops.dictSetStrSteal(wr.dict, 'ref', incref(rt.T.weakref));
  ops.dictSetStrSteal(wr.dict, 'ReferenceType', incref(rt.T.weakref));
  def(wr, 'getweakrefcount', (args) => {
    const o = args[0];
    return rt.newInt((o instanceof PyInstance || o instanceof PyType) && o.weakrefs ? o.weakrefs.length : 0);
  });
  rt.modules.set('weakref', wr);
  rt.T.weakref.newFn = (args, kw) => {
    argCount('__new__', args, 1, 2, kw);
    const target = args[0];
    const cb = args[1] && args[1] !== rt.None ? args[1] : null;
    if (!(target instanceof PyInstance) || !target.ob_type.hasWeakref) {
      if (!(target instanceof PyFunction || target instanceof PyType || target instanceof PySet || target instanceof PyGen)) {
        throw rt.raise('TypeError', `cannot create weak reference to '${target.ob_type.name}' object`);
      }
    }
    const owner = target as PyInstance;
    if (!cb && owner.weakrefs) {
      const existing = owner.weakrefs.find((w) => !w.callback && w.ob_type === rt.T.weakref);
      if (existing) return incref(existing);
    }
    const w = new PyWeakref(rt.T.weakref, target, cb ? incref(cb) : null);
    rt.alloc(w, layout.getsizeofWeakref(rt.profile), 16);
    rt.gcTrack(w);
    if (!owner.weakrefs) owner.weakrefs = [];
    // the basic ref without callback goes first (CPython keeps it at the head of the list)
    if (cb) owner.weakrefs.push(w); else owner.weakrefs.unshift(w);
    return w;
  };
  rt.defMethod(rt.T.weakref, '__call__', (args, kw, self) => incref((self as PyWeakref).target ?? rt.None));
}

/** sys.getrefcount(o): the count CPython reports (immortal objects: the version's constant) */
function refcountOf(o: PyObject): number {
  return reportedRefcount(rt.profile, o.ob_refcnt);
}

/** what sys.getrefcount reports for an object whose simulated ob_refcnt is `refcnt` (static and
 *  immortal objects count from IMMORTAL_REFCNT) */
export function reportedRefcount(p: VersionProfile, refcnt: number): number {
  if (refcnt >= IMMORTAL_REFCNT / 2) {
    if (p.immortalRefcnt !== null) return p.immortalRefcnt;
    // before 3.12 static objects have ordinary counts whose value depends on the whole interpreter
    return (p.staticObjectInitialRefcnt ?? 0) + 1000 + (refcnt - IMMORTAL_REFCNT);
  }
  return refcnt;
}

/** tp_traverse: call `visit` on each object a container refers to, in the order CPython's
 *  traverse functions visit them, without allocating (the collector runs this on every object
 *  of a generation) */
export function traverse(o: PyObject, visit: (r: PyObject) => void): void {
  // tupletraverse / list_traverse visit the items last to first
  if (o instanceof PyTuple || o instanceof PyList) {
    const items = o.items;
    for (let i = items.length - 1; i >= 0; i--) visit(items[i]);
    return;
  }
  // dict_traverse visits each entry's value, then its key (values only in an all-str table)
  if (o instanceof PyDict) {
    const t = ops.table(o);
    if (t.keysKind === 'unicode' || allKeysStr(t)) t.forEachEntry((_k, v) => visit(v));
    else t.forEachEntry((k, v) => { visit(v); visit(k); });
    return;
  }
  if (o instanceof PySet) { ops.setTable(o).forEachKey(visit); return; }
  if (o instanceof PyInstance) {
    if (o.dict) visit(o.dict);
    else forEachInstanceValue(o, visit);
    const slots = o.slots;
    if (slots) for (let i = 0; i < slots.length; i++) { const x = slots[i]; if (x) visit(x); }
    if (o instanceof PyBaseException) { visit(o.args); if (o.cause) visit(o.cause); if (o.context) visit(o.context); }
    visit(o.ob_type);
    return;
  }
  if (o instanceof PyFunction) {
    visit(o.codeObj!); visit(o.globals); visit(o.name); visit(o.qualname);
    if (o.defaults) visit(o.defaults);
    if (o.kwdefaults) visit(o.kwdefaults);
    if (o.closure) visit(o.closure);
    if (o.dict) visit(o.dict);
    return;
  }
  if (o instanceof PyMethod) { visit(o.func); visit(o.self); return; }
  if (o instanceof PyCell) { if (o.ref) visit(o.ref); return; }
  if (o instanceof PySeqIter) { if (o.seq) visit(o.seq); return; }
  if (o instanceof PyNativeIter) { for (const r of o.refs) visit(r); return; }
  if (o instanceof PyBuiltin) { if (o.self) visit(o.self); return; }
  if (o instanceof PyGen) {
    const f = o.frame;
    if (!f) return;
    for (const x of f.fast) if (x !== null) visit(x);
    for (let i = 0; i < f.sp; i++) { const x = f.stack[i]; if (x !== null && x !== undefined) visit(x); }
    return;
  }
  if (o instanceof PyType) {
    // type_traverse: tp_dict, tp_mro (which holds the type itself), tp_bases, tp_base (not
    // tp_subclasses: weak references only)
    if (o.dict) visit(o.dict);
    if (o.tp_mro) visit(o.tp_mro);
    if (o.tp_bases) visit(o.tp_bases);
    if (o.tp_base) visit(o.tp_base);
    return;
  }
  if (o instanceof PyDescr) { visit(o.d_type); return; }
  if (o instanceof PyModule) { visit(o.dict); return; }
  if (o instanceof PyWrapper) { visit(o.func); return; }
  if (o instanceof PyProperty) { if (o.fget) visit(o.fget); if (o.fset) visit(o.fset); if (o.fdel) visit(o.fdel); return; }
  if (o instanceof PySuper) { if (o.thisType) visit(o.thisType); if (o.obj) visit(o.obj); if (o.objType) visit(o.objType); return; }
  if (o instanceof PyView) { visit(o.target); return; }
  if (o instanceof PyWeakref) { if (o.callback) visit(o.callback); return; }
}

function allKeysStr(t: ReturnType<typeof ops.table>): boolean {
  let all = true;
  const str = rt.T.str;
  t.forEachEntry((k) => { if (k.ob_type !== str) all = false; });
  return all;
}

/** gc.get_referents: the objects a container refers to, as a list */
export function referents(o: PyObject): PyObject[] {
  const out: PyObject[] = [];
  traverse(o, (r) => { out.push(r); });
  return out;
}

// ---------------------------------------------------------------------------------------------
// sys.getsizeof
// ---------------------------------------------------------------------------------------------

declare module './runtime' {
  interface Runtime {
    baselineBlocks: number;
  }
}

Runtime.prototype.sizeofObject = function (o: PyObject, withGC: boolean): number {
  const p = this.profile;
  const size = sizeofOf(this, o);
  if (withGC) return size.total;
  return size.total - size.extra;
};

/** getsizeof(o) (total) and what _PySys_GetSizeOf adds to __sizeof__ (extra) */
function sizeofOf(r: Runtime, o: PyObject): { total: number; extra: number } {
  const p = r.profile;
  const T = r.T;
  const gcx = p.gcHeadSize;
  const t = o.ob_type;
  if (t.flags.heap && t.dict) {
    const so = ops.typeLookup(t, '__sizeof__');
    if (so && so instanceof PyFunction) {
      const v = ops.callObject(so, [o]);
      const n = (v as PyInt).v;
      decref(v);
      const extra = t.flags.gc ? gcx + r.instancePreHeader(t) : 0;
      return { total: n + extra, extra };
    }
  }
  if (o instanceof PyInt) {
    if (t === T.bool) return { total: layout.getsizeofBool(p, o.v !== 0), extra: 0 };
    return { total: layout.getsizeofInt(p, o.big ?? o.v), extra: 0 };
  }
  if (o instanceof PyFloat) return { total: layout.getsizeofFloat(), extra: 0 };
  if (o instanceof PyComplex) return { total: layout.getsizeofComplex(), extra: 0 };
  if (o instanceof PyStr) {
    const utf8Cached = o.utf8Cached || (o.len === 1 && !o.ascii && o.kind === 1 && !o.allocSize && p.latin1SingletonHasUtf8);
    return { total: layout.getsizeofStr(p, o.s, { utf8Cached }), extra: 0 };
  }
  if (o instanceof PyBytes) return { total: layout.getsizeofBytes(o.b.length), extra: 0 };
  if (o instanceof PyByteArray) return { total: layout.getsizeofBytearray(o.alloc), extra: 0 };
  if (o instanceof PyTuple) return { total: layout.getsizeofTuple(p, o.items.length), extra: gcx };
  if (o instanceof PyList) return { total: layout.getsizeofList(p, o.allocated), extra: gcx };
  if (o instanceof PyDict) return { total: ops.table(o).sizeof(), extra: gcx };
  if (o instanceof PySet) return { total: ops.setTable(o).sizeof(), extra: gcx };
  if (o instanceof PyRange) return { total: layout.getsizeofRange(), extra: 0 };
  if (o instanceof PySlice) return { total: layout.getsizeofSlice(p), extra: p.sliceIsGC ? gcx : 0 };
  if (o instanceof PyCell) return { total: layout.getsizeofCell(p), extra: gcx };
  if (o instanceof PyDescr) return { total: p.descrObjectSize + gcx, extra: gcx };
  if (o instanceof PyFunction) return { total: layout.getsizeofFunction(p), extra: gcx };
  if (o instanceof PyMethod) return { total: layout.getsizeofBoundMethod(p), extra: gcx };
  if (o instanceof PyBuiltin) return { total: layout.getsizeofBuiltinFunction(p), extra: gcx };
  if (o instanceof PyModule) return { total: layout.getsizeofModule(p), extra: gcx };
  if (o instanceof PyWeakref) return { total: layout.getsizeofWeakref(p), extra: gcx };
  if (o instanceof PyGen) {
    const c = o.frame ? o.frame.code : null;
    return { total: c ? layout.getsizeofGenerator(p, c.nlocalsplus, c.stacksize) : layout.getsizeofGenerator(p, o.nlocalsplus, o.stacksize), extra: gcx };
  }
  if (o instanceof PyCode) return { total: layout.getsizeofCode(p, o.code.code.length, 0), extra: 0 };
  if (o instanceof PyType) {
    if (!o.flags.heap) {
      const base = staticTypeSize(r, o);
      const extra = p.getsizeofRule === 'preHeader' ? gcx : p.getsizeofRule === 'gcHead' ? 0 : 0;
      return { total: base + extra, extra };
    }
    const lay = o.sharedKeys as ClassLayout<PyObject> | null;
    const keys = o.hasDict ? (lay ? lay.cachedKeysBytes() : new ClassLayout<PyObject>(r.version, r.dictHooks).cachedKeysBytes()) : 0;
    return { total: layout.getsizeofClass(p, keys), extra: gcx };
  }
  if (o instanceof PyBaseException) {
    const name = (o.ob_type.flags.heap ? o.ob_type.solidBase ?? o.ob_type : o.ob_type).name;
    const x = r.exceptionSubclassExtra(o.ob_type);
    const total = layout.getsizeofException(p, name) + x.body + x.preHeader;
    return { total, extra: gcx + x.preHeader };
  }
  if (o instanceof PyInstance) {
    if (t === T.object) return { total: layout.getsizeofBareObject(), extra: 0 };
    const shape = shapeOf(t);
    const total = layout.getsizeofInstance(p, shape);
    return { total, extra: gcx + layout.instancePreHeaderSize(p, shape) };
  }
  if (o instanceof PySeqIter) {
    const k = t === T.list_iterator ? 'listIterator' : t === T.tuple_iterator ? 'tupleIterator' : 'strIterator';
    return { total: layout.getsizeofFixed(p, k), extra: gcx };
  }
  if (o instanceof PyRangeIter) return { total: layout.getsizeofFixed(p, 'rangeIterator'), extra: 0 };
  if (o instanceof PyNativeIter) {
    const map: Record<string, layout.FixedKind> = {
      enumerate: 'enumerate', zip: 'zip', map: 'map', filter: 'filter', reversed: 'reversed',
      list_reverseiterator: 'listReverseIterator', set_iterator: 'setIterator', dict_keyiterator: 'dictIterator',
      dict_valueiterator: 'dictIterator', dict_itemiterator: 'dictIterator', callable_iterator: 'callableIterator',
      iterator: 'seqIterator', range_iterator: 'rangeIterator', longrange_iterator: 'rangeIterator',
    };
    const k = map[t.name];
    if (k) return { total: layout.getsizeofFixed(p, k), extra: t.flags.gc ? gcx : 0 };
    // seqiterobject-like iterators (bytes, bytearray): PyObject_HEAD + index + seq
    return { total: 32 + (t.flags.gc ? gcx : 0), extra: t.flags.gc ? gcx : 0 };
  }
  // _PyDictViewObject / mappingproxy: PyObject_HEAD + one pointer
  if (o instanceof PyView) return { total: 24 + gcx, extra: gcx };
  if (o instanceof PyProperty) return { total: 64 + gcx, extra: gcx };
  if (o instanceof PyWrapper) return { total: 32 + gcx, extra: gcx };
  if (o instanceof PySuper) return { total: 40 + gcx, extra: gcx };
  return { total: 16, extra: 0 };
}

function staticTypeSize(r: Runtime, t: PyType): number {
  // sizeof(PyTypeObject) of the version: what type.__sizeof__ returns for a static type
  return r.profile.staticTypeObjectSize;
}

export { PyExc };

/** _PyDebugAllocatorStats: "%48s " of "N free NAMEs * S bytes each", then printone's "=" and the
 *  value with thousands separators right-aligned in 21 columns (Objects/obmalloc.c) */
function statLine(name: string, count: number, size: number): string {
  const label = `${count} free ${name}s * ${size} bytes each`.padStart(48) + ' ';
  const value = (count * size).toLocaleString('en-US');
  return label.padEnd(35) + '=' + value.padStart(21) + '\n';
}

/** the free-list part of sys._debugmallocstats() (_PyObject_DebugTypeStats) */
export function freeListStats(): string {
  const p = rt.profile;
  const fl = rt.freelists;
  let out = '';
  for (const k of p.debugFreeLists) {
    switch (k) {
      case 'cfunction': out += statLine('PyCFunctionObject', 0, 56); break;
      case 'method': out += statLine('PyMethodObject', 0, 48); break;
      case 'dict': out += statLine('PyDictObject', fl.dict.length, 48); break;
      case 'dictkeys': out += statLine('PyDictKeysObject', fl.keys.length, 32); break;
      case 'float': out += statLine('PyFloatObject', fl.float.length, 24); break;
      case 'frame': out += statLine('PyFrameObject', fl.frames.length, p.frameObjectSize); break;
      case 'list': out += statLine('PyListObject', fl.list.length, 40); break;
    }
  }
  for (let n = 1; n <= p.debugTupleSizes; n++) {
    out += statLine(`${n}-sized PyTupleObject`, fl.tuple[n]?.length ?? 0, 24 + 8 * n);
  }
  return out;
}
