// The panel's one store: the run shown, the step, the view drawn, the selection, the expanded
// groups, playback. Components subscribe and are told which fields changed; only the controller
// writes. Plain TypeScript, no DOM.

import type { AllocMapView, CollectionsView, ObjectDetails, PyVersion, RunInfo, RunningMessage, SnippetInfo, StepView } from '../shared/protocol';
import type { Expansion } from './model/groups';
import type { MemoryChartState } from './model/memoryChart';

export interface AppState {
  run: RunInfo | null;
  /** the simulation in progress, if any */
  running: RunningMessage | null;
  /** the step the panel is at or moving to */
  step: number;
  /** the view drawn, and the one drawn before it (its freed objects come back as ghosts) */
  view: StepView | null;
  previousView: StepView | null;
  /** the run `view` belongs to (a new run keeps the old drawing until its first view comes) */
  viewRun: number | null;
  /** why the last request had no view */
  viewError: string | null;
  /** a request is in flight */
  loading: boolean;
  /** the exact view of the step drawn (not exact) is on its way (model/refine.ts) */
  refining: boolean;
  selected: number | null;
  expand: Expansion[];
  playing: boolean;
  /** steps per second */
  speed: number;
  /** a short message for a moment ("No later heap change") */
  notice: string | null;
  /** the version the picker shows (the run's, or one just picked) */
  version: PyVersion | null;
  /** the Allocator tab is shown (its maps are asked for only then) */
  allocatorOpen?: boolean;
  /** the allocator map drawn, and the run it belongs to */
  allocMap?: AllocMapView | null;
  allocMapRun?: number | null;
  /** the pool zoomed into, by address (null: the whole map) */
  allocPool?: number | null;
  /** the Memory tab's series (null until the tab asks for them) */
  memory?: MemoryChartState | null;
  /** the details of the selected object at the step shown (detailsRequests.ts), and the run */
  details?: ObjectDetails | null;
  detailsRun?: number | null;
  /** the Collector tab is shown (its collections are asked for only then) */
  collectorOpen?: boolean;
  /** the collections at the step, and the run they belong to */
  collections?: CollectionsView | null;
  collectionsRun?: number | null;
  /** the collection opened (its index in the run), the phase shown of it */
  collectionOpen?: number | null;
  collectionPhase?: number;
  /** the objects a collection's phase is about: highlighted in the heap (null: none) */
  highlight?: readonly number[] | null;
  /** the annotations of the program shown (an annotated snippet), placed on its run */
  snippet?: SnippetInfo | null;
}

export type Listener = (state: AppState, changed: ReadonlySet<keyof AppState>) => void;

export class Store {
  private current: AppState;
  private readonly listeners = new Set<Listener>();

  constructor(initial: AppState) {
    this.current = initial;
  }

  get state(): AppState {
    return this.current;
  }

  update(patch: Partial<AppState>): void {
    const changed = new Set<keyof AppState>();
    for (const k of Object.keys(patch) as (keyof AppState)[]) {
      if (patch[k] !== this.current[k]) changed.add(k);
    }
    if (!changed.size) return;
    this.current = { ...this.current, ...patch };
    for (const l of this.listeners) l(this.current, changed);
  }

  /** calls `l` now with every field changed, then on each update */
  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    l(this.current, new Set(Object.keys(this.current) as (keyof AppState)[]));
    return () => this.listeners.delete(l);
  }
}
