// Object layouts and sizes: what `sys.getsizeof` returns for each kind of object in a given
// version, what each object asks of the allocator (its block including PyGC_Head and the 3.11+
// pre-header, and separately its buffers), and the growth rules of lists and bytearrays.
// Follows the __sizeof__ implementations and allocation calls of CPython: Python/sysmodule.c
// (_PySys_GetSizeOf), Objects/longobject.c, Objects/unicodeobject.c (unicode_sizeof_impl),
// Objects/bytesobject.c, Objects/bytearrayobject.c, Objects/tupleobject.c, Objects/listobject.c,
// Objects/typeobject.c (object___sizeof__, type___sizeof__), Objects/genobject.c,
// Objects/frameobject.c, Objects/codeobject.c. Everything that differs per version comes from the
// VersionProfile; these functions are pure and allocation-free on their hot paths.

import { VersionProfile } from './profiles';

// ---- struct sizes that are the same in 3.8-3.13 (64-bit) ----
/** sizeof(PyObject) (Include/object.h) */
export const PYOBJECT_SIZE = 16;
/** sizeof(PyVarObject) (Include/object.h) */
export const PYVAROBJECT_SIZE = 24;
/** a pointer / PyObject* slot */
export const PTR = 8;
/** offsetof(PyLongObject, ob_digit) (Include/cpython/longintrepr.h), 30-bit digits of 4 bytes */
export const LONG_HEAD = 24;
export const DIGIT_SIZE = 4;
export const DIGIT_BITS = 30;
/** sizeof(PyFloatObject), sizeof(PyComplexObject) (Include/cpython/floatobject.h, complexobject.h) */
export const FLOAT_SIZE = 24;
export const COMPLEX_SIZE = 32;
/** PyBytesObject_SIZE = offsetof(PyBytesObject, ob_sval) + 1 (Objects/bytesobject.c) */
export const BYTES_HEAD = 33;
/** sizeof(PyByteArrayObject) (Include/cpython/bytearrayobject.h); not a GC type */
export const BYTEARRAY_OBJECT_SIZE = 56;
/** sizeof(PyTupleObject) without ob_item (Include/cpython/tupleobject.h) */
export const TUPLE_HEAD = 24;
/** sizeof(PyListObject) (Include/cpython/listobject.h) */
export const LIST_OBJECT_SIZE = 40;
/** sizeof(rangeobject): start, stop, step, length (Objects/rangeobject.c); not GC */
export const RANGE_OBJECT_SIZE = 48;
/** sizeof(PySliceObject) (Include/sliceobject.h) */
export const SLICE_OBJECT_SIZE = 40;
/** sizeof(PyCellObject) (Include/cpython/cellobject.h) */
export const CELL_OBJECT_SIZE = 24;
/** sizeof(PyMethodObject): im_func, im_self, im_weakreflist, vectorcall (Include/cpython/classobject.h) */
export const METHOD_OBJECT_SIZE = 48;
/** sizeof(PyCFunctionObject) (Include/cpython/methodobject.h) */
export const CFUNCTION_OBJECT_SIZE = 56;
/** sizeof(PyModuleObject) (Include/internal/pycore_moduleobject.h; Objects/moduleobject.c in 3.8/3.9) */
export const MODULE_OBJECT_SIZE = 56;
/** listiterobject, listreviterobject, tupleiterobject, unicodeiterobject, mapobject, filterobject,
 *  reversedobject, calliterobject, seqiterobject: PyObject_HEAD + 2 words */
export const ITER2_OBJECT_SIZE = 32;
/** dictiterobject (Objects/dictobject.c): di_dict, di_used, di_pos, di_result, len */
export const DICTITER_OBJECT_SIZE = 56;
/** setiterobject (Objects/setobject.c): si_set, si_used, si_pos, len */
export const SETITER_OBJECT_SIZE = 48;

/** Small helper: round up to a multiple of 8 (_PyObject_VAR_SIZE, Include/cpython/objimpl.h). */
function round8(n: number): number {
  return (n + 7) & ~7;
}

