// The comparison of one step on two versions (src/shared/compare.ts): objects matched by the
// program's names and the paths from them, size classes by block size, and what differs marked.

import * as assert from 'assert';
import { blocksText, compare, objectPaths } from '../../src/shared/compare';
import type { CompareSide } from '../../src/shared/compare';
import { frame, obj, view } from './fixtures';
import type { StepView } from '../../src/shared/protocol';

function side(v: StepView, extra: Partial<CompareSide> = {}): CompareSide {
  return { view: v, sizeClasses: [], blocks: [], ...extra };
}

describe('compare view-model', () => {
  it('names objects by the path the program reaches them by: names, indices, keys, attributes', () => {
    const v = view([frame('<module>', 9, [['lst', 1], ['d', 2], ['n', 3]]), frame('f', 4, [['a', 1]])], [
      obj(1, 'list', null, [10, 11], { size: 72 }),
      obj(2, 'dict', null, [[12, "'k'"]]),
      obj(3, 'Node', null, [[13, 'value'], [3, 'next']]),
      obj(10, 'int', '5'), obj(11, 'str', "'x'"), obj(12, 'float', '1.5'), obj(13, 'int', '7'),
    ]);
    const p = objectPaths(v);
    assert.deepStrictEqual([...p.keys()], ['f: a', 'lst', 'd', 'n', "f: a[0]", "f: a[1]", "d['k']", 'n.value']);
    assert.strictEqual(p.get("d['k']")!.id, 12);
    assert.strictEqual(p.get('lst')!.id, 1);
  });

  it('matches objects by path whatever their ids, and marks the fields that differ', () => {
    const a = view([frame('<module>', 5, [['lst', 1], ['s', 2]])], [obj(1, 'list', null, [3], { size: 632 }), obj(2, 'str', "'hi'", [], { size: 51 }), obj(3, 'int', '0', [], { size: 24 })], { pythonVersion: '3.8' });
    const b = view([frame('<module>', 5, [['lst', 100], ['s', 200]])], [obj(100, 'list', null, [300], { size: 664 }), obj(200, 'str', "'hi'", [], { size: 51 }), obj(300, 'int', '0', [], { size: 28 })]);
    const c = compare(side(a, { blocks: [{ id: 1, pymalloc: [64], raw: [576] }] }), side(b, { blocks: [{ id: 100, pymalloc: [64], raw: [608] }] }));
    assert.deepStrictEqual(c.versions, ['3.8', '3.12']);
    const row = (p: string) => c.objects.find((o) => o.path === p)!;
    assert.deepStrictEqual(row('lst').differs, ['size', 'blocks']);
    assert.deepStrictEqual([row('lst').a!.size, row('lst').b!.size], [632, 664]);
    assert.deepStrictEqual(row('s').differs, []);
    assert.deepStrictEqual(row('lst[0]').differs, ['size']);
    assert.strictEqual(blocksText(row('lst').b!.blocks), '64 + raw 608');
  });

  it('marks an object on one side only, and leaves out the counts of immortal and pre-existing objects', () => {
    const a = view([frame('<module>', 2, [['x', 1], ['only', 2]])], [obj(1, 'int', '5', [], { refcnt: 1001, cache: 'small-int' }), obj(2, 'list', null)]);
    const b = view([frame('<module>', 2, [['x', 1]])], [obj(1, 'int', '5', [], { refcnt: 3221225472, immortal: true, cache: 'small-int' })]);
    const c = compare(side(a), side(b));
    assert.deepStrictEqual(c.objects.map((o) => [o.path, o.differs]), [['x', []], ['only', ['presence']]]);
    assert.strictEqual(c.objects[1].b, null);
  });

  it('compares the refcounts of the program\'s own objects', () => {
    const a = view([frame('<module>', 2, [['x', 1]])], [obj(1, 'list', null, [], { refcnt: 2 })]);
    const b = view([frame('<module>', 2, [['x', 1]])], [obj(1, 'list', null, [], { refcnt: 3 })]);
    assert.deepStrictEqual(compare(side(a), side(b)).objects[0].differs, ['refcnt']);
  });

  it('matches size classes by block size, with the pools, the heap and the collector', () => {
    const a = view([], [], { heap: { liveObjects: 0, allocatedBlocks: 5, arenas: 1, poolsInUse: 2, poolSize: 4096, arenaSize: 262144, pymallocBytes: 100, rawBytes: 0, rawChunks: 0 }, gc: { count: [1, 0, 0], threshold: [700, 10, 10] } });
    const b = view([], [], { heap: { liveObjects: 0, allocatedBlocks: 5, arenas: 1, poolsInUse: 2, poolSize: 16384, arenaSize: 1048576, pymallocBytes: 100, rawBytes: 0, rawChunks: 0 }, gc: { count: [1, 0, 0], threshold: [2000, 10, 10] } });
    const c = compare(
      side(a, { sizeClasses: [{ szidx: 1, size: 32, numPools: 1, blocksInUse: 3, availBlocks: 10 }, { szidx: 3, size: 64, numPools: 1, blocksInUse: 2, availBlocks: 1 }] }),
      side(b, { sizeClasses: [{ szidx: 1, size: 32, numPools: 1, blocksInUse: 3, availBlocks: 500 }, { szidx: 4, size: 80, numPools: 1, blocksInUse: 2, availBlocks: 1 }] }),
    );
    assert.deepStrictEqual(c.sizeClasses.map((r) => [r.size, r.blocks, r.pools, r.differs]), [
      [32, [3, 3], [1, 1], false], [64, [2, 0], [1, 0], true], [80, [0, 2], [0, 1], true],
    ]);
    assert.deepStrictEqual(c.heap.filter((r) => r.differs).map((r) => r.label), ['arena size', 'pool size']);
    assert.deepStrictEqual(c.gc.filter((r) => r.differs).map((r) => [r.label, r.a, r.b]), [['generation 0 threshold', 700, 2000]]);
    assert.strictEqual(c.differences, 5);
  });

  it('finds no difference between a step and itself', () => {
    const v = view([frame('<module>', 2, [['x', 1]])], [obj(1, 'list', null)]);
    assert.strictEqual(compare(side(v), side(v)).differences, 0);
  });
});
