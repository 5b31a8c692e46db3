// Replays test/recorded/tables.json (recorded by scripts/record_tables.py from CPython 3.8-3.13 with
// PYTHONHASHSEED=0) against the hash functions and the dict/set tables.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PY_VERSIONS, PyVersion } from '../../src/engine/versions';
import { Hash, hashInt, hashFloat, hashStr, hashBytes, hashTuple, hashFrozenset, hashComplex, hashBool } from '../../src/engine/pyhash';
import { DictTable, TableHooks, ClassLayout } from '../../src/engine/dictobject';
import { SetTable } from '../../src/engine/setobject';

const data = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'recorded', 'tables.json'), 'utf8'));
type Key = string | number;

function hooks(v: PyVersion): TableHooks<Key> {
  return {
    hash: (k) => (typeof k === 'string' ? hashStr(k, v) : hashInt(k)),
    eq: (a, b) => a === b,
    primitiveKey: (k) => (typeof k === 'string' ? 's' + k : k),
    isExactStr: (k) => typeof k === 'string',
  };
}
const str = (h: Hash) => String(h);

for (const v of PY_VERSIONS) {
  const rec = data.versions[v];
  const sc = data.scenarios;
  describe(`tables ${v} (recorded from ${rec.version})`, () => {
    it('hashes int/float/str/bytes/tuple/frozenset/complex/bool', () => {
      const hv = sc.hash;
      const h = rec.hash;
      assert.deepEqual(hv.int.map((x: string) => str(hashInt(BigInt(x)))), h.int);
      const toF = (x: string) => (x === 'inf' ? Infinity : x === '-inf' ? -Infinity : Number(x));
      assert.deepEqual(hv.float.map((x: string) => str(hashFloat(toF(x), 0, v))), h.float);
      assert.deepEqual(hv.str.map((s: string) => str(hashStr(s, v))), h.str);
      assert.deepEqual(hv.bytes.map((b: number[]) => str(hashBytes(Uint8Array.from(b), v))), h.bytes);
      const bigT = (xs: number[]) => xs.map((x) => (x === 2 ** 61 - 1 ? hashInt(2n ** 61n - 1n) : hashInt(x)));
      assert.deepEqual(hv.tuple_int.map((t: number[]) => str(hashTuple(bigT(t)))), h.tuple_int);
      assert.deepEqual(hv.frozenset_int.map((t: number[]) => str(hashFrozenset(t.map((x) => hashInt(x))))), h.frozenset_int);
      assert.deepEqual(hv.complex.map(([a, b]: number[]) => str(hashComplex(a, b, 0, v))), h.complex);
      assert.deepEqual([str(hashBool(true)), str(hashBool(false))], h.bool);
    });

    for (const [name, ops] of Object.entries(sc.dict as Record<string, unknown[]>)) {
      it(`dict ${name}: getsizeof and order after each step`, () => {
        const H = hooks(v);
        let d: DictTable<Key, number> | null = null;
        const got: [number, Key[]][] = [];
        for (const op of ops) {
          if (op === '{}') d = DictTable.empty(v, H);
          else if (op === 'dict()') d = DictTable.fromCall(v, H);
          else {
            const [n, a] = op as [string, any];
            const keysDict = (ks: Key[]) => { const s = DictTable.empty<Key, number>(v, H); for (const k of ks) s.set(k, 0); return s; };
            if (n === 'set') d!.set(a, 0);
            else if (n === 'del') assert.ok(d!.delete(a));
            else if (n === 'copy') d = d!.copy();
            else if (n === 'clear') d!.clear();
            else if (n === 'popitem') d!.popitem();
            else if (n === 'pop') d!.pop(a);
            else if (n === 'setdefault') d!.setdefault(a, 0);
            else if (n === 'update') d!.merge(keysDict(a));
            else if (n === 'literal') d = DictTable.fromItems(v, H, (a as Key[]).map((k) => [k, 0] as const));
            else if (n === 'fromkeys_list') d = DictTable.fromKeys(v, H, a as Key[], 0);
            else if (n === 'fromkeys_set') {
              const s = new SetTable<Key>(v, H); for (const k of a) s.add(k);
              d = DictTable.fromKeys(v, H, [...s], 0, { type: 'set', size: s.size });
            } else if (n === 'fromkeys_dict') {
              const src = keysDict(a);
              d = DictTable.fromKeys(v, H, [...src.keys()], 0, { type: 'dict', size: src.size, unicode: src.keysKind === 'unicode' });
            } else if (n === 'dict_of_dict') { d = DictTable.fromCall(v, H); d.merge(keysDict(a)); }
            else if (n === 'dict_pairs') { d = DictTable.fromCall(v, H); d.updatePairs((a as Key[]).map((k) => [k, 0] as const)); }
            else if (n === 'comp') { d = DictTable.empty(v, H); for (const k of a) d.set(k, 0); }
            else throw new Error(n);
          }
          got.push([d!.sizeof(), [...d!.keys()]]);
        }
        assert.deepEqual(got, rec.dict[name]);
      });
    }

    for (const [name, ops] of Object.entries(sc.set as Record<string, unknown[]>)) {
      it(`set ${name}: getsizeof, iteration order and pop()`, () => {
        const H = hooks(v);
        let s: SetTable<Key> | null = null;
        const got: [number, Key[], Key | null][] = [];
        const mk = (xs: Key[]) => { const o = new SetTable<Key>(v, H); for (const x of xs) o.add(x); return o; };
        for (const op of ops) {
          let popped: Key | null = null;
          if (op === 'set()') s = new SetTable<Key>(v, H);
          else {
            const [n, a] = op as [string, any];
            if (n === 'add') s!.add(a);
            else if (n === 'discard') s!.discard(a);
            else if (n === 'pop') popped = s!.pop()!;
            else if (n === 'clear') s!.clear();
            else if (n === 'from') s = mk(a);
            else if (n === 'copy') s = s!.copy();
            else {
              const o = mk(a);
              if (n === 'union') s = s!.union(o);
              else if (n === 'intersection') s = s!.intersection(o);
              else if (n === 'difference') s = s!.difference(o);
              else if (n === 'symmetric_difference') s = s!.symmetricDifference(o);
              else if (n === 'update') s!.merge(o);
              else if (n === 'difference_update') s!.differenceUpdate(o);
              else if (n === 'intersection_update') s!.intersectionUpdate(o);
              else throw new Error(n);
            }
          }
          got.push([s!.sizeof(), [...s!], popped]);
        }
        assert.deepEqual(got, rec.set[name]);
      });
    }

    it('instance __dict__ sizes and class cached-keys sizes', () => {
      const H = hooks(v);
      const inst = rec.instance;
      const A = new ClassLayout<Key>(v, H);
      const a = A.newInstance<number>(); a.set('x', 1); a.set('y', 2);
      assert.equal(a.materialize().sizeof(), inst.two_attrs);
      const b = A.newInstance<number>(); b.set('x', 1); b.set('y', 2);
      assert.equal(b.materialize().sizeof(), inst.second_two_attrs);
      const B = new ClassLayout<Key>(v, H);
      const emptyKeys = B.cachedKeysBytes();
      const sizes: number[] = [];
      for (let i = 0; i < 3; i++) {
        const o = B.newInstance<number>();
        for (let j = 0; j < 8; j++) o.set('a' + j, j);
        sizes.push(o.materialize().sizeof());
      }
      assert.deepEqual(sizes, inst.eight_attrs_x3);
      assert.equal(B.cachedKeysBytes() - emptyKeys, inst.class_eight - inst.class_empty);
      const C = new ClassLayout<Key>(v, H);
      const c1 = C.newInstance<number>(); c1.set('p', 1); c1.set('q', 2);
      const c2 = C.newInstance<number>(); c2.set('q', 1); c2.set('p', 2);
      assert.equal(c1.materialize().sizeof(), inst.reordered_first);
      assert.equal(c2.materialize().sizeof(), inst.reordered_second);
      const D = new ClassLayout<Key>(v, H);
      const d1 = D.newInstance<number>(); d1.materialize().set(5, 1);
      assert.equal(d1.materialize().sizeof(), inst.nonstr_key);
      const E = new ClassLayout<Key>(v, H);
      const e = E.newInstance<number>();
      for (let j = 0; j < 40; j++) e.set('m' + j, j);
      assert.equal(e.materialize().sizeof(), inst.forty_attrs);
    });
  });
}