/** What sys.getsizeof adds to __sizeof__() for an object of a GC type without a pre-header. */
function gcExtra(p: VersionProfile): number {
  return p.gcHeadSize;
}

// =====================================================================================
// int, bool, float, complex, singletons
// =====================================================================================

const DIGIT_BASE = 1073741824; // 2**30

/** Number of 30-bit digits of |v| (0 for 0). Exact for every integral JS number, no BigInt. */
export function longDigits(v: number | bigint): number {
  if (typeof v === 'bigint') {
    let a = v < 0n ? -v : v;
    let n = 0;
    while (a > 0n) {
      a >>= 30n;
      n++;
    }
    return n;
  }
  let a = v < 0 ? -v : v;
  if (a === 0) return 0;
  if (a < DIGIT_BASE) return 1;
  let n = 0;
  // division by a power of two and floor are exact on doubles
  while (a >= 1) {
    a = Math.floor(a / DIGIT_BASE);
    n++;
  }
  return n;
}

/** sys.getsizeof(int) = offsetof(ob_digit) + 4 * max(longMinDigits, ndigits)
 *  (int___sizeof___impl: 3.8.18 Objects/longobject.c; 3.12.1 :5852-5858). */
export function getsizeofInt(p: VersionProfile, v: number | bigint): number {
  const d = longDigits(v);
  return LONG_HEAD + DIGIT_SIZE * (d > p.longMinDigits ? d : p.longMinDigits);
}

/** Bytes _PyLong_New asks PyObject_Malloc for (3.8.18 / 3.11.7 Objects/longobject.c _PyLong_New). */
export function allocSizeInt(p: VersionProfile, v: number | bigint): number {
  const d = longDigits(v);
  return LONG_HEAD + DIGIT_SIZE * (d > p.longMinAllocDigits ? d : p.longMinAllocDigits);
}

/** bool: False has no digits, True one (Objects/boolobject.c); sized like int. */
export function getsizeofBool(p: VersionProfile, v: boolean): number {
  return getsizeofInt(p, v ? 1 : 0);
}

export function getsizeofFloat(): number {
  return FLOAT_SIZE;
}
export function getsizeofComplex(): number {
  return COMPLEX_SIZE;
}
/** None, Ellipsis, NotImplemented and object(): a bare PyObject. */
export function getsizeofBareObject(): number {
  return PYOBJECT_SIZE;
}

// =====================================================================================
// str (PEP 393 compact strings)
// =====================================================================================

/** 1: latin-1 (or ASCII when maxChar < 128), 2: UCS-2, 4: UCS-4 (PyUnicode_KIND). */
export type StrKind = 1 | 2 | 4;

/** Result of scanning a JS string as a Python str; reused, so treat as read-only and copy out. */
export interface StrInfo {
  /** number of code points (a surrogate pair counts once; a lone surrogate counts once) */
  length: number;
  maxChar: number;
  /** bytes of its UTF-8 encoding (a lone surrogate counted as 3) */
  utf8Length: number;
}

const SCRATCH: StrInfo = { length: 0, maxChar: 0, utf8Length: 0 };

/** Scan a JS string. Returns a shared scratch object (no allocation per call). */
export function scanStr(s: string): StrInfo {
  let len = 0;
  let max = 0;
  let utf8 = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    len++;
    if (c > max) max = c;
    utf8 += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  SCRATCH.length = len;
  SCRATCH.maxChar = max;
  SCRATCH.utf8Length = utf8;
  return SCRATCH;
}

export function strKind(maxChar: number): StrKind {
  return maxChar < 256 ? 1 : maxChar < 65536 ? 2 : 4;
}

/** The compact object PyUnicode_New allocates: struct + (length + 1) * kind
 *  (3.8.18 / 3.12.1 Objects/unicodeobject.c PyUnicode_New). */
