// The Allocator tab's requests (allocatorRequests.ts): nothing is asked while the tab is hidden;
// once shown, the map of the panel's step, one request in flight, the latest step wanted asked for
// next (the steps passed meanwhile are skipped); a pool zoomed into is asked with its step; a reply
// about another run is dropped.

import * as assert from 'assert';
import type { AllocMapMessage, AllocMapQuery, AllocMapView } from '../../src/shared/protocol';
import { AllocatorRequests } from '../../src/webview/allocatorRequests';
import { Store } from '../../src/webview/store';
import type { AppState } from '../../src/webview/store';
import { runInfo } from './fixtures';

function state(extra: Partial<AppState> = {}): AppState {
  return {
    run: runInfo({ runId: 1, totalSteps: 50 }), running: null, step: 3, view: null, previousView: null, viewRun: null, viewError: null,
    loading: false, refining: false, selected: null, expand: [], playing: false, speed: 2, notice: null, version: '3.12', ...extra,
  };
}

const fakeMap = (step: number): AllocMapView => ({ step } as AllocMapView);

describe('webview allocator requests', () => {
  it('asks only while the tab is shown, one at a time, the latest step next', async () => {
    const store = new Store(state());
    const asked: [number, AllocMapQuery][] = [];
    const replies: ((m: AllocMapMessage) => void)[] = [];
    new AllocatorRequests(store, (runId, query) => {
      asked.push([runId, query]);
      return new Promise((resolve) => replies.push(resolve));
    });
    assert.strictEqual(asked.length, 0, 'hidden: nothing asked');
    store.update({ allocatorOpen: true });
    assert.deepStrictEqual(asked, [[1, { step: 3, pool: null }]]);
    store.update({ step: 4 });
    store.update({ step: 5 });
    assert.strictEqual(asked.length, 1, 'one in flight');
    replies[0]({ type: 'allocMap', requestId: 1, runId: 1, map: fakeMap(3) });
    await new Promise((r) => setTimeout(r, 0));
    assert.strictEqual(store.state.allocMap?.step, 3);
    assert.strictEqual(store.state.allocMapRun, 1);
    assert.deepStrictEqual(asked[1], [1, { step: 5, pool: null }], 'step 4 skipped');
    store.update({ allocPool: 0x7000 });
    replies[1]({ type: 'allocMap', requestId: 2, runId: 1, map: fakeMap(5) });
    await new Promise((r) => setTimeout(r, 0));
    assert.deepStrictEqual(asked[2], [1, { step: 5, pool: 0x7000 }]);
    // a reply for a run no longer shown is dropped
    store.update({ run: runInfo({ runId: 2, totalSteps: 10 }) });
    replies[2]({ type: 'allocMap', requestId: 3, runId: 1, map: fakeMap(5) });
    await new Promise((r) => setTimeout(r, 0));
    assert.strictEqual(store.state.allocMapRun, 1);
    assert.strictEqual(store.state.allocMap?.step, 5);
    assert.strictEqual(store.state.allocPool, null, 'a new run goes back to the whole map');
    assert.deepStrictEqual(asked[3], [2, { step: 5, pool: null }]);
    // hidden again: steps ask nothing
    store.update({ allocatorOpen: false });
    store.update({ step: 7 });
    replies[3]({ type: 'allocMap', requestId: 4, runId: 2, map: fakeMap(5) });
    await new Promise((r) => setTimeout(r, 0));
    assert.strictEqual(asked.length, 4);
  });
});
