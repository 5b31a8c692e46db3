// The development harness's stand-in for the extension host, loaded before the panel's script:
// it defines acquireVsCodeApi() and answers the panel's messages as the host would, simulating
// the chosen program with the real engine in the page (Session, TraceRecorder, stepView; an exact
// view by a Replay of the run, all at once, where the worker runs it in slices). The
// page's query picks the theme (?theme=dark|light|high-contrast), the program (?program=basics,
// see programs.ts), the first step (?step=N), a reply latency (?latency=ms) and a simulation
// that never ends (?running=1). What the panel sends is recorded in window.pmHarness for the
// screenshot script.

import { Replay, Session, TraceRecorder, allocMapView, collectionsView, objectDetails, simulate, stepView } from '../../../src/engine';
import type { PyVersion, RunOptions, RunResult } from '../../../src/engine';
import type { FromWebviewMessage, PanelState, RunEnd, RunInfo, StepShownMessage, ToWebviewMessage } from '../../../src/shared/protocol';
import { PROGRAMS } from './programs';
import { memorySeries } from '../../../src/worker/series';

interface HarnessRecord {
  posted: FromWebviewMessage[];
  shown: StepShownMessage[];
  violations: string[];
  revealed: number[];
  alerts: number;
  runs: number;
  simulateMs: number[];
  /** step requests answered or not, and the most at once */
  inFlight: number;
  maxInFlight: number;
  /** the time each memory series took to compute */
  seriesMs?: number[];
}

const record: HarnessRecord = { posted: [], shown: [], violations: [], revealed: [], alerts: 0, runs: 0, simulateMs: [], inFlight: 0, maxInFlight: 0 };
(window as unknown as { pmHarness: HarnessRecord }).pmHarness = record;

document.addEventListener('securitypolicyviolation', (e) => {
  record.violations.push(`${e.violatedDirective}: ${e.blockedURI || '(inline)'} ${e.sourceFile}:${e.lineNumber}`);
});

const params = new URLSearchParams(location.search);
const theme = params.get('theme') ?? 'dark';
document.body.classList.add(`vscode-${theme}`);
document.body.setAttribute('data-vscode-theme-kind', `vscode-${theme}`);
const programName = params.get('program') ?? 'basics';
const program = PROGRAMS[programName] ?? PROGRAMS.basics;
const latency = Number(params.get('latency') ?? '0');
const firstStep = params.has('step') ? Number(params.get('step')) : null;
const neverEnds = params.get('running') === '1';
let version = (params.get('version') ?? '3.12') as PyVersion;

let rec: TraceRecorder | null = null;
let replay: Replay | null = null;
let run: RunInfo | null = null;
let nextRunId = 1;

function send(m: ToWebviewMessage): void {
  const deliver = () => {
    if (m.type === 'stepView') record.inFlight--;
    window.postMessage(m, '*');
  };
  if (latency > 0) setTimeout(deliver, latency);
  else queueMicrotask(deliver);
}

function simulateProgram(): RunInfo {
  const started = performance.now();
  let recorder: TraceRecorder | null = null;
  const runner = (source: string, options: RunOptions): RunResult => {
    const s = new Session(source, options);
    if (!s.runtime) return s.result;
    recorder = new TraceRecorder(s);
    while (!s.step(2000)) { /* the whole run at once */ }
    recorder.finish();
    return s.result;
  };
  const outcome = simulate(program.source, { version, maxSteps: 10_000_000, filename: program.fileName, displayName: program.fileName, runner });
  rec = recorder;
  replay = null;
  const r = recorder as TraceRecorder | null;
  const end: RunEnd = outcome.problem ? outcome.problem.kind : 'finished';
  const elapsedMs = performance.now() - started;
  record.simulateMs.push(elapsedMs);
  record.runs++;
  return {
    runId: nextRunId++,
    uri: `file:///harness/${program.fileName}`,
    fileName: program.fileName,
    version,
    totalSteps: r ? r.steps : 0,
    end,
    problem: outcome.problem ? { ...outcome.problem } : null,
    stderr: outcome.stderr,
    exitCode: outcome.exitCode,
    elapsedMs,
    firstLine: 1,
  };
}

function startRun(state: PanelState | null): void {
  send({ type: 'running', fileName: program.fileName, version, steps: 0, line: 0 });
  if (neverEnds) {
    let steps = 0;
    setInterval(() => { steps += 12_345; send({ type: 'running', fileName: program.fileName, version, steps, line: 7 }); }, 200);
    return;
  }
  setTimeout(() => {
    run = simulateProgram();
    const n = run.totalSteps;
    let step = run.end === 'finished' && n > 0 ? n - 1 : n;
    if (state && state.uri === run.uri) step = state.step;
    if (firstStep !== null) step = firstStep;
    send({ type: 'session', run, step: Math.max(0, Math.min(n, step)) });
  }, 20);
}