export function allocSizeStrFromInfo(p: VersionProfile, length: number, maxChar: number): number {
  if (maxChar < 128) return p.asciiObjectSize + length + 1;
  return p.compactUnicodeObjectSize + (length + 1) * strKind(maxChar);
}

export interface StrSizeOptions {
  /** a UTF-8 copy is cached in the object (after PyUnicode_AsUTF8 on a non-ASCII string) */
  utf8Cached?: boolean;
}

/** sys.getsizeof(str) from its length, widest character and UTF-8 length (unicode_sizeof_impl,
 *  3.8.18 Objects/unicodeobject.c:13866-13895; 3.12.1 :13354). A one-character latin-1 string is
 *  always the cached singleton, which from 3.12 carries a cached UTF-8 copy. */
export function getsizeofStrFromInfo(
  p: VersionProfile,
  length: number,
  maxChar: number,
  utf8Length: number,
  opts?: StrSizeOptions,
): number {
  let size = allocSizeStrFromInfo(p, length, maxChar);
  if (maxChar >= 128) {
    const singletonUtf8 = length === 1 && maxChar < 256 && p.latin1SingletonHasUtf8;
    if (singletonUtf8 || (opts !== undefined && opts.utf8Cached === true)) size += utf8Length + 1;
  }
  return size;
}

/** sys.getsizeof of the Python str equal to a JS string. */
export function getsizeofStr(p: VersionProfile, s: string, opts?: StrSizeOptions): number {
  const info = scanStr(s);
  return getsizeofStrFromInfo(p, info.length, info.maxChar, info.utf8Length, opts);
}

/** The object block of a str (the cached UTF-8 copy, when present, is a separate
 *  PyObject_Malloc(utf8Length + 1) buffer: see allocSizeStrUtf8). */
export function allocSizeStr(p: VersionProfile, s: string): number {
  const info = scanStr(s);
  return allocSizeStrFromInfo(p, info.length, info.maxChar);
}
export function allocSizeStrUtf8(utf8Length: number): number {
  return utf8Length + 1;
}

// =====================================================================================
// bytes, bytearray, tuple, list
// =====================================================================================

/** bytes: PyBytesObject_SIZE + n, not GC (Objects/bytesobject.c _PyBytes_FromSize); also its block. */
export function getsizeofBytes(n: number): number {
  return BYTES_HEAD + n;
}
export const allocSizeBytes = getsizeofBytes;

/** bytearray: sizeof(PyByteArrayObject) + ob_alloc (bytearray_sizeof, Objects/bytearrayobject.c). */
export function getsizeofBytearray(alloc: number): number {
  return BYTEARRAY_OBJECT_SIZE + alloc;
}
/** The bytearray object block; its buffer is a separate PyObject_Malloc(alloc) (none when 0). */
export function allocSizeBytearrayObject(): number {
  return BYTEARRAY_OBJECT_SIZE;
}
/** ob_alloc of bytearray(n) / bytearray(b'...' of n): n + 1, or 0 when n is 0
 *  (PyByteArray_FromStringAndSize, Objects/bytearrayobject.c). */
export function bytearrayInitialAlloc(n: number): number {
  return n === 0 ? 0 : n + 1;
}
/** PyByteArray_Resize from (alloc, size) to newsize with ob_start at the buffer start: the new
 *  ob_alloc (3.12.1 Objects/bytearrayobject.c:171-244; same rule 3.8-3.13). */
export function bytearrayResize(alloc: number, newsize: number, size = newsize - 1): number {
  if (newsize === size) return alloc;
  if (newsize + 1 <= alloc) {
    // major downsize to exact size, else keep
    return newsize < Math.floor(alloc / 2) ? newsize + 1 : alloc;
  }
  if (newsize <= alloc * 1.125) return newsize + (newsize >> 3) + (newsize < 9 ? 3 : 6);
  return newsize + 1;
}

