// Per-version profiles: every number or rule that differs between the CPython versions the
// simulator models, as ONE data object per version. Code asks the profile; it never compares
// version numbers. Struct sizes are for 64-bit Linux builds (x86-64, glibc), taken from the
// struct definitions of each release (Include/, Include/cpython/, Include/internal/) and checked
// against sys.getsizeof by test/engine/layout.test.ts. Citations name the release tag, e.g.
// "3.12.1 Objects/listobject.c:71" is that file at tag v3.12.1.
//
// The dict and set tables (dictobject.ts, setobject.ts) and pymalloc (memory/*) keep their own
// detailed tables; this profile holds what belongs to a whole version.

import { PyVersion } from './versions';

/** list_resize over-allocation rule (Objects/listobject.c list_resize). */
export type ListGrowth =
  /** new = n + (n >> 3) + (n < 9 ? 3 : 6) (3.8.18 Objects/listobject.c:61) */
  | 'py38'
  /** new = (n + (n >> 3) + 6) & ~3, or (n + 3) & ~3 when growing past that (bpo-38373;
   *  3.9.18 Objects/listobject.c:62-67, 3.12.1 :71-76, 3.13.0 :119-124) */
  | 'py39';

/** How `sys.getsizeof` adds to `__sizeof__()` (Python/sysmodule.c _PySys_GetSizeOf). */
export type GetsizeofRule =
  /** + sizeof(PyGC_Head) if PyObject_IS_GC(o) (3.8.18 Python/sysmodule.c:1654; 3.10) */
  | 'gcHead'
  /** + _PyType_PreHeaderSize(Py_TYPE(o)), also for static types (3.12.1 Python/sysmodule.c:1815) */
  | 'preHeader'
  /** + _PyType_PreHeaderSize(Py_TYPE(o)) unless o is a static type (3.13.0 Python/sysmodule.c:1912-1917) */
  | 'preHeaderExceptStaticTypes';

/** Which interned strings are immortal (PEP 683). */
export type InternedImmortality =
  /** no immortal objects before 3.12 */
  | 'none'
  /** every interned string is immortal (3.12.1 Objects/unicodeobject.c, intern_common / PyUnicode_InternInPlace) */
  | 'all'
  /** sys.intern and code constants are mortal (SSTATE_INTERNED_MORTAL); co_names interned immortal
   *  (3.13.0 Objects/codeobject.c:150 vs :167) */
  | 'namesOnly';

/** When `s += t` / `s = s + t` may resize the left str in place (PyUnicode_Append). */
export type StrInplaceConcat =
  /** unicode_concatenate: refcnt == 2 and the next opcode stores to the same name: STORE_FAST,
   *  STORE_DEREF or STORE_NAME (3.8.18 Python/ceval.c unicode_concatenate; 3.10.13 Python/ceval.c) */
  | 'anyStore'
  /** only BINARY_OP_INPLACE_ADD_UNICODE followed by STORE_FAST to the local holding the left
   *  operand, after the specializer's warm-up (3.11.7 Python/specialize.c, 3.12.1 Python/bytecodes.c) */
  | 'specializedFastLocal';

/** Sizes of the exception instance structs (Include/cpython/pyerrors.h), without the GC head. */
export interface ExceptionStructSizes {
  /** PyBaseExceptionObject: most exception types */
  BaseException: number;
  /** PyStopIterationObject (adds value) */
  StopIteration: number;
  /** PySystemExitObject (adds code) */
  SystemExit: number;
  /** PyImportErrorObject (msg, name, path; name_from from 3.12) */
  ImportError: number;
  /** PyOSErrorObject (myerrno, strerror, filename, filename2, written) */
  OSError: number;
  /** PySyntaxErrorObject (end_lineno, end_offset from 3.10) */
  SyntaxError: number;
  /** PyNameErrorObject (adds name, 3.10+; PyBaseExceptionObject before) */
  NameError: number;
  /** PyAttributeErrorObject (adds obj, name, 3.10+; PyBaseExceptionObject before) */
  AttributeError: number;
  /** PyUnicodeErrorObject (encoding, object, start, end, reason) */
  UnicodeError: number;
}

export interface VersionProfile extends InterpreterBehaviour {
  version: PyVersion;

  // ---- headers and what sys.getsizeof adds ----
  /** sizeof(PyGC_Head): two words since 3.8 (3.8.18 Include/cpython/objimpl.h:46-54; 3.12.1 Include/internal/pycore_gc.h:11-18) */
  gcHeadSize: number;
  /** Extra words before the GC head of instances with a managed dict (3.11) or managed dict or
   *  weakref (3.12+): 2 * sizeof(PyObject *) (3.11.7 Include/internal/pycore_object.h
   *  _PyType_PreHeaderSize; 3.12.1 Include/internal/pycore_object.h); 0 before 3.11 */
  managedPreHeaderSize: number;
  /** instance __dict__ lives in the pre-header (Py_TPFLAGS_MANAGED_DICT, 3.11+), not an in-object slot */
  managedDict: boolean;
  /** instance __weakref__ lives in the pre-header (Py_TPFLAGS_MANAGED_WEAKREF, 3.12+) */
  managedWeakref: boolean;
  /** attribute values inline after the object (Py_TPFLAGS_INLINE_VALUES, 3.13.0 Objects/typeobject.c:8133-8134) */
  inlineValues: boolean;
  getsizeofRule: GetsizeofRule;

  // ---- scalars and strings ----
  /** digits a zero int reports: 0 through 3.11.1, then max(1, ndigits) (gh-100637;
   *  3.8.18 Objects/longobject.c int___sizeof___impl; 3.11.7 :5664-5673; 3.12.1 :5852-5858) */
  longMinDigits: number;
  /** digits allocated for 0: 3.8-3.10 allocate exactly ndigits (3.8.18 Objects/longobject.c _PyLong_New);
   *  3.11+ at least one (3.11.7 Objects/longobject.c _PyLong_New) */
  longMinAllocDigits: number;
  /** sizeof(PyASCIIObject): 48 with wstr (3.8-3.11), 40 without (PEP 623; 3.12.1 Include/cpython/unicodeobject.h) */
  asciiObjectSize: number;
  /** sizeof(PyCompactUnicodeObject): 72 / 56 (3.12+) */
  compactUnicodeObjectSize: number;
  /** the statically allocated one-character latin-1 strings carry a cached 2-byte UTF-8 copy
   *  (_PyUnicode_LATIN1_INIT, 3.12.1 Include/internal/pycore_runtime_init.h) */
  latin1SingletonHasUtf8: boolean;

