// The memory chart's series of a run the worker holds: the allocator's figures of a range of
// steps, folded into a bounded number of min/max buckets in one pass over the trace's heap log
// (engine/trace/memorySeries.ts).

import type { MemorySeries, TraceRecorder } from '../engine';

/** the most buckets one reply carries, whatever is asked (a chart is at most a few thousand
 *  pixels wide; each bucket is drawn as two points) */
export const SERIES_MAX_BUCKETS = 4_000;

export function memorySeries(rec: TraceRecorder, q: { from: number; to: number; maxBuckets: number }): MemorySeries {
  const buckets = Math.max(1, Math.min(SERIES_MAX_BUCKETS, Math.floor(Number.isFinite(q.maxBuckets) ? q.maxBuckets : SERIES_MAX_BUCKETS)));
  const from = Number.isFinite(q.from) ? q.from : 0;
  const to = Number.isFinite(q.to) ? q.to : rec.steps;
  return rec.memorySeries(from, to, buckets);
}
