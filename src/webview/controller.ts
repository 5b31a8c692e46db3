// The panel's behaviour: what the host's messages do to the store, which step to ask for (one
// request in flight, the latest position wins), playback against the clock, "previous/next heap
// change", the selection and the expanded groups (kept with setState for a reload), the
// stepShown report after each painted step, and the exact view of a step the user rests on
// (model/refine.ts: asked for beside the step requests, drawn in place of the approximate one).
// The only writer of the store; it talks to the host only through HostConnection.

import type { PanelState, PyVersion, RunInfo, StepViewMessage, ViewQuery } from '../shared/protocol';
import type { Actions } from './actions';
import type { HostConnection, PushMessage } from './messaging';
import { collapseType, expandType } from './model/groups';
import { PlayClock } from './model/playback';
import { RefinePlanner, RefineState } from './model/refine';
import { StepScheduler } from './model/scheduler';
import { MemoryChartRequests } from './memoryChartRequests';
import { hasSteps } from './model/timeline';
import { AllocatorRequests } from './allocatorRequests';
import { DetailsRequests } from './detailsRequests';
import { CollectorRequests } from './collectorRequests';
import { HIGHLIGHT_INCLUDE } from './model/collector';
import { focusId, snippetAt } from './model/snippet';
import type { Store } from './store';

/** how long a notice stays */
const NOTICE_MS = 2500;
/** a hidden panel draws no frames: report a step shown after this long anyway */
const PAINT_FALLBACK_MS = 500;

export class Controller implements Actions {
  private host!: HostConnection;
  private readonly scheduler = new StepScheduler((step) => this.issue(step));
  /** when each step request left, by request id */
  private readonly started = new Map<number, number>();
  private readonly clock = new PlayClock();
  private playTimer: ReturnType<typeof setTimeout> | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  /** the snippet's focus last applied (its run and point) */
  private focusApplied = '';
  /** the state saved before a reload, until the run it describes arrives */
  private restored: PanelState | null = null;
  /** when to ask for the exact view of the step the user rests on */
  private readonly refiner = new RefinePlanner();
  private refineTimer: ReturnType<typeof setTimeout> | undefined;
  /** the slider's thumb is being dragged */
  private scrubbing = false;
  private readonly memory: MemoryChartRequests;

  /** the allocator maps of the Allocator tab */
  private readonly allocator: AllocatorRequests;
  /** the selected object's details */
  private readonly details: DetailsRequests;
  /** the collections of the Collector tab */
  private readonly collector: CollectorRequests;

  constructor(private readonly store: Store) {
    this.allocator = new AllocatorRequests(store, (runId, query) => this.host.requestAllocMap(runId, query).reply);
    this.memory = new MemoryChartRequests(store, () => this.host);
    this.details = new DetailsRequests(store, (runId, query) => this.host.requestDetails(runId, query).reply);
    this.collector = new CollectorRequests(store, (runId, query) => this.host.requestCollections(runId, query).reply);
    store.subscribe((_s, changed) => { if (changed.has('highlight') && this.host) this.refresh(); });
  }

  /** connects to the host and says the panel is ready (with what it saved before a reload) */
  start(host: HostConnection): void {
    this.host = host;
    const saved = host.savedState();
    this.restored = saved;
    if (saved) this.store.update({ expand: saved.expand, selected: saved.selected, step: saved.step, version: saved.version });
    host.ready(saved);
  }

  // --- from the host -----------------------------------------------------------------------------

  push(m: PushMessage): void {
    switch (m.type) {
      case 'session': return this.session(m.run, m.step, m.select);
      case 'running': this.store.update({ running: m, version: m.version }); return;
      case 'snippet': this.store.update({ snippet: m.snippet }); this.focusSnippet(); return;
      case 'goToStep':
        if (m.select !== undefined && m.select !== this.store.state.selected) {
          this.store.update({ selected: m.select || null });
          // the same step asked again draws the selection
          if (m.step === this.store.state.step) { this.refresh(); this.save(); return; }
        }
        return this.goTo(m.step, false);
    }
  }

