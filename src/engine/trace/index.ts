// The step trace's public face: the recorder that a run is traced with and the snapshot format it
// rebuilds (the whole simulated memory state after any line step).

export { TraceRecorder, recordRun, shortRepr } from './recorder';
export type { TraceOptions } from './recorder';
export * from './snapshot';
