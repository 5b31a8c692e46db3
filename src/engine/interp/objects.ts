// The simulated CPython objects. Every Python value the interpreter handles is one of these: it has
// a type (`ob_type`), a reference count (`ob_refcnt`) and an address (`addr`, what `id()` returns).
// The classes mirror CPython's object structs (Include/object.h, Include/cpython/*.h): PyLongObject,
// PyFloatObject, PyUnicodeObject, PyTupleObject, PyListObject, PyDictObject, PySetObject,
// PyFunctionObject, PyCodeObject, PyCellObject, PyMethodObject, PyGenObject, PyBaseExceptionObject,
// PyHeapTypeObject (tp_dict, tp_bases, tp_mro, tp_subclasses, ht_slots, ht_cached_keys), the
// getset and member descriptors of Objects/descrobject.c, ...
// Behaviour (operations, methods) lives in the other modules of this folder.

import type { Code } from './code';
import type { Frame } from './frame';

/** gc_refs of an object that is not part of the collection under way */
export const GC_OUTSIDE = -0x40000000;

/** Base of every simulated object (PyObject). */
export class PyObject {
  /** ob_refcnt; immortal objects start so high they never reach zero */
  ob_refcnt = 1;
  /** id(): the address of the object's start (after any GC header / pre-header) */
  addr = 0;
  /** bytes requested from the allocator for this object (0: not allocated from the heap, e.g. static) */
  allocSize = 0;
  /** tracked by the cyclic GC (_PyObject_GC_TRACK) */
  gcTracked = false;
  /** the generation list a tracked object is on: 0..2, 3 for the permanent generation (gc.freeze),
   *  -1 while it is on a collection's unreachable list */
  gcGen = 0;
  /** gc_refs during a collection (GC_OUTSIDE when the object is not in the collected generation) */
  gc_refs = GC_OUTSIDE;
  /** the allocation serial number a tracer gave this object (-1: none); tracemalloc keeps such
   *  a table by address, a field is cheaper here */
  serial = -1;
  constructor(public ob_type: PyType) {}
}

export const IMMORTAL_REFCNT = 2 ** 50;

export class PyInt extends PyObject {
  /** the value when it is a safe integer; otherwise `big` holds it */
  constructor(type: PyType, public v: number, public big: bigint | null) { super(type); }
}

export class PyFloat extends PyObject {
  constructor(type: PyType, public v: number) { super(type); }
}

export class PyComplex extends PyObject {
  constructor(type: PyType, public re: number, public im: number) { super(type); }
}

/** PEP 393 kinds */
export type StrKind = 1 | 2 | 4;

export class PyStr extends PyObject {
  /** cached hash (-1: not computed), as unicode objects keep it */
  hash: number | bigint | null = null;
  /** SSTATE_INTERNED_* */
  interned = false;
  /** PyUnicode_AsUTF8 was called on a non-ASCII string: a UTF-8 copy is cached */
  utf8Cached = false;
  constructor(type: PyType, public s: string, public len: number, public kind: StrKind, public ascii: boolean) {
    super(type);
  }
}

export class PyBytes extends PyObject {
  hash: number | bigint | null = null;
  constructor(type: PyType, public b: Uint8Array) { super(type); }
}

export class PyByteArray extends PyObject {
  /** ob_alloc: bytes allocated for the buffer (0 when there is none) */
  alloc = 0;
  /** ob_bytes: the address of the PyObject_Malloc'd buffer (0 when NULL) */
  bufAddr = 0;
  constructor(type: PyType, public b: Uint8Array, public size: number) { super(type); }
}

export class PyTuple extends PyObject {
  hash: number | bigint | null = null;
  constructor(type: PyType, public items: PyObject[]) { super(type); }
}

export class PyList extends PyObject {
  /** allocated: the capacity of ob_item */
  allocated = 0;
  /** the address of the ob_item buffer (0 when NULL) */
  itemsAddr = 0;
  constructor(type: PyType, public items: PyObject[]) { super(type); }
}

export class PyRange extends PyObject {
  /** length: the number of items as a JS number (inexact beyond 2**53); lengthBig: exact (r->length) */
  constructor(type: PyType, public start: PyInt, public stop: PyInt, public step: PyInt, public length: number,
    public lengthBig: bigint = BigInt(length)) {
    super(type);
  }
}

export class PySlice extends PyObject {
  constructor(type: PyType, public start: PyObject, public stop: PyObject, public step: PyObject) { super(type); }
}

export class PyCell extends PyObject {
  constructor(type: PyType, public ref: PyObject | null) { super(type); }
}

