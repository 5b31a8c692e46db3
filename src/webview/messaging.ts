// The panel's only line to the extension host: acquireVsCodeApi() is called here and nowhere
// else, and so is postMessage. Requests carry ids from PendingRequests and their replies are
// matched by requestId; the host's other messages (a new run, progress, "go to step") go to
// `onPush`. The state VS Code keeps for the panel across reloads (setState) is also here.

import type {
  AllocMapMessage, AllocMapQuery, CollectionsMessage, CollectionsQuery, FoundStepMessage, FromWebviewMessage, GoToStepMessage, SnippetMessage,
  MemorySeriesMessage, ObjectDetailsMessage, ObjectDetailsQuery, PanelState, PyVersion, RunningMessage, SessionMessage,
  StepShownMessage, StepViewMessage, ToWebviewMessage, ViewQuery,
} from '../shared/protocol';
import { PendingRequests } from './model/requests';
import { allocatorPng } from './allocatorPng';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export type PushMessage = SessionMessage | RunningMessage | GoToStepMessage | SnippetMessage;

export class HostConnection {
  private readonly api: VsCodeApi;
  private readonly steps = new PendingRequests<StepViewMessage>();
  private readonly finds = new PendingRequests<number | null>();
  private readonly allocMaps = new PendingRequests<AllocMapMessage>();
  private readonly series = new PendingRequests<MemorySeriesMessage>();
  private readonly details = new PendingRequests<ObjectDetailsMessage>();
  private readonly collections = new PendingRequests<CollectionsMessage>();

  constructor(private readonly onPush: (m: PushMessage) => void) {
    this.api = acquireVsCodeApi();
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  private post(m: FromWebviewMessage): void {
    this.api.postMessage(m);
  }

  private receive(data: unknown): void {
    if (!data || typeof data !== 'object' || typeof (data as { type?: unknown }).type !== 'string') return;
    const m = data as ToWebviewMessage;
    switch (m.type) {
      case 'stepView':
        this.steps.settle(m.requestId, m);
        return;
      case 'allocMap':
        this.allocMaps.settle(m.requestId, m);
        return;
      case 'objectDetails':
        this.details.settle(m.requestId, m);
        return;
      case 'collections':
        this.collections.settle(m.requestId, m);
        return;
      case 'foundStep':
        this.finds.settle((m as FoundStepMessage).requestId, m.step);
        return;
      case 'memorySeries':
        this.series.settle(m.requestId, m);
        return;
      case 'requestAllocatorPng':
        this.post({ type: 'allocatorPng', requestId: m.requestId, ...allocatorPng() });
        return;
      case 'session':
      case 'running':
      case 'goToStep':
      case 'snippet':
        this.onPush(m);
        return;
    }
  }

  /** what setState saved before a reload, if it looks like a PanelState */
  savedState(): PanelState | null {
    const s = this.api.getState() as Partial<PanelState> | null | undefined;
    if (!s || typeof s !== 'object' || typeof s.uri !== 'string' || typeof s.version !== 'string') return null;
    return {
      uri: s.uri,
      version: s.version,
      step: typeof s.step === 'number' ? s.step : 0,
      expand: Array.isArray(s.expand) ? s.expand.filter((e) => e && typeof e.type === 'string' && typeof e.limit === 'number') : [],
      selected: typeof s.selected === 'number' ? s.selected : null,
    };
  }

  saveState(state: PanelState): void {
    this.api.setState(state);
  }

  ready(state: PanelState | null): void {
    this.post({ type: 'ready', state });
  }

  /** ask for a step's view; the id is the request's, the promise its reply */
  requestStep(runId: number, query: ViewQuery): { requestId: number; reply: Promise<StepViewMessage> } {
    const { id, reply } = this.steps.create();
    this.post({ type: 'requestStep', requestId: id, runId, query });
    return { requestId: id, reply };
  }

  /** ask for a step's allocator map (the Allocator tab) */
  requestAllocMap(runId: number, query: AllocMapQuery): { requestId: number; reply: Promise<AllocMapMessage> } {
    const { id, reply } = this.allocMaps.create();
    this.post({ type: 'requestAllocMap', requestId: id, runId, query });
    return { requestId: id, reply };
  }

  /** ask for one object's details at a step (the details pane) */
  requestDetails(runId: number, query: ObjectDetailsQuery): { requestId: number; reply: Promise<ObjectDetailsMessage> } {
    const { id, reply } = this.details.create();
    this.post({ type: 'requestDetails', requestId: id, runId, query });
    return { requestId: id, reply };
  }

  /** ask for the collections at or before a step (the Collector tab) */
  requestCollections(runId: number, query: CollectionsQuery): { requestId: number; reply: Promise<CollectionsMessage> } {
    const { id, reply } = this.collections.create();
    this.post({ type: 'requestCollections', requestId: id, runId, query });
    return { requestId: id, reply };
  }

  findStep(runId: number, what: 'heapChange' | 'line', direction: 1 | -1, from: number, line?: number): Promise<number | null> {
    const { id, reply } = this.finds.create();
    this.post({ type: 'findStep', requestId: id, runId, what, direction, from, ...(line !== undefined ? { line } : {}) });
    return reply;
  }

  /** ask for the memory chart's figures of steps from..to (the reply: the series, or why none) */
  requestMemorySeries(runId: number, from: number, to: number, maxBuckets: number): Promise<MemorySeriesMessage> {
    const { id, reply } = this.series.create();
    this.post({ type: 'requestMemorySeries', requestId: id, runId, from, to, maxBuckets });
    return reply;
  }

  stepShown(m: Omit<StepShownMessage, 'type'>): void {
    this.post({ type: 'stepShown', ...m });
  }

  selectVersion(version: PyVersion): void {
    this.post({ type: 'selectVersion', version });
  }

  compareVersions(versions: [PyVersion, PyVersion]): void {
    this.post({ type: 'compareVersions', versions });
  }

  revealLine(line: number): void {
    this.post({ type: 'revealLine', line });
  }

  rerun(): void {
    this.post({ type: 'rerun' });
  }

  cancel(): void {
    this.post({ type: 'cancel' });
  }

  /** a new run: the finds about the old one will never be answered usefully */
  forgetFinds(): void {
    this.finds.settleAll(null);
  }
}
