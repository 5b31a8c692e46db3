// A step view as boxes, rows and arrows: what is drawn, how it is labelled, the ghosts of what
// the step freed.

import * as assert from 'assert';
import { freedSummary, heapGraph } from '../../src/webview/model/graph';
import { frame, obj, view } from './fixtures';

describe('webview heap graph', () => {
  const v = view(
    [frame('<module>', 9, [['xs', 1], ['n', 4]]), frame('f', 3, [['a', 2], ['b', 0]])],
    [
      obj(1, 'list', '[3 items]', [2, 3], { refsTotal: 1_000_000, gen: 0, refcnt: 1, size: 8_000_056 }),
      obj(2, 'int', '7', [], { cache: 'small-int', immortal: true, refcnt: 3_000_000_000 }),
      obj(3, 'str', "'<b>'", [], { isNew: true, size: 44 }),
      obj(4, 'NoneType', 'None', [], { cache: 'singleton', immortal: true }),
    ],
  );

  it('draws a box per object with its type, repr, size, count, generation', () => {
    const g = heapGraph(v);
    assert.deepStrictEqual(g.nodes.map((n) => n.key), ['o1', 'o2', 'o3', 'o4']);
    const list = g.nodes[0];
    assert.strictEqual(list.type, 'list');
    assert.strictEqual(list.sizeLabel, '7.6 MiB');
    assert.strictEqual(list.rcLabel, 'rc 1');
    assert.strictEqual(list.genLabel, 'gen 0');
    const seven = g.nodes[1];
    assert.strictEqual(seven.rcLabel, 'immortal');
    assert.strictEqual(seven.genLabel, 'untracked');
    assert.deepStrictEqual(seven.badges.map((b) => b.text), ['small int cache']);
    assert.strictEqual(g.nodes[2].repr, "'<b>'");
    assert.deepStrictEqual(g.nodes[2].badges.map((b) => b.text), ['new']);
    assert.deepStrictEqual(g.nodes[3].badges.map((b) => b.text), ['singleton']);
  });

  it('gives a container a row per referent and says how many more there are', () => {
    const list = heapGraph(v).nodes[0];
    assert.deepStrictEqual(list.rows.map((r) => [r.label, r.target]), [['0', 'o2'], ['1', 'o3']]);
    assert.strictEqual(list.moreLabel, '… 999,998 more');
  });

  it('draws an arrow from each bound name and each row, none from an unbound name', () => {
    const g = heapGraph(v);
    const arrows = g.edges.map((e) => `${e.from.kind === 'stack' ? `stack:${e.from.row}` : `${e.from.node}:${e.from.row}`}>${e.to}`);
    // frames newest first: f's a (row 0), b unbound (row 1), then <module>'s xs (row 2), n (row 3)
    assert.deepStrictEqual(arrows, ['stack:0>o2', 'stack:2>o1', 'stack:3>o4', 'o1:0>o2', 'o1:1>o3']);
  });

  it('keeps a row whose referent is not drawn, without an arrow', () => {
    const g = heapGraph(view([frame('m', 1, [['t', 1]])], [obj(1, 'tuple', '(1, 2)', [[9, '0'], [2, '1']]), obj(2, 'int', '2')]));
    assert.deepStrictEqual(g.nodes[0].rows.map((r) => [r.target, r.hint]), [[null, 'not drawn'], ['o2', null]]);
    assert.strictEqual(g.edges.filter((e) => e.from.kind === 'node').length, 1);
  });

  it('marks an instance\'s arrow to its class as weak', () => {
    const g = heapGraph(view([frame('m', 1, [['p', 1], ['P', 2]])], [obj(1, 'P', '<P object>', [[2, '__class__'], [3, 'x']]), obj(2, 'type', "<class 'P'>"), obj(3, 'int', '1')]));
    assert.deepStrictEqual(g.edges.filter((e) => e.weak).map((e) => e.key), ['o1:0']);
    // its row names the class, as its arrow shows only with a selection
    assert.deepStrictEqual(g.nodes[0].rows.map((r) => [r.label, r.weak, r.hint]), [['__class__', true, "<class 'P'>"], ['x', false, null]]);
  });

  describe('freed objects', () => {
    const before = view([frame('m', 4, [['s', 5], ['t', 6]])], [obj(5, 'str', "'gone'", [], { size: 50 }), obj(6, 'list', '[1 item]', [5])], { step: 4 });
    const after = view([frame('m', 5, [['s', 0], ['t', 6]])], [obj(6, 'list', '[]', [])], {
      step: 5,
      freed: { count: 3, items: [{ id: 5, type: 'str', size: 50 }, { id: 7, type: 'str', size: 97 }] },
    });

    it('come back as ghosts when the previous step drew them', () => {
      const g = heapGraph(after, before);
      const ghost = g.nodes.find((n) => n.freed)!;
      assert.strictEqual(ghost.key, 'x5');
      assert.strictEqual(ghost.repr, "'gone'");
      assert.deepStrictEqual(ghost.badges.map((b) => b.text), ['freed']);
      // placed beside the name that referred to it, by an edge that is not drawn
      const e = g.edges.find((x) => x.to === 'x5')!;
      assert.strictEqual(e.layoutOnly, true);
      assert.deepStrictEqual(e.from, { kind: 'stack', frame: 0, local: 0, row: 0 });
      // the one the previous view did not draw has no ghost
      assert.strictEqual(g.nodes.filter((n) => n.freed).length, 1);
    });

    it('do not when the previous view is not of the step before', () => {
      assert.strictEqual(heapGraph(after, { ...before, step: 2 }).nodes.some((n) => n.freed), false);
      assert.strictEqual(heapGraph(after, null).nodes.some((n) => n.freed), false);
    });

    it('keep their own key when their id is reused by a new object', () => {
      const reused = { ...after, objects: [...after.objects, obj(5, 'int', '1000', [], { isNew: true })] };
      const g = heapGraph(reused, before);
      assert.deepStrictEqual(g.nodes.filter((n) => n.id === 5).map((n) => n.key).sort(), ['o5', 'x5']);
    });

    it('are summed up by type', () => {
      assert.strictEqual(freedSummary(after.freed), 'freed at this step: 2 str (147 B), 1 more');
      assert.strictEqual(freedSummary({ count: 0, items: [] }), null);
      assert.strictEqual(
        freedSummary({ count: 3, items: [{ id: 1, type: 'int', size: 28 }, { id: 2, type: 'list', size: 88 }, { id: 3, type: 'int', size: 28 }] }),
        'freed at this step: 2 int (56 B), 1 list (88 B)',
      );
    });
  });
});