export class PyFunction extends PyObject {
  dict: PyObject | null = null;
  /** the code object (a PyObject standing for `code`) */
  codeObj: PyObject | null = null;
  module: PyObject | null = null;
  doc: PyObject | null = null;
  constructor(
    type: PyType,
    public code: Code,
    public globals: PyObject,
    public name: PyStr,
    public qualname: PyStr,
    public defaults: PyTuple | null,
    public kwdefaults: PyObject | null,
    public closure: PyTuple | null,
  ) { super(type); }
}

/** A bound method (PyMethodObject): a Python function with its self. */
export class PyMethod extends PyObject {
  constructor(type: PyType, public func: PyObject, public self: PyObject) { super(type); }
}

/** The signature of a function implemented by the simulator ("C" code). Arguments are borrowed,
 * the result is a new reference, as in CPython's C API. */
export type NativeFn = (args: PyObject[], kwnames: string[] | null, self: PyObject | null) => PyObject;

/** builtin_function_or_method (PyCFunctionObject), also a method_descriptor when `self` is null and
 * `ownerType` is set. */
export class PyBuiltin extends PyObject {
  /** a getset descriptor: calling fn with [obj] gets the attribute */
  isGetSet = false;
  /** a classmethod of a built-in type (binds to the type) */
  isClassMethod = false;
  /** a function of the builtins module whose specialized CALL (3.11+) still enters the recursion
   *  guard (null: not a function of the builtins module; recursion.ts callEntersGuard) */
  specializedGuard: boolean | null = null;
  /** the recursion guards its generic call enters (3.8's METH_VARARGS functions: 2) */
  callGuards = 1;
  constructor(
    type: PyType,
    public name: string,
    public fn: NativeFn,
    public self: PyObject | null,
    public ownerType: PyType | null,
  ) { super(type); }
}

export class PyModule extends PyObject {
  constructor(type: PyType, public name: string, public dict: PyDict) { super(type); }
}

/** An instance of a class defined in Python (or of `object`). */
export class PyInstance extends PyObject {
  /** the instance __dict__, created lazily; null for __slots__ classes without __dict__ */
  dict: PyDict | null = null;
  /** __slots__ storage */
  slots: (PyObject | null)[] | null = null;
  /** __weakref__ list head */
  weakrefs: PyWeakref[] | null = null;
  /** PEP 442: tp_finalize already called */
  finalized = false;
  constructor(type: PyType) { super(type); }
}

export class PyBaseException extends PyInstance {
  args: PyTuple;
  traceback: TracebackEntry[] = [];
  cause: PyObject | null = null;
  context: PyObject | null = null;
  suppressContext = false;
  /** what the traceback needs to suggest a name ("Did you mean"), for NameError / AttributeError */
  suggest: import('./suggestions').SuggestionContext | null = null;
  constructor(type: PyType, args: PyTuple) { super(type); this.args = args; }
}

export interface TracebackEntry { filename: string; line: number; name: string; }

export class PyWeakref extends PyObject {
  constructor(type: PyType, public target: PyObject | null, public callback: PyObject | null) { super(type); }
}

export class PyGen extends PyObject {
  /** the code's sizes, kept for sys.getsizeof after the frame is gone */
  nlocalsplus = 0;
  stacksize = 0;
  running = false;
  /** finished (gi_frame is None) */
  done = false;
  constructor(type: PyType, public frame: Frame | null, public name: PyStr, public qualname: PyStr) { super(type); }
}

/** Iterators over built-in sequences: list_iterator, tuple_iterator, str_ascii_iterator, ... */
export class PySeqIter extends PyObject {
  index = 0;
  constructor(type: PyType, public seq: PyObject | null) { super(type); }
}

export class PyRangeIter extends PyObject {
  constructor(type: PyType, public next: number, public step: number, public remaining: number) { super(type); }
}

/** An iterator implemented natively over a JS iterator (enumerate, zip, map, filter, reversed, dict
 * and set iterators): `advance` returns a new reference or null when exhausted. */
export class PyNativeIter extends PyObject {
  /** __length_hint__ */
  lengthHint: (() => number) | null = null;
  constructor(type: PyType, public advance: () => PyObject | null, public refs: PyObject[]) { super(type); }
}

export class PyProperty extends PyObject {
  constructor(type: PyType, public fget: PyObject | null, public fset: PyObject | null, public fdel: PyObject | null) {
    super(type);
  }
}

/** staticmethod and classmethod wrappers */
export class PyWrapper extends PyObject {
  constructor(type: PyType, public func: PyObject) { super(type); }
}

/** A super() object. */
export class PySuper extends PyObject {
  constructor(type: PyType, public thisType: PyType, public obj: PyObject | null, public objType: PyType | null) {
    super(type);
  }
}

/** A getset_descriptor (PyGetSetDescrObject: a heap type's __dict__ / __weakref__) or a
 * member_descriptor (PyMemberDescrObject: one per __slots__ name) that type_new puts in a class's
 * tp_dict (Objects/descrobject.c descr_new: d_type is an owned reference, the object is GC-tracked). */