  private session(run: RunInfo, step: number, select?: number): void {
    const s = this.store.state;
    const sameDocument = (s.run?.uri ?? this.restored?.uri) === run.uri;
    this.restored = null;
    this.pause();
    this.scheduler.reset();
    this.started.clear();
    this.host.forgetFinds();
    this.refiner.reset();
    if (this.refineTimer !== undefined) clearTimeout(this.refineTimer);
    this.refineTimer = undefined;
    const total = run.totalSteps;
    this.store.update({
      run,
      running: null,
      version: run.version,
      step: Math.max(0, Math.min(step, total)),
      previousView: null,
      viewError: null,
      loading: false,
      refining: false,
      expand: sameDocument ? s.expand : [],
      selected: select !== undefined ? select || null : sameDocument ? s.selected : null,
    });
    if (hasSteps(run)) this.scheduler.want(this.store.state.step);
    else this.store.update({ view: null, viewRun: null });
    this.memory.session();
    this.save();
  }

  // --- step requests -----------------------------------------------------------------------------

  private query(step: number): ViewQuery {
    const s = this.store.state;
    const q: ViewQuery = { step };
    if (s.expand.length) q.expand = s.expand.map((e) => ({ ...e }));
    if (s.selected !== null) q.include = [s.selected];
    // (the objects of a collector phase are drawn even when no name reaches them: cyclic garbage)
    if (s.highlight?.length) q.include = [...(q.include ?? []), ...s.highlight.slice(0, HIGHLIGHT_INCLUDE)];
    return q;
  }

  private issue(step: number): number {
    const run = this.store.state.run!;
    const { requestId, reply } = this.host.requestStep(run.runId, this.query(step));
    this.started.set(requestId, performance.now());
    this.store.update({ loading: true });
    void reply.then((m) => this.reply(requestId, m));
    return requestId;
  }

  private reply(requestId: number, m: StepViewMessage): void {
    const t0 = this.started.get(requestId) ?? performance.now();
    this.started.delete(requestId);
    if (!this.scheduler.settle(requestId)) return;
    const run = this.store.state.run;
    if (!run || m.runId !== run.runId) return;
    const arrived = performance.now();
    if (!m.view) {
      const error = m.error ?? 'the host sent no view';
      this.store.update({ viewError: error, loading: this.scheduler.busy });
      // the drawing of the step before stays; the notice says why it did not change
      if (this.store.state.view) this.notice(`This step cannot be shown: ${error}`);
      this.pause();
      return;
    }
    const view = m.view;
    const s = this.store.state;
    // the view drawn before this one, for the ghosts of what this step freed; a new view of the
    // same step (an expansion) keeps the one before
    let previousView = s.previousView;
    if (s.view && s.viewRun === run.runId) previousView = s.view.step !== view.step ? s.view : s.previousView;
    else previousView = null;
    this.store.update({ view, previousView, viewRun: run.runId, viewError: null, loading: this.scheduler.busy });
    this.focusSnippet();
    this.refiner.drawn(performance.now());
    this.armRefine();
    afterPaint(() => {
      const now = performance.now();
      this.host.stepShown({ runId: run.runId, step: view.step, line: view.line, paintMs: now - t0, renderMs: now - arrived, selected: this.store.state.selected });
      this.playOn();
    });
  }

  /** the focus of the snippet's point the run has reached at the step drawn: its object is
   *  selected (and so kept in view), once per point reached, so that the user's own selection
   *  stands until the next point with a focus */
  private focusSnippet(): void {
    const s = this.store.state;
    const info = s.snippet;
    const view = s.view;
    if (!info || !s.run || info.runId !== s.run.runId || !view || s.viewRun !== s.run.runId) return;
    const at = snippetAt(info, view.step);
    if (!at.focus.length) return;
    const key = `${info.runId}:${at.focusKey}`;
    if (key === this.focusApplied) return;
    this.focusApplied = key;
    const id = focusId(view, at.focus[0]);
    if (id !== null && id !== s.selected) {
      this.store.update({ selected: id });
      this.refresh();
      this.save();
    }
  }

