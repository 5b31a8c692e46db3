// Checks src/engine/layout.ts and the profiles against sizes recorded from real CPython 3.8-3.13
// by scripts/record_sizes.py (test/recorded/sizes.json). No expected value is typed here.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PY_VERSIONS, PyVersion, RECORDED_RELEASE } from '../../src/engine/versions';
import { getProfile } from '../../src/engine/profiles';
import * as L from '../../src/engine/layout';

type Pairs = [number, number][];
interface Recorded {
  release: string;
  int: [string, number][];
  bool: { True: number; False: number };
  scalars: Record<'float' | 'complex' | 'None' | 'Ellipsis' | 'NotImplemented' | 'object', number>;
  str: [string, number][];
  strOneChar: Pairs;
  strUtf8Cached: [string, number][];
  bytes: Pairs;
  bytearrayEmpty: number;
  bytearrayN: Pairs;
  bytearrayAppend: number[];
  bytearrayPop: number[];
  tuple: Pairs;
  listEmpty: number;
  listAppend: number[];
  listPop: number[];
  listPaths: Record<string, Pairs>;
  objects: Record<string, number>;
  slots: [number, boolean, number][];
  instanceDictSlot: number;
  classSlotted: number;
  typeBasicSize: number;
  generator: [number, number, number][];
  frame: [number, number, number][];
  code: [number, number, number][];
  exceptions: Record<string, number>;
}

const DATA: Record<string, Recorded> = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'recorded', 'sizes.json'), 'utf8'),
);

const OBJECT_KIND: Record<string, L.FixedKind> = {
  range: 'range', rangeBig: 'range', slice: 'slice', cell: 'cell', function: 'function',
  lambda: 'function', boundMethod: 'boundMethod', builtinFunction: 'builtinFunction',
  builtinMethod: 'builtinFunction', module: 'module', weakref: 'weakref',
  listIterator: 'listIterator', listReverseIterator: 'listReverseIterator',
  tupleIterator: 'tupleIterator', strIterator: 'strIterator', strAsciiIterator: 'strIterator',
  rangeIterator: 'rangeIterator', rangeReversed: 'rangeIterator', longRangeIterator: 'rangeIterator',
  dictKeyIterator: 'dictIterator', dictValueIterator: 'dictIterator', dictItemIterator: 'dictIterator',
  setIterator: 'setIterator', enumerate: 'enumerate', zip: 'zip', map: 'map', filter: 'filter',
  reversed: 'reversed',
};

