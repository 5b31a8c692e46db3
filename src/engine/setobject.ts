// The set / frozenset table: open addressing with CPython's probe sequence, so iteration and pop()
// order match CPython exactly.
//
// Follows Objects/setobject.c: set_add_entry / set_lookkey (LINEAR_PROBES 9, PERTURB_SHIFT 5),
// set_insert_clean, set_table_resize (grow when fill*5 >= mask*3 to the smallest power of 2 >
// used*4, used*2 above 50000), set_merge, set_update_internal, set_discard_entry, set_pop (finger),
// set_clear_internal, set_copy, set_intersection, set_difference / set_copy_and_difference,
// set_difference_update_internal (dummy purge), set_symmetric_difference(_update), set_issubset,
// set_sizeof. The probing code is the same in 3.8-3.13 (3.8 unrolls the first probe, with the same
// result), so there is no per-version data beyond the table below.

import type { PyVersion } from './versions';
import { Hash, hashIndex, Perturb } from './pyhash';
import type { TableHooks } from './dictobject';

interface SetProfile {
  /** sizeof(PySetObject) 200 (with the 8-entry smalltable) + PyGC_Head 16. */
  objectBytes: number;
  /** set_add_entry reuses the last dummy slot seen on the probe path (`freeslot`): 3.8 and 3.10+;
   *  3.9's set_add_entry has no freeslot, so a dummy is never reused by add (3.9.18 setobject.c:
   *  set_add_entry). */
  reuseDummy: boolean;
}
const SET_PROFILES: Record<PyVersion, SetProfile> = {
  '3.8': { objectBytes: 216, reuseDummy: true },
  '3.9': { objectBytes: 216, reuseDummy: false },
  '3.10': { objectBytes: 216, reuseDummy: true },
  '3.11': { objectBytes: 216, reuseDummy: true },
  '3.12': { objectBytes: 216, reuseDummy: true },
  '3.13': { objectBytes: 216, reuseDummy: true },
};

const PYSET_MINSIZE = 8;
const LINEAR_PROBES = 9;
/** sizeof(setentry): key pointer + hash. */
const SETENTRY_BYTES = 16;

const EMPTY = 0;
const ACTIVE = 1;
const DUMMY = 2;

/** Called when the malloc'd table (not the smalltable) changes: bytes before and after (0 = none). */
export type SetTableListener = (oldBytes: number, newBytes: number) => void;

export class SetTable<K> {
  mask = PYSET_MINSIZE - 1;
  fill = 0;
  used = 0;
  finger = 0;
  private state = new Uint8Array(PYSET_MINSIZE);
  private keys: (K | undefined)[] = new Array(PYSET_MINSIZE);
  private hashes: Hash[] = new Array(PYSET_MINSIZE).fill(0);
  private pks: (string | number | undefined)[] = new Array(PYSET_MINSIZE);
  onTable: SetTableListener | null = null;
  readonly profile: SetProfile;

  constructor(readonly version: PyVersion, readonly hooks: TableHooks<K>) {
    this.profile = SET_PROFILES[version];
  }

  get size(): number {
    return this.used;
  }
  /** Bytes of the malloc'd table (0 while the smalltable is used). */
  tableBytes(): number {
    return this.mask + 1 > PYSET_MINSIZE ? SETENTRY_BYTES * (this.mask + 1) : 0;
  }
  /** sys.getsizeof: set_sizeof + GC header. */
  sizeof(): number {
    return this.profile.objectBytes + this.tableBytes();
  }

  private same(slot: number, k: K, pk: string | number | undefined): boolean {
    const sk = this.keys[slot] as K;
    if (sk === k) return true;
    const spk = this.pks[slot];
    if (pk !== undefined && spk !== undefined) return pk === spk;
    return this.hooks.eq(sk, k);
  }

