// The Memory tab's requests (memoryChartRequests.ts, the controller's part for the tab): the
// whole run's series is asked for once per run, when the tab is shown, and again for a new run
// once the tab has been shown; a zoom asks for its range and only the latest zoom's reply is
// drawn; a reply about an older run is dropped; a failure is kept to be shown.

import * as assert from 'assert';
import type { MemorySeries, MemorySeriesMessage } from '../../src/shared/protocol';
import type { HostConnection } from '../../src/webview/messaging';
import { MemoryChartRequests } from '../../src/webview/memoryChartRequests';
import { Store, AppState } from '../../src/webview/store';
import { runInfo } from './fixtures';

interface Asked { runId: number; from: number; to: number; buckets: number; answer: (m: Partial<MemorySeriesMessage>) => Promise<void> }

function setup() {
  const asked: Asked[] = [];
  const host = {
    requestMemorySeries(runId: number, from: number, to: number, buckets: number): Promise<MemorySeriesMessage> {
      return new Promise((resolve) => {
        asked.push({
          runId, from, to, buckets,
          answer: async (m) => {
            resolve({ type: 'memorySeries', requestId: asked.length, runId, series: null, ...m });
            await new Promise((r) => setTimeout(r, 0));
          },
        });
      });
    },
  } as unknown as HostConnection;
  const store = new Store({
    run: runInfo({ runId: 1, totalSteps: 1000 }), running: null, step: 0, view: null, previousView: null, viewRun: null, viewError: null,
    loading: false, refining: false, selected: null, expand: [], playing: false, speed: 2, notice: null, version: null, memory: null,
  } as AppState);
  const req = new MemoryChartRequests(store, () => host);
  return { asked, store, req };
}

function series(from: number, to: number): MemorySeries {
  const fig = { min: [0], max: [0], minFirst: [1] };
  return {
    from, to, stride: to - from + 1, start: [from], end: [to], pymallocBytes: fig, rawBytes: fig, allocatedBlocks: fig, arenas: fig,
    marks: [], arenaSize: 1 << 20, totalSteps: 1000,
  };
}

describe('memory tab requests', () => {
  it('asks for the whole run once per run, when the tab is shown', async () => {
    const { asked, store, req } = setup();
    req.show(800);
    req.show(800);
    assert.deepStrictEqual(asked.map((a) => [a.runId, a.from, a.to, a.buckets]), [[1, 0, 1000, 800]]);
    assert.strictEqual(store.state.memory?.loading, true);
    const full = series(0, 1000);
    await asked[0].answer({ series: full });
    assert.strictEqual(store.state.memory?.full, full);
    assert.strictEqual(store.state.memory?.loading, false);
    // a new run, with the tab shown before: asked for at once
    store.update({ run: runInfo({ runId: 2, totalSteps: 50 }) });
    req.session();
    assert.deepStrictEqual(store.state.memory, { runId: 2, full: null, zoom: null, loading: true, error: null });
    assert.deepStrictEqual(asked.slice(1).map((a) => [a.runId, a.from, a.to]), [[2, 0, 50]]);
  });

  it('does not ask before the tab is shown, nor for a run without steps', () => {
    const { asked, store, req } = setup();
    req.session();
    assert.strictEqual(asked.length, 0);
    store.update({ run: runInfo({ runId: 3, end: 'syntax', totalSteps: 0 }) });
    req.show(500);
    assert.strictEqual(asked.length, 0);
  });

  it('draws only the latest zoom, keeps the whole run, and resets', async () => {
    const { asked, store, req } = setup();
    req.show(800);
    const full = series(0, 1000);
    await asked[0].answer({ series: full });
    req.zoom(300.4, 100.2, 800);
    req.zoom(400, 500, 800);
    assert.deepStrictEqual(asked.slice(1).map((a) => [a.from, a.to]), [[100, 300], [400, 500]]);
    const second = series(400, 500);
    await asked[2].answer({ series: second });
    await asked[1].answer({ series: series(100, 300) });
    assert.strictEqual(store.state.memory?.zoom, second);
    assert.strictEqual(store.state.memory?.full, full);
    req.resetZoom();
    assert.strictEqual(store.state.memory?.zoom, null);
    // a zoom of nothing, or outside the run, asks nothing
    req.zoom(5, 5, 800);
    req.zoom(2000, 3000, 800);
    assert.strictEqual(asked.length, 3);
  });

  it('drops a reply about an older run, and keeps why a request failed', async () => {
    const { asked, store, req } = setup();
    req.show(800);
    store.update({ run: runInfo({ runId: 2, totalSteps: 10 }) });
    req.session();
    await asked[0].answer({ series: series(0, 1000) });
    assert.strictEqual(store.state.memory?.full ?? null, null);
    await asked[1].answer({ series: null, error: 'this run is no longer available' });
    assert.strictEqual(store.state.memory?.error, 'this run is no longer available');
    assert.strictEqual(store.state.memory?.loading, false);
    // (asked again when shown again)
    req.show(800);
    assert.strictEqual(asked.length, 3);
  });
});
