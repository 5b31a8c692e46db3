// The dict table: insertion-ordered storage with CPython's exact keys-table bookkeeping (dk_size,
// dk_usable, dk_nentries, ma_used, key kinds, split/shared keys), per version.
//
// Follows Objects/dictobject.c (insertdict, insert_to_emptydict, insertion_resize, dictresize,
// calculate_log2_keysize, dict_new_presized / _PyDict_NewPresized, PyDict_Copy, dict_merge,
// _PyDict_FromKeys, dict_popitem, _PyDict_SizeOf, _PyDict_KeysSize, new_dict_with_shared_keys,
// _PyObjectDict_SetItem (3.8-3.10), init_inline_values / _PyObject_StoreInstanceAttribute /
// make_dict_from_instance_attributes (3.11+)), Objects/dict-common.h (3.8-3.10 keys header) and
// Include/internal/pycore_dict.h (3.11+ keys header, SHARED_KEYS_MAX_SIZE 30,
// NEXT_LOG2_SHARED_KEYS_MAX_SIZE 6).
//
// Lookup does not simulate the index array: iteration order of a dict is its entries order, and the
// sizes depend only on dk_size / dk_nentries / dk_usable. Lookup uses a JS Map on a primitive key
// when the interpreter gives one, else hash buckets checked with the `eq` hook.

import type { PyVersion } from './versions';
import type { Hash } from './pyhash';

export interface TableHooks<K> {
  /** The Python hash of a key (may run Python code and throw). */
  hash(k: K): Hash;
  /** Python equality (may run Python code and throw). */
  eq(a: K, b: K): boolean;
  /** A canonical JS key for value-equal keys (str -> 's'+text, 1 == 1.0 == True -> same), or undefined. */
  primitiveKey(k: K): string | number | undefined;
  /** PyUnicode_CheckExact(k). */
  isExactStr(k: K): boolean;
}

