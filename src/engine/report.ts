// Turns an engine run into what a user sees: the program's output, then what `python FILE` would
// write to stderr (a traceback, a syntax error with its caret line, as Python/pythonrun.c
// print_error_text prints it), or one `pymemsim:` line for what the simulator refuses; and the
// problem with its line, for an editor diagnostic. Pure (no I/O, no vscode): used by the CLI and
// by the extension's simulation worker.

import type { MemorySummary, RunError, RunOptions, RunResult } from './index';
import type { PyVersion } from './versions';
import { PySyntaxError, StepLimitError, UnsupportedError } from './errors';
import { runSource } from './interp/run';

/** Where a run failed, for an editor diagnostic. */
export interface Problem {
  kind: RunError['kind'];
  /** 1-based */
  line: number;
  /** 1-based column when known (syntax errors) */
  column?: number;
  /** one line, e.g. "ZeroDivisionError: division by zero" */
  message: string;
}

export interface Outcome {
  /** what the program printed */
  stdout: string;
  /** traceback, syntax error, or the `pymemsim:` line */
  stderr: string;
  exitCode: number;
  problem: Problem | null;
  /** the simulated heap at the end, when the program ran */
  memory: MemorySummary | null;
  steps: number;
}

export interface SimulateOptions {
  version: PyVersion;
  maxSteps: number;
  /** RunOptions.memoryLimitMb (default when omitted) */
  memoryLimitMb?: number;
  /** the name in tracebacks and syntax errors (as `python` shows the script's path) */
  filename: string;
  /** the name in `pymemsim: NAME:LINE: ...` lines */
  displayName: string;
  /** receives the program's stdout as it is printed (Outcome.stdout is then empty) */
  onStdout?: (text: string) => void;
  /** runs the program (default: runSource); `run --trace` records the step trace this way */
  runner?: (source: string, options: RunOptions) => RunResult;
}

/** Fields a syntax-error RunError may carry beyond RunError's own (as CPython's SyntaxError has). */
interface SyntaxDetails {
  offset?: number;
  endOffset?: number;
  text?: string;
}

/**
 * The file name CPython shows for `python FILE`: as given on 3.8, made absolute from 3.9 on
 * (3.9 made the script's path absolute).
 */
export function scriptFilename(file: string, version: PyVersion, resolve: (p: string) => string): string {
  return version === '3.8' ? file : resolve(file);
}

/** Runs `source` in the engine and renders the result. Engine bugs (other exceptions) propagate. */
export function simulate(source: string, opts: SimulateOptions): Outcome {
  let result: RunResult;
  try {
    result = (opts.runner ?? runSource)(source, { version: opts.version, maxSteps: opts.maxSteps, memoryLimitMb: opts.memoryLimitMb, filename: opts.filename, onStdout: opts.onStdout });
  } catch (e) {
    // the engine reports these in RunResult.error; accept them thrown as well
    if (e instanceof PySyntaxError) {
      return failure(renderSyntaxError(opts, { type: e.type, message: e.msg, line: e.lineno, offset: e.offset, text: e.text }, source), {
        kind: 'syntax',
        line: e.lineno,
        column: e.offset > 0 ? e.offset : undefined,
        message: `${e.type}: ${e.msg}`,
      });
    }
    if (e instanceof UnsupportedError) {
      return failure(refusal(opts, 'unsupported', e.lineno, e.construct), {
        kind: 'unsupported',
        line: e.lineno,
        message: unsupportedMessage(e.construct),
      });
    }
    if (e instanceof StepLimitError) {
      return failure(refusal(opts, 'step-limit', e.lineno, ''), {
        kind: 'step-limit',
        line: e.lineno,
        message: stepLimitMessage(opts.maxSteps),
      });
    }
    throw e;
  }
  return fromResult(result, source, opts);
}

function failure(stderr: string, problem: Problem): Outcome {
  return { stdout: '', stderr, exitCode: 1, problem, memory: null, steps: 0 };
}

