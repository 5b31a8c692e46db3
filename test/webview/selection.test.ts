// Selecting objects from the keyboard: Up and Down move through the drawn live objects in the
// view's order (what the names reach first comes first), wrapping; a freed object's ghost is
// skipped; a screen reader hears each box's type, value, size, count and generation.

import * as assert from 'assert';
import { heapGraph } from '../../src/webview/model/graph';
import { boxDescription, stepSelection } from '../../src/webview/model/selection';
import { frame, obj, view } from './fixtures';

describe('webview keyboard selection', () => {
  const v = view([frame('<module>', 3, [['xs', 10], ['n', 20]])], [
    obj(10, 'list', '[1 items]', [[30, '0']]),
    obj(20, 'int', '7'),
    obj(30, 'str', "'a'"),
  ]);
  const g = heapGraph(v, null);

  it('moves down and up through the drawn objects in the view\'s order, wrapping around', () => {
    assert.deepStrictEqual(g.nodes.map((n) => n.id), [10, 20, 30]);
    assert.strictEqual(stepSelection(g, null, 1), 10);
    assert.strictEqual(stepSelection(g, null, -1), 30);
    assert.strictEqual(stepSelection(g, 10, 1), 20);
    assert.strictEqual(stepSelection(g, 20, 1), 30);
    assert.strictEqual(stepSelection(g, 30, 1), 10);
    assert.strictEqual(stepSelection(g, 10, -1), 30);
    // a selection that is not drawn at this step starts over
    assert.strictEqual(stepSelection(g, 99, 1), 10);
  });

  it('skips the ghosts of freed objects, and has nothing to select in an empty drawing', () => {
    const before = view([frame('<module>', 2, [['xs', 10]])], [obj(10, 'list', '[0 items]')], { step: 4 });
    const after = view([frame('<module>', 3, [])], [], { step: 5, freed: { count: 1, items: [{ id: 10, type: 'list', size: 56 }] } });
    const ghosts = heapGraph(after, before);
    assert.ok(ghosts.nodes.some((n) => n.freed && n.id === 10), 'the list is drawn as a ghost');
    assert.strictEqual(stepSelection(ghosts, null, 1), null);
  });

  it('describes a box for a screen reader', () => {
    const list = g.nodes[0];
    assert.strictEqual(boxDescription(list), ['list', '[1 items]', list.sizeLabel, list.rcLabel, list.genLabel].join(', '));
    assert.match(boxDescription(g.nodes[2]), /^str, .*'a', /);
  });
});
