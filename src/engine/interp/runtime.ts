// The simulated interpreter state (PyInterpreterState + _PyRuntime, as far as memory goes): the
// version profile, the object allocator, the built-in types, the singletons and caches (small
// ints, one-character strings, the empty tuple/str/bytes, interned strings), reference counting
// (Py_INCREF / Py_DECREF, with the trashcan for deep deallocation chains: Include/cpython/object.h)
// and the helpers that raise Python exceptions from "C" code.

import { allocSizeException } from '../layout';
import { getProfile, VersionProfile } from '../profiles';
import type { PyVersion } from '../versions';
import { Obmalloc, OBMALLOC_PROFILES } from '../memory/obmalloc';
import { DictTable, TableHooks } from '../dictobject';
import { SetTable } from '../setobject';
import { Hash } from '../pyhash';
import {
  IMMORTAL_REFCNT, PyBaseException, PyBuiltin, PyBytes, PyDict, PyFloat, PyInt, PyList, PyObject, PyStr, PyTuple,
  PyType, StrKind, NativeFn, PySet, TypeFlags, PyInstance,
} from './objects';
import type { Frame } from './frame';
import { FreeLists, clearFreeLists, reuseBlock } from './freelists';

/** A Python exception travelling through the simulator's JS stack. */
export class PyExc {
  /** a re-raise: the current frame is already in the traceback */
  reraise = false;
  constructor(public exc: PyBaseException) {}
  asReraise(): PyExc { this.reraise = true; return this; }
}

export const SMALL_INT_MIN = -5;
export const SMALL_INT_MAX = 256;

/** The address range for objects that CPython allocates statically (in libpython's data). */
const STATIC_BASE = 0x7f3c8f000000;

export type PyDictT = DictTable<PyObject, PyObject>;

/**
 * What a recorder of the run is told, as it happens (the step trace). Every callback is optional
 * in effect: the runtime calls them only while a tracer is installed.
 */
export interface Tracer {
  /** a new line step is about to execute in `frame` (rt.steps already counts it) */
  line(frame: Frame, line: number): void;
  /** an object's block was allocated (`block` is what malloc returned; o.addr is id()) */
  alloc(o: PyObject, block: number, size: number): void;
  /** an object's block was freed */
  free(o: PyObject, block: number): void;
  /** a separate buffer (list items, dict keys, ...) was allocated, resized or freed: old and new
   *  block addresses (0: none) and the new size; `what` names it when the owner's type does not
   *  (a dict's or an instance's values array) */
  buffer(owner: PyObject, oldBlock: number, newBlock: number, size: number, what?: string): void;
  /** the program wrote to stdout */
  output(text: string): void;
  /** a phase of a collection by the cyclic GC */
  gcPhase(phase: string, generation: number, objects: number): void;
  /** a collection begins (before its counters change): a builder of its phase record when the
   *  tracer keeps them (gcrecord.ts), else null; gcCollectionEnd gets the builder at its end */
  gcCollectionStart?(generation: number, reason: import('./gcrecord').GcReason): import('./gcrecord').CollectionBuilder | null;
  gcCollectionEnd?(b: import('./gcrecord').CollectionBuilder): void;
  /** an object became one of the interpreter's caches after it was allocated: a str interned
   *  (PyUnicode_InternInPlace), a latin-1 character made for unicode_latin1[] (≤3.10), the empty
   *  frozenset singleton (≤3.9) */
  cached?(o: PyObject): void;
  /** an object's block was reallocated and the object changed in it: a str appended to in place
   *  (Objects/unicodeobject.c resize_compact); o.addr and o.allocSize are its new address and
   *  size, `oldAddr` and `oldSize` those before (the same address unless the block moved: then
   *  the old block is free, and id() is another) */
  resized?(o: PyObject, oldAddr: number, oldSize: number): void;
  /** the object just allocated (alloc) took its block from a free list (float, tuple, list,
   *  dict, frame) rather than from pymalloc */
  reused?(o: PyObject): void;
}