/** tuple: 24 + 8n + GC head (tuplesizeof / PyObject_GC_NewVar, Objects/tupleobject.c). */
export function getsizeofTuple(p: VersionProfile, n: number): number {
  return TUPLE_HEAD + PTR * n + gcExtra(p);
}
export function allocSizeTuple(p: VersionProfile, n: number): number {
  return p.gcHeadSize + TUPLE_HEAD + PTR * n;
}

/** list: sizeof(PyListObject) + 8 * allocated + GC head (list___sizeof___impl, Objects/listobject.c). */
export function getsizeofList(p: VersionProfile, allocated: number): number {
  return LIST_OBJECT_SIZE + PTR * allocated + gcExtra(p);
}
/** The list object block; the item array is a separate PyMem_Malloc (allocSizeListItems). */
export function allocSizeList(p: VersionProfile): number {
  return p.gcHeadSize + LIST_OBJECT_SIZE;
}
export function allocSizeListItems(allocated: number): number {
  return PTR * allocated;
}

/** list_resize: the allocation after resizing a list of `size` items and `allocated` slots to
 *  `newsize` items (3.8.18 Objects/listobject.c:36-86; 3.12.1 :45-96). `size` defaults to an append. */
export function listResize(p: VersionProfile, allocated: number, newsize: number, size = newsize - 1): number {
  if (allocated >= newsize && newsize >= allocated >> 1) return allocated;
  if (newsize === 0) return 0;
  if (p.listGrowth === 'py38') return newsize + (newsize >> 3) + (newsize < 9 ? 3 : 6);
  let a = (newsize + (newsize >> 3) + 6) & ~3;
  if (newsize - size > a - newsize) a = (newsize + 3) & ~3;
  return a;
}

/** list_preallocate_exact (3.8.18 Objects/listobject.c:88; rounded up to even from gh-92914,
 *  3.12.1 :99-116). */
export function listPreallocateExact(p: VersionProfile, n: number): number {
  return p.listPreallocateRoundsEven ? (n + 1) & ~1 : n;
}

/** Allocation after one append to a list of `size` items (app1 -> list_resize). */
export function listAppend(p: VersionProfile, allocated: number, size: number): number {
  return size < allocated ? allocated : listResize(p, allocated, size + 1, size);
}

/** Allocation after `count` appends starting from (allocated, size). */
export function listAppendMany(p: VersionProfile, allocated: number, size: number, count: number): number {
  let a = allocated;
  let s = size;
  let left = count;
  while (left > 0) {
    if (s < a) {
      const take = a - s < left ? a - s : left;
      s += take;
      left -= take;
    } else {
      a = listResize(p, a, s + 1, s);
      s++;
      left--;
    }
  }
  return a;
}

/** What list.extend is given: an exact list or tuple (the PySequence_Fast path), an exact set or
 *  dict (their own path in 3.13), or any other iterable. */
export type ListExtendSource = 'seq' | 'setdict' | 'iter';

/** list_extend: the allocation after extending (allocated, size) by n items. For 'iter', `hint` is
 *  PyObject_LengthHint(iterable, 8): len() or __length_hint__, else 8. `itemsNull` is ob_item == NULL
 *  (a fresh or cleared list; a list emptied by pops keeps a 0-byte array). `grown` gets the
 *  allocation before the iterator path's final list_resize to the size, which reallocates ob_item
 *  (to 0 bytes, a raw malloc(1), when no item came).
 *  (3.8.18 Objects/listobject.c:883-1000; 3.10.13 :872-990; 3.13.0 :1161-1430) */
export function listExtend(
  p: VersionProfile,
  allocated: number,
  size: number,
  n: number,
  source: ListExtendSource,
  hint = n,
  itemsNull = allocated === 0,
  grown?: { allocated: number },
): number {
  if (source === 'setdict') {
    if (p.listExtendSetDictResize) return listResize(p, allocated, size + n, size);
    source = 'iter';
  }
  if (source === 'seq') {
    if (n === 0) return allocated;
    if (itemsNull && p.listExtendEmptyPreallocates) return listPreallocateExact(p, n);
    return listResize(p, allocated, size + n, size);
  }
  // generic iterator: make room for the hint, append, then cut back
  let a = allocated;
  if (itemsNull && p.listExtendEmptyPreallocates) {
    if (hint > 0) a = listPreallocateExact(p, hint);
  } else {
    a = listResize(p, a, size + hint, size);
  }
  a = listAppendMany(p, a, size, n);
  if (grown) grown.allocated = a;
  const s = size + n;
  if (s < a) a = listResize(p, a, s, s);
  return a;
}

