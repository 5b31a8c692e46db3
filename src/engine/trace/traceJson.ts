// The whole trace of a run as JSON, for other tools: per step its line, its frames and the
// allocator's figures. The format is documented in docs/trace-json.md and versioned
// (TRACE_JSON_VERSION); it is written piece by piece through a callback, a bounded number of steps
// at a time, so that a run of a million steps streams to a file without being held in memory.

import type { TraceRecorder } from './recorder';

export const TRACE_JSON_FORMAT = 'pymemsim-trace';
export const TRACE_JSON_VERSION = 1;

/** steps read and written per piece */
const CHUNK = 4096;

export interface TraceJsonMeta {
  /** the program's file name as shown to the user */
  file: string;
  /** how the run ended (RunEnd of the panel's protocol, or the CLI's exit status) */
  end: string;
}

/**
 * Writes the trace of a finished recording: `write` gets the JSON text in pieces (each at most
 * CHUNK steps). Returns the number of steps written (rec.steps + 1 states: 0 .. rec.steps).
 */
export function writeTraceJson(rec: TraceRecorder, meta: TraceJsonMeta, write: (text: string) => void): number {
  const total = rec.steps;
  const head = {
    format: TRACE_JSON_FORMAT, version: TRACE_JSON_VERSION, python: rec.rt.version, file: meta.file, end: meta.end,
    totalSteps: total, poolSize: rec.rt.heap.profile.POOL_SIZE, arenaSize: rec.rt.heap.profile.ARENA_SIZE,
    figures: ['pymallocBytes', 'rawBytes', 'allocatedBlocks', 'arenas'],
  };
  write(JSON.stringify(head).slice(0, -1) + ',"steps":[\n');
  let prevFrames = '';
  for (let from = 0; from <= total; from += CHUNK) {
    const to = Math.min(total, from + CHUNK - 1);
    const s = rec.memorySeries(from, to, to - from + 1);
    const lines: string[] = [];
    // the collections of the chunk by step
    const gc = new Map<number, string>();
    for (const m of s.marks) {
      if (m.kind !== 'gc' && m.kind !== 'gc-manual') continue;
      const prev = gc.get(m.step);
      const e = `{"count":${m.count},"generation":${m.generation ?? 0},"collected":${m.collected ?? 0},"manual":${m.kind === 'gc-manual'}}`;
      gc.set(m.step, prev ? `${prev},${e}` : e);
    }
    for (let i = 0; i < s.start.length; i++) {
      const step = s.start[i];
      const stack = rec.frameStack(step);
      // the innermost frame's line is the step's: only the callers' lines are listed
      const frames = JSON.stringify(stack.map((f, k) => (k === stack.length - 1 ? [f.name] : [f.name, f.line])));
      const heap = [s.pymallocBytes.max[i], s.rawBytes.max[i], s.allocatedBlocks.max[i], s.arenas.max[i]];
      const same = frames === prevFrames;
      prevFrames = frames;
      const g = gc.get(step);
      lines.push(`{"step":${step},"line":${rec.lineAt(step)}${same ? '' : `,"frames":${frames}`},"heap":${JSON.stringify(heap)}${g ? `,"gc":[${g}]` : ''}}`);
    }
    write(lines.join(',\n') + (to < total ? ',\n' : '\n'));
  }
  write(']}\n');
  return total + 1;
}