export class Runtime {
  readonly profile: VersionProfile;
  readonly heap: Obmalloc;
  staticNext = STATIC_BASE;
  // types
  readonly T: Record<string, PyType> = Object.create(null);
  // singletons
  None!: PyObject;
  True!: PyInt;
  False!: PyInt;
  NotImplemented!: PyObject;
  Ellipsis!: PyObject;
  emptyTuple!: PyTuple;
  emptyStr!: PyStr;
  emptyBytes!: PyBytes;
  smallInts: PyInt[] = [];
  latin1: (PyStr | null)[] = new Array(256).fill(null);
  bytes1: (PyBytes | null)[] = new Array(256).fill(null);
  interned = new Map<string, PyStr>();
  builtins!: PyDict;
  modules = new Map<string, PyObject>();
  dictHooks!: TableHooks<PyObject>;
  // execution state
  frame: Frame | null = null;
  /** the exception being handled (sys.exc_info()) */
  excInfo: PyObject | null = null;
  recursionDepth = 0;
  /** recursion guards (recursion.ts): up to 3.11 they count in recursionDepth; from 3.12 in
   *  cRecursionDepth against cRecursionLimit (c_recursion_remaining, Py_C_RECURSION_LIMIT) */
  cRecursionShared = true;
  cRecursionDepth = 0;
  cRecursionLimit = 0;
  /** the next frame run from native code is pushed inline by its CALL (3.12+ CALL_FUNCTION_EX) */
  inlinedCall = false;
  /** the builtin types with tp_vectorcall (profile.vectorcallTypes) */
  vectorcallTypes = new Set<string>();
  steps = 0;
  maxSteps = 10_000_000;
  out: string[] = [];
  /** SyntaxWarnings the compiler issued for this program */
  syntaxWarnings = 0;
  /** when set, what the program prints goes here as it is printed (not into `out`) */
  stdoutSink: ((text: string) => void) | null = null;
  /** 3.11+: the thread's data stack chunks, on which frames live */
  dataStack: { addr: number; size: number; top: number }[] = [];
  /** blocks of dead floats, tuples, lists, dicts, keys and frames kept for reuse */
  freelists = new FreeLists();
  /** the recorder of the step trace, when one is installed */
  tracer: Tracer | null = null;
  /** when set, each line step writes the step count to [1] and its line to [2] (a view of a
   *  SharedArrayBuffer lets another thread watch the run: see RunOptions.probe) */
  probe: Int32Array | null = null;
  /** objects whose deallocation waits for the trashcan */
  private trash: PyObject[] = [];
  private deallocDepth = 0;
  deallocFn!: (o: PyObject) => void;
  liveObjects = 0;

  constructor(readonly version: PyVersion) {
    this.profile = getProfile(version);
    this.heap = new Obmalloc(OBMALLOC_PROFILES[version]);
    this.clearFreeLists = () => clearFreeLists(this);
  }

  // --- allocation -----------------------------------------------------------------------------

  /** allocate the object's block: `pre` bytes (GC head, pre-header) come before its address */
  alloc(o: PyObject, nbytes: number, pre: number): void {
    const block = this.heap.malloc(nbytes);
    o.addr = block + pre;
    o.allocSize = nbytes;
    this.liveObjects++;
    if (this.tracer !== null) this.tracer.alloc(o, block, nbytes);
    if (o.ob_type.flags.gc) {
      // _PyObject_GC_Alloc / _PyObject_GC_Link: generation 0's count
      const st = this.gcState;
      if (st) {
        st.count[0]++;
        if (st.count[0] > st.threshold[0] && st.enabled && st.threshold[0] && !st.collecting) this.gcThresholdCrossed();
      }
    }
  }

  /** the allocation count passed the threshold: ≤3.11 collect right here, inside the allocation
   *  (_PyObject_GC_Alloc / _PyObject_GC_Link); 3.12+ at the next eval-breaker check */
  gcThresholdCrossed(): void {
    if (this.profile.gcRunsAtEvalBreaker) this.gcState.pending = true;
    else this.checkGc();
  }

  /** a statically allocated object (never freed) */
  staticAlloc(o: PyObject, nbytes: number): void {
    o.addr = this.staticNext;
    this.staticNext += (nbytes + 15) & ~15;
    o.ob_refcnt = IMMORTAL_REFCNT;
  }

  free(o: PyObject): void {
    if (o.allocSize) {
      const block = o.addr - this.preSize(o);
      this.heap.free(block);
      if (this.tracer !== null) this.tracer.free(o, block);
      o.allocSize = 0;
      this.liveObjects--;
      if (o.ob_type.flags.gc) {
        if (o.gcTracked) this.gcUntrack(o);
        const st = this.gcState;
        if (st.count[0] > 0) st.count[0]--;
      }
    }
  }

  preSize(o: PyObject): number {
    const t = o.ob_type;
    if (!t.flags.gc) return 0;
    if (o instanceof PyInstance && t.flags.heap) return this.profile.gcHeadSize + this.instancePreHeader(t);
    return this.profile.gcHeadSize;
  }