/** Called when a keys table is allocated or freed: bytes of the old and the new table (0 = none). */
export type KeysListener = (oldBytes: number, newBytes: number, table: DictTable<any, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any

interface DictProfile {
  /** sizeof(PyDictKeysObject): 40 in 3.8-3.10 (Objects/dict-common.h:22), 32 from 3.11
   *  (Include/internal/pycore_dict.h). */
  keysHeader: number;
  /** 3.11+: all-str tables use 16-byte PyDictUnicodeEntry. */
  unicodeKind: boolean;
  /** dict() (dict_new) allocates an 8-slot table eagerly in 3.8/3.9; 3.10+ uses the empty keys. */
  dictCallEager: boolean;
  /** 3.10+ dict_merge clones a clean combined source into an empty target. */
  mergeClone: boolean;
  /** Instance dict model: 'split' = per-instance split dicts (3.8-3.10), 'values' = instance values
   *  arrays on the class's cached keys (3.11+). */
  instanceModel: 'split' | 'values';
  /** 3.13: the values live inline after the object body (Py_TPFLAGS_INLINE_VALUES). */
  inlineValues: boolean;
  /** 3.10+ calculate_log2_keysize on 64-bit Linux: bit_length(((minsize | 8) - 1) | 7), which for
   *  a minsize without bit 3 gives one size more than the loop of 3.8/3.9 dictresize
   *  ("for (newsize = PyDict_MINSIZE; newsize < minsize; newsize <<= 1)"). */
  keysizeBitTrick: boolean;
}

const DICT_PROFILES: Record<PyVersion, DictProfile> = {
  '3.8': { keysHeader: 40, unicodeKind: false, dictCallEager: true, mergeClone: false, instanceModel: 'split', inlineValues: false, keysizeBitTrick: false },
  '3.9': { keysHeader: 40, unicodeKind: false, dictCallEager: true, mergeClone: false, instanceModel: 'split', inlineValues: false, keysizeBitTrick: false },
  '3.10': { keysHeader: 40, unicodeKind: false, dictCallEager: false, mergeClone: true, instanceModel: 'split', inlineValues: false, keysizeBitTrick: true },
  '3.11': { keysHeader: 32, unicodeKind: true, dictCallEager: false, mergeClone: true, instanceModel: 'values', inlineValues: false, keysizeBitTrick: true },
  '3.12': { keysHeader: 32, unicodeKind: true, dictCallEager: false, mergeClone: true, instanceModel: 'values', inlineValues: false, keysizeBitTrick: true },
  '3.13': { keysHeader: 32, unicodeKind: true, dictCallEager: false, mergeClone: true, instanceModel: 'values', inlineValues: true, keysizeBitTrick: true },
};

/** PyDict_LOG_MINSIZE 3 (PyDict_MINSIZE 8). */
const LOG_MINSIZE = 3;
/** sizeof(PyDictObject) 48 + PyGC_Head 16: what sys.getsizeof counts for the object itself. */
export const DICT_OBJECT_BYTES = 64;
const PTR = 8;
/** log2 of the largest presized table (dict_new_presized: log2_max_presize 17). */
const LOG2_MAX_PRESIZE = 17;
/** SHARED_KEYS_MAX_SIZE / NEXT_LOG2_SHARED_KEYS_MAX_SIZE (Include/internal/pycore_dict.h). */
const SHARED_KEYS_MAX_SIZE = 30;
const NEXT_LOG2_SHARED_KEYS_MAX_SIZE = 6;

/** USABLE_FRACTION(n) = (n << 1) / 3 */
export function usableFraction(n: number): number {
  return Math.floor((n * 2) / 3);
}

/** calculate_log2_keysize: smallest log2 >= PyDict_LOG_MINSIZE with 2**log2 >= minsize. */
export function calculateLog2Keysize(minsize: number, bitTrick = false): number {
  if (bitTrick) {
    const m = ((minsize | 8) - 1) | 7;
    return 32 - Math.clz32(m) + (m >= 2 ** 32 ? 32 : 0);
  }
  let log2 = LOG_MINSIZE;
  while (2 ** log2 < minsize) log2++;
  return log2;
}

/** estimate_log2_keysize / ESTIMATE_SIZE: (n*3 + 1) >> 1. */
export function estimateLog2Keysize(n: number, bitTrick = false): number {
  return calculateLog2Keysize(Math.floor((n * 3 + 1) / 2), bitTrick);
}

/** DK_IXSIZE: 1 byte while size <= 128, 2 up to 2**15, 4 up to 2**31, else 8. */
function indexWidth(log2: number): number {
  return log2 < 8 ? 1 : log2 < 16 ? 2 : log2 < 32 ? 4 : 8;
}

export type KeysKind = 'general' | 'unicode';

/** A keys table shared between a class and its instances' dicts (split tables). */
export class SharedKeys<K> {
  readonly names: K[] = [];
  private readonly index = new Map<string | number, number>();
  /** Split dicts (or 3.11+ instance values) that currently use these keys. */
  sharers = 0;
  constructor(
    readonly version: PyVersion,
    public log2size: number,
    public usable: number,
  ) {}
  get nentries(): number {
    return this.names.length;
  }
  get size(): number {
    return 2 ** this.log2size;
  }
  indexOf(pk: string | number): number {
    const ix = this.index.get(pk);
    return ix === undefined ? -1 : ix;
  }
  /** insert_into_dictkeys: returns the index, or -1 when there is no room. */
  insert(pk: string | number, name: K): number {
    const ix = this.index.get(pk);
    if (ix !== undefined) return ix;
    if (this.usable <= 0) return -1;
    this.names.push(name);
    this.index.set(pk, this.names.length - 1);
    this.usable--;
    return this.names.length - 1;
  }
  /** _PyDict_KeysSize: header + index bytes + entries (unicode entries 16 B from 3.11). */
  bytes(): number {
    const p = DICT_PROFILES[this.version];
    const es = p.unicodeKind ? 16 : 24;
    return p.keysHeader + indexWidth(this.log2size) * this.size + usableFraction(this.size) * es;
  }
  /** shared_keys_usable_size (3.11+): dk_nentries + dk_usable. */
  usableSize(): number {
    return this.nentries + this.usable;
  }
}

const DUMMY: unique symbol = Symbol('dummy');
/** the index of every table without primitive keys: empty, never written (see DictTable.prim) */
const NO_PRIM: Map<string | number, number> = new Map();

/** A dict's storage. K and V are opaque to this module. */
export class DictTable<K, V> {
  readonly profile: DictProfile;
  /** Entries in insertion order; deleted entries hold DUMMY until the next resize. */
  private ek: (K | typeof DUMMY)[] = [];
  private ev: (V | undefined)[] = [];
  private eh: (Hash | undefined)[] = [];
  /** primitive key -> entry index; the shared NO_PRIM until the first such key (an empty Map costs
   *  the engine more than the whole simulated empty dict) */
  private prim: Map<string | number, number> = NO_PRIM;
  private buckets: Map<Hash, number[]> | null = null;
  private nonPrim = 0;

  /** True while the dict uses the shared empty keys (Py_EMPTY_KEYS). */
  private emptyKeys = true;
  private log2size = 0;
  private usable = 0;
  private kind: KeysKind = 'unicode';
  /** ma_used */
  used = 0;
  /** Split table: the shared keys and the values capacity (null for a combined table). */
  shared: SharedKeys<K> | null = null;
  private valuesCap = 0;
  /** Class layout whose cached keys this split dict shares (3.8-3.10 re-sharing rules). */
  private owner: ClassLayout<K> | null = null;

  onKeys: KeysListener | null = null;
  /** for the listener: the address of the keys block and the dict whose table this is (one
   *  listener serves every table, so that a dict costs the engine no closures) */
  keysBlock = 0;
  keysOwner: unknown = null;

  constructor(
    readonly version: PyVersion,
    readonly hooks: TableHooks<K>,
  ) {
    this.profile = DICT_PROFILES[version];
    if (!this.profile.unicodeKind) this.kind = 'general';
  }

  // ---------- constructors ----------

  /** `{}` / PyDict_New: the shared empty keys. */
  static empty<K, V>(version: PyVersion, hooks: TableHooks<K>): DictTable<K, V> {
    return new DictTable<K, V>(version, hooks);
  }

  /** `dict()` through dict_new: eager 8-slot table in 3.8/3.9. */
  static fromCall<K, V>(version: PyVersion, hooks: TableHooks<K>): DictTable<K, V> {
    const d = new DictTable<K, V>(version, hooks);
    if (d.profile.dictCallEager) d.newKeys(LOG_MINSIZE, false);
    return d;
  }

  /** dict_new_presized / _PyDict_NewPresized (BUILD_MAP n with n > 5, dict(**kw)).
   *  `unicode`: all keys are exact str (_PyDict_FromItems, 3.11+); `_PyDict_NewPresized` passes false. */
  static presized<K, V>(version: PyVersion, hooks: TableHooks<K>, minused: number, unicode: boolean): DictTable<K, V> {
    const d = new DictTable<K, V>(version, hooks);
    if (minused <= usableFraction(8)) return d;
    const log2 = minused > usableFraction(2 ** LOG2_MAX_PRESIZE) ? LOG2_MAX_PRESIZE : estimateLog2Keysize(minused, d.profile.keysizeBitTrick);
    d.newKeys(Math.max(log2, 4), unicode);
    return d;
  }

  /** A dict display `{k: v, ...}` (BUILD_MAP / _PyDict_FromItems). */
  static fromItems<K, V>(version: PyVersion, hooks: TableHooks<K>, items: readonly (readonly [K, V])[]): DictTable<K, V> {
    const unicode = items.every(([k]) => hooks.isExactStr(k));
    const d = DictTable.presized<K, V>(version, hooks, items.length, unicode);
    for (const [k, v] of items) d.set(k, v);
    return d;
  }

  /** dict.fromkeys(iterable, value) (_PyDict_FromKeys). `source` tells whether the iterable is an
   *  exact dict (with its keys kind) or an exact set/frozenset: those presize the table. */
  static fromKeys<K, V>(
    version: PyVersion,
    hooks: TableHooks<K>,
    keys: Iterable<K>,
    value: V,
    source?: { type: 'dict'; size: number; unicode: boolean } | { type: 'set'; size: number },
  ): DictTable<K, V> {
    const d = new DictTable<K, V>(version, hooks);
    if (source) d.resize(estimateLog2Keysize(source.size, d.profile.keysizeBitTrick), source.type === 'dict' ? source.unicode : false);
    for (const k of keys) d.set(k, value);
    return d;
  }

  // ---------- sizes ----------

  get log2Size(): number {
    return this.emptyKeys ? 0 : this.shared ? this.shared.log2size : this.log2size;
  }
  /** dk_size (1 for the shared empty keys). */
  get dkSize(): number {
    return 2 ** this.log2Size;
  }
  get dkUsable(): number {
    return this.shared ? this.shared.usable : this.usable;
  }
  get dkNentries(): number {
    return this.shared ? this.shared.nentries : this.ek.length;
  }
  get keysKind(): KeysKind {
    return this.kind;
  }
  get isSplit(): boolean {
    return this.shared !== null;
  }

  /** Bytes of this dict's own keys table (0 for the empty or shared keys). */
  keysBytes(): number {
    if (this.emptyKeys || this.shared) return 0;
    const es = this.kind === 'unicode' ? 16 : 24;
    const size = 2 ** this.log2size;
    return this.profile.keysHeader + indexWidth(this.log2size) * size + usableFraction(size) * es;
  }
  /** Bytes of the values array of a split table. */
  valuesBytes(): number {
    if (!this.shared) return 0;
    if (this.profile.instanceModel === 'split') return this.valuesCap * PTR;
    const cap = this.shared.usableSize();
    return roundUp(cap + 2, PTR) + cap * PTR; // new_values (3.11/3.12)
  }
  /** sys.getsizeof(d): _PyDict_SizeOf + the GC header. */
  sizeof(): number {
    let res = DICT_OBJECT_BYTES;
    if (this.shared) {
      // 3.8-3.10: USABLE_FRACTION(DK_SIZE) values; 3.11+: shared_keys_usable_size at call time.
      res += this.profile.instanceModel === 'split' ? this.valuesCap * PTR : this.shared.usableSize() * PTR;
      // The keys are counted only when dk_refcnt == 1 (no class and no other dict shares them).
      const refcnt = this.shared.sharers + (this.owner && this.owner.cached === this.shared ? 1 : 0);
      if (refcnt === 1) res += this.shared.bytes();
      return res;
    }
    return res + this.keysBytes();
  }

  // ---------- lookup ----------

  private findIndex(k: K): number {
    const pk = this.hooks.primitiveKey(k);
    if (pk !== undefined) {
      const ix = this.prim.get(pk);
      if (ix !== undefined) return ix;
      if (this.nonPrim === 0) return -1;
      return this.findInBuckets(k, this.hooks.hash(k));
    }
    return this.findInBuckets(k, this.hooks.hash(k));
  }

  private findInBuckets(k: K, h: Hash): number {
    // Keys of equal hash: non-primitive ones in `buckets`, primitive ones found by scanning hashes.
    const b = this.buckets?.get(h);
    if (b) {
      for (const ix of b) {
        const ek = this.ek[ix];
        if (ek === DUMMY) continue;
        if (ek === k || this.hooks.eq(ek, k)) return ix;
      }
    }
    if (this.hooks.primitiveKey(k) === undefined && this.prim.size > 0) {
      for (const ix of this.prim.values()) {
        if (this.eh[ix] === h) {
          const ek = this.ek[ix] as K;
          if (ek === k || this.hooks.eq(ek, k)) return ix;
        }
      }
    }
    return -1;
  }

  /** Lookup by the primitive key alone (str names: globals, attributes), without a key object. */
  getByPrimitive(pk: string | number): V | undefined {
    const ix = this.prim.get(pk);
    return ix === undefined ? undefined : this.ev[ix];
  }
  /** Replace the value of an existing key found by its primitive key; false when missing. */
  setByPrimitive(pk: string | number, v: V): boolean {
    const ix = this.prim.get(pk);
    if (ix === undefined) return false;
    this.ev[ix] = v;
    return true;
  }
  /** Remove the entry of a primitive key; returns the removed key and value. */
  removeByPrimitive(pk: string | number): [K, V] | undefined {
    const ix = this.prim.get(pk);
    if (ix === undefined) return undefined;
    const e: [K, V] = [this.ek[ix] as K, this.ev[ix] as V];
    this.delete(e[0]);
    return e;
  }
  /** Remove a key; returns the stored key and value (the caller releases them). */
  removeEntry(k: K): [K, V] | undefined {
    const ix = this.findIndex(k);
    if (ix < 0) return undefined;
    const e: [K, V] = [this.ek[ix] as K, this.ev[ix] as V];
    this.delete(e[0]);
    return e;
  }

  has(k: K): boolean {
    return this.findIndex(k) >= 0;
  }
  get(k: K): V | undefined {
    const ix = this.findIndex(k);
    return ix < 0 ? undefined : this.ev[ix];
  }

  // ---------- keys table management ----------

  private notify(oldBytes: number, newBytes: number): void {
    if (this.onKeys && oldBytes !== newBytes) this.onKeys(oldBytes, newBytes, this);
  }

  private newKeys(log2: number, unicode: boolean): void {
    const old = this.keysBytes();
    this.emptyKeys = false;
    this.log2size = log2;
    this.usable = usableFraction(2 ** log2);
    this.kind = this.profile.unicodeKind && unicode ? 'unicode' : 'general';
    this.notify(old, this.keysBytes());
  }

  /** dictresize: new combined table, entries compacted (dummies dropped), split tables converted. */
  private resize(log2: number, unicode: boolean): void {
    const old = this.keysBytes();
    const wasUnicode = this.shared ? true : this.emptyKeys ? true : this.kind === 'unicode';
    this.detachShared();
    this.compact();
    this.emptyKeys = false;
    this.log2size = log2;
    this.kind = this.profile.unicodeKind && unicode && wasUnicode ? 'unicode' : 'general';
    this.usable = usableFraction(2 ** log2) - this.used;
    this.notify(old, this.keysBytes());
  }

  private detachShared(): void {
    if (this.shared) {
      this.shared.sharers--;
      this.shared = null;
      this.valuesCap = 0;
    }
  }

  private compact(): void {
    if (this.ek.length === this.used) return;
    const ek: (K | typeof DUMMY)[] = [];
    const ev: (V | undefined)[] = [];
    const eh: (Hash | undefined)[] = [];
    for (let i = 0; i < this.ek.length; i++) {
      if (this.ek[i] !== DUMMY) {
        ek.push(this.ek[i]);
        ev.push(this.ev[i]);
        eh.push(this.eh[i]);
      }
    }
    this.ek = ek;
    this.ev = ev;
    this.eh = eh;
    this.reindex();
  }

  private reindex(): void {
    this.prim.clear();
    this.buckets = null;
    this.nonPrim = 0;
    for (let i = 0; i < this.ek.length; i++) {
      const k = this.ek[i];
      if (k !== DUMMY) this.indexEntry(k, i, this.eh[i]);
    }
  }

  private indexEntry(k: K, ix: number, h: Hash | undefined): void {
    const pk = this.hooks.primitiveKey(k);
    if (pk !== undefined) {
      if (this.prim === NO_PRIM) this.prim = new Map();
      this.prim.set(pk, ix);
      return;
    }
    this.nonPrim++;
    const hh = h as Hash;
    if (!this.buckets) this.buckets = new Map();
    const b = this.buckets.get(hh);
    if (b) b.push(ix);
    else this.buckets.set(hh, [ix]);
  }

  private unindexEntry(k: K, ix: number): void {
    const pk = this.hooks.primitiveKey(k);
    if (pk !== undefined) {
      this.prim.delete(pk);
      return;
    }
    this.nonPrim--;
    const h = this.eh[ix] as Hash;
    const b = this.buckets!.get(h)!;
    b.splice(b.indexOf(ix), 1);
    if (b.length === 0) this.buckets!.delete(h);
  }

  // ---------- mutation ----------

  /** insertdict (PyDict_SetItem). */
  set(k: K, v: V): void {
    const isStr = this.hooks.isExactStr(k);
    if (this.shared && this.splitSet(k, v, isStr)) return;
    if (this.profile.unicodeKind && !this.emptyKeys && this.kind === 'unicode' && !isStr) {
      this.resize(calculateLog2Keysize(this.used * 3, this.profile.keysizeBitTrick), false);
    }
    const ix = this.findIndex(k);
    if (ix >= 0) {
      this.ev[ix] = v;
      return;
    }
    if (this.emptyKeys) {
      // insert_to_emptydict (3.9+) / insertion_resize of the empty keys (3.8): an 8-slot table.
      this.newKeys(LOG_MINSIZE, isStr);
    } else if (this.usable <= 0) {
      this.resize(calculateLog2Keysize(this.used * 3, this.profile.keysizeBitTrick), true);
    }
    this.append(k, v);
    this.usable--;
  }

  /** Append an entry without table bookkeeping (values moved into a split dict). */
  appendShared(k: K, v: V): void {
    this.append(k, v);
  }

  private append(k: K, v: V): void {
    const pk = this.hooks.primitiveKey(k);
    const h = pk === undefined || this.nonPrim > 0 || this.buckets ? this.hooks.hash(k) : undefined;
    const ix = this.ek.length;
    this.ek.push(k);
    this.ev.push(v);
    this.eh.push(h);
    this.indexEntry(k, ix, h);
    this.used++;
  }

  /** Insert into a split table; returns false when the dict became combined (caller continues). */
  private splitSet(k: K, v: V, isStr: boolean): boolean {
    const sk = this.shared!;
    const owner = this.owner;
    const ix = this.findIndex(k);
    if (ix >= 0) {
      this.ev[ix] = v;
      return true;
    }
    const pk = this.hooks.primitiveKey(k);
    if (this.profile.instanceModel === 'values') {
      // 3.11+: a new exact-str key goes into the shared keys while there is room.
      if (isStr && pk !== undefined && sk.insert(pk, k) >= 0) {
        this.append(k, v);
        return true;
      }
      this.resize(calculateLog2Keysize(this.used * 3, this.profile.keysizeBitTrick), isStr);
      return false;
    }
    // 3.8-3.10 insertdict on a split table + _PyObjectDict_SetItem re-sharing.
    const six = isStr && pk !== undefined ? sk.indexOf(pk) : -1;
    const inOrder = six >= 0 ? six === this.used : this.used === sk.nentries;
    if (isStr && inOrder && (six >= 0 || sk.usable > 0)) {
      if (six < 0) sk.insert(pk!, k);
      this.append(k, v);
      return true;
    }
    const wasCached = owner !== null && owner.cached === sk;
    this.resize(calculateLog2Keysize(this.used * 3, this.profile.keysizeBitTrick), true);
    this.owner = null;
    this.setCombined(k, v);
    if (wasCached && owner) owner.reshare(this, sk);
    return true;
  }

  private setCombined(k: K, v: V): void {
    if (this.usable <= 0) this.resize(calculateLog2Keysize(this.used * 3, this.profile.keysizeBitTrick), true);
    this.append(k, v);
    this.usable--;
  }

  /** Delete a key; returns false if missing. */
  delete(k: K): boolean {
    const ix = this.findIndex(k);
    if (ix < 0) return false;
    if (this.shared && this.profile.instanceModel === 'split') {
      // 3.8-3.10: a split table does not allow deletion: dictresize(mp, DK_SIZE(mp->ma_keys)).
      const owner = this.owner;
      this.resize(this.shared.log2size, true);
      this.owner = null;
      if (owner) owner.dropCached();
      return this.delete(k);
    }
    this.removeAt(ix);
    return true;
  }

  private removeAt(ix: number): void {
    const key = this.ek[ix] as K;
    this.unindexEntry(key, ix);
    this.ek[ix] = DUMMY;
    this.ev[ix] = undefined;
    this.used--;
    if (this.shared) {
      // 3.11+ split: values slot cleared; entries stay in shared-keys order.
      this.compact();
    }
  }

  /** dict.pop(k): the value or undefined when missing. */
  pop(k: K): V | undefined {
    const ix = this.findIndex(k);
    if (ix < 0) return undefined;
    const v = this.ev[ix];
    this.delete(k);
    return v;
  }

  /** dict.popitem(): the last entry (LIFO); dk_nentries shrinks to it, dk_usable is unchanged. */
  popitem(): [K, V] | undefined {
    if (this.used === 0) return undefined;
    if (this.shared) this.resize(this.shared.log2size, true);
    let i = this.ek.length - 1;
    while (this.ek[i] === DUMMY) i--;
    const k = this.ek[i] as K;
    const v = this.ev[i] as V;
    this.unindexEntry(k, i);
    this.used--;
    this.ek.length = i;
    this.ev.length = i;
    this.eh.length = i;
    return [k, v];
  }

  /** dict.setdefault(k, v): existing value, or inserts v. */
  setdefault(k: K, v: V): V {
    const ix = this.findIndex(k);
    if (ix >= 0) return this.ev[ix] as V;
    this.set(k, v);
    return v;
  }

  /** dict.clear(): back to the shared empty keys (PyDict_Clear). */
  clear(): void {
    const old = this.keysBytes();
    this.detachShared();
    this.owner = null;
    this.ek = [];
    this.ev = [];
    this.eh = [];
    this.prim.clear();
    this.buckets = null;
    this.nonPrim = 0;
    this.used = 0;
    this.emptyKeys = true;
    this.log2size = 0;
    this.usable = 0;
    this.kind = this.profile.unicodeKind ? 'unicode' : 'general';
    this.notify(old, 0);
  }

  /** Free the keys table (the dict is deallocated). */
  dispose(): void {
    this.clear();
  }

  /** PyDict_Copy. */
  /** the keys were made by clone_combined_dict_keys, which takes its block from the allocator
   *  (PyObject_Malloc), not the keys free list; the dict's owner reads and resets it */
  clonedKeys = false;

  copy(): DictTable<K, V> {
    const d = new DictTable<K, V>(this.version, this.hooks);
    if (this.used === 0) return d;
    if (this.shared) {
      // Split copy: shares the keys, new values array of the same capacity.
      d.shared = this.shared;
      d.shared.sharers++;
      d.valuesCap = this.valuesCap;
      d.emptyKeys = false;
      d.kind = this.kind;
      d.cloneEntriesFrom(this);
      return d;
    }
    if (this.used >= Math.floor((this.ek.length * 2) / 3)) {
      d.cloneKeysFrom(this);
      return d;
    }
    d.merge(this);
    return d;
  }

  private cloneEntriesFrom(src: DictTable<K, V>): void {
    this.ek = src.ek.slice();
    this.ev = src.ev.slice();
    this.eh = src.eh.slice();
    this.used = src.used;
    this.reindex();
  }

  /** clone_combined_dict_keys: same size, same dk_nentries (dummies kept), same dk_usable. */
  private cloneKeysFrom(src: DictTable<K, V>): void {
    const old = this.keysBytes();
    this.clonedKeys = true;
    this.detachShared();
    this.emptyKeys = false;
    this.log2size = src.log2size;
    this.usable = src.usable;
    this.kind = src.kind;
    this.cloneEntriesFrom(src);
    this.notify(old, this.keysBytes());
  }

  /** dict_merge with an exact dict (d.update(other), dict(other), {**other}); override = 1. */
  merge(other: DictTable<K, V>): void {
    if (other === this || other.used === 0) return;
    if (this.used === 0 && this.profile.mergeClone && !other.shared && other.used === other.ek.length &&
        (other.log2size === LOG_MINSIZE || usableFraction(2 ** other.log2size / 2) < other.used)) {
      this.clear();
      this.cloneKeysFrom(other);
      return;
    }
    const capacity = this.emptyKeys ? 0 : usableFraction(this.dkSize);
    if (capacity < other.used) {
      this.resize(estimateLog2Keysize(this.used + other.used, this.profile.keysizeBitTrick), other.kind === 'unicode');
    }
    for (let i = 0; i < other.ek.length; i++) {
      const k = other.ek[i];
      if (k !== DUMMY) this.set(k, other.ev[i] as V);
    }
  }

  /** dict.update / dict(iterable) from pairs: plain inserts. */
  updatePairs(pairs: Iterable<readonly [K, V]>): void {
    for (const [k, v] of pairs) this.set(k, v);
  }

  // ---------- iteration ----------

  /** Number of entry slots (dk_nentries for a combined table); entries may be deleted. */
  get entryCount(): number {
    return this.ek.length;
  }
  /** The entry at slot i, or undefined if deleted. */
  entryAt(i: number): [K, V] | undefined {
    const k = this.ek[i];
    return k === DUMMY || k === undefined ? undefined : [k, this.ev[i] as V];
  }
  /** every entry in order, without allocating (the collector's traversal) */
  forEachEntry(fn: (k: K, v: V) => void): void {
    const ek = this.ek, ev = this.ev;
    for (let i = 0; i < ek.length; i++) {
      const k = ek[i];
      if (k !== DUMMY && k !== undefined) fn(k, ev[i] as V);
    }
  }
  *entries(): IterableIterator<[K, V]> {
    for (let i = 0; i < this.ek.length; i++) {
      const k = this.ek[i];
      if (k !== DUMMY) yield [k, this.ev[i] as V];
    }
  }
  *keys(): IterableIterator<K> {
    for (const [k] of this.entries()) yield k;
  }
  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }
  get size(): number {
    return this.used;
  }

  // ---------- split tables ----------

  /** new_dict_with_shared_keys. */
  static withSharedKeys<K, V>(version: PyVersion, hooks: TableHooks<K>, sk: SharedKeys<K>, owner: ClassLayout<K> | null,
    valuesCap: number): DictTable<K, V> {
    const d = new DictTable<K, V>(version, hooks);
    d.emptyKeys = false;
    d.shared = sk;
    d.owner = owner;
    sk.sharers++;
    d.valuesCap = valuesCap;
    d.kind = d.profile.unicodeKind ? 'unicode' : 'general';
    return d;
  }

  /** make_keys_shared (3.8-3.10): this combined dict's keys become the class's shared keys. */
  makeShared(owner: ClassLayout<K>): SharedKeys<K> | null {
    if (this.shared) return this.shared;
    for (const k of this.keys()) if (!this.hooks.isExactStr(k)) return null;
    this.resize(this.log2size, true); // drop dummies: dictresize(mp, DK_SIZE(mp->ma_keys))
    const sk = new SharedKeys<K>(this.version, this.log2size, this.usable);
    const usable = sk.usable;
    sk.usable = this.used + usable;
    for (const k of this.keys()) sk.insert(this.hooks.primitiveKey(k)!, k);
    const old = this.keysBytes();
    this.shared = sk;
    sk.sharers++;
    this.owner = owner;
    this.valuesCap = usableFraction(sk.size);
    this.notify(old, 0);
    return sk;
  }
}