/** list(iterable): list___init__ preallocates exactly when the iterable has __len__ (bpo-33234,
 *  3.8.18 Objects/listobject.c:2729-2750; not from 3.13), then runs list_extend. */
export function listFromIterable(
  p: VersionProfile,
  n: number,
  source: ListExtendSource,
  hasLen: boolean,
  hint = hasLen ? n : 8,
  grown?: { allocated: number },
): number {
  if (hasLen && n > 0 && p.listInitPreallocatesFromLen) return listExtend(p, listPreallocateExact(p, n), 0, n, source, hint, false, grown);
  return listExtend(p, 0, 0, n, source, hint, true, grown);
}

/** A list display `[e0, ..., en-1]` without starred items: BUILD_LIST n (exact); from 3.9 n > 2
 *  constants are BUILD_LIST 0 + LIST_EXTEND of a constant tuple; from 3.10 more than
 *  STACK_USE_GUIDELINE items are BUILD_LIST 0 + LIST_APPEND each
 *  (3.9.18 Python/compile.c:3680-3700; 3.12.1 :4258-4300). */
export function listDisplay(p: VersionProfile, n: number, allConstant: boolean): number {
  if (allConstant && n > 2 && p.listDisplayFoldsConstants) return listExtend(p, 0, 0, n, 'seq');
  if (p.stackUseGuideline !== null && n > p.stackUseGuideline) return listAppendMany(p, 0, 0, n);
  return n;
}

/** Exact allocations: `[x]*k` (list_repeat), slicing and list.copy (list_slice), `a + b`
 *  (list_concat), BUILD_LIST n: all PyList_New / list_new_prealloc of exactly n
 *  (3.12.1 Objects/listobject.c:467-560). */
export function listExact(n: number): number {
  return n;
}

/** sorted(iterable): PySequence_List = list_extend into a new empty list (no __len__ preallocation),
 *  then sort in place (Python/bltinmodule.c builtin_sorted; Objects/abstract.c PySequence_List). */
export function listSorted(p: VersionProfile, n: number, source: ListExtendSource, hint = n): number {
  return listExtend(p, 0, 0, n, source, hint, true);
}

// =====================================================================================
// other built-in objects
// =====================================================================================

export function getsizeofRange(): number {
  return RANGE_OBJECT_SIZE;
}
export function getsizeofSlice(p: VersionProfile): number {
  return SLICE_OBJECT_SIZE + gcExtra(p);
}
export function getsizeofCell(p: VersionProfile): number {
  return CELL_OBJECT_SIZE + gcExtra(p);
}
export function getsizeofFunction(p: VersionProfile): number {
  return p.functionObjectSize + gcExtra(p);
}
export function getsizeofBoundMethod(p: VersionProfile): number {
  return METHOD_OBJECT_SIZE + gcExtra(p);
}
export function getsizeofBuiltinFunction(p: VersionProfile): number {
  return CFUNCTION_OBJECT_SIZE + gcExtra(p);
}
/** the module object only; its __dict__ is a separate dict */
export function getsizeofModule(p: VersionProfile): number {
  return MODULE_OBJECT_SIZE + gcExtra(p);
}
export function getsizeofWeakref(p: VersionProfile): number {
  return p.weakrefObjectSize + gcExtra(p);
}

