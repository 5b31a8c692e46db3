// pymemsim: the command-line face of the simulator.
//   pymemsim run FILE [--python X.Y] [--max-steps N] [--summary] [--trace]
//   pymemsim map FILE [--python X.Y] [--step N] [--max-steps N]
//   pymemsim compare FILE --python A --python B [--step N]
//   pymemsim check FILE... [--python X.Y ...]
// See args.ts for the options and their help text.

import * as fs from 'fs';
import * as path from 'path';
import { Worker, isMainThread, parentPort, workerData } from 'worker_threads';
import { CliCommand, CompareCommand, HELP, MapCommand, RunCommand, parseCommand, usageErrorText } from './args';
import { allocMapView, formatSummary, scriptFilename, simulate, stepView, writeTraceJson, Session, TraceRecorder } from '../engine';
import { reportHtml } from '../shared/reportHtml';
import { formatMap, mapRun } from './map';
import { compareRun, formatComparison } from './compare';
import { checkFiles } from './check';
import { version as packageVersion } from '../../package.json';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (file: string) => string;
}

/** Carries out a parsed command; returns the exit status. */
export function execute(cmd: CliCommand, io: CliIO): number {
  switch (cmd.kind) {
    case 'help':
      io.stdout(HELP[cmd.topic]);
      return 0;
    case 'version':
      io.stdout(`pymemsim ${packageVersion}\n`);
      return 0;
    case 'usage-error':
      io.stderr(usageErrorText(cmd.message, cmd.topic));
      return 2;
    case 'run':
      return runFile(cmd, io);
    case 'map':
      return mapFile(cmd, io);
    case 'compare':
      return compareFile(cmd, io);
    case 'check':
      return checkFiles(cmd, { ...io, resolve: (p) => path.resolve(p) });
  }
}

/** the source of FILE, or null after reporting why it cannot be read (as `python FILE` does) */
function readSource(file: string, io: CliIO): string | null {
  let source: string;
  try {
    source = io.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? '[Errno 2] No such file or directory' : code === 'EISDIR' ? '[Errno 21] Is a directory' : String((e as Error).message);
    io.stderr(`pymemsim: can't open file '${file}': ${reason}\n`);
    return null;
  }
  return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
}

function mapFile(cmd: MapCommand, io: CliIO): number {
  const source = readSource(cmd.file, io);
  if (source === null) return 2;
  const filename = scriptFilename(cmd.file, cmd.version, (p) => path.resolve(p));
  const m = mapRun(source, { version: cmd.version, filename, maxSteps: cmd.maxSteps, memoryLimitMb: cmd.memoryLimitMb, step: cmd.step });
  if (!m) {
    // it did not compile: report it as `run` does
    const outcome = simulate(source, { version: cmd.version, maxSteps: cmd.maxSteps, memoryLimitMb: cmd.memoryLimitMb, filename, displayName: cmd.file });
    io.stderr(outcome.stderr);
    return outcome.exitCode;
  }
  io.stdout(formatMap(m.snapshot, m.mallocStats));
  if (m.exitCode !== 0) io.stderr(m.stderr);
  if (cmd.html !== undefined) {
    const step = m.snapshot.step;
    const html = reportHtml({
      file: cmd.file,
      view: stepView(m.rec, { step, budget: 400, itemCap: 64, outputTail: 0 }),
      sizeClasses: allocMapView(m.rec, { step }).sizeClasses,
      series: m.rec.memorySeries(0, m.rec.steps, 900),
    });
    const failed = writeOut(cmd.html, (write) => write(html), io);
    if (failed) return failed;
  }
  return m.exitCode;
}

/** writes a file piece by piece (`fill` calls write as often as it likes); 0, or the exit status
 *  after a one-line message naming the file and the reason */