function roundUp(n: number, m: number): number {
  return Math.ceil(n / m) * m;
}

/** Per-class instance-dict layout: the class's cached (shared) keys, CACHED_KEYS(tp) / ht_cached_keys. */
export class ClassLayout<K> {
  cached: SharedKeys<K> | null;
  readonly profile: DictProfile;
  constructor(readonly version: PyVersion, readonly hooks: TableHooks<K>) {
    this.profile = DICT_PROFILES[version];
    // 3.8-3.10 _PyDict_NewKeysForClass: an 8-slot keys object; 3.11+: 64 slots, usable 30.
    this.cached = this.profile.instanceModel === 'split'
      ? new SharedKeys<K>(version, LOG_MINSIZE, usableFraction(8))
      : new SharedKeys<K>(version, NEXT_LOG2_SHARED_KEYS_MAX_SIZE, SHARED_KEYS_MAX_SIZE);
  }
  /** Bytes of the cached keys, counted by type.__sizeof__ (0 when the class stopped sharing). */
  cachedKeysBytes(): number {
    return this.cached ? this.cached.bytes() : 0;
  }
  /** 3.8-3.10 _PyObjectDict_SetItem after a split dict was converted to combined. */
  reshare<V>(d: DictTable<K, V>, old: SharedKeys<K>): void {
    if (this.cached !== old) return;
    this.cached = old.sharers === 0 ? d.makeShared(this) : null;
  }
  dropCached(): void {
    this.cached = null;
  }
  /** A new instance's attribute store. */
  newInstance<V>(): InstanceAttrs<K, V> {
    return new InstanceAttrs<K, V>(this);
  }
}