  /** What a Python subclass of an exception adds to its base's struct: its __slots__ members and
   *  a __weakref__ (BaseException has none: type_new adds one, in the body until 3.11, in the
   *  pre-header from 3.12); never a __dict__, the struct has its own
   *  (3.11.7 Objects/typeobject.c type_new_descriptors; 3.12.1 Py_TPFLAGS_MANAGED_WEAKREF) */
  exceptionSubclassExtra(t: PyType): { body: number; preHeader: number } {
    if (!t.flags.heap) return { body: 0, preHeader: 0 };
    const p = this.profile;
    const weak = t.hasWeakref;
    return {
      body: 8 * t.allSlots.length + (weak && !p.managedWeakref ? 8 : 0),
      preHeader: weak && p.managedWeakref ? p.managedPreHeaderSize : 0,
    };
  }

  instancePreHeader(t: PyType): number {
    if (!t.flags.heap) return 0;
    const p = this.profile;
    if ((t.hasDict && p.managedDict) || (t.hasWeakref && p.managedWeakref)) return p.managedPreHeaderSize;
    return 0;
  }

  // --- reference counting ---------------------------------------------------------------------

  /** Py_DECREF reaching zero: deallocate, through the trashcan when the chain is deep */
  dealloc(o: PyObject): void {
    if (this.deallocDepth > 50) {
      this.trash.push(o);
      return;
    }
    this.deallocDepth++;
    try {
      this.deallocFn(o);
    } finally {
      this.deallocDepth--;
    }
    if (this.deallocDepth === 0 && this.trash.length) {
      const t = this.trash;
      while (t.length) {
        const x = t.pop()!;
        this.deallocDepth++;
        try { this.deallocFn(x); } finally { this.deallocDepth--; }
      }
    }
  }

  // --- types ----------------------------------------------------------------------------------

  makeType(name: string, base: PyType | null, flags: Partial<TypeFlags> = {}): PyType {
    const t = new PyType(this.T.type ?? null, name, { gc: false, heap: false, baseType: true, ...flags });
    if (base) {
      t.bases = [base];
      t.mro = [t, ...base.mro];
      t.solidBase = base.solidBase ?? base;
    } else {
      t.mro = [t];
      t.solidBase = t;
    }
    t.dict = this.newDict();
    this.staticAlloc(t, 400);
    this.T[name] = t;
    return t;
  }

  defMethod(t: PyType, name: string, fn: NativeFn): void {
    const m = new PyBuiltin(this.T.method_descriptor ?? this.T.builtin_function_or_method, name, fn, null, t);
    this.staticAlloc(m, 48);
    this.dictSetStr(t.dict!, name, m);
    this.decref(m);
  }

  // --- object factories -----------------------------------------------------------------------

  newInt(v: number): PyInt {
    if (v >= SMALL_INT_MIN && v <= SMALL_INT_MAX && (v | 0) === v) {
      const o = this.smallInts[v - SMALL_INT_MIN];
      o.ob_refcnt++;
      return o;
    }
    if (!Number.isSafeInteger(v)) {
      if (Number.isInteger(v)) return this.newIntBig(BigInt(v));
      throw new Error(`internal: newInt(${v})`);
    }
    const o = new PyInt(this.T.int, v === 0 ? 0 : v, null);
    this.alloc(o, this.intAllocSize(v), 0);
    return o;
  }

  /** PyLong_FromDouble of an integral double: the small ints are shared from 3.9; before, only 0
   *  (|v| < 1 goes through PyLong_FromLong(0)) (3.8.18 Objects/longobject.c:414-438; 3.9.18 :434-436) */
  newIntFromDouble(v: number): PyInt {
    if (this.profile.longFromDoubleSmallInts || v === 0 || !Number.isSafeInteger(v)) return this.newInt(v);
    const o = new PyInt(this.T.int, v, null);
    this.alloc(o, this.intAllocSize(v), 0);
    return o;
  }

  newIntBig(b: bigint): PyInt {
    if (b >= -9007199254740991n && b <= 9007199254740991n) return this.newInt(Number(b));
    const o = new PyInt(this.T.int, NaN, b);
    this.alloc(o, this.intAllocSize(b), 0);
    return o;
  }

  intAllocSize(v: number | bigint): number {
    return intSizeFn(this.profile, v);
  }

