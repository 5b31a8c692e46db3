// When the panel asks for the exact view of a step: after an approximate view is drawn and the
// user has rested REFINE_REST_MS (not playing, not dragging, no step on its way), once per visit;
// the reply is drawn only when the panel is still on that step, with the same query. Then the
// controller that follows it, over a host that records the requests.

import * as assert from 'assert';
import { REFINE_REST_MS, RefinePlanner, RefineState } from '../../src/webview/model/refine';
import { Controller } from '../../src/webview/controller';
import { Store } from '../../src/webview/store';

function state(extra: Partial<RefineState> = {}): RefineState {
  return {
    runId: 1, step: 40, view: { step: 40, exact: false }, playing: false, scrubbing: false, busy: false, queryKey: '{}', ...extra,
  };
}

describe('webview refinement of a step the user rests on', () => {
  it('asks once the panel has rested, and not before', () => {
    const p = new RefinePlanner();
    p.drawn(1000);
    assert.strictEqual(p.restLeft(1000), REFINE_REST_MS);
    assert.strictEqual(p.due(state(), 1000 + REFINE_REST_MS - 1), null);
    assert.strictEqual(p.restLeft(1100), REFINE_REST_MS - 100);
    assert.strictEqual(p.due(state(), 1000 + REFINE_REST_MS), 40);
    assert.deepStrictEqual(p.refining, { runId: 1, step: 40 });
    // one at a time
    assert.strictEqual(p.due(state(), 5000), null);
  });

  it('waits while the user plays, drags the slider, or a step is on its way', () => {
    for (const busy of [{ playing: true }, { scrubbing: true }, { busy: true }]) {
      const p = new RefinePlanner();
      p.drawn(0);
      assert.strictEqual(p.due(state(busy), 10_000), null, JSON.stringify(busy));
      assert.strictEqual(p.due(state(), 10_000), 40, 'then asks');
    }
    // any activity starts the rest again
    const p = new RefinePlanner();
    p.drawn(0);
    p.activity(900);
    assert.strictEqual(p.due(state(), 1000), null);
    assert.strictEqual(p.due(state(), 900 + REFINE_REST_MS), 40);
  });

  it('asks nothing for an exact view, a view of another step, or no run', () => {
    const p = new RefinePlanner();
    p.drawn(0);
    assert.strictEqual(p.due(state({ view: { step: 40, exact: true } }), 10_000), null);
    assert.strictEqual(p.due(state({ view: { step: 39, exact: false } }), 10_000), null, 'the panel is moving to step 40');
    assert.strictEqual(p.due(state({ view: null }), 10_000), null);
    assert.strictEqual(p.due(state({ runId: null }), 10_000), null);
  });

  it('refines a visit once, whatever the reply; a new query or a new visit again', () => {
    const p = new RefinePlanner();
    p.drawn(0);
    assert.strictEqual(p.due(state(), 1000), 40);
    // the worker gave up (a message came meanwhile) or could not replay: an approximate reply
    assert.strictEqual(p.settle({ exact: false }, state()), false);
    assert.strictEqual(p.refining, null);
    assert.strictEqual(p.due(state(), 2000), null, 'not again for this visit');
    // the selection changed: another query of the same step
    assert.strictEqual(p.due(state({ queryKey: '{"include":[7]}' }), 2000), 40);
    p.settle(null, state());
    // the user went away and came back: a new view drawn, a new visit
    p.drawn(3000);
    assert.strictEqual(p.due(state(), 3000 + REFINE_REST_MS), 40);
  });

  it('draws the reply only when the panel is still on its step, run and query', () => {
    const cases: [Partial<RefineState>, boolean][] = [
      [{}, true],
      [{ step: 41, view: { step: 41, exact: false } }, false],
      [{ step: 41 }, false],
      [{ runId: 2 }, false],
      [{ queryKey: '{"expand":[{"type":"str","limit":50}]}' }, false],
      // an exact view came meanwhile (a checkpoint's step): nothing to refine
      [{ view: { step: 40, exact: true } }, false],
    ];
    for (const [now, draw] of cases) {
      const p = new RefinePlanner();
      p.drawn(0);
      assert.strictEqual(p.due(state(), 1000), 40);
      assert.strictEqual(p.settle({ exact: true }, state(now)), draw, JSON.stringify(now));
    }
    // an approximate reply is never drawn over the approximate view
    const p = new RefinePlanner();
    p.drawn(0);
    p.due(state(), 1000);
    assert.strictEqual(p.settle({ exact: false }, state()), false);
  });

  it('forgets everything for a new run', () => {
    const p = new RefinePlanner();
    p.drawn(0);
    p.due(state(), 1000);
    p.reset();
    assert.strictEqual(p.refining, null);
    assert.strictEqual(p.due(state({ runId: 2 }), 1000), null, 'nothing drawn of the new run yet');
    p.drawn(2000);
    assert.strictEqual(p.due(state({ runId: 2 }), 2000 + REFINE_REST_MS), 40);
  });
});