  /** move to `step`; a user's move stops playback */
  goTo(step: number, fromPlayback = false): void {
    const run = this.store.state.run;
    if (!run || !hasSteps(run)) return;
    this.refiner.activity(performance.now());
    if (!fromPlayback) this.pause();
    const target = Math.max(0, Math.min(Math.round(step), run.totalSteps));
    if (target === this.store.state.step && this.store.state.view?.step === target && this.store.state.viewRun === run.runId) return;
    this.store.update({ step: target });
    this.scheduler.want(target);
    this.save();
  }

  /** the same step again, with the current expansions and selection */
  private refresh(): void {
    const run = this.store.state.run;
    if (!run || !hasSteps(run)) return;
    this.scheduler.want(this.store.state.step);
  }

  first(): void { this.goTo(0); }
  last(): void { this.goTo(this.store.state.run?.totalSteps ?? 0); }
  previous(): void { this.goTo(this.store.state.step - 1); }
  next(): void { this.goTo(this.store.state.step + 1); }

  // --- playback ----------------------------------------------------------------------------------

  togglePlay(): void {
    const s = this.store.state;
    if (s.playing) return this.pause();
    const run = s.run;
    if (!run || !hasSteps(run) || run.totalSteps === 0) return;
    // at the end, play from the start
    if (s.step >= run.totalSteps) this.goTo(0);
    this.store.update({ playing: true });
    this.clock.start(this.store.state.step, performance.now(), s.speed);
    this.playOn();
  }

  private pause(): void {
    if (this.playTimer !== undefined) clearTimeout(this.playTimer);
    this.playTimer = undefined;
    if (this.store.state.playing) {
      this.store.update({ playing: false });
      this.refiner.activity(performance.now());
      this.armRefine();
    }
  }

  /** after a painted step: ask for the step due now, or wait until the next one is */
  private playOn(): void {
    const s = this.store.state;
    if (!s.playing || !s.run) return;
    if (this.scheduler.busy) return;
    if (this.playTimer !== undefined) clearTimeout(this.playTimer);
    this.playTimer = undefined;
    const last = s.run.totalSteps;
    const shown = s.view?.step ?? s.step;
    if (shown >= last) return this.pause();
    const now = performance.now();
    const due = this.clock.due(now, last);
    if (due > shown) {
      this.goTo(due, true);
      return;
    }
    this.playTimer = setTimeout(() => {
      this.playTimer = undefined;
      this.playOn();
    }, this.clock.delayAfter(shown, now));
  }

  setSpeed(stepsPerSecond: number): void {
    if (!(stepsPerSecond > 0)) return;
    this.refiner.activity(performance.now());
    this.store.update({ speed: stepsPerSecond });
    if (this.store.state.playing) {
      this.clock.start(this.store.state.view?.step ?? this.store.state.step, performance.now(), stepsPerSecond);
      this.playOn();
    }
  }

  // --- the rest ----------------------------------------------------------------------------------

  heapChange(direction: 1 | -1): void {
    const s = this.store.state;
    const run = s.run;
    if (!run || !hasSteps(run)) return;
    this.pause();
    const runId = run.runId;
    void this.host.findStep(runId, 'heapChange', direction, s.step).then((step) => {
      if (this.store.state.run?.runId !== runId) return;
      if (step === null) this.notice(direction > 0 ? 'No later step allocates or frees an object.' : 'No earlier step allocates or frees an object.');
      else this.goTo(step);
    });
  }

  selectVersion(version: PyVersion): void {
    this.pause();
    this.store.update({ version });
    this.host.selectVersion(version);
  }

  rerun(): void {
    this.pause();
    this.host.rerun();
  }

  cancel(): void {
    this.host.cancel();
  }

  compareVersions(versions: [PyVersion, PyVersion]): void {
    this.pause();
    this.host.compareVersions(versions);
  }

  revealLine(line: number): void {
    if (line > 0) this.host.revealLine(line);
  }