/** An instance's attributes: a split dict (3.8-3.10) or a values array on the class's cached keys
 *  (3.11+) until `materialize()` turns it into a dict. */
export class InstanceAttrs<K, V> {
  dict: DictTable<K, V> | null = null;
  /** 3.11+: values indexed by shared-keys index, and insertion order. */
  private vals: (V | undefined)[] = [];
  private order: number[] = [];
  /** Values capacity fixed at creation (3.11+): nentries + usable. */
  readonly capacity: number;
  constructor(readonly layout: ClassLayout<K>) {
    const sk = layout.cached;
    if (layout.profile.instanceModel === 'values' && sk) {
      // init_inline_values: dk_usable-- while > 1, then capacity = shared_keys_usable_size.
      if (sk.usable > 1) sk.usable--;
      this.capacity = sk.usableSize();
      sk.sharers++;
    } else {
      this.capacity = 0;
    }
  }
  private get valuesMode(): boolean {
    return this.dict === null && this.layout.profile.instanceModel === 'values' && this.layout.cached !== null;
  }
  /** 3.8-3.10: the __dict__ created on first store (_PyObjectDict_SetItem). */
  private ensureDict(): DictTable<K, V> {
    if (this.dict) return this.dict;
    const { version, hooks, cached } = this.layout;
    if (this.layout.profile.instanceModel === 'split' && cached) {
      this.dict = DictTable.withSharedKeys<K, V>(version, hooks, cached, this.layout, usableFraction(cached.size));
    } else if (this.layout.profile.instanceModel === 'values' && cached) {
      this.dict = this.makeDict();
    } else {
      this.dict = DictTable.empty<K, V>(version, hooks);
    }
    return this.dict;
  }
  /** make_dict_from_instance_attributes (3.11+). */
  private makeDict(): DictTable<K, V> {
    const { version, hooks, cached } = this.layout;
    const d = DictTable.withSharedKeys<K, V>(version, hooks, cached!, this.layout, this.capacity);
    cached!.sharers--; // the values move to the dict
    for (const ix of this.order) d.appendShared(cached!.names[ix], this.vals[ix] as V);
    return d;
  }
  /** get by primitive key (attribute names) */
  getPrim(pk: string | number): V | undefined {
    if (this.valuesMode) {
      const ix = this.layout.cached!.indexOf(pk);
      return ix < 0 ? undefined : this.vals[ix];
    }
    return this.dict ? this.dict.getByPrimitive(pk) : undefined;
  }
  get(k: K): V | undefined {
    if (this.valuesMode) {
      const pk = this.layout.hooks.primitiveKey(k);
      if (pk === undefined) return undefined;
      const ix = this.layout.cached!.indexOf(pk);
      return ix < 0 ? undefined : this.vals[ix];
    }
    return this.dict ? this.dict.get(k) : undefined;
  }
  set(k: K, v: V): void {
    if (this.valuesMode) {
      const hooks = this.layout.hooks;
      const pk = hooks.primitiveKey(k);
      if (hooks.isExactStr(k) && pk !== undefined) {
        const ix = this.layout.cached!.insert(pk, k);
        if (ix >= 0 && ix < this.capacity) {
          if (this.vals[ix] === undefined) this.order.push(ix);
          this.vals[ix] = v;
          return;
        }
      }
      this.ensureDict().set(k, v);
      return;
    }
    this.ensureDict().set(k, v);
  }
  delete(k: K): boolean {
    if (this.valuesMode) {
      const pk = this.layout.hooks.primitiveKey(k);
      const ix = pk === undefined ? -1 : this.layout.cached!.indexOf(pk);
      if (ix < 0 || this.vals[ix] === undefined) return false;
      this.vals[ix] = undefined;
      this.order.splice(this.order.indexOf(ix), 1);
      return true;
    }
    return this.dict ? this.dict.delete(k) : false;
  }
  /** the (name, value) pairs in insertion order, as an array (no generator on the dealloc path) */
  items(): [K, V][] {
    const out: [K, V][] = [];
    if (this.valuesMode) {
      const names = this.layout.cached!.names;
      for (const ix of this.order) out.push([names[ix], this.vals[ix] as V]);
    } else if (this.dict) {
      this.dict.forEachEntry((k, v) => { out.push([k, v]); });
    }
    return out;
  }
  /** every attribute value in insertion order, without allocating */
  forEachValue(fn: (v: V) => void): void {
    if (this.valuesMode) {
      for (const ix of this.order) fn(this.vals[ix] as V);
      return;
    }
    if (this.dict) this.dict.forEachEntry((_k, v) => fn(v));
  }
  *entries(): IterableIterator<[K, V]> {
    if (this.valuesMode) {
      for (const ix of this.order) yield [this.layout.cached!.names[ix], this.vals[ix] as V];
      return;
    }
    if (this.dict) yield* this.dict.entries();
  }
  /** obj.__dict__ / vars(obj). */
  materialize(): DictTable<K, V> {
    return this.ensureDict();
  }
  /** Bytes of a separately allocated values array (3.11/3.12 new_values; 0 in 3.13: inline). */
  valuesBytes(): number {
    if (!this.valuesMode || this.layout.profile.inlineValues) return 0;
    return roundUp(this.capacity + 2, PTR) + this.capacity * PTR;
  }
  /** 3.13 _PyInlineValuesSize: bytes added to the object body. */
  inlineValuesBytes(): number {
    if (!this.layout.profile.inlineValues) return 0;
    const cap = this.capacity;
    return roundUp(cap, PTR) + (cap + 1) * PTR;
  }
}

