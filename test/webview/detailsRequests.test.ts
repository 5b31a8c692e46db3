// The details pane's requests (detailsRequests.ts): nothing is asked while nothing is selected;
// once an object is selected, its details at the panel's step, one request in flight, the latest
// wanted asked for next; a reply for an object no longer selected, or a run no longer shown, is
// dropped; clearing the selection clears the details.

import * as assert from 'assert';
import type { ObjectDetails, ObjectDetailsMessage, ObjectDetailsQuery } from '../../src/shared/protocol';
import { DetailsRequests } from '../../src/webview/detailsRequests';
import { Store } from '../../src/webview/store';
import type { AppState } from '../../src/webview/store';
import { runInfo } from './fixtures';

function state(extra: Partial<AppState> = {}): AppState {
  return {
    run: runInfo({ runId: 1, totalSteps: 50 }), running: null, step: 3, view: null, previousView: null, viewRun: null, viewError: null,
    loading: false, refining: false, selected: null, expand: [], playing: false, speed: 2, notice: null, version: '3.12', ...extra,
  };
}

const fake = (id: number, step: number): ObjectDetails => ({ id, step } as ObjectDetails);
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('webview details requests', () => {
  it('asks for the selected object at the step, one at a time, the latest next', async () => {
    const store = new Store(state());
    const asked: [number, ObjectDetailsQuery][] = [];
    const replies: ((m: ObjectDetailsMessage) => void)[] = [];
    new DetailsRequests(store, (runId, query) => {
      asked.push([runId, query]);
      return new Promise((resolve) => replies.push(resolve));
    });
    assert.strictEqual(asked.length, 0, 'nothing selected: nothing asked');
    store.update({ selected: 100 });
    assert.deepStrictEqual(asked, [[1, { step: 3, id: 100 }]]);
    store.update({ step: 4 });
    store.update({ step: 5 });
    assert.strictEqual(asked.length, 1, 'one in flight');
    replies[0]({ type: 'objectDetails', requestId: 1, runId: 1, details: fake(100, 3) });
    await tick();
    assert.strictEqual(store.state.details?.step, 3);
    assert.strictEqual(store.state.detailsRun, 1);
    assert.deepStrictEqual(asked[1], [1, { step: 5, id: 100 }], 'step 4 skipped');
    // another object selected meanwhile: the reply for the first is dropped
    store.update({ selected: 200 });
    replies[1]({ type: 'objectDetails', requestId: 2, runId: 1, details: fake(100, 5) });
    await tick();
    assert.strictEqual(store.state.details?.step, 3);
    assert.deepStrictEqual(asked[2], [1, { step: 5, id: 200 }]);
    replies[2]({ type: 'objectDetails', requestId: 3, runId: 1, details: fake(200, 5) });
    await tick();
    assert.strictEqual(store.state.details?.id, 200);
    // clearing the selection clears the details and asks nothing
    store.update({ selected: null });
    assert.strictEqual(store.state.details, null);
    store.update({ step: 9 });
    assert.strictEqual(asked.length, 3);
  });
});