  /** set_lookkey: slot of the key, or -1. */
  private lookup(k: K, h: Hash, pk: string | number | undefined): number {
    const mask = this.mask;
    let i = hashIndex(h, mask);
    const perturb = new Perturb(h);
    for (;;) {
      let e = i;
      let probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
      do {
        const st = this.state[e];
        if (st === EMPTY) return -1;
        if (st === ACTIVE && this.hashes[e] === h && this.same(e, k, pk)) return e;
        e++;
      } while (probes--);
      perturb.shift5();
      i = ((i * 5 + 1 + perturb.lo) & mask) >>> 0;
    }
  }

  private hashOf(k: K): Hash {
    return this.hooks.hash(k);
  }

  contains(k: K, h: Hash = this.hashOf(k)): boolean {
    return this.lookup(k, h, this.hooks.primitiveKey(k)) >= 0;
  }

  /** set_add_entry. */
  add(k: K, h: Hash = this.hashOf(k)): void {
    const pk = this.hooks.primitiveKey(k);
    const mask = this.mask;
    let i = hashIndex(h, mask);
    const perturb = new Perturb(h);
    let freeslot = -1;
    for (;;) {
      let e = i;
      let probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
      do {
        const st = this.state[e];
        if (st === EMPTY) {
          if (freeslot >= 0) {
            this.put(freeslot, k, h, pk);
            this.used++;
            return;
          }
          this.put(e, k, h, pk);
          this.fill++;
          this.used++;
          if (this.fill * 5 < mask * 3) return;
          this.resize(this.used > 50000 ? this.used * 2 : this.used * 4);
          return;
        }
        if (st === ACTIVE) {
          if (this.hashes[e] === h && this.same(e, k, pk)) return;
        } else if (this.profile.reuseDummy) {
          freeslot = e;
        }
        e++;
      } while (probes--);
      perturb.shift5();
      i = ((i * 5 + 1 + perturb.lo) & mask) >>> 0;
    }
  }

  private put(slot: number, k: K, h: Hash, pk: string | number | undefined): void {
    this.state[slot] = ACTIVE;
    this.keys[slot] = k;
    this.hashes[slot] = h;
    this.pks[slot] = pk;
  }

  /** set_insert_clean: into a table without dummies, no comparisons. */
  private insertClean(k: K, h: Hash, pk: string | number | undefined): void {
    const mask = this.mask;
    let i = hashIndex(h, mask);
    const perturb = new Perturb(h);
    for (;;) {
      if (this.state[i] === EMPTY) return this.put(i, k, h, pk);
      if (i + LINEAR_PROBES <= mask) {
        for (let j = 1; j <= LINEAR_PROBES; j++) {
          if (this.state[i + j] === EMPTY) return this.put(i + j, k, h, pk);
        }
      }
      perturb.shift5();
      i = ((i * 5 + 1 + perturb.lo) & mask) >>> 0;
    }
  }

  /** set_table_resize: smallest power of 2 > minused (at least 8); dummies dropped. */
  resize(minused: number): void {
    let newsize = PYSET_MINSIZE;
    while (newsize <= minused) newsize *= 2;
    const oldBytes = this.tableBytes();
    const { state, keys, hashes, pks } = this;
    if (newsize === PYSET_MINSIZE && this.mask === PYSET_MINSIZE - 1 && this.fill === this.used) return;
    this.allocate(newsize);
    this.fill = this.used;
    for (let s = 0; s < state.length; s++) {
      if (state[s] === ACTIVE) this.insertClean(keys[s] as K, hashes[s], pks[s]);
    }
    const nb = this.tableBytes();
    if (this.onTable && (oldBytes !== 0 || nb !== 0)) this.onTable(oldBytes, nb);
  }

  private allocate(size: number): void {
    this.mask = size - 1;
    this.state = new Uint8Array(size);
    this.keys = new Array(size);
    this.hashes = new Array(size).fill(0);
    this.pks = new Array(size);
  }