  // ---- fixed struct sizes that changed ----
  /** sizeof(PyFunctionObject) (Include/cpython/funcobject.h) */
  functionObjectSize: number;
  /** sizeof(PyHeapTypeObject) (Include/cpython/object.h) */
  heapTypeObjectSize: number;
  /** sizeof(PyGetSetDescrObject) = sizeof(PyMemberDescrObject): PyDescr_COMMON (head, d_type,
   *  d_name, d_qualname) + one pointer (Include/descrobject.h, Include/cpython/descrobject.h) */
  descrObjectSize: number;
  /** 3.11+ remove_subclass drops a base's tp_subclasses dict when its last subclass goes
   *  (3.12.1 Objects/typeobject.c remove_subclass: clear_tp_subclasses); ≤3.10 keeps the empty dict */
  subclassesDictClearedWhenEmpty: boolean;
  /** sizeof(PyCodeObject) / tp_basicsize of code (Include/cpython/code.h) */
  codeObjectSize: number;
  /** 3.11+: the bytecode (with inline caches) is stored in the code object, tp_itemsize 2,
   *  and __sizeof__ is _PyObject_VAR_SIZE(type, Py_SIZE(co)) (3.12.1 Objects/codeobject.c:1976-1984) */
  codeInlineBytecode: boolean;
  /** ≤3.10: co_cell2arg adds one Py_ssize_t per cell variable when a cell is an argument
   *  (3.8.18 / 3.10.13 Objects/codeobject.c code_sizeof) */
  codeCell2arg: boolean;
  /** ≤3.10: sizeof(PyGenObject) (Include/genobject.h). 3.11+: offsetof(PyGenObject, gi_iframe)
   *  (3.12.1 Objects/genobject.c:799-806) */
  genObjectSize: number;
  /** 3.11+: the generator embeds its _PyInterpreterFrame; its size depends on the code */
  genEmbedsFrame: boolean;
  /** ≤3.10: sizeof(PyFrameObject) including f_localsplus[1] (Include/cpython/frameobject.h;
   *  frame_sizeof 3.8.18 Objects/frameobject.c). 3.11+: offsetof(PyFrameObject, _f_frame_data)
   *  (3.12.1 Objects/frameobject.c:976-983) */
  frameObjectSize: number;
  /** 3.11+: frames are _PyInterpreterFrame on the data stack; frame objects embed one */
  interpreterFrames: boolean;
  /** offsetof(_PyInterpreterFrame, localsplus) (Include/internal/pycore_frame.h), 3.11+ */
  interpreterFrameLocalsplusOffset: number;
  /** sizeof(PyWeakReference) (Include/cpython/weakrefobject.h; vectorcall added in 3.11) */
  weakrefObjectSize: number;
  /** sizeof(rangeiterobject) (Objects/rangeobject.c; 3.12 stores start/step/len as C longs only) */
  rangeIterObjectSize: number;
  /** sizeof(enumobject) (Objects/enumobject.c; one_value cache added in 3.11) */
  enumObjectSize: number;
  /** sizeof(zipobject) (Python/bltinmodule.c; strict flag added in 3.10) */
  zipObjectSize: number;
  exceptionSizes: ExceptionStructSizes;

  // ---- list growth and construction ----
  listGrowth: ListGrowth;
  /** list_preallocate_exact rounds up to even (gh-92914; 3.12.1 Objects/listobject.c:109) */
  listPreallocateRoundsEven: boolean;
  /** list_extend into a list whose ob_item is NULL preallocates exactly (list/tuple and
   *  iterator paths) instead of list_resize (bpo-39829; 3.10.13 Objects/listobject.c:901-906, :946-948) */
  listExtendEmptyPreallocates: boolean;
  /** list.extend(set or dict) uses list_resize(m + n) directly (3.13.0 Objects/listobject.c:1287-1360) */
  listExtendSetDictResize: boolean;
  /** list___init__ preallocates exactly len(iterable) for a sized iterable before list_extend
   *  (bpo-33234, 3.8-3.12); from 3.13 list___init__ is _list_extend alone */
  listInitPreallocatesFromLen: boolean;
  /** a display of n > 2 constants compiles to BUILD_LIST 0 + LOAD_CONST tuple + LIST_EXTEND
   *  (3.9.18 Python/compile.c:3685; 3.12.1 :4263) */
  /** 3.8: list/tuple displays with starred items join their parts with BUILD_LIST_UNPACK /
   *  BUILD_TUPLE_UNPACK into a new list (3.8.18 Python/compile.c starunpack_helper); 3.9+ build
   *  the list as it goes (BUILD_LIST, LIST_APPEND, LIST_EXTEND) */
  starredDisplaysUnpack: boolean;
  listDisplayFoldsConstants: boolean;
  /** displays with more than this many items are built with BUILD_LIST 0 + LIST_APPEND per item
   *  (STACK_USE_GUIDELINE, 3.10.13 Python/compile.c:55, :3845); null: no limit */
  stackUseGuideline: number | null;

  // ---- refcounts, immortality, caches ----
  /** refcount of immortal objects (_Py_IMMORTAL_REFCNT, 3.12.1 Include/object.h:110); null before 3.12 */
  immortalRefcnt: number | null;
  /** initial refcount of statically allocated singletons in 3.11 (999999999,
   *  3.11.7 Include/internal/pycore_object.h:19); null otherwise */
  staticObjectInitialRefcnt: number | null;
  internedImmortality: InternedImmortality;
  /** small int cache -NSMALLNEGINTS..NSMALLPOSINTS-1 (3.8.18 Objects/longobject.c:19-22;
   *  3.12.1 Include/internal/pycore_global_objects.h) */
  smallIntMin: number;
  smallIntMax: number;
  /** frozenset() is a singleton (3.9.18 Objects/setobject.c:979); removed in 3.10 */
  emptyFrozensetSingleton: boolean;

