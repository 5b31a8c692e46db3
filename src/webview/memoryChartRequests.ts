// The Memory tab's requests, for the controller (the store's only writer): the series of the
// whole run once per run, when the tab is first shown (and again for a new run while it is
// open), and the finer series of a range the user zooms into (the latest range asked for wins).

import type { MemorySeriesMessage } from '../shared/protocol';
import type { HostConnection } from './messaging';
import type { MemoryChartState } from './model/memoryChart';
import { hasSteps } from './model/timeline';
import type { Store } from './store';

export class MemoryChartRequests {
  /** the tab has been shown: a new run's series is asked for at once */
  private wanted = false;
  private buckets = 1000;
  /** the run whose whole series was asked for */
  private fullAsked = -1;
  /** the latest request: only its reply is drawn */
  private latest = 0;

  constructor(private readonly store: Store, private readonly host: () => HostConnection) {}

  /** a new run: its series is asked for when the tab is (or has been) open */
  session(): void {
    this.store.update({ memory: null });
    this.fullAsked = -1;
    if (this.wanted) this.show(this.buckets);
  }

  /** the tab is shown, `buckets` wide */
  show(buckets: number): void {
    this.wanted = true;
    this.buckets = buckets;
    const run = this.store.state.run;
    if (!run || !hasSteps(run) || this.fullAsked === run.runId) return;
    this.fullAsked = run.runId;
    this.ask(0, run.totalSteps, buckets, 'full');
  }

  /** zoom into steps from..to */
  zoom(from: number, to: number, buckets: number): void {
    const run = this.store.state.run;
    if (!run || !hasSteps(run)) return;
    const a = Math.max(0, Math.min(run.totalSteps, Math.round(Math.min(from, to))));
    const b = Math.max(0, Math.min(run.totalSteps, Math.round(Math.max(from, to))));
    if (b <= a) return;
    this.ask(a, b, buckets, 'zoom');
  }

  resetZoom(): void {
    const m = this.store.state.memory;
    this.latest++;
    if (m && (m.zoom || m.loading)) this.store.update({ memory: { ...m, zoom: null, loading: false } });
  }

  private ask(from: number, to: number, buckets: number, what: 'full' | 'zoom'): void {
    const run = this.store.state.run!;
    const runId = run.runId;
    const token = what === 'zoom' ? ++this.latest : this.latest;
    const m = this.store.state.memory;
    const base: MemoryChartState = m && m.runId === runId ? m : { runId, full: null, zoom: null, loading: false, error: null };
    this.store.update({ memory: { ...base, loading: true } });
    void this.host().requestMemorySeries(runId, from, to, buckets).then((reply: MemorySeriesMessage) => {
      const now = this.store.state.memory;
      if (this.store.state.run?.runId !== runId || reply.runId !== runId) return;
      const cur: MemoryChartState = now && now.runId === runId ? now : { runId, full: null, zoom: null, loading: false, error: null };
      if (what === 'zoom' && token !== this.latest) return;
      if (!reply.series) {
        if (what === 'full') this.fullAsked = -1;
        this.store.update({ memory: { ...cur, loading: false, error: reply.error ?? 'the host sent no series' } });
        return;
      }
      const next: MemoryChartState = what === 'full'
        ? { ...cur, full: reply.series, loading: false, error: null }
        : { ...cur, zoom: reply.series, loading: false, error: null };
      this.store.update({ memory: next });
    });
  }
}