  /** the slider's thumb is pressed (true) or let go (false): no refinement while it is dragged */
  scrub(active: boolean): void {
    this.scrubbing = active;
    this.refiner.activity(performance.now());
    if (!active) this.armRefine();
  }

  /** selects an object (again on the selected one: none) */
  select(id: number | null): void {
    this.refiner.activity(performance.now());
    this.armRefine();
    this.store.update({ selected: id !== null && id === this.store.state.selected ? null : id });
    this.save();
  }

  expand(type: string): void {
    this.refiner.activity(performance.now());
    this.store.update({ expand: expandType(this.store.state.expand, type) });
    this.save();
    this.refresh();
  }

  collapse(type: string): void {
    this.refiner.activity(performance.now());
    this.store.update({ expand: collapseType(this.store.state.expand, type) });
    this.save();
    this.refresh();
  }

  showAllocator(open: boolean): void {
    this.store.update({ allocatorOpen: open });
  }

  openPool(address: number | null): void {
    this.store.update({ allocPool: address });
  }
  showMemory(buckets: number): void { this.memory.show(buckets); }
  zoomMemory(from: number, to: number, buckets: number): void { this.memory.zoom(from, to, buckets); }
  resetMemoryZoom(): void { this.memory.resetZoom(); }

  showCollector(open: boolean): void {
    this.store.update({ collectorOpen: open });
  }

  openCollection(index: number | null): void {
    this.collector.open(index);
  }

  showPhase(index: number): void {
    this.collector.phase(index);
  }

  // --- the exact view of a step the user rests on ------------------------------------------------

  private refineState(): RefineState {
    const s = this.store.state;
    const run = s.run;
    const { step: _step, ...rest } = this.query(s.step);
    void _step;
    return {
      runId: run && hasSteps(run) ? run.runId : null,
      step: s.step,
      view: s.view && run && s.viewRun === run.runId ? { step: s.view.step, exact: s.view.exact } : null,
      playing: s.playing,
      scrubbing: this.scrubbing,
      busy: this.scheduler.busy || this.scheduler.pending !== null,
      queryKey: JSON.stringify(rest),
    };
  }

  /** look again once the panel may have rested long enough */
  private armRefine(): void {
    if (this.refineTimer !== undefined) clearTimeout(this.refineTimer);
    this.refineTimer = setTimeout(() => {
      this.refineTimer = undefined;
      this.refine();
    }, this.refiner.restLeft(performance.now()) + 1);
  }

  private refine(): void {
    const now = performance.now();
    // (a timer may fire a little before its time by this clock)
    if (this.refiner.restLeft(now) > 0) return this.armRefine();
    const step = this.refiner.due(this.refineState(), now);
    const run = this.store.state.run;
    if (step === null || !run) return;
    const runId = run.runId;
    const { reply } = this.host.requestStep(runId, { ...this.query(step), exact: true });
    this.store.update({ refining: true });
    void reply.then((m) => {
      if (this.store.state.run?.runId !== runId) return;
      const draw = this.refiner.settle(m.runId === runId ? m.view : null, this.refineState());
      // the same step, refined: the selection, the expansions and the view before stay
      if (draw && m.view) this.store.update({ view: m.view, refining: false });
      else this.store.update({ refining: false });
    });
  }

  private notice(text: string): void {
    if (this.noticeTimer !== undefined) clearTimeout(this.noticeTimer);
    this.store.update({ notice: text });
    this.noticeTimer = setTimeout(() => this.store.update({ notice: null }), NOTICE_MS);
  }

  /** what a reload restores: kept with setState after every change */
  private save(): void {
    const s = this.store.state;
    if (!s.run) return;
    this.host.saveState({ uri: s.run.uri, version: s.run.version, step: s.step, expand: s.expand, selected: s.selected });
  }
}

/** `fn` once the frame with the changes just made has been painted (or a while later when the
 *  panel is hidden and paints nothing) */
function afterPaint(fn: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    fn();
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, PAINT_FALLBACK_MS);
}
