// The worker writes a run's trace as JSON (engine/trace/traceJson.ts) straight to the file the user
// chose, piece by piece as it reads the trace: the trace never crosses to the extension host, and
// a run of a million steps is never held as one string.

import * as fs from 'fs';
import { writeTraceJson } from '../engine';
import type { TraceRecorder } from '../engine';
import type { ExportTraceRequest } from './protocol';

/** writes the file; returns the states written. A failure to write throws (the host reports it) */
export function exportTrace(rec: TraceRecorder, m: ExportTraceRequest): number {
  const fd = fs.openSync(m.path, 'w');
  try {
    return writeTraceJson(rec, { file: m.file, end: m.end }, (text) => {
      const buf = Buffer.from(text, 'utf8');
      for (let off = 0; off < buf.length;) off += fs.writeSync(fd, buf, off);
    });
  } finally {
    fs.closeSync(fd);
  }
}