  // ---- free lists ----
  /** PyFloat_MAXFREELIST (3.8.18 Objects/floatobject.c:24; 3.13.0 Include/internal/pycore_freelist.h:21) */
  floatFreeListMax: number;
  /** tuple free list capacity per length (PyTuple_MAXFREELIST 2000) */
  tupleFreeListMax: number;
  /** longest tuple that tupledealloc pushes on the free list (3.11.7 Objects/tupleobject.c:1181; 3.13.0 :1135) */
  tupleFreeListPushMaxLen: number;
  /** longest tuple that tuple_alloc takes from the free list (3.11.7 Objects/tupleobject.c:1218-1220; 3.13.0 :1168-1170) */
  tupleFreeListPopMaxLen: number;
  /** PyList_MAXFREELIST (3.8.18 Objects/listobject.c:122) */
  listFreeListMax: number;
  /** PyDict_MAXFREELIST (3.8.18 Objects/dictobject.c:250) */
  dictFreeListMax: number;
  /** keys free list: 8-slot keys only (3.8.18 Objects/dictobject.c:550) */
  dictKeysFreeListMax: number;
  /** ... and only unicode-kind keys from 3.11 (3.11.7 Objects/dictobject.c:625) */
  dictKeysFreeListUnicodeOnly: boolean;
  /** PyFrame_MAXFREELIST (3.8.18 Objects/frameobject.c:415; 3.10.13 :575); 0 from 3.11 */
  frameFreeListMax: number;
  /** one zombie frame per code object (co_zombieframe, 3.8.18 Objects/frameobject.c:445-448) */
  zombieFrames: boolean;
  /** bound method and builtin function free lists, 256 each (3.8.18 Objects/classobject.c:17,
   *  Objects/methodobject.c:16); removed in 3.9 (bpo-37340) */
  methodFreeListMax: number;
  cfunctionFreeListMax: number;

  // ---- the cyclic GC ----
  /** default gc thresholds (3.8.18 Modules/gcmodule.c:136-138; 3.13.0 Include/internal/pycore_runtime_init.h:233-235) */
  gcThresholds: readonly [number, number, number];
  /** ≤3.11 a collection runs inside the allocation; 3.12+ it is scheduled for the next
   *  eval-breaker check (3.12.1 Modules/gcmodule.c _PyObject_GC_Link / _Py_RunGC) */
  gcRunsAtEvalBreaker: boolean;

  // ---- pymalloc ----
  /** POOL_SIZE: 4 KiB ≤3.9; 16 KiB with USE_LARGE_POOLS 3.10+ (3.10.13 Objects/obmalloc.c:941-946) */
  poolSize: number;
  /** ARENA_SIZE: 256 KiB ≤3.9; 1 MiB with USE_LARGE_ARENAS 3.10+ (3.10.13 Objects/obmalloc.c:926-931) */
  arenaSize: number;
  /** a fully free arena that is the last in usable_arenas is kept (bpo-37257, 3.9.18 Objects/obmalloc.c:1729-1738) */
  keepLastFreeArena: boolean;

  // ---- interpreter ----
  /** sys.getrecursionlimit() default (Py_DEFAULT_RECURSION_LIMIT 1000) */
  recursionLimit: number;
  strInplaceConcat: StrInplaceConcat;
  /** for 'specializedFastLocal': the 0-based execution count of a BINARY_OP from which it is
   *  specialized (3.11: QUICKENING_WARMUP_DELAY 8 with the adaptive counter, observed from the 8th
   *  run, 3.11.7 Include/internal/pycore_code.h:95, :503; 3.12+: ADAPTIVE_WARMUP_VALUE 1,
   *  3.12.1 Include/internal/pycore_code.h:406); 0 for 'anyStore' */
  strInplaceWarmup: number;
  /** sizeof(_PyStackChunk) data-stack chunk size, 3.11+ (DATA_STACK_CHUNK_SIZE, 3.12.1 Python/pystate.c:1235); 0 before */
  dataStackChunkSize: number;
}

const EXC_38: ExceptionStructSizes = {
  BaseException: 64, StopIteration: 72, SystemExit: 72, ImportError: 88, OSError: 104,
  SyntaxError: 112, NameError: 64, AttributeError: 64, UnicodeError: 104,
};
// 3.10: SyntaxError gains end_lineno/end_offset, NameError gains name, AttributeError obj+name
// (3.10.13 Include/cpython/pyerrors.h)
const EXC_310: ExceptionStructSizes = { ...EXC_38, SyntaxError: 128, NameError: 72, AttributeError: 80 };
// 3.11: PyException_HEAD gains `notes` (3.11.7 Include/cpython/pyerrors.h:9-11): +8 everywhere
const EXC_311: ExceptionStructSizes = {
  BaseException: 72, StopIteration: 80, SystemExit: 80, ImportError: 96, OSError: 112,
  SyntaxError: 136, NameError: 80, AttributeError: 88, UnicodeError: 112,
};
// 3.12: PyImportErrorObject gains name_from (3.12.1 Include/cpython/pyerrors.h)
const EXC_312: ExceptionStructSizes = { ...EXC_311, ImportError: 104 };