  /** set_discard_entry: true if the key was present. */
  discard(k: K, h: Hash = this.hashOf(k)): boolean {
    const slot = this.lookup(k, h, this.hooks.primitiveKey(k));
    if (slot < 0) return false;
    this.state[slot] = DUMMY;
    this.keys[slot] = undefined;
    this.pks[slot] = undefined;
    this.hashes[slot] = -1;
    this.used--;
    return true;
  }

  /** set.pop(): scans from the finger; undefined when empty. */
  pop(): K | undefined {
    if (this.used === 0) return undefined;
    let e = this.finger & this.mask;
    while (this.state[e] !== ACTIVE) {
      e++;
      if (e > this.mask) e = 0;
    }
    const k = this.keys[e] as K;
    this.state[e] = DUMMY;
    this.keys[e] = undefined;
    this.pks[e] = undefined;
    this.hashes[e] = -1;
    this.used--;
    this.finger = e + 1;
    return k;
  }

  /** set_clear_internal: back to the empty smalltable. */
  clear(): void {
    const oldBytes = this.tableBytes();
    this.allocate(PYSET_MINSIZE);
    this.fill = 0;
    this.used = 0;
    if (this.onTable && oldBytes !== 0) this.onTable(oldBytes, 0);
  }

  /** Active keys in table order, without allocating. */
  forEachKey(fn: (k: K) => void): void {
    for (let s = 0; s <= this.mask; s++) if (this.state[s] === ACTIVE) fn(this.keys[s] as K);
  }
  /** Active entries in table order (set_next). */
  *entries(): IterableIterator<[K, Hash]> {
    for (let s = 0; s <= this.mask; s++) {
      if (this.state[s] === ACTIVE) yield [this.keys[s] as K, this.hashes[s]];
    }
  }
  *[Symbol.iterator](): IterableIterator<K> {
    for (const [k] of this.entries()) yield k;
  }
  /** The key at table slot i (undefined if empty or dummy): for iterators that walk positions. */
  slotKey(i: number): K | undefined {
    return this.state[i] === ACTIVE ? this.keys[i] : undefined;
  }

  /** set_merge: update from another set (target-empty fast paths copy the table layout). */
  merge(other: SetTable<K>): void {
    if (other === this || other.used === 0) return;
    if ((this.fill + other.used) * 5 >= this.mask * 3) this.resize((this.used + other.used) * 2);
    if (this.fill === 0 && this.mask === other.mask && other.fill === other.used) {
      for (let s = 0; s <= other.mask; s++) {
        if (other.state[s] === ACTIVE) this.put(s, other.keys[s] as K, other.hashes[s], other.pks[s]);
      }
      this.fill = other.fill;
      this.used = other.used;
      return;
    }
    if (this.fill === 0) {
      this.fill = other.used;
      this.used = other.used;
      for (let s = 0; s <= other.mask; s++) {
        if (other.state[s] === ACTIVE) this.insertClean(other.keys[s] as K, other.hashes[s], other.pks[s]);
      }
      return;
    }
    for (const [k, h] of other.entries()) this.add(k, h);
  }

  /** set_update_internal with an arbitrary iterable (not a set or dict). */
  updateIterable(items: Iterable<K>): void {
    for (const k of items) this.add(k);
  }

  /** set_update_internal with an exact dict: presize, then add its keys with their hashes. */
  updateFromDict(keys: readonly (readonly [K, Hash])[]): void {
    const n = keys.length;
    if ((this.fill + n) * 5 >= this.mask * 3) this.resize((this.used + n) * 2);
    for (const [k, h] of keys) this.add(k, h);
  }

  /** set_copy / make_new_set(type, so). */
  copy(): SetTable<K> {
    const r = new SetTable<K>(this.version, this.hooks);
    r.merge(this);
    return r;
  }

  /** set.union(*others): copy, then update with each. */
  union(...others: (SetTable<K> | Iterable<K>)[]): SetTable<K> {
    const r = this.copy();
    for (const o of others) {
      if (o instanceof SetTable) r.merge(o);
      else r.updateIterable(o);
    }
    return r;
  }