/** Iterator-like built-in objects whose size does not depend on their contents. */
export type FixedKind =
  | 'range' | 'slice' | 'cell' | 'function' | 'boundMethod' | 'builtinFunction' | 'module'
  | 'weakref' | 'listIterator' | 'listReverseIterator' | 'tupleIterator' | 'strIterator'
  | 'rangeIterator' | 'dictIterator' | 'setIterator' | 'enumerate' | 'zip' | 'map' | 'filter'
  | 'reversed' | 'callableIterator' | 'seqIterator' | 'float' | 'complex' | 'object';

/** The object's struct size (tp_basicsize) and whether its type is a GC type. */
function fixedBasic(p: VersionProfile, k: FixedKind): number {
  switch (k) {
    case 'range': return RANGE_OBJECT_SIZE;
    case 'slice': return SLICE_OBJECT_SIZE;
    case 'cell': return CELL_OBJECT_SIZE;
    case 'function': return p.functionObjectSize;
    case 'boundMethod': return METHOD_OBJECT_SIZE;
    case 'builtinFunction': return CFUNCTION_OBJECT_SIZE;
    case 'module': return MODULE_OBJECT_SIZE;
    case 'weakref': return p.weakrefObjectSize;
    case 'rangeIterator': return p.rangeIterObjectSize;
    case 'dictIterator': return DICTITER_OBJECT_SIZE;
    case 'setIterator': return SETITER_OBJECT_SIZE;
    case 'enumerate': return p.enumObjectSize;
    case 'zip': return p.zipObjectSize;
    case 'float': return FLOAT_SIZE;
    case 'complex': return COMPLEX_SIZE;
    case 'object': return PYOBJECT_SIZE;
    default: return ITER2_OBJECT_SIZE;
  }
}
/** GC types among FixedKind: all but range, range iterators, float, complex and object(). */
function fixedIsGC(k: FixedKind): boolean {
  return k !== 'range' && k !== 'rangeIterator' && k !== 'float' && k !== 'complex' && k !== 'object';
}

/** sys.getsizeof for the fixed-size kinds. */
export function getsizeofFixed(p: VersionProfile, k: FixedKind): number {
  return fixedBasic(p, k) + (fixedIsGC(k) ? p.gcHeadSize : 0);
}
/** The block such an object occupies (GC head included). */
export function allocSizeFixed(p: VersionProfile, k: FixedKind): number {
  return fixedBasic(p, k) + (fixedIsGC(k) ? p.gcHeadSize : 0);
}

// =====================================================================================
// instances and classes
// =====================================================================================

export interface InstanceShape {
  /** number of __slots__ entries other than __dict__ / __weakref__ */
  slots: number;
  /** instances have a __dict__ (no __slots__, or '__dict__' in __slots__) */
  dict: boolean;
  /** instances have a __weakref__ */
  weakref: boolean;
}

/** tp_basicsize of a class deriving from object (type_new: 3.8.18 Objects/typeobject.c; managed
 *  dict 3.11.7 :2999-3001; managed weakref 3.12.1 :3559-3568). */
export function instanceBasicSize(p: VersionProfile, shape: InstanceShape): number {
  let size = PYOBJECT_SIZE + PTR * shape.slots;
  if (shape.dict && !p.managedDict) size += PTR;
  if (shape.weakref && !p.managedWeakref) size += PTR;
  return size;
}

/** _PyType_PreHeaderSize of the class: GC head (every user class is GC since 3.8.7) plus the
 *  managed dict/weakref words (3.11.7 / 3.12.1 Include/internal/pycore_object.h). */
export function instancePreHeaderSize(p: VersionProfile, shape: InstanceShape): number {
  const managed = (shape.dict && p.managedDict) || (shape.weakref && p.managedWeakref);
  return p.gcHeadSize + (managed ? p.managedPreHeaderSize : 0);
}

/** sys.getsizeof(instance): basicsize + pre-header; inline values (3.13) are not counted
 *  (object___sizeof__, 3.13.0 Objects/typeobject.c:7152). */
export function getsizeofInstance(p: VersionProfile, shape: InstanceShape): number {
  return instanceBasicSize(p, shape) + instancePreHeaderSize(p, shape);
}