const P38: Omit<VersionProfile, keyof InterpreterBehaviour> = {
  version: '3.8',
  gcHeadSize: 16,
  managedPreHeaderSize: 0,
  managedDict: false,
  managedWeakref: false,
  inlineValues: false,
  getsizeofRule: 'gcHead',
  longMinDigits: 0,
  longMinAllocDigits: 0,
  asciiObjectSize: 48,
  compactUnicodeObjectSize: 72,
  latin1SingletonHasUtf8: false,
  functionObjectSize: 120,
  heapTypeObjectSize: 880,
  descrObjectSize: 48,
  subclassesDictClearedWhenEmpty: false,
  codeObjectSize: 176,
  codeInlineBytecode: false,
  codeCell2arg: true,
  genObjectSize: 96,
  genEmbedsFrame: false,
  frameObjectSize: 368,
  interpreterFrames: false,
  interpreterFrameLocalsplusOffset: 0,
  weakrefObjectSize: 56,
  rangeIterObjectSize: 48,
  enumObjectSize: 48,
  zipObjectSize: 40,
  exceptionSizes: EXC_38,
  listGrowth: 'py38',
  listPreallocateRoundsEven: false,
  listExtendEmptyPreallocates: false,
  listExtendSetDictResize: false,
  listInitPreallocatesFromLen: true,
  listDisplayFoldsConstants: false,
  starredDisplaysUnpack: true,
  stackUseGuideline: null,
  immortalRefcnt: null,
  staticObjectInitialRefcnt: null,
  internedImmortality: 'none',
  smallIntMin: -5,
  smallIntMax: 256,
  emptyFrozensetSingleton: true,
  floatFreeListMax: 100,
  tupleFreeListMax: 2000,
  tupleFreeListPushMaxLen: 19,
  tupleFreeListPopMaxLen: 19,
  listFreeListMax: 80,
  dictFreeListMax: 80,
  dictKeysFreeListMax: 80,
  dictKeysFreeListUnicodeOnly: false,
  frameFreeListMax: 200,
  zombieFrames: true,
  methodFreeListMax: 256,
  cfunctionFreeListMax: 256,
  gcThresholds: [700, 10, 10],
  gcRunsAtEvalBreaker: false,
  poolSize: 4096,
  arenaSize: 256 * 1024,
  keepLastFreeArena: false,
  recursionLimit: 1000,
  strInplaceConcat: 'anyStore',
  strInplaceWarmup: 0,
  dataStackChunkSize: 0,
};

const P39: Omit<VersionProfile, keyof InterpreterBehaviour> = {
  ...P38,
  version: '3.9',
  listGrowth: 'py39',
  listDisplayFoldsConstants: true,
  starredDisplaysUnpack: false,
  methodFreeListMax: 0,
  cfunctionFreeListMax: 0,
  keepLastFreeArena: true,
};

const P310: Omit<VersionProfile, keyof InterpreterBehaviour> = {
  ...P39,
  version: '3.10',
  functionObjectSize: 128,
  heapTypeObjectSize: 888,
  genObjectSize: 88,
  frameObjectSize: 360,
  zipObjectSize: 48,
  exceptionSizes: EXC_310,
  // 3.10.13 has bpo-39829 (3.10.5) and gh-92914 (3.10.6); 3.10.0-3.10.4 behave like 3.9 here
  listPreallocateRoundsEven: true,
  listExtendEmptyPreallocates: true,
  stackUseGuideline: 30,
  emptyFrozensetSingleton: false,
  poolSize: 16 * 1024,
  arenaSize: 1024 * 1024,
};

const P311: Omit<VersionProfile, keyof InterpreterBehaviour> = {
  ...P310,
  version: '3.11',
  managedPreHeaderSize: 16,
  managedDict: true,
  getsizeofRule: 'preHeader',
  // 3.11.7 has gh-100637 (3.11.2)
  longMinDigits: 1,
  longMinAllocDigits: 1,
  functionObjectSize: 136,
  heapTypeObjectSize: 904,
  subclassesDictClearedWhenEmpty: true,
  codeObjectSize: 184,
  codeInlineBytecode: true,
  codeCell2arg: false,
  genObjectSize: 80,
  genEmbedsFrame: true,
  frameObjectSize: 48,
  interpreterFrames: true,
  interpreterFrameLocalsplusOffset: 72,
  weakrefObjectSize: 64,
  enumObjectSize: 56,
  exceptionSizes: EXC_311,
  staticObjectInitialRefcnt: 999999999,
  tupleFreeListPushMaxLen: 20,
  dictKeysFreeListUnicodeOnly: true,
  frameFreeListMax: 0,
  zombieFrames: false,
  strInplaceConcat: 'specializedFastLocal',
  strInplaceWarmup: 7,
  dataStackChunkSize: 16 * 1024,
};

const P312: Omit<VersionProfile, keyof InterpreterBehaviour> = {
  ...P311,
  version: '3.12',
  managedWeakref: true,
  asciiObjectSize: 40,
  compactUnicodeObjectSize: 56,
  latin1SingletonHasUtf8: true,
  functionObjectSize: 144,
  heapTypeObjectSize: 920,
  codeObjectSize: 192,
  genObjectSize: 72,
  rangeIterObjectSize: 40,
  exceptionSizes: EXC_312,
  immortalRefcnt: 4294967295,
  staticObjectInitialRefcnt: null,
  internedImmortality: 'all',
  gcRunsAtEvalBreaker: true,
  strInplaceWarmup: 1,
};

const P313: Omit<VersionProfile, keyof InterpreterBehaviour> = {
  ...P312,
  version: '3.13',
  inlineValues: true,
  getsizeofRule: 'preHeaderExceptStaticTypes',
  heapTypeObjectSize: 928,
  codeObjectSize: 200,
  frameObjectSize: 64,
  internedImmortality: 'namesOnly',
  tupleFreeListPopMaxLen: 20,
  gcThresholds: [2000, 10, 10],
  listExtendSetDictResize: true,
  listInitPreallocatesFromLen: false,
};

// ---- interpreter behaviour: calls, messages and other rules of the evaluation loop ----

/** What the evaluation loop and the built-ins do differently per version (messages are those the
 *  interpreters print; the tests compare them with recorded output). */