  /** set_intersection: iterate the smaller set, adding common keys to a new set. */
  intersection(other: SetTable<K> | Iterable<K>): SetTable<K> {
    if (other === this) return this.copy();
    const r = new SetTable<K>(this.version, this.hooks);
    if (other instanceof SetTable) {
      let a: SetTable<K> = this;
      let b: SetTable<K> = other;
      if (b.used > a.used) [a, b] = [b, a];
      for (const [k, h] of b.entries()) {
        if (a.contains(k, h)) r.add(k, h);
      }
      return r;
    }
    for (const k of other) {
      const h = this.hashOf(k);
      if (this.contains(k, h)) r.add(k, h);
    }
    return r;
  }

  /** set_intersection_update: the result's table replaces ours (set_swap_bodies). */
  intersectionUpdate(other: SetTable<K> | Iterable<K>): void {
    const r = this.intersection(other);
    this.takeBody(r);
  }

  private takeBody(r: SetTable<K>): void {
    const oldBytes = this.tableBytes();
    this.mask = r.mask;
    this.fill = r.fill;
    this.used = r.used;
    this.state = r.state;
    this.keys = r.keys;
    this.hashes = r.hashes;
    this.pks = r.pks;
    const nb = this.tableBytes();
    if (this.onTable && oldBytes !== nb) this.onTable(oldBytes, nb);
  }

  /** set_difference_update_internal: discard each, then purge dummies if more than mask/4. */
  differenceUpdate(other: SetTable<K> | Iterable<K>): void {
    if (other === this) {
      this.clear();
      return;
    }
    if (other instanceof SetTable) {
      for (const [k, h] of other.entries()) this.discard(k, h);
    } else {
      for (const k of other) this.discard(k);
    }
    if (this.fill - this.used <= Math.floor(this.mask / 4)) return;
    this.resize(this.used > 50000 ? this.used * 2 : this.used * 4);
  }

  /** set_difference: copy-and-discard when `other` is not a set/dict or is much smaller; else a new
   *  set of our keys not in other. `otherDictSize` is given when `other` is an exact dict's keys. */
  difference(other: SetTable<K> | Iterable<K>, otherDictSize?: number): SetTable<K> {
    const otherSize = other instanceof SetTable ? other.used : otherDictSize;
    if (otherSize === undefined || (this.used >> 2) > otherSize) {
      const r = this.copy();
      r.differenceUpdate(other);
      return r;
    }
    const r = new SetTable<K>(this.version, this.hooks);
    const otherSet = other as SetTable<K>;
    for (const [k, h] of this.entries()) {
      if (!otherSet.contains(k, h)) r.add(k, h);
    }
    return r;
  }

  /** set_symmetric_difference_update. */
  symmetricDifferenceUpdate(other: SetTable<K> | Iterable<K>): void {
    if (other === this) {
      this.clear();
      return;
    }
    let o: SetTable<K>;
    if (other instanceof SetTable) o = other;
    else {
      o = new SetTable<K>(this.version, this.hooks);
      o.updateIterable(other);
    }
    for (const [k, h] of o.entries()) {
      if (!this.discard(k, h)) this.add(k, h);
    }
  }

  /** set_symmetric_difference: a new set from `other`, updated with our keys. */
  symmetricDifference(other: SetTable<K> | Iterable<K>): SetTable<K> {
    const r = new SetTable<K>(this.version, this.hooks);
    if (other instanceof SetTable) r.merge(other);
    else r.updateIterable(other);
    r.symmetricDifferenceUpdate(this);
    return r;
  }

  /** set_issubset. */
  issubset(other: SetTable<K>): boolean {
    if (this.used > other.used) return false;
    for (const [k, h] of this.entries()) if (!other.contains(k, h)) return false;
    return true;
  }
  issuperset(other: SetTable<K>): boolean {
    return other.issubset(this);
  }
}