function receive(m: FromWebviewMessage): void {
  record.posted.push(m);
  switch (m.type) {
    case 'ready':
      startRun(m.state);
      return;
    case 'requestStep': {
      record.inFlight++;
      record.maxInFlight = Math.max(record.maxInFlight, record.inFlight);
      if (!rec || !run || m.runId !== run.runId) {
        send({ type: 'stepView', requestId: m.requestId, runId: m.runId, view: null, error: 'this run was replaced by a newer one' });
        return;
      }
      const step = Math.max(0, Math.min(rec.steps, Math.floor(m.query.step)));
      try {
        let view = null;
        if (m.query.exact && !rec.exactAt(step)) {
          replay ??= new Replay(rec, program.source, { version, maxSteps: 10_000_000, filename: program.fileName });
          while (!view) view = replay.advance({ ...m.query, step }, 100_000);
        }
        send({ type: 'stepView', requestId: m.requestId, runId: m.runId, view: view ?? stepView(rec, { ...m.query, step }) });
      } catch (e) {
        send({ type: 'stepView', requestId: m.requestId, runId: m.runId, view: null, error: String(e) });
      }
      return;
    }
    case 'requestAllocMap': {
      if (!rec || !run || m.runId !== run.runId) {
        send({ type: 'allocMap', requestId: m.requestId, runId: m.runId, map: null, error: 'this run was replaced by a newer one' });
        return;
      }
      const step = Math.max(0, Math.min(rec.steps, Math.floor(m.query.step)));
      send({ type: 'allocMap', requestId: m.requestId, runId: m.runId, map: allocMapView(rec, { ...m.query, step }) });
      return;
    }
    case 'requestDetails': {
      if (!rec || !run || m.runId !== run.runId) {
        send({ type: 'objectDetails', requestId: m.requestId, runId: m.runId, details: null, error: 'this run was replaced by a newer one' });
        return;
      }
      const step = Math.max(0, Math.min(rec.steps, Math.floor(m.query.step)));
      send({ type: 'objectDetails', requestId: m.requestId, runId: m.runId, details: objectDetails(rec, { ...m.query, step }) });
      return;
    }
    case 'requestCollections': {
      if (!rec || !run || m.runId !== run.runId) {
        send({ type: 'collections', requestId: m.requestId, runId: m.runId, collections: null, error: 'this run was replaced by a newer one' });
        return;
      }
      const step = Math.max(0, Math.min(rec.steps, Math.floor(m.query.step)));
      send({ type: 'collections', requestId: m.requestId, runId: m.runId, collections: collectionsView(rec.collections, { ...m.query, step }) });
      return;
    }
    case 'findStep': {
      let step: number | null = null;
      if (rec && run && m.runId === run.runId) {
        step = m.what === 'heapChange' ? rec.findHeapChange(m.from, m.direction) : rec.findLine(m.from, m.line ?? 0, m.direction);
      }
      send({ type: 'foundStep', requestId: m.requestId, step });
      return;
    }
    case 'requestMemorySeries': {
      if (!rec || !run || m.runId !== run.runId) {
        send({ type: 'memorySeries', requestId: m.requestId, runId: m.runId, series: null, error: 'this run was replaced by a newer one' });
        return;
      }
      const t0 = performance.now();
      const series = memorySeries(rec, m);
      (record.seriesMs ??= []).push(performance.now() - t0);
      send({ type: 'memorySeries', requestId: m.requestId, runId: m.runId, series });
      return;
    }
    case 'stepShown':
      record.shown.push(m);
      return;
    case 'selectVersion':
      version = m.version;
      startRun(null);
      return;
    case 'rerun':
      startRun(null);
      return;
    case 'revealLine':
      record.revealed.push(m.line);
      return;
    case 'cancel':
      return;
  }
}

const api = {
  postMessage(m: unknown): void {
    // a structured clone, as VS Code's postMessage makes
    const copy = JSON.parse(JSON.stringify(m)) as FromWebviewMessage;
    setTimeout(() => receive(copy), 0);
  },
  getState(): unknown {
    const s = sessionStorage.getItem('pm-harness-state');
    return s ? JSON.parse(s) : undefined;
  },
  setState(s: unknown): void {
    sessionStorage.setItem('pm-harness-state', JSON.stringify(s));
  },
};

let acquired = false;
(window as unknown as { acquireVsCodeApi: () => typeof api }).acquireVsCodeApi = () => {
  if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
  acquired = true;
  return api;
};
window.alert = () => { record.alerts++; };