function writeOut(file: string, fill: (write: (text: string) => void) => void, io: CliIO): number {
  let fd: number;
  try {
    fd = fs.openSync(file, 'w');
  } catch (e) {
    io.stderr(`pymemsim: cannot write '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 1;
  }
  try {
    fill((text) => writeAll(fd, file, text));
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    io.stderr(`pymemsim: cannot write '${file}': ${e.code}\n`);
    return 1;
  } finally {
    fs.closeSync(fd);
  }
  return 0;
}

function compareFile(cmd: CompareCommand, io: CliIO): number {
  const source = readSource(cmd.file, io);
  if (source === null) return 2;
  const filename = (v: typeof cmd.versions[0]) => scriptFilename(cmd.file, v, (p) => path.resolve(p));
  const r = compareRun(source, { versions: cmd.versions, filename, maxSteps: cmd.maxSteps, memoryLimitMb: cmd.memoryLimitMb, step: cmd.step, match: cmd.match });
  if ('failed' in r) {
    // it did not compile on that version: report it as `run` does
    const outcome = simulate(source, { version: r.failed, maxSteps: cmd.maxSteps, memoryLimitMb: cmd.memoryLimitMb, filename: filename(r.failed), displayName: cmd.file });
    io.stderr(outcome.stderr);
    return outcome.exitCode || 1;
  }
  io.stdout(formatComparison(r.comparison, r.note));
  return 0;
}

function runFile(cmd: RunCommand, io: CliIO): number {
  let source: string;
  try {
    source = io.readFile(cmd.file);
  } catch (e) {
    // as `python FILE` reports it, with status 2
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? '[Errno 2] No such file or directory' : code === 'EISDIR' ? '[Errno 21] Is a directory' : String((e as Error).message);
    io.stderr(`pymemsim: can't open file '${cmd.file}': ${reason}\n`);
    return 2;
  }
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);

  let recorder: TraceRecorder | null = null;
  // the program's output goes out as it is printed, not held until the run ends
  let lastOut = '';
  const outcome = simulate(source, {
    version: cmd.version,
    maxSteps: cmd.maxSteps,
    onStdout: (t) => { if (t) { io.stdout(t); lastOut = t; } },
    memoryLimitMb: cmd.memoryLimitMb,
    filename: scriptFilename(cmd.file, cmd.version, (p) => path.resolve(p)),
    displayName: cmd.file,
    runner: cmd.trace || cmd.traceJson !== undefined
      ? (src, options) => {
        const s = new Session(src, options);
        recorder = s.runtime ? new TraceRecorder(s) : null;
        const r = s.finish();
        recorder?.finish();
        return r;
      }
      : undefined,
  });
  io.stdout(outcome.stdout);
  io.stderr(outcome.stderr);
  const rec = recorder as TraceRecorder | null;
  if (rec && cmd.trace) {
    const bytes = rec.byteSize();
    const per = rec.steps ? (bytes / rec.steps).toFixed(1) : '0';
    io.stderr(`pymemsim: trace: ${rec.steps} steps, ${bytes} bytes (${per} bytes/step)\n`);
  }
  if (cmd.summary && outcome.memory) {
    const sep = lastOut === '' || lastOut.endsWith('\n') ? '' : '\n';
    io.stdout(sep + formatSummary(outcome.memory, outcome.steps));
  }
  if (cmd.traceJson !== undefined && rec) {
    const end = outcome.problem ? outcome.problem.kind : 'finished';
    const failed = writeOut(cmd.traceJson, (write) => writeTraceJson(rec, { file: cmd.file, end }, write), io);
    if (failed) return failed;
  }
  return outcome.exitCode;
}

/** a write to stdout or stderr failed: the reader went away (EPIPE) or the disk is full */
class OutputError extends Error {
  constructor(readonly code: string, readonly stream: string) { super(`${stream}: ${code}`); }
}

/** writes all of `text` to the descriptor now (synchronously, so a long output streams instead of
 *  queueing in memory); a failure becomes an OutputError */
function writeAll(fd: number, stream: string, text: string): void {
  let buf = Buffer.from(text, 'utf8');
  while (buf.length) {
    let n: number;
    try {
      n = fs.writeSync(fd, buf);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      if (code === 'EAGAIN') continue; // a non-blocking pipe that is full: try again
      throw new OutputError(code, stream);
    }
    buf = buf.subarray(n);
  }
}

/** exit status when the output cannot be written (as CPython's when flushing stdout fails at exit) */
export const OUTPUT_FAILED_STATUS = 120;

/** Runs the command on this thread; returns the exit status. */
function runHere(argv: string[]): number {
  const cmd = parseCommand(argv);
  try {
    return execute(cmd, {
      stdout: (t) => writeAll(1, 'stdout', t),
      stderr: (t) => writeAll(2, 'stderr', t),
      readFile: (f) => fs.readFileSync(f, 'utf8'),
    });
  } catch (e) {
    if (e instanceof OutputError) {
      // `pymemsim run x.py | head -1`: the reader is gone, stop quietly; anything else in one line
      if (e.code !== 'EPIPE' && e.stream === 'stdout') {
        try { writeAll(2, 'stderr', `pymemsim: cannot write the program's output: ${e.code}\n`); } catch { /* stderr is gone too */ }
      }
      return OUTPUT_FAILED_STATUS;
    }
    const detail = process.env.PYMEMSIM_DEBUG ? String((e as Error)?.stack ?? e) : String((e as Error)?.message ?? e);
    try { writeAll(2, 'stderr', `pymemsim: internal error: ${detail}\n`); } catch { /* nothing left to tell */ }
    return 70;
  }
}

/** the JavaScript stack of the thread that runs the engine: deep enough for recursion through
 *  special methods as deep as the engine allows (vm.ts NESTED_RUN_LIMIT) */
export const ENGINE_STACK_MB = 64;

function main(): void {
  if (!isMainThread) {
    // the engine's thread: run the command and hand its status to the main thread
    parentPort!.postMessage(runHere(workerData as string[]));
    return;
  }
  let status: number | null = null;
  const w = new Worker(__filename, { workerData: process.argv.slice(2), resourceLimits: { stackSizeMb: ENGINE_STACK_MB }, stdout: false, stderr: false });
  w.on('message', (s: number) => { status = s; });
  w.on('error', (e) => {
    const detail = process.env.PYMEMSIM_DEBUG ? String(e?.stack ?? e) : String(e?.message ?? e);
    try { writeAll(2, 'stderr', `pymemsim: internal error: ${detail}\n`); } catch { /* nothing left to tell */ }
    status = 70;
  });
  w.on('exit', () => { process.exitCode = status ?? 70; });
}

if (require.main === module) main();