for (const v of PY_VERSIONS) {
  describe(`layout ${v}`, () => {
    const rec = DATA[v];
    const p = getProfile(v as PyVersion);

    it('was recorded from the release the profile names', () => {
      assert.ok(rec, `no recording for ${v}`);
      assert.strictEqual(rec.release, RECORDED_RELEASE[v]);
      assert.strictEqual(p.version, v);
    });

    it('int sizes (number and bigint paths)', () => {
      for (const [s, size] of rec.int) {
        const big = BigInt(s);
        assert.strictEqual(L.getsizeofInt(p, big), size, `int ${s} (bigint)`);
        const n = Number(s);
        if (Number.isSafeInteger(n)) assert.strictEqual(L.getsizeofInt(p, n), size, `int ${s} (number)`);
      }
      // powers of two beyond 2**53 are exact as numbers too
      for (const [s, size] of rec.int) {
        const big = BigInt(s);
        if (big > 0n && (big & (big - 1n)) === 0n) assert.strictEqual(L.getsizeofInt(p, Number(big)), size, `int ${s}`);
      }
    });

    it('bool, float, complex, singletons, object()', () => {
      assert.strictEqual(L.getsizeofBool(p, true), rec.bool.True);
      assert.strictEqual(L.getsizeofBool(p, false), rec.bool.False);
      assert.strictEqual(L.getsizeofFloat(), rec.scalars.float);
      assert.strictEqual(L.getsizeofComplex(), rec.scalars.complex);
      for (const k of ['None', 'Ellipsis', 'NotImplemented', 'object'] as const) {
        assert.strictEqual(L.getsizeofBareObject(), rec.scalars[k], k);
      }
    });

    it('str of every kind and length', () => {
      for (const [s, size] of rec.str) assert.strictEqual(L.getsizeofStr(p, s), size, JSON.stringify(s));
      for (const [c, size] of rec.strOneChar) {
        assert.strictEqual(L.getsizeofStr(p, String.fromCharCode(c)), size, `chr(${c})`);
      }
      for (const [s, size] of rec.strUtf8Cached) {
        assert.strictEqual(L.getsizeofStr(p, s, { utf8Cached: true }), size, `${JSON.stringify(s)} with UTF-8`);
      }
    });

    it('bytes, tuple', () => {
      for (const [n, size] of rec.bytes) assert.strictEqual(L.getsizeofBytes(n), size, `bytes(${n})`);
      for (const [n, size] of rec.tuple) assert.strictEqual(L.getsizeofTuple(p, n), size, `tuple ${n}`);
    });

    it('bytearray allocation and resizing', () => {
      assert.strictEqual(L.getsizeofBytearray(0), rec.bytearrayEmpty);
      for (const [n, alloc] of rec.bytearrayN) assert.strictEqual(L.bytearrayInitialAlloc(n), alloc, `bytearray(${n})`);
      let a = 0;
      rec.bytearrayAppend.forEach((alloc, i) => {
        if (i > 0) a = L.bytearrayResize(a, i, i - 1);
        assert.strictEqual(a, alloc, `after ${i} appends`);
      });
      let size = rec.bytearrayAppend.length - 1;
      for (const alloc of rec.bytearrayPop) {
        a = L.bytearrayResize(a, size - 1, size);
        size--;
        assert.strictEqual(a, alloc, `pop to ${size}`);
      }
    });

    it('list appends and pops (list_resize)', () => {
      assert.strictEqual(L.getsizeofList(p, 0), rec.listEmpty);
      let a = 0;
      rec.listAppend.forEach((cap, i) => {
        if (i > 0) a = L.listAppend(p, a, i - 1);
        assert.strictEqual(a, cap, `after ${i} appends`);
        assert.strictEqual(L.listAppendMany(p, 0, 0, i), cap, `${i} appends at once`);
      });
      let size = rec.listAppend.length - 1;
      for (const cap of rec.listPop) {
        a = L.listResize(p, a, size - 1, size);
        size--;
        assert.strictEqual(a, cap, `pop to ${size}`);
      }
    });

    it('list capacities of every construction path', () => {
      const paths: Record<string, (n: number) => number> = {
        buildList: (n) => L.listDisplay(p, n, false),
        constLiteral: (n) => L.listDisplay(p, n, true),
        listOfTuple: (n) => L.listFromIterable(p, n, 'seq', true),
        listOfList: (n) => L.listFromIterable(p, n, 'seq', true),
        listOfRange: (n) => L.listFromIterable(p, n, 'iter', true),
        listOfGenerator: (n) => L.listFromIterable(p, n, 'iter', false),
        unpackRange: (n) => L.listExtend(p, 0, 0, n, 'iter'),
        unpackTuple: (n) => L.listExtend(p, 0, 0, n, 'seq'),
        unpackGenerator: (n) => L.listExtend(p, 0, 0, n, 'iter', 8),
        repeat: (n) => L.listExact(n),
        comprehension: (n) => L.listAppendMany(p, 0, 0, n),
        extendEmptyList: (n) => L.listExtend(p, 0, 0, n, 'seq'),
        extendEmptyTuple: (n) => L.listExtend(p, 0, 0, n, 'seq'),
        extendEmptyRange: (n) => L.listExtend(p, 0, 0, n, 'iter'),
        extendEmptyGenerator: (n) => L.listExtend(p, 0, 0, n, 'iter', 8),
        extendEmptySet: (n) => L.listExtend(p, 0, 0, n, 'setdict'),
        extendNonEmptyTuple: (n) => L.listExtend(p, L.listDisplay(p, 3, false), 3, n, 'seq'),
        extendNonEmptyRange: (n) => L.listExtend(p, L.listDisplay(p, 3, false), 3, n, 'iter'),
        extendNonEmptyGenerator: (n) => L.listExtend(p, L.listDisplay(p, 3, false), 3, n, 'iter', 8),
        slice: (n) => L.listExact(n),
        copy: (n) => L.listExact(n),
        sortedRange: (n) => L.listSorted(p, n, 'iter'),
        sortedTuple: (n) => L.listSorted(p, n, 'seq'),
        sortedGenerator: (n) => L.listSorted(p, n, 'iter', 8),
        concat: (n) => L.listExact(2 * n),
      };
      assert.deepStrictEqual(Object.keys(rec.listPaths).sort(), Object.keys(paths).sort());
      for (const [name, pairs] of Object.entries(rec.listPaths)) {
        for (const [n, cap] of pairs) assert.strictEqual(paths[name](n), cap, `${name} n=${n}`);
      }
    });

    it('fixed-size objects and iterators', () => {
      for (const [name, size] of Object.entries(rec.objects)) {
        if (name === 'instance') {
          assert.strictEqual(L.getsizeofInstance(p, { slots: 0, dict: true, weakref: true }), size, name);
          continue;
        }
        const kind = OBJECT_KIND[name];
        assert.ok(kind, `no kind for ${name}`);
        assert.strictEqual(L.getsizeofFixed(p, kind), size, name);
      }
      assert.strictEqual(L.getsizeofRange(), rec.objects.range);
      assert.strictEqual(L.getsizeofSlice(p), rec.objects.slice);
      assert.strictEqual(L.getsizeofCell(p), rec.objects.cell);
      assert.strictEqual(L.getsizeofFunction(p), rec.objects.function);
      assert.strictEqual(L.getsizeofBoundMethod(p), rec.objects.boundMethod);
      assert.strictEqual(L.getsizeofBuiltinFunction(p), rec.objects.builtinFunction);
      assert.strictEqual(L.getsizeofModule(p), rec.objects.module);
      assert.strictEqual(L.getsizeofWeakref(p), rec.objects.weakref);
    });

    it('instances with __slots__, __dict__ slot, class objects', () => {
      for (const [n, wr, size] of rec.slots) {
        assert.strictEqual(L.getsizeofInstance(p, { slots: n, dict: false, weakref: wr }), size, `slots ${n} weakref ${wr}`);
      }
      assert.strictEqual(L.getsizeofInstance(p, { slots: 0, dict: true, weakref: false }), rec.instanceDictSlot);
      assert.strictEqual(p.heapTypeObjectSize, rec.typeBasicSize);
      assert.strictEqual(L.getsizeofClass(p, 0), rec.classSlotted);
    });

    it('generators, frames, code objects', () => {
      for (const [nl, ss, size] of rec.generator) assert.strictEqual(L.getsizeofGenerator(p, nl, ss), size, `gen ${nl}/${ss}`);
      for (const [nl, ss, size] of rec.frame) assert.strictEqual(L.getsizeofFrame(p, nl, ss), size, `frame ${nl}/${ss}`);
      for (const [bytes, cells, size] of rec.code) assert.strictEqual(L.getsizeofCode(p, bytes, cells), size, `code ${bytes}`);
    });

    it('exception instances', () => {
      for (const [name, size] of Object.entries(rec.exceptions)) {
        assert.strictEqual(L.getsizeofException(p, name), size, name);
      }
    });
  });
}

describe('layout allocation sizes', () => {
  it('a GC object block is getsizeof for types without a pre-header', () => {
    for (const v of PY_VERSIONS) {
      const p = getProfile(v);
      const rec = DATA[v];
      for (const [n, size] of rec.tuple) assert.strictEqual(L.allocSizeTuple(p, n), size);
      assert.strictEqual(L.allocSizeList(p) + L.allocSizeListItems(0), rec.listEmpty);
    }
  });
});