export interface InterpreterBehaviour {
  /** 3.11+: a called frame takes over the caller's argument references (_PyEvalFramePushAndInit);
   *  3.8-3.10 copy them (_PyFunction_Vectorcall / function_code_fastcall, Python/ceval.c) */
  callStealsArgs: boolean;
  /** 3.10+: argument errors name the function by __qualname__ (Python/ceval.c, bpo-44655 era) */
  argErrorsUseQualname: boolean;
  /** 3.8-3.10: the last traceback line names a user exception with its module ("__main__.E") */
  mainPrefixInTraceback: boolean;
  recursionErrorMessage: string;
  /** %s: the variable name */
  unboundLocalMessage: string;
  unboundFreeMessage: string;
  intFloorDivZeroMessage: string;
  intModZeroMessage: string;
  zeroNegativePowerMessage: string;
  floatDivZeroMessage: string;
  floatFloorDivZeroMessage: string;
  floatModZeroMessage: string;
  floatDivmodZeroMessage: string;
  floatZeroNegativePowerMessage: string;
  complexZeroPowerMessage: string;
  complexDivZeroMessage: string;
  /** %s: the other type */
  strConcatMessage: string;
  strContainsMessage: string;
  /** %e expected, %g got (only where the version reports the count) */
  unpackTooManyKnownMessage: string;
  /** %t type, %n attribute */
  propertyNoSetterMessage: string;
  propertyNoDeleterMessage: string;
  propertyNoGetterMessage: boolean;
  /** %s type, %n attribute */
  builtinTypeSetattrMessage: string;
  readonlyAttrMessage: string;
  noSetAttrMessage: string;
  objectTakesNoArgsMessage: string;
  minMaxEmptyArg: string;
  /** the one-character latin-1 strings are static objects (3.11+), not heap objects cached on first use */
  latin1CharsStatic: boolean;
  /** the free lists sys._debugmallocstats() reports after the pymalloc part, in its order
   *  (_PyObject_DebugTypeStats, Objects/object.c), and the largest tuple size it lists */
  debugFreeLists: readonly ('cfunction' | 'dict' | 'dictkeys' | 'float' | 'frame' | 'list' | 'method')[];
  debugTupleSizes: number;
  /** built-in types whose call goes through tp_call with an argument tuple (no vectorcall yet):
   *  '*' for every type (3.8); the tuple is a visible GC allocation */
  argsTupleTypes: readonly string[];
  /** __import__ is METH_VARARGS | METH_KEYWORDS (≤3.10: its arguments arrive in a tuple); from
   *  3.11 an Argument Clinic function called with the arguments in place (METH_FASTCALL) */
  importArgsTuple: boolean;
  /** constant tuples made by the compiler start untracked (observed in 3.12 only; tracked in the
   *  others until a collection untracks them) */
  constantTuplesUntracked: boolean;
  /** ≤3.10: frames the interpreter's start-up left on the frame free list (measured: two) */
  startupFreeFrames: number;
  /** objects the start-up left on the free lists, measured with sys.getallocatedblocks() (how
   *  many new lists/dicts/tuples a fresh script creates before blocks grow); tuples by length */
  startupFreeLists: { list: number; dict: number; float: number; tuple: number[] };
  /** bytes constants carry one more reference than other constants (3.12+) */
  bytesConstantExtraRefs: number;
  /** %t: the index's type, for str[non-int] */
  strIndexTypeMessage: string;
  /** %s: min or max, called with no argument */
  minMaxNoArgsMessage: string;
  /** %t type */
  chrTypeErrorMessage: string;
  /** chr() of an int outside C int: 3.13 clamps it and raises the range's ValueError (3.13.0
   *  Python/bltinmodule.c builtin_chr); before, the `i` converter's OverflowError */
  chrOverflowIsRangeError: boolean;
  /** %f function */
  isinstanceArg2Message: string;
  varsNoDictMessage: string;
  intArgNumberWord: string;
  floatArgNumberWord: string;
  /** 3.12+: sum() of floats uses Neumaier's compensated summation (gh-100425) */
  sumFloatCompensated: boolean;
  /** 3.10+: zip(strict=) */
  zipStrict: boolean;
  /** ≤3.9: "zip argument #N must support iteration" */
  zipArgMessage: boolean;
  /** 3.9+: dict | dict (PEP 584) */
  dictUnion: boolean;
  dictReversed: boolean;
  /** 3.9+: list[int] and friends (PEP 585) */
  genericAlias: boolean;
  /** type(weakref.ref(x)).__name__ */
  weakrefTypeName: string;
  /** the iterator type of an ASCII str */
  strIteratorName: string;
  sliceIsGC: boolean;
  /** PEP 442: __del__ runs once */
  finalizeOnce: boolean;
  /** sizeof(PyTypeObject) reported for static types by type.__sizeof__ */
  staticTypeObjectSize: number;
  /** gc: a full collection untracks dicts with only atomic contents (issue #14775) */
  gcUntrackDicts: boolean;
  /** 3.8: any resurrection keeps the whole unreachable set alive for this pass */
  gcResurrectKeepsAll: boolean;
  /** subtype_clear clears the dict's contents rather than dropping the dict */
  gcClearsInstanceDictContents: boolean;
  /** the one-character identifiers the runtime has as statically allocated strings of their own
   *  (_Py_ID(a), _Py_STR(...): Include/internal/pycore_global_strings.h of 3.11/3.12), interned
   *  at start-up before the latin-1 singletons: interning a one-character name or constant gives
   *  that object instead of the singleton (measured: `compile("zz = 'c'")` is not chr(ord('c'))
   *  for exactly these characters; none in 3.8-3.10, and 3.13 interns the singletons first) */
  latin1StaticIdentifiers: string;
  /** 3.12+: co_stacksize of a generator is at least 2 (its implicit exception handler) */
  genMinStacksize: number;
  /** 3.12+: list, set and dict comprehensions run inside the enclosing frame (PEP 709, 3.12.1
   *  Python/compiler.c compiler_inline_comprehension): no `<listcomp>` frame, the iteration
   *  variables are locals of the enclosing frame while it runs. The simulator still runs them as
   *  frames of their own (what that allocates is left as the memory fixtures check it); the step
   *  trace shows the frames as CPython has them (trace/recorder.ts shownFrame, gatherLocals) */
  inlinedComprehensions: boolean;
  /** 3.13+: a class body stores `__firstlineno__` (an int) and `__static_attributes__` (the sorted
   *  tuple of the X of its `self.X = ...` stores) in the class namespace (3.13.0 Python/compile.c
   *  compiler_class_body) */
  classStaticAttributes: boolean;
  /** the C recursion guards' own limit (Py_C_RECURSION_LIMIT, 3.12.1 Include/cpython/pystate.h:259:
   *  1,500; 3.13.0 :226: 10,000, taken one further as 3.13's _Py_MakeRecCheck trips below 0 where
   *  3.12's trips at 0, Include/internal/pycore_ceval.h:196); null: up to 3.11 the guards count in
   *  the frames' depth against sys.getrecursionlimit() (3.10.13 Include/internal/pycore_ceval.h
   *  _Py_EnterRecursiveCall, 3.11.7 recursion_remaining) */
  cRecursionLimit: number | null;
  /** 3.12+: the C recursion units a run of _PyEval_EvalFrameDefault takes (PY_EVAL_C_STACK_UNITS,
   *  3.12.1 Python/ceval.c:651, :707-708); 0 up to 3.11 (the frame's own count is the guard) */
  evalFrameCUnits: number;
  /** the builtin types with tp_vectorcall, whose calls skip _PyObject_MakeTpCall and its guard
   *  (3.9 bpo-37207: dict list range set frozenset tuple; 3.10: bool float reversed type filter map;
   *  3.11: enumerate super; 3.13: int str); type's serves type(x) only */
  vectorcallTypes: readonly string[];
  /** 3.11+: a CALL of a builtin is specialized after its warm-up (0-based executions before it:
   *  3.11 the code object quickened at its 8th RESUME, QUICKENING_WARMUP_DELAY, 3.11.7
   *  Include/internal/pycore_code.h:95, with the adaptive counter zero, Python/specialize.c:270;
   *  3.12+ ADAPTIVE_WARMUP_VALUE 1); the specialized call enters the recursion guard only for the
   *  builtins named (METH_O but len, METH_NOARGS, METH_VARARGS: 3.11.7 Python/ceval.c:5001-5016,
   *  3.12.1 Python/bytecodes.c:2883-2900); null: no specialization (≤3.10) */
  callSpecialization: { warmup: number; guardedBuiltins: readonly string[] } | null;
  /** 3.12+: CALL_FUNCTION_EX of a Python function pushes its frame inline (3.12.1
   *  Python/bytecodes.c:3243 _PyEvalFramePushAndInit_Ex), not through a run of the eval loop */
  callFunctionExInline: boolean;
  /** 3.8: the builtins (METH_VARARGS) whose call from Python code enters the recursion guard twice:
   *  they have no vectorcall, so _PyObject_MakeTpCall's guard, then cfunction_call_varargs's (3.8.18
   *  Objects/methodobject.c:40-50, Objects/call.c:728-760; 3.9's cfunction_call has none) */
  doubleGuardBuiltins: readonly string[];
  /** ≤3.10: each Python call recurses on the C stack; with a raised recursion limit CPython
   *  crashes (SIGSEGV) at about 16,000 (3.8), 23,000 (3.9), 20,000 (3.10) frames on an 8 MB stack
   *  (measured on the recorded builds; it varies with the frame and the stack). The simulator
   *  refuses from a little below; null: frames take no C stack (3.11+) */
  cStackFrames: number | null;
  /** 3.9+: the argument-count errors of sys and gc functions name the module ("sys.getrefcount()
   *  takes exactly one argument (0 given)"); 3.8: the bare name */
  moduleQualifiedArgErrors: boolean;
  /** a float where a C int is wanted (PyArg "i"): ≤3.9 "integer argument expected, got float",
   *  then the generic "'float' object cannot be interpreted as an integer" (null) */
  intArgFloatMessage: string | null;
  /** sys.flags.int_max_str_digits: -1 (unset, ≤3.11) or the limit itself (3.12+) */
  flagsIntMaxStrDigitsUnset: boolean;
  /** gc.set_threshold with no or more than 3 arguments: "set_threshold() takes at most 3 arguments
   *  (4 given)" (≤3.12, PyArg_ParseTuple), "gc.set_threshold requires 1 to 3 arguments" (3.13) */
  gcSetThresholdArgsMessage: string | null;
  /** 3.10+: the traceback's last line of a NameError/AttributeError adds "Did you mean":
   *  'c' (3.10/3.11 Python/suggestions.c: the code's varnames, then globals, then builtins, each
   *  searched on its own), 'c312' (the same lists, printed by the C traceback, first asking whether
   *  `self` has the name, with "Did you forget to import" for a stdlib module name; 3.12.1
   *  Python/suggestions.c:217-351), 'py' (3.13 Lib/traceback.py: f_locals + f_globals + f_builtins as
   *  one list, the distance computed by _suggestions, i.e. the C search, 3.13.0 :1506-1524) */
  suggestions: 'none' | 'c' | 'c312' | 'py';
  /** 3.13: attribute suggestions skip names starting with '_' unless the wrong name does */
  suggestionsHideUnderscored: boolean;
  /** PyLong_FromDouble returns the cached small ints (3.9+: its PyLong_FromLong fast path,
   *  3.9.18 Objects/longobject.c:434-436); 3.8 makes a new int for anything but 0 (round(2.5)) */
  longFromDoubleSmallInts: boolean;
  /** reading an unset __slots__ member: "'C' object has no attribute 'a'" (3.10+) or just "a" */
  unsetSlotMessageNamesType: boolean;
  /** LIST_EXTEND of a non-iterable: "Value after * must be an iterable, not X" (3.9+) */
  starredNotIterableMessage: boolean;
  /** a non-iterable assigned to any list slice: "must assign iterable to extended slice" (3.13) */
  listSliceAssignExtendedMessage: boolean;
  /** the SyntaxWarning for `is` / `is not` with a literal (compile.c check_compare): %o the
   *  operator, %t the literal's type (3.12+ name it, infer_type) */
  isLiteralWarning: string;
  /** pow(x, y, z) with no type to compute it: 'for pow():' up to 3.9, 'for ** or pow():' from
   *  3.10 (Objects/abstract.c ternary_op) */
  ternaryPowOperator: string;
  /** 3.13: the first warning imports modules (linecache, re, enum, types) whose imports leave
   *  cyclic garbage the next collection finds: the classes types._C, enum.EnumCheck and
   *  re.RegexFlag with their dicts, mro and bases tuples, __dict__/__weakref__ descriptors and
   *  _C._m (19 objects; the simulator keeps their number, not their shapes) */
  firstWarningGarbage: number;
}