/** Whether instances of the class carry their attribute values inline (3.13+): a plain class
 *  whose basicsize is sizeof(PyObject) (3.13.0 Objects/typeobject.c:8133-8134). */
export function instanceHasInlineValues(p: VersionProfile, shape: InstanceShape): boolean {
  return p.inlineValues && shape.dict && instanceBasicSize(p, shape) === PYOBJECT_SIZE;
}

/** _PyInlineValuesSize: round_up(capacity, 8) + (capacity + 1) * 8 bytes for `capacity` values
 *  (3.13.0 Include/internal/pycore_dict.h:321-329). */
export function inlineValuesSize(capacity: number): number {
  return round8(capacity) + (capacity + 1) * PTR;
}

/** The block PyType_GenericAlloc requests for an instance: pre-header + basicsize, plus the
 *  inline values in 3.13+ (3.13.0 Objects/typeobject.c:2021-2050). `valuesCapacity` is the
 *  class's shared-keys nentries + usable at allocation time (from the dict module). */
export function allocSizeInstance(p: VersionProfile, shape: InstanceShape, valuesCapacity = 0): number {
  let size = instancePreHeaderSize(p, shape) + instanceBasicSize(p, shape);
  if (instanceHasInlineValues(p, shape)) size += inlineValuesSize(valuesCapacity);
  return size;
}

/** sys.getsizeof(class): sizeof(PyHeapTypeObject) + GC head + the size of its cached shared keys
 *  when it owns them (type___sizeof___impl, 3.12.1 Objects/typeobject.c:5193-5206).
 *  `cachedKeysSize` comes from the dict module; 0 for a class without instance dicts. */
export function getsizeofClass(p: VersionProfile, cachedKeysSize: number): number {
  return p.heapTypeObjectSize + p.gcHeadSize + cachedKeysSize;
}
export function allocSizeClass(p: VersionProfile): number {
  return p.gcHeadSize + p.heapTypeObjectSize;
}

// =====================================================================================
// code, generators, frames, exceptions
// =====================================================================================

/** Slots a frame of this code needs. ≤3.10: co_stacksize + co_nlocals + ncells + nfrees
 *  (3.8.18 Objects/frameobject.c:665); 3.11+: co_nlocalsplus + co_stacksize
 *  (_PyFrame_NumSlotsForCodeObject). Pass nlocalsplus = nlocals + ncells + nfrees for ≤3.10. */
function frameSlots(nlocalsplus: number, stacksize: number): number {
  return nlocalsplus + stacksize;
}

/** sys.getsizeof(generator or coroutine). ≤3.10 sizeof(PyGenObject) + GC (the frame is a separate
 *  object); 3.11+ the embedded frame: offsetof(gi_iframe) + offsetof(localsplus) + 8 * slots + GC
 *  (gen_sizeof, 3.11.7 Objects/genobject.c:810-816; 3.12.1 :799-806). */
export function getsizeofGenerator(p: VersionProfile, nlocalsplus: number, stacksize: number): number {
  if (!p.genEmbedsFrame) return p.genObjectSize + p.gcHeadSize;
  return p.genObjectSize + p.interpreterFrameLocalsplusOffset + PTR * frameSlots(nlocalsplus, stacksize) + p.gcHeadSize;
}
/** The generator's block: PyObject_GC_NewVar(PyGenObject, slots) in 3.11+ (3.11.7 Objects/genobject.c
 *  make_gen); fixed before. */
export function allocSizeGenerator(p: VersionProfile, nlocalsplus: number, stacksize: number): number {
  return getsizeofGenerator(p, nlocalsplus, stacksize);
}

/** sys.getsizeof(frame object). ≤3.10 sizeof(PyFrameObject) + 8 * (extras - 1) + GC
 *  (frame_sizeof, 3.8.18 Objects/frameobject.c:537-546); 3.11+ offsetof(_f_frame_data) +
 *  offsetof(localsplus) + 8 * slots + GC (3.12.1 Objects/frameobject.c:976-983). */
