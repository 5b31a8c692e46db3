// The differential fuzzer's comparison: a simulator run against a CPython recording, as the
// fixture tests compare them (stdout exactly, the exit code, an uncaught exception's last line and
// line), returning a short description of the first difference instead of throwing.

import { runSource } from '../../src/engine/index';
import { tracebackLastLine } from '../../test/engine/fixture-compare';
import type { PyVersion, RunResult } from '../../src/engine/index';

/** One version's recording, as scripts/fuzz/record.py (and scripts/record_fixtures.py) write it. */
export interface Recording {
  stdout: string;
  exitCode: number;
  exception: string | null;
  line: number | null;
}

/** A batch file of the recorded corpus (test/fuzz/corpus/*.json). A version whose recording is
 *  the same as an earlier version's holds that version's name instead ("3.9": "3.8"). */
export interface CorpusBatch {
  about: string;
  programs: { name: string; source: string; expected: Partial<Record<PyVersion, Recording | PyVersion>> }[];
}

/** one version's recording of a corpus program, following "same as" references */
export function recordingOf(expected: Partial<Record<PyVersion, Recording | PyVersion>>, v: PyVersion): Recording | undefined {
  let r = expected[v];
  for (let i = 0; typeof r === 'string' && i < 8; i++) r = expected[r];
  return typeof r === 'object' ? r : undefined;
}

/** the recordings of one program, each version that repeats an earlier one written as its name */
export function compactRecordings(recs: Partial<Record<PyVersion, Recording>>, versions: readonly PyVersion[]): Partial<Record<PyVersion, Recording | PyVersion>> {
  const out: Partial<Record<PyVersion, Recording | PyVersion>> = {};
  for (let i = 0; i < versions.length; i++) {
    const r = recs[versions[i]]!;
    const same = versions.slice(0, i).find((u) => JSON.stringify(recs[u]) === JSON.stringify(r));
    out[versions[i]] = same ?? r;
  }
  return out;
}

function lastLine(r: RunResult): string | null {
  const e = r.error;
  if (!e) return null;
  return tracebackLastLine(e.type, e.message);
}

/** null when the run matches the recording, otherwise what differs first. */
export function difference(r: RunResult, rec: Recording): string | null {
  if (r.stdout !== rec.stdout) {
    const a = r.stdout.split('\n');
    const b = rec.stdout.split('\n');
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    const err = r.error ? ` (simulator: ${lastLine(r)} at line ${r.error.line})` : '';
    return `stdout line ${i + 1}: simulator ${JSON.stringify(a[i] ?? '<end>')} vs CPython ${JSON.stringify(b[i] ?? '<end>')}${err}`;
  }
  const got = lastLine(r);
  if (got !== rec.exception) return `uncaught: simulator ${JSON.stringify(got)} (${r.error?.kind}) vs CPython ${JSON.stringify(rec.exception)}`;
  if (rec.exception !== null && r.error?.line !== rec.line) return `uncaught line: simulator ${r.error?.line} vs CPython ${rec.line}`;
  if (r.exitCode !== rec.exitCode) return `exit code: simulator ${r.exitCode} vs CPython ${rec.exitCode}`;
  return null;
}

/** Runs the simulator (a crash of the simulator itself is a difference too). */
export function simulateAndCompare(source: string, filename: string, version: PyVersion, rec: Recording): string | null {
  let r: RunResult;
  try {
    r = runSource(source, { version, filename, maxSteps: 2_000_000 });
  } catch (e) {
    return `simulator crashed: ${(e as Error).stack?.split('\n').slice(0, 3).join(' | ')}`;
  }
  return difference(r, rec);
}