function fromResult(result: RunResult, source: string, opts: SimulateOptions): Outcome {
  const base = { stdout: result.stdout, memory: result.memory ?? null, steps: result.steps };
  const err = result.error;
  if (!err) return { ...base, stderr: result.stderr, exitCode: result.exitCode, problem: null };
  switch (err.kind) {
    case 'exception':
      return {
        ...base,
        stderr: result.stderr,
        exitCode: result.exitCode || 1,
        // as the traceback's last line: just the type when str(exc) is empty (MemoryError)
        problem: { kind: 'exception', line: err.line, message: err.message ? `${err.type}: ${err.message}` : err.type },
      };
    case 'syntax': {
      const details = err as RunError & SyntaxDetails;
      return {
        ...base,
        stderr: renderSyntaxError(opts, { ...details }, source),
        exitCode: 1,
        problem: {
          kind: 'syntax',
          line: err.line,
          column: details.offset !== undefined && details.offset > 0 ? details.offset : undefined,
          message: `${err.type}: ${err.message}`,
        },
      };
    }
    case 'unsupported':
      return {
        ...base,
        stderr: refusal(opts, 'unsupported', err.line, err.message),
        exitCode: 1,
        problem: { kind: 'unsupported', line: err.line, message: unsupportedMessage(err.message) },
      };
    case 'step-limit':
      return {
        ...base,
        stderr: refusal(opts, 'step-limit', err.line, err.message),
        exitCode: 1,
        problem: { kind: 'step-limit', line: err.line, message: stepLimitMessage(opts.maxSteps) },
      };
  }
}

/** "`async def` is not supported by the simulator", whatever form the engine's message has. */
export function unsupportedMessage(message: string): string {
  const m = message.replace(/\s*\(line \d+\)\s*$/, '').trim();
  return /support/i.test(m) ? m : `${m} is not supported by the simulator`;
}

function stepLimitMessage(maxSteps: number): string {
  return `the program ran more than ${maxSteps} steps and was stopped`;
}

function refusal(opts: SimulateOptions, kind: 'unsupported' | 'step-limit', line: number, message: string): string {
  const text =
    kind === 'unsupported'
      ? unsupportedMessage(message)
      : `${stepLimitMessage(opts.maxSteps)} (raise the limit with --max-steps N)`;
  return `pymemsim: ${opts.displayName}:${line}: ${text}\n`;
}

/**
 * A syntax error as CPython prints it for `python FILE`:
 *
 *       File "x.py", line 3
 *         y = = 2
 *             ^
 *     SyntaxError: invalid syntax
 *
 * The source line is shown without its indentation; the caret is left out when the offset falls
 * inside that indentation (3.9+), as CPython does. Without `text`, the line is taken from source.
 */
export function renderSyntaxError(
  opts: { version: PyVersion; filename: string },
  err: { type: string; message: string; line: number } & SyntaxDetails,
  source: string,
): string {
  // 3.8's parser stack overflow: Parser/parser.c prints its message, then the MemoryError alone
  if (err.type === 'MemoryError') return `${err.message}\nMemoryError\n`;
  let out = `  File "${opts.filename}", line ${err.line}\n`;
  const text = err.text ?? source.split(/\r\n|\r|\n/)[err.line - 1];
  if (text !== undefined) out += sourceAndCaret(opts.version, text.replace(/\r?\n$/, ''), err.offset, err.endOffset);
  return `${out}${err.type}: ${err.message}\n`;
}

function sourceAndCaret(version: PyVersion, text: string, offset?: number, endOffset?: number): string {
  const stripped = text.replace(/^[ \t\f]+/, '');
  const indent = text.length - stripped.length;
  let out = `    ${stripped}\n`;
  if (offset === undefined) return out;
  if (version === '3.8') {
    // 3.8's print_error_text: offset stays 1-based; -1 means no caret; otherwise clipped at 0
    const o = offset - indent;
    if (o === -1) return out;
    return `${out}    ${' '.repeat(Math.max(o - 1, 0))}^\n`;
  }
  // 3.9+: offset made 0-based, moved left with the stripped indentation, clipped to the line
  const col = Math.min(offset - 1 - indent, stripped.length);
  if (col < 0) return out;
  const lead = stripped.slice(0, col).replace(/[^\t\f]/g, ' ');
  const carets = endOffset !== undefined && endOffset > offset ? Math.max(1, endOffset - 1 - indent - col) : 1;
  return `${out}    ${lead}${'^'.repeat(carets)}\n`;
}

function kib(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} B`;
}

/** The `--summary` block: a separator line, then one fact per line. */
export function formatSummary(memory: MemorySummary, steps: number): string {
  const rows: [string, string][] = [
    ['live objects', String(memory.liveObjects)],
    ['allocated blocks', `${memory.allocatedBlocks}   (sys.getallocatedblocks())`],
    ['arenas', `${memory.arenas} x ${kib(memory.arenaSize)}`],
    ['pools in use', `${memory.poolsInUse} x ${kib(memory.poolSize)}`],
    ['pymalloc bytes', `${memory.pymallocBytes}   (in blocks handed out)`],
    ['raw malloc bytes', `${memory.rawBytes}   (requests over 512 bytes)`],
    ['gc counts', `(${memory.gcCount.join(', ')})   (gc.get_count())`],
    ['steps', String(steps)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const title = `---- memory summary (simulated CPython ${memory.version}) `;
  const sep = title + '-'.repeat(Math.max(4, 64 - title.length));
  return `${sep}\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}