  newFloat(v: number): PyFloat {
    const o = new PyFloat(this.T.float, v);
    const fl = this.freelists.float;
    if (fl.length) reuseBlock(this, o, fl.pop()!, 24, 0);
    else this.alloc(o, 24, 0);
    return o;
  }

  newStr(s: string): PyStr {
    const n = s.length;
    if (n === 0) { this.emptyStr.ob_refcnt++; return this.emptyStr; }
    if (n === 1) {
      const c = s.charCodeAt(0);
      if (c < 256) return this.char(c);
    }
    return this.newStrUncached(s);
  }

  newStrUncached(s: string): PyStr {
    if (s.length > 256 && NON_ASCII.test(s) === false) {
      // a long ASCII string (a doubling, a repeat): one native scan instead of a loop per character
      const o = new PyStr(this.T.str, s, s.length, 1, true);
      this.alloc(o, strAllocFn(this.profile, s.length, 1, true), 0);
      return o;
    }
    // PEP 393: find the widest character
    let max = 0;
    let astral = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > max) max = c;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { astral++; i++; }
      }
    }
    const len = s.length - astral;
    const kind: StrKind = astral ? 4 : max < 256 ? 1 : 2;
    const o = new PyStr(this.T.str, s, len, kind, max < 128 && !astral);
    this.alloc(o, strAllocFn(this.profile, len, kind, o.ascii), 0);
    return o;
  }

  char(c: number): PyStr {
    let o = this.latin1[c];
    if (!o) {
      o = new PyStr(this.T.str, String.fromCharCode(c), 1, 1, c < 128);
      if (this.profile.latin1CharsStatic) this.staticAlloc(o, 64);
      else {
        // unicode_latin1[]: created on first use, the cache keeps one reference (≤3.10)
        this.alloc(o, c < 128 ? this.profile.asciiObjectSize + 2 : this.profile.compactUnicodeObjectSize + 2, 0);
      }
      o.interned = c < 128;
      this.latin1[c] = o;
      if (this.tracer !== null && this.tracer.cached) this.tracer.cached(o);
    }
    o.ob_refcnt++;
    return o;
  }

  /** sys.intern / identifier interning */
  /** ≤3.10: the interpreter's start-up has already made the one-character ASCII strings */
  warmLatin1(): void {
    if (this.profile.latin1CharsStatic) return;
    for (let c = 0; c < 128; c++) this.decref(this.char(c));
  }

  /** 3.11/3.12: the one-character identifiers the runtime has as static strings of their own are
   *  in the interned table before any latin-1 singleton (profile.latin1StaticIdentifiers) */
  internStaticIdentifiers(): void {
    for (const ch of this.profile.latin1StaticIdentifiers) {
      const o = new PyStr(this.T.str, ch, 1, 1, true);
      this.staticAlloc(o, 64);
      o.interned = true;
      this.interned.set(ch, o);
    }
  }

  intern(s: string): PyStr {
    let o = this.interned.get(s);
    if (o) { o.ob_refcnt++; return o; }
    o = this.newStr(s);
    // the interned dict's key and value references are not counted (PyUnicode_InternInPlace)
    o.interned = true;
    if (o.allocSize && this.profile.internedImmortality === 'all') o.ob_refcnt = IMMORTAL_REFCNT;
    this.interned.set(s, o);
    if (this.tracer !== null && this.tracer.cached) this.tracer.cached(o);
    return o;
  }

  /** PyTuple_New; `track`: false for an argument tuple that lives only for one call (its
   *  tracking is never observable, its allocation and free are) */
  newTuple(items: PyObject[], track = true): PyTuple {
    const n = items.length;
    if (n === 0) { this.emptyTuple.ob_refcnt++; return this.emptyTuple; }
    const o = new PyTuple(this.T.tuple, items);
    const fl = n <= this.profile.tupleFreeListPopMaxLen ? this.freelists.tuple[n] : undefined;
    if (fl && fl.length) reuseBlock(this, o, fl.pop()!, 16 + 24 + 8 * n, 16);
    else this.alloc(o, 16 + 24 + 8 * n, 16);
    // tuples are tracked when made; a collection untracks those holding only atomic objects
    if (track) this.gcTrack(o);
    return o;
  }

  /** PyList_New; `generic`: the type's constructor (PyType_GenericAlloc), which skips the free list */
  newList(items: PyObject[], allocated = items.length, generic = false): PyList {
    const o = new PyList(this.T.list, items);
    const fl = this.freelists.list;
    if (fl.length && !generic) reuseBlock(this, o, fl.pop()!, 16 + 40, 16);
    else this.alloc(o, 16 + 40, 16);
    this.gcTrack(o);
    this.setListCapacity(o, allocated);
    return o;
  }

  /** resize ob_item to `allocated` slots (PyMem_Realloc); `clear` frees it (list_clear) */
  setListCapacity(l: PyList, allocated: number, clear = false): void {
    if (allocated === l.allocated && !clear) return;
    const oldBlock = l.itemsAddr;
    if (clear) {
      if (l.itemsAddr) this.heap.free(l.itemsAddr);
      l.itemsAddr = 0;
    } else if (l.itemsAddr) {
      l.itemsAddr = this.heap.realloc(l.itemsAddr, 8 * allocated);
    } else {
      l.itemsAddr = this.heap.malloc(8 * allocated);
    }
    l.allocated = allocated;
    if (this.tracer !== null) this.tracer.buffer(l, oldBlock, l.itemsAddr, 8 * allocated);
  }

  /** PyDict_New; `generic`: dict() through PyType_GenericAlloc, which skips the free list */
  newDict(table?: PyDictT, generic = false): PyDict {
    const t = table ?? DictTable.empty<PyObject, PyObject>(this.version, this.dictHooks);
    const o = new PyDict(this.T.dict, t as never);
    if (this.T.dict) {
      const fl = this.freelists.dict;
      if (fl.length && !generic) reuseBlock(this, o, fl.pop()!, 16 + 48, 16);
      else this.alloc(o, 16 + 48, 16);
      this.watchKeys(o, t);
    }
    return o;
  }

  newSet(frozen: boolean, table?: SetTable<PyObject>): PySet {
    const t = table ?? new SetTable<PyObject>(this.version, this.dictHooks);
    const o = new PySet(frozen ? this.T.frozenset : this.T.set, t as never);
    this.alloc(o, 216, 16);
    this.gcTrack(o);
    // the table beyond the 8-entry smalltable is a PyMem_Malloc'd block
    let tableBlock = 0;
    const cur = t.tableBytes();
    if (cur) tableBlock = this.heap.malloc(cur);
    t.onTable = (oldBytes, newBytes) => {
      const old = tableBlock;
      if (oldBytes && tableBlock) this.heap.free(tableBlock);
      tableBlock = newBytes ? this.heap.malloc(newBytes) : 0;
      if (this.tracer !== null) this.tracer.buffer(o, old, tableBlock, newBytes);
    };
    return o;
  }

  /** follow a dict's keys table in the allocator: PyObject_Malloc'd PyDictKeysObject, with the
   *  free list of 8-slot keys (new_keys_object / free_keys_object) */
  watchKeys(d: PyDict, t: PyDictT): void {
    t.keysOwner = d;
    const cur = t.keysBytes();
    // (a keys table cloned by PyDict_Copy comes straight from the allocator: clone_combined_dict_keys)
    t.keysBlock = cur && !t.isSplit ? (t.clonedKeys ? this.heap.malloc(cur) : this.allocKeys(cur)) : 0;
    t.clonedKeys = false;
    t.onKeys = this.keysListener;
    // a dict made with its table (a copy, dict(**kw)) owns that keys block from the start
    if (t.keysBlock && this.tracer !== null) this.tracer.buffer(d, 0, t.keysBlock, cur);
  }

  private allocKeys(bytes: number): number {
    const keysFl = this.freelists.keys;
    if (this.keysFreeListEligible(bytes) && keysFl.length) return keysFl.pop()!;
    return this.heap.malloc(bytes);
  }

  private keysFreeListEligible(bytes: number): boolean {
    const kb = this.keysFreeListBytes;
    return bytes === kb[0] || bytes === kb[1];
  }

  /** the one listener of every dict's keys table (see watchKeys) */
  private readonly keysListener = (oldBytes: number, newBytes: number, t: DictTable<PyObject, PyObject>): void => {
    const old = t.keysBlock;
    if (oldBytes && old) {
      const keysFl = this.freelists.keys;
      if (this.keysFreeListEligible(oldBytes) && keysFl.length < this.profile.dictKeysFreeListMax) keysFl.push(old);
      else this.heap.free(old);
    }
    t.keysBlock = 0;
    const block = newBytes ? this.allocKeys(newBytes) : 0;
    t.keysBlock = block;
    if (this.tracer !== null) this.tracer.buffer(t.keysOwner as PyDict, old, block, newBytes);
  };

  /** new_keys_object's block for a keys table of `bytes` (the free list of 8-slot keys first) */
  allocKeysBlock(bytes: number): number {
    const fl = this.freelists.keys;
    const fb = this.keysFreeListBytes;
    if ((bytes === fb[0] || bytes === fb[1]) && fl.length) return fl.pop()!;
    return this.heap.malloc(bytes);
  }

  /** free_keys_object: to the keys free list or the allocator */
  freeKeysBlock(block: number, bytes: number): void {
    const fl = this.freelists.keys;
    const fb = this.keysFreeListBytes;
    if ((bytes === fb[0] || bytes === fb[1]) && fl.length < this.profile.dictKeysFreeListMax) fl.push(block);
    else this.heap.free(block);
  }

  /** sizes of the keys tables that go to the keys free list: 8-slot tables of the kinds allowed */
  get keysFreeListBytes(): [number, number] {
    const p = this.profile;
    const header = p.managedDict ? 32 : 40;
    const general = header + 8 + 5 * 24;
    const unicode = p.managedDict ? header + 8 + 5 * 16 : -1;
    return p.dictKeysFreeListUnicodeOnly ? [unicode, -1] : [general, unicode];
  }

  // --- dict helpers (str keys) ------------------------------------------------------------------

  dictSetStr(d: PyDict, key: string, v: PyObject): void {
    const k = this.intern(key);
    const t = d.store as unknown as PyDictT;
    const old = t.get(k);
    if (old !== undefined) {
      t.set(k, v);
      v.ob_refcnt++;
      this.decref(old);
      this.decref(k);
    } else {
      t.set(k, v);
      v.ob_refcnt++;
    }
  }

  decref(o: PyObject): void {
    if (--o.ob_refcnt === 0) this.dealloc(o);
  }

  // --- exceptions -----------------------------------------------------------------------------

  /** create an exception instance of a built-in exception type with one str argument */
  newExc(type: PyType, msg: string | null): PyBaseException {
    const args = msg === null ? this.emptyTupleRef() : this.newTuple([this.newStr(msg)]);
    const e = new PyBaseException(type, args);
    // the instance struct of the type (PyOSErrorObject, PyStopIterationObject, ...) + the GC head
    this.alloc(e, allocSizeException(this.profile, type.name), 16);
    return e;
  }

  emptyTupleRef(): PyTuple { this.emptyTuple.ob_refcnt++; return this.emptyTuple; }

  raise(typeName: string, msg: string | null = null): PyExc {
    return new PyExc(this.newExc(this.T[typeName], msg));
  }

  /** fail as PyErr_NoMemory when a block of `nbytes` could not be had: for a caller that checks
   *  before it builds the object's contents (CPython allocates the block first) */
  needMemory(nbytes: number): void {
    if (this.heap.wouldFail(nbytes)) throw this.noMemory();
  }

  /** PyErr_NoMemory: MemoryError() without arguments, for an allocation that failed at the memory
   *  limit (or an engine representation that ran out, see isEngineOutOfMemory). CPython keeps
   *  MemoryError instances on a free list (Objects/exceptions.c, memerrors_freelist) so that
   *  raising one needs no new memory: here the limit is lifted while it is made. */
  noMemory(): PyExc {
    const raw = this.heap.raw;
    const limit = raw.limit;
    raw.limit = Infinity;
    try {
      return this.raise('MemoryError', null);
    } finally {
      raw.limit = limit;
    }
  }
}

// ---------------------------------------------------------------------------------------------

/** a character outside ASCII */
const NON_ASCII = /[^\x00-\x7f]/;

export let rt: Runtime;
export function setRuntime(r: Runtime): void { rt = r; }

/** bytes requested for an int (PyLongObject header + 4-byte digits) */
function intSizeFn(p: VersionProfile, v: number | bigint): number {
  let nd: number;
  if (typeof v === 'number') {
    const a = Math.abs(v);
    nd = a === 0 ? 0 : a < 1073741824 ? 1 : a < 1152921504606846976 ? 2 : 3;
  } else {
    const a = v < 0n ? -v : v;
    nd = a === 0n ? 0 : Math.ceil(a.toString(2).length / 30);
  }
  return 24 + 4 * Math.max(nd, p.longMinAllocDigits);
}

function strAllocFn(p: VersionProfile, len: number, kind: StrKind, ascii: boolean): number {
  if (ascii) return p.asciiObjectSize + len + 1;
  return p.compactUnicodeObjectSize + (len + 1) * kind;
}

export type { Hash };