describe('webview controller: refining the step it rests on', function () {
  this.timeout(10_000);
  const g = globalThis as unknown as { requestAnimationFrame?: (f: () => void) => unknown };
  let raf: typeof g.requestAnimationFrame;
  before(() => { raf = g.requestAnimationFrame; g.requestAnimationFrame = (f) => setTimeout(f, 0); });
  after(() => { g.requestAnimationFrame = raf; });

  /** a controller over a host that records the step requests and answers them when told */
  function panel() {
    const store = new Store({
      run: null, running: null, step: 0, view: null, previousView: null, viewRun: null, viewError: null, loading: false,
      refining: false, selected: null, expand: [], playing: false, speed: 10, notice: null, version: null,
    });
    const controller = new Controller(store);
    const sent: { id: number; step: number; exact: boolean }[] = [];
    const replies = new Map<number, (m: unknown) => void>();
    const host = {
      savedState: () => null, ready: () => undefined, saveState: () => undefined, forgetFinds: () => undefined, stepShown: () => undefined,
      requestStep(runId: number, query: { step: number; exact?: boolean }) {
        const id = sent.length + 1;
        sent.push({ id, step: query.step, exact: query.exact === true });
        return { requestId: id, reply: new Promise((resolve) => replies.set(id, resolve)) };
      },
    };
    controller.start(host as never);
    controller.push({ type: 'session', run: { runId: 1, totalSteps: 100, uri: 'u', version: '3.12', end: 'finished' }, step: 10 } as never);
    const answer = (id: number, exact: boolean) => {
      const step = sent[id - 1].step;
      replies.get(id)!({ type: 'stepView', requestId: id, runId: 1, view: { step, exact, frames: [], objects: [], groups: [], line: 1, totalSteps: 100 } });
    };
    return { controller, store, sent, answer };
  }
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('asks for the exact view once the user rests, draws it, and asks nothing more', async () => {
    const { store, sent, answer } = panel();
    answer(1, false);
    await wait(REFINE_REST_MS / 2);
    assert.deepStrictEqual(sent.map((s) => s.exact), [false], 'not before the rest');
    await wait(REFINE_REST_MS);
    assert.deepStrictEqual(sent[1], { id: 2, step: 10, exact: true });
    assert.strictEqual(store.state.refining, true);
    answer(2, true);
    await wait(10);
    assert.strictEqual(store.state.view?.exact, true);
    assert.strictEqual(store.state.refining, false);
    await wait(REFINE_REST_MS * 2);
    assert.strictEqual(sent.length, 2);
  });

  it('does not hold up a step asked for during a refinement, and drops the refinement\'s reply', async () => {
    const { controller, store, sent, answer } = panel();
    answer(1, false);
    await wait(REFINE_REST_MS + 50);
    assert.strictEqual(sent[1].exact, true);
    controller.next();
    assert.deepStrictEqual(sent[2], { id: 3, step: 11, exact: false }, 'the next step goes out at once');
    // the worker gave the refinement up for the next step: its (approximate) reply comes first
    answer(2, false);
    answer(3, false);
    await wait(10);
    assert.strictEqual(store.state.view?.step, 11);
    assert.strictEqual(store.state.refining, false);
    // resting on step 11 refines it
    await wait(REFINE_REST_MS + 50);
    assert.deepStrictEqual(sent[3], { id: 4, step: 11, exact: true });
  });

  it('refines nothing while playing', async () => {
    const { controller, sent, answer } = panel();
    answer(1, false);
    controller.togglePlay();
    await wait(REFINE_REST_MS + 50);
    assert.ok(sent.every((s) => !s.exact), JSON.stringify(sent));
    controller.togglePlay();
  });
});
