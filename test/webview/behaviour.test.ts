// The panel's pure machinery: one step request in flight, playback against the clock, request
// ids, the keyboard, the selection's highlights.

import * as assert from 'assert';
import { heapGraph } from '../../src/webview/model/graph';
import { keyAction } from '../../src/webview/model/keyboard';
import { PlayClock } from '../../src/webview/model/playback';
import { PendingRequests } from '../../src/webview/model/requests';
import { StepScheduler } from '../../src/webview/model/scheduler';
import { selectionModel } from '../../src/webview/model/selection';
import { frame, obj, view } from './fixtures';

describe('webview step scheduler', () => {
  it('keeps one request in flight and asks for the latest step wanted meanwhile', () => {
    const sent: number[] = [];
    const s = new StepScheduler((step) => { sent.push(step); return sent.length; });
    s.want(1);
    // a drag across the slider while step 1 is on its way
    for (let i = 2; i <= 500; i++) s.want(i);
    assert.deepStrictEqual(sent, [1]);
    assert.strictEqual(s.pending, 500);
    assert.strictEqual(s.settle(1), true);
    assert.deepStrictEqual(sent, [1, 500]);
    assert.strictEqual(s.busy, true);
    assert.strictEqual(s.settle(2), true);
    assert.strictEqual(s.busy, false);
    assert.deepStrictEqual(sent, [1, 500]);
  });

  it('ignores replies to requests it forgot', () => {
    const s = new StepScheduler(() => 7);
    s.want(3);
    s.reset();
    assert.strictEqual(s.settle(7), false);
    assert.strictEqual(s.settle(99), false);
  });
});

describe('webview play clock', () => {
  it('is due a step per 1/speed seconds', () => {
    const c = new PlayClock();
    c.start(10, 1000, 4);
    assert.strictEqual(c.due(1000, 100), 10);
    assert.strictEqual(c.due(1249, 100), 10);
    assert.strictEqual(c.due(1250, 100), 11);
    assert.strictEqual(c.delayAfter(10, 1100), 150);
    assert.strictEqual(c.delayAfter(10, 1300), 0);
  });

  it('skips steps when drawing is slower than the speed, and stops at the last', () => {
    const c = new PlayClock();
    c.start(0, 0, 100);
    // a step took 95 ms to draw: the next one due is 9 steps on, not 1
    assert.strictEqual(c.due(95, 1000), 9);
    assert.strictEqual(c.due(60_000, 1000), 1000);
  });
});

describe('webview pending requests', () => {
  it('matches replies by id and ignores unknown ones', async () => {
    const p = new PendingRequests<string>();
    const a = p.create();
    const b = p.create();
    assert.notStrictEqual(a.id, b.id);
    assert.strictEqual(p.settle(b.id, 'b'), true);
    assert.strictEqual(p.settle(b.id, 'again'), false);
    assert.strictEqual(p.settle(12345, 'x'), false);
    assert.strictEqual(await b.reply, 'b');
    p.settleAll('gone');
    assert.strictEqual(await a.reply, 'gone');
    assert.strictEqual(p.size, 0);
  });
});

describe('webview keyboard', () => {
  const body = { tag: 'body' };
  it('steps with the arrows, Home and End, plays with Space, clears with Escape', () => {
    assert.strictEqual(keyAction({ key: 'ArrowLeft' }, body), 'previous');
    assert.strictEqual(keyAction({ key: 'ArrowRight' }, body), 'next');
    assert.strictEqual(keyAction({ key: 'Home' }, body), 'first');
    assert.strictEqual(keyAction({ key: 'End' }, body), 'last');
    assert.strictEqual(keyAction({ key: ' ' }, body), 'togglePlay');
    assert.strictEqual(keyAction({ key: 'Escape' }, body), 'clearSelection');
    assert.strictEqual(keyAction({ key: 'a' }, body), null);
  });

  it('leaves text fields, selects, modifiers and the slider\'s own keys alone', () => {
    assert.strictEqual(keyAction({ key: 'ArrowLeft' }, { tag: 'input', type: 'text' }), null);
    assert.strictEqual(keyAction({ key: ' ' }, { tag: 'select' }), null);
    assert.strictEqual(keyAction({ key: ' ' }, { tag: 'div', editable: true }), null);
    assert.strictEqual(keyAction({ key: 'ArrowRight', ctrlKey: true }, body), null);
    assert.strictEqual(keyAction({ key: 'ArrowRight' }, { tag: 'input', type: 'range' }), null);
    assert.strictEqual(keyAction({ key: 'End' }, { tag: 'input', type: 'range' }), null);
    assert.strictEqual(keyAction({ key: ' ' }, { tag: 'input', type: 'range' }), 'togglePlay');
  });

  it('lets a focused button have Space, but steps from it with the arrows', () => {
    assert.strictEqual(keyAction({ key: ' ' }, { tag: 'button' }), null);
    assert.strictEqual(keyAction({ key: ' ' }, { tag: 'vscode-button' }), null);
    assert.strictEqual(keyAction({ key: 'ArrowRight' }, { tag: 'button' }), 'next');
  });
});

describe('webview selection', () => {
  const g = heapGraph(view([frame('m', 1, [['a', 1], ['b', 2]])], [obj(1, 'list', null, [2, 3]), obj(2, 'int', '1'), obj(3, 'int', '2')]));

  it('lights up the box, the arrows into and out of it and its neighbours', () => {
    const s = selectionModel(g, 1);
    assert.strictEqual(s.box, 'o1');
    assert.deepStrictEqual([...s.arrows].sort(), ['o1:0', 'o1:1', 's:f0:0']);
    assert.deepStrictEqual([...s.neighbours].sort(), ['o2', 'o3']);
    const t = selectionModel(g, 2);
    assert.deepStrictEqual([...t.arrows].sort(), ['o1:0', 's:f0:1']);
    assert.deepStrictEqual([...t.neighbours], ['o1']);
  });

  it('keeps a selection that is not drawn at this step without a box', () => {
    const s = selectionModel(g, 99);
    assert.strictEqual(s.box, null);
    assert.strictEqual(s.arrows.size, 0);
    assert.strictEqual(selectionModel(g, null).box, null);
  });
});