export function getsizeofFrame(p: VersionProfile, nlocalsplus: number, stacksize: number): number {
  const slots = frameSlots(nlocalsplus, stacksize);
  if (!p.interpreterFrames) return p.frameObjectSize + PTR * (slots - 1) + p.gcHeadSize;
  return p.frameObjectSize + p.interpreterFrameLocalsplusOffset + PTR * slots + p.gcHeadSize;
}
/** The frame object's block (PyObject_GC_NewVar with the same slot count). */
export function allocSizeFrame(p: VersionProfile, nlocalsplus: number, stacksize: number): number {
  return getsizeofFrame(p, nlocalsplus, stacksize);
}
/** 3.11+: bytes an _PyInterpreterFrame takes on the thread's data stack: co_framesize words =
 *  nlocalsplus + stacksize + FRAME_SPECIALS_SIZE, where the specials are the words before
 *  localsplus (3.11.7 Include/internal/pycore_frame.h; Objects/codeobject.c). 0 for ≤3.10. */
export function dataStackFrameSize(p: VersionProfile, nlocalsplus: number, stacksize: number): number {
  if (!p.interpreterFrames) return 0;
  return p.interpreterFrameLocalsplusOffset + PTR * frameSlots(nlocalsplus, stacksize);
}

/** sys.getsizeof(code object); not a GC type. ≤3.10 sizeof(PyCodeObject) + 8 per cell variable
 *  when some cell is an argument (co_cell2arg); 3.11+ _PyObject_VAR_SIZE(type, code units)
 *  with the bytecode (co_code length in bytes) inline (3.12.1 Objects/codeobject.c:1976-1984). */
export function getsizeofCode(p: VersionProfile, codeBytes: number, cellsWhenAnArgIsACell = 0): number {
  if (p.codeInlineBytecode) return round8(p.codeObjectSize + codeBytes);
  return p.codeObjectSize + (p.codeCell2arg ? PTR * cellsWhenAnArgIsACell : 0);
}

/** Which exception instance struct a built-in exception type uses (Objects/exceptions.c). */
export type ExceptionStruct = keyof VersionProfile['exceptionSizes'];

/** The struct for a built-in exception class name (subclasses share their base's struct). */
export function exceptionStructOf(typeName: string): ExceptionStruct {
  switch (typeName) {
    case 'StopIteration': case 'SystemExit': case 'ImportError': case 'OSError': case 'SyntaxError':
    case 'NameError': case 'AttributeError':
      return typeName;
    // UnicodeError itself is a SimpleExtendsException (the base struct); its three subclasses
    // have PyUnicodeErrorObject (3.12.1 Objects/exceptions.c:2634)
    case 'ModuleNotFoundError': return 'ImportError';
    case 'UnboundLocalError': return 'NameError';
    case 'IndentationError': case 'TabError': return 'SyntaxError';
    case 'UnicodeDecodeError': case 'UnicodeEncodeError': case 'UnicodeTranslateError': return 'UnicodeError';
    case 'FileNotFoundError': case 'FileExistsError': case 'PermissionError': case 'IsADirectoryError':
    case 'NotADirectoryError': case 'TimeoutError': case 'ConnectionError': case 'BrokenPipeError':
    case 'ConnectionResetError': case 'ConnectionRefusedError': case 'ConnectionAbortedError':
    case 'InterruptedError': case 'ChildProcessError': case 'ProcessLookupError': case 'BlockingIOError':
    case 'IOError': case 'EnvironmentError':
      return 'OSError';
    default: return 'BaseException';
  }
}

/** sys.getsizeof(exception instance) of a built-in exception type: struct + GC head. Instances of
 *  Python subclasses add the instance pre-header rules of their class. */
export function getsizeofException(p: VersionProfile, typeName: string): number {
  return p.exceptionSizes[exceptionStructOf(typeName)] + p.gcHeadSize;
}
export function allocSizeException(p: VersionProfile, typeName: string): number {
  return getsizeofException(p, typeName);
}