const VECTORCALL_39 = ['dict', 'list', 'range', 'set', 'frozenset', 'tuple'];
const VECTORCALL_310 = [...VECTORCALL_39, 'bool', 'float', 'reversed', 'type', 'filter', 'map'];
const VECTORCALL_311 = [...VECTORCALL_310, 'enumerate', 'super'];
/** builtins whose specialized CALL keeps the recursion guard: METH_O (CALL_NO_KW_BUILTIN_O; len
 *  has CALL_NO_KW_LEN), METH_NOARGS and METH_VARARGS (not specialized) ones (3.11.7
 *  Python/clinic/bltinmodule.c.h, Python/bltinmodule.c builtin_methods); min and max are
 *  METH_VARARGS up to 3.12 */
const METH_O_GUARDED = ['abs', 'all', 'any', 'ascii', 'bin', 'callable', 'chr', 'id', 'hash', 'hex', 'aiter', 'oct', 'ord', 'repr', 'globals', 'locals', 'dir', 'vars'];

const B38: InterpreterBehaviour = {
  callStealsArgs: false,
  argErrorsUseQualname: false,
  mainPrefixInTraceback: true,
  recursionErrorMessage: 'maximum recursion depth exceeded',
  unboundLocalMessage: "local variable '%s' referenced before assignment",
  unboundFreeMessage: "free variable '%s' referenced before assignment in enclosing scope",
  intFloorDivZeroMessage: 'integer division or modulo by zero',
  intModZeroMessage: 'integer division or modulo by zero',
  zeroNegativePowerMessage: '0.0 cannot be raised to a negative power',
  floatDivZeroMessage: 'float division by zero',
  floatFloorDivZeroMessage: 'float divmod()',
  floatModZeroMessage: 'float modulo',
  floatDivmodZeroMessage: 'float divmod()',
  floatZeroNegativePowerMessage: '0.0 cannot be raised to a negative power',
  complexZeroPowerMessage: '0.0 to a negative or complex power',
  complexDivZeroMessage: 'complex division by zero',
  strConcatMessage: 'can only concatenate str (not "%s") to str',
  strContainsMessage: "'in <string>' requires string as left operand, not %s",
  unpackTooManyKnownMessage: 'too many values to unpack (expected %e)',
  propertyNoSetterMessage: "can't set attribute",
  propertyNoDeleterMessage: "can't delete attribute",
  propertyNoGetterMessage: false,
  builtinTypeSetattrMessage: "can't set attributes of built-in/extension type '%s'",
  readonlyAttrMessage: "attribute '%n' of '%t' objects is not writable",
  noSetAttrMessage: "'%t' object has no attribute '%n'",
  objectTakesNoArgsMessage: '%s() takes no arguments',
  minMaxEmptyArg: 'arg is an empty sequence',
  minMaxNoArgsMessage: '%s expected 1 argument, got 0',
  strIndexTypeMessage: 'string indices must be integers',
  latin1CharsStatic: false,
  bytesConstantExtraRefs: 0,
  startupFreeFrames: 2,
  debugFreeLists: ['cfunction', 'dict', 'float', 'frame', 'list', 'method'],
  debugTupleSizes: 19,
  constantTuplesUntracked: false,
  argsTupleTypes: ['*'],
  importArgsTuple: true,
  startupFreeLists: { list: 10, dict: 12, float: 4, tuple: [0, 1, 20] },
  chrTypeErrorMessage: 'an integer is required (got type %t)',
  chrOverflowIsRangeError: false,
  isinstanceArg2Message: '%f() arg 2 must be a type or tuple of types',
  varsNoDictMessage: 'vars() argument must have __dict__ attribute',
  intArgNumberWord: 'number',
  floatArgNumberWord: 'number',
  sumFloatCompensated: false,
  zipStrict: false,
  zipArgMessage: true,
  dictUnion: false,
  dictReversed: true,
  genericAlias: false,
  weakrefTypeName: 'weakref',
  strIteratorName: 'str_iterator',
  sliceIsGC: true,
  finalizeOnce: true,
  staticTypeObjectSize: 416,
  gcUntrackDicts: true,
  gcResurrectKeepsAll: true,
  gcClearsInstanceDictContents: false,
  latin1StaticIdentifiers: '',
  genMinStacksize: 0,
  inlinedComprehensions: false,
  classStaticAttributes: false,
  suggestions: 'none',
  suggestionsHideUnderscored: false,
  cRecursionLimit: null,
  evalFrameCUnits: 0,
  vectorcallTypes: [],
  callSpecialization: null,
  callFunctionExInline: false,
  doubleGuardBuiltins: ['__import__', 'dir', 'max', 'min', 'vars'],
  isLiteralWarning: '"%o" with a literal. Did you mean "%e"?',
  ternaryPowOperator: 'pow()',
  firstWarningGarbage: 0,
  cStackFrames: 15000,
  moduleQualifiedArgErrors: false,
  intArgFloatMessage: 'integer argument expected, got float',
  flagsIntMaxStrDigitsUnset: true,
  gcSetThresholdArgsMessage: null,
  longFromDoubleSmallInts: false,
  unsetSlotMessageNamesType: false,
  starredNotIterableMessage: false,
  listSliceAssignExtendedMessage: false,
};
const B39: InterpreterBehaviour = {
  ...B38, cStackFrames: 20000, vectorcallTypes: VECTORCALL_39, doubleGuardBuiltins: [], moduleQualifiedArgErrors: true, longFromDoubleSmallInts: true, starredNotIterableMessage: true, startupFreeLists: { list: 10, dict: 12, float: 4, tuple: [0, 1, 20, 2] }, dictUnion: true,
  debugFreeLists: ['dict', 'float', 'frame', 'list'],
  argsTupleTypes: ['str', 'bytes', 'bytearray', 'complex', 'slice', 'property', 'classmethod', 'staticmethod', 'super', 'object'], minMaxNoArgsMessage: '%s expected at least 1 argument, got 0', genericAlias: true, staticTypeObjectSize: 408, gcResurrectKeepsAll: false,
  floatFloorDivZeroMessage: 'float floor division by zero',
};
const B310: InterpreterBehaviour = {
  ...B39,
  ternaryPowOperator: '** or pow()',
  cStackFrames: 18000,
  vectorcallTypes: VECTORCALL_310,
  unsetSlotMessageNamesType: true,
  startupFreeLists: { list: 11, dict: 13, float: 4, tuple: [0, 1, 35] },
  argErrorsUseQualname: true,
  propertyNoSetterMessage: "can't set attribute '%n'",
  propertyNoDeleterMessage: "can't delete attribute '%n'",
  builtinTypeSetattrMessage: "cannot set '%n' attribute of immutable type '%s'",
  chrTypeErrorMessage: "'%t' object cannot be interpreted as an integer",
  intArgFloatMessage: null,
  isinstanceArg2Message: '%f() arg 2 must be a type, a tuple of types, or a union',
  intArgNumberWord: 'real number',
  floatArgNumberWord: 'real number',
  zipStrict: true,
  zipArgMessage: false,
  weakrefTypeName: 'weakref.ReferenceType',
  suggestions: 'c',
};
const B311: InterpreterBehaviour = {
  ...B310,
  importArgsTuple: false,
  cStackFrames: null,
  callStealsArgs: true,
  startupFreeLists: { list: 34, dict: 14, float: 4, tuple: [0, 2, 40] },
  debugFreeLists: ['dict', 'float', 'list'],
  debugTupleSizes: 20,
  vectorcallTypes: VECTORCALL_311,
  callSpecialization: { warmup: 7, guardedBuiltins: [...METH_O_GUARDED, 'min', 'max'] },
  strIndexTypeMessage: "string indices must be integers, not '%t'",
  latin1CharsStatic: true,
  startupFreeFrames: 0,
  mainPrefixInTraceback: false,
  unboundLocalMessage: "cannot access local variable '%s' where it is not associated with a value",
  unboundFreeMessage: "cannot access free variable '%s' where it is not associated with a value in enclosing scope",
  propertyNoSetterMessage: "property '%n' of '%t' object has no setter",
  propertyNoDeleterMessage: "property '%n' of '%t' object has no deleter",
  propertyNoGetterMessage: true,
  strIteratorName: 'str_ascii_iterator',
  intModZeroMessage: 'integer modulo by zero',
  latin1StaticIdentifiers: 'abcdefhijklmnopqrstvwxyBCLST_',
};
const B312: InterpreterBehaviour = {
  ...B311, startupFreeLists: { list: 10, dict: 16, float: 3, tuple: [0, 2, 25] }, minMaxEmptyArg: 'iterable argument is empty', sumFloatCompensated: true, staticTypeObjectSize: 416,
  cRecursionLimit: 1500,
  evalFrameCUnits: 2,
  callSpecialization: { warmup: 1, guardedBuiltins: [...METH_O_GUARDED, 'min', 'max'] },
  callFunctionExInline: true,
  flagsIntMaxStrDigitsUnset: false,
  genMinStacksize: 2, suggestions: 'c312', bytesConstantExtraRefs: 1, constantTuplesUntracked: true,
  latin1StaticIdentifiers: 'abcdenprsx_',
  inlinedComprehensions: true, isLiteralWarning: '"%o" with \'%t\' literal. Did you mean "%e"?',
};
const B313: InterpreterBehaviour = {
  ...B312,
  gcSetThresholdArgsMessage: 'gc.set_threshold requires 1 to 3 arguments',
  cRecursionLimit: 10001,
  vectorcallTypes: [...VECTORCALL_311, 'int', 'str'],
  callSpecialization: { warmup: 1, guardedBuiltins: METH_O_GUARDED },
  suggestions: 'py',
  listSliceAssignExtendedMessage: true,
  suggestionsHideUnderscored: true,
  classStaticAttributes: true,
  debugFreeLists: ['dict', 'dictkeys', 'float', 'list'],
  constantTuplesUntracked: false,
  argsTupleTypes: ['bytes', 'bytearray', 'complex', 'slice', 'property', 'classmethod', 'staticmethod', 'super'],
  startupFreeLists: { list: 10, dict: 16, float: 5, tuple: [0, 2, 27] },
  latin1StaticIdentifiers: '',
  chrOverflowIsRangeError: true,
  floatModZeroMessage: 'float modulo by zero',
  noSetAttrMessage: "'%t' object has no attribute '%n' and no __dict__ for setting new attributes",
  firstWarningGarbage: 19,
};
const BEHAVIOUR: Record<PyVersion, InterpreterBehaviour> = {
  '3.8': B38, '3.9': B39, '3.10': B310, '3.11': B311, '3.12': B312, '3.13': B313,
};

const PROFILES: Record<PyVersion, VersionProfile> = {
  '3.8': { ...P38, ...BEHAVIOUR['3.8'] },
  '3.9': { ...P39, ...BEHAVIOUR['3.9'] },
  '3.10': { ...P310, ...BEHAVIOUR['3.10'] },
  '3.11': { ...P311, ...BEHAVIOUR['3.11'] },
  '3.12': { ...P312, ...BEHAVIOUR['3.12'] },
  '3.13': { ...P313, ...BEHAVIOUR['3.13'] },
};
for (const p of Object.values(PROFILES)) Object.freeze(p);

export function getProfile(v: PyVersion): VersionProfile {
  return PROFILES[v];
}