export class PyDescr extends PyObject {
  /** `slot`: the index of the slot in the instance layout (allSlots) of a member descriptor;
   *  -1: the __dict__ getset; -2: the __weakref__ getset */
  constructor(type: PyType, public d_type: PyType, public d_name: PyStr, public slot: number) { super(type); }
}

/** The NotImplemented / Ellipsis / None singletons are plain PyObjects of their types. */

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export interface TypeFlags {
  /** Py_TPFLAGS_HAVE_GC */
  gc: boolean;
  /** a heap type (defined in Python with `class`) */
  heap: boolean;
  /** may be subclassed in Python */
  baseType: boolean;
}

/** A type object (PyTypeObject / PyHeapTypeObject). */
export class PyType extends PyObject {
  /** tp_dict: name → attribute, for both built-in and heap types */
  dict: PyDict | null = null;
  /** the MRO as an array, for lookups (a heap type's references are held by tp_mro) */
  mro: PyType[] = [];
  /** the bases as an array (a heap type's references are held by tp_bases) */
  bases: PyType[] = [];
  /** __slots__ names declared by this class (null: no __slots__) */
  slotNames: string[] | null = null;
  /** all slot names in layout order, including bases' */
  allSlots: string[] = [];
  /** instances have a __dict__ */
  hasDict = false;
  /** instances have __weakref__ */
  hasWeakref = false;
  /** the nearest built-in base that defines the instance layout (object, int, list, Exception, ...) */
  solidBase: PyType | null = null;
  /** per-class state the dict module keeps for key-sharing instance dicts */
  sharedKeys: unknown = null;
  /** native constructor: called by type.__call__ for built-in types */
  newFn: NativeFn | null = null;
  /** a heap type's tp_mro: the tuple `mro` as a Python object (it holds the type itself: a cycle
   *  the GC breaks with type_clear); null for static types and after type_clear */
  tp_mro: PyTuple | null = null;
  /** a heap type's tp_bases tuple (owns the references to `bases`) */
  tp_bases: PyTuple | null = null;
  /** a heap type's tp_base (the best base, an owned reference) */
  tp_base: PyType | null = null;
  /** tp_subclasses of a heap type: {PyLong of the subclass's address: weakref to it}, created by
   *  the first subclass */
  tp_subclasses: PyDict | null = null;
  /** the add_subclass entries of this type in the tp_subclasses of static bases (object,
   *  Exception ...), whose dicts the simulator does not model: [key, weakref] */
  staticSubclassEntries: [PyObject, PyObject][] | null = null;
  /** ht_slots: the sorted tuple of the __slots__ names */
  ht_slots: PyTuple | null = null;
  /** the block of ht_cached_keys (_PyDict_NewKeysForClass; 0: none) */
  cachedKeysBlock = 0;
  cachedKeysBytes = 0;
  /** weak references to the type */
  weakrefs: PyWeakref[] | null = null;
  /** instances own no references: tp_dealloc only frees the block (int, float, str, bytes, ...) */
  simpleDealloc = false;
  /** bumped whenever the dict of this type or a base changes; invalidates lookup caches */
  version = 0;
  lookupCache: Map<string, PyObject | null> = new Map();
  module = 'builtins';
  qualname: string;
  /** the size CPython gives `sys.getsizeof(instance)` etc. is computed by layout.ts from these */
  tp_basicsize = 16;
  tp_itemsize = 0;
  constructor(meta: PyType | null, public name: string, public flags: TypeFlags) {
    super(meta as PyType);
    this.qualname = name;
  }
}

// ---------------------------------------------------------------------------------------------
// dict and set: thin objects over the storage engines
// ---------------------------------------------------------------------------------------------

/** Storage of a dict: insertion-ordered entries with CPython's table bookkeeping. */
export interface DictStore {
  readonly used: number;
  lookup(key: PyObject): PyObject | undefined;
  /** returns the previous value (caller decrefs it) or undefined */
  insert(key: PyObject, value: PyObject): PyObject | undefined;
  /** returns the removed entry or undefined */
  remove(key: PyObject): [PyObject, PyObject] | undefined;
  entries(): IterableIterator<[PyObject, PyObject]>;
}

export class PyDict extends PyObject {
  constructor(type: PyType, public store: DictStore) { super(type); }
}

export interface SetStore {
  readonly used: number;
  has(key: PyObject): boolean;
  add(key: PyObject): boolean;
  discard(key: PyObject): PyObject | undefined;
  keys(): IterableIterator<PyObject>;
}

export class PySet extends PyObject {
  hash: number | bigint | null = null;
  constructor(type: PyType, public store: SetStore) { super(type); }
}
