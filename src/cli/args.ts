// Command-line parsing for `pymemsim`, kept pure (argv in, a command out) so tests can call it.
// Each subcommand has its own options and help text; adding one (e.g. `map`) means adding its
// help text, its option table and a case in parseCommand.

import { parseArgs as nodeParseArgs } from 'util';
import { CHECK_MAX_STEPS, DEFAULT_MAX_STEPS, DEFAULT_MEMORY_LIMIT_MB, DEFAULT_VERSION, PY_VERSIONS, PyVersion, isPyVersion } from '../engine';

export type HelpTopic = 'main' | 'run' | 'map' | 'compare' | 'check';

export interface RunCommand {
  kind: 'run';
  file: string;
  version: PyVersion;
  maxSteps: number;
  /** the simulated process's memory limit in MiB (0: none) */
  memoryLimitMb: number;
  summary: boolean;
  /** record the step trace (as the editor panel does) and report its size on stderr */
  trace: boolean;
  /** write the whole trace as JSON (src/shared/traceJson.ts) to this file; absent when not asked */
  traceJson?: string;
}

export interface MapCommand {
  kind: 'map';
  file: string;
  version: PyVersion;
  maxSteps: number;
  memoryLimitMb: number;
  /** show the state after this many line steps; null: at the end of the run */
  step: number | null;
  /** write the step's HTML report to this file; absent when not asked */
  html?: string;
}

export interface CompareCommand {
  kind: 'compare';
  file: string;
  versions: [PyVersion, PyVersion];
  maxSteps: number;
  memoryLimitMb: number;
  /** the step of the first version; null: its last state with frames */
  step: number | null;
  /** the second version's step: the same number, or the same occurrence of the same line */
  match: 'step' | 'line';
}

export interface CheckCommand {
  kind: 'check';
  files: string[];
  /** the versions asked for, in order; null: each snippet's own (its @versions, else the default) */
  versions: PyVersion[] | null;
  maxSteps: number;
  memoryLimitMb: number;
  /** print the probed program of the one FILE for the one version as JSON, instead of checking */
  emitProbed: boolean;
}

export type CliCommand =
  | { kind: 'help'; topic: HelpTopic }
  | { kind: 'version' }
  | RunCommand
  | MapCommand
  | CompareCommand
  | CheckCommand
  /** bad arguments: print the message and a pointer to the help, exit 2 */
  | { kind: 'usage-error'; message: string; topic: HelpTopic };

const VERSIONS = PY_VERSIONS.join('|');

export const MAIN_HELP = `Usage: pymemsim <command> [options]

Simulates how CPython ${PY_VERSIONS[0]} to ${PY_VERSIONS[PY_VERSIONS.length - 1]} manages memory while running a small Python
program: every value is a simulated CPython object with its exact size and reference count,
allocated from simulated pymalloc arenas, pools and blocks, and collected by a simulated
cyclic garbage collector.

Commands:
  run FILE        run FILE as \`python FILE\` would, in the simulator
  map FILE        show the simulated memory at one step of FILE's run: pymalloc's size
                  classes (as sys._debugmallocstats()), arenas and pools, frames, objects
  compare FILE    one step of FILE's run on two versions: what differs per object, per
                  size class, in the arenas and pools and the collector
  check FILE...   check the expectations of annotated snippets (# @expect ...) on their
                  versions, and the annotations themselves

Options:
  -h, --help      show this help (\`pymemsim run --help\` for a command's options)
  -V, --version   show pymemsim's version

Exit status: 0 on success, 1 when the program fails (uncaught exception, syntax error,
unsupported construct, step limit), 2 on bad arguments or an unreadable file, 120 when the
output cannot be written (a closed pipe, a full disk), 70 when the simulator itself fails.
`;

export const RUN_HELP = `Usage: pymemsim run FILE [--python ${VERSIONS}] [--max-steps N] [--memory-limit SIZE] [--summary] [--trace] [--trace-json OUT]

Runs the Python program FILE in the simulator and writes what it prints to stdout, exactly as
that CPython version would. An uncaught exception prints its traceback to stderr and exits
with status 1, like \`python FILE\`; so does a syntax error, printed as CPython prints it.
Constructs the simulator does not model, and runs that exceed the step limit, are reported
as one line \`pymemsim: FILE:LINE: ...\` on stderr, with status 1.

Options:
  -p, --python X.Y    CPython version to simulate: ${PY_VERSIONS.join(', ')} (default ${DEFAULT_VERSION})
  -n, --max-steps N   stop after N executed lines (default ${DEFAULT_MAX_STEPS})
  -m, --memory-limit SIZE
                      the simulated process's memory limit, as \`ulimit -v\` beyond the
                      interpreter's start-up: pymalloc's arenas and the C heap together. An
                      allocation past it raises MemoryError in the program, as CPython does.
                      SIZE in MiB, or with a unit: 512M, 2G (default ${DEFAULT_MEMORY_LIMIT_MB}M; 0: no limit)
  -s, --summary       after the program's output, print a summary of the simulated heap: live
                      objects, allocated blocks, arenas and pools with their sizes, bytes in
                      pymalloc blocks and raw allocations, and the collector's generation counts
  -t, --trace         record the step trace as the editor panel does (every step's state can be
                      rebuilt) and print to stderr the number of steps and the trace's size in
                      bytes
      --trace-json OUT
                      write the whole trace to OUT as JSON, step by step as the run goes (a
                      documented, versioned format: per step its line, frames and the heap's
                      figures)
  -h, --help          show this help
`;

export const MAP_HELP = `Usage: pymemsim map FILE [--python ${VERSIONS}] [--step N] [--max-steps N] [--memory-limit SIZE] [--html OUT]

Runs the Python program FILE in the simulator, recording every step, and prints the simulated
memory after N executed lines (default: at the end of the run, after interpreter teardown):
  - pymalloc's size-class table, as sys._debugmallocstats() prints it;
  - one line per arena (address, pools in use / pools per arena) with one character per pool:
    its size class, or '.' for an empty pool, and under it '#' full, '+' with free blocks;
  - the frames with their locals, the largest live objects (id, type, sys.getsizeof,
    reference count, GC generation, a short repr) and the collector's counts.
The program's own output is not shown.

Options:
  -p, --python X.Y    CPython version to simulate: ${PY_VERSIONS.join(', ')} (default ${DEFAULT_VERSION})
  -N, --step N        show the state after N line steps (0: before the first line)
  -n, --max-steps N   stop after N executed lines (default ${DEFAULT_MAX_STEPS})
  -m, --memory-limit SIZE
                      the simulated process's memory limit (as for \`run\`; default ${DEFAULT_MEMORY_LIMIT_MB}M)
      --html OUT      also write the step as a self-contained HTML report to OUT (objects,
                      frames, size classes, the allocator's figures over the run as a chart);
                      readable offline, without scripts
  -h, --help          show this help
`;

export const COMPARE_HELP = `Usage: pymemsim compare FILE --python A --python B [--step N] [--match step|line] [--max-steps N] [--memory-limit SIZE]

Runs the Python program FILE on two CPython versions, recording every step, and prints what
differs at one step: per object (matched by the program's names and the indices, keys and
attributes that lead to it) its type, sys.getsizeof, reference count and blocks; per pymalloc
size class the blocks in use and pools; the arenas and pools; the collector's counts and
thresholds. When nothing differs, one line says so.

Options:
  -p, --python X.Y    a version to compare, given twice: ${PY_VERSIONS.join(', ')}
  -N, --step N        the step of the first version (default: its last line, the last state
                      with frames)
      --match step|line
                      the second version's step: the same step number (default), or the step
                      that runs the same line the same number of times before
  -n, --max-steps N   stop after N executed lines (default ${DEFAULT_MAX_STEPS})
  -m, --memory-limit SIZE
                      the simulated process's memory limit (as for \`run\`; default ${DEFAULT_MEMORY_LIMIT_MB}M)
  -h, --help          show this help
`;

export const CHECK_HELP = `Usage: pymemsim check FILE... [--python X.Y ...] [--max-steps N] [--memory-limit SIZE]

Checks annotated snippets (docs/annotations.md): runs each FILE in the simulator on each version
and evaluates every \`# @expect EXPR\` that applies to that version at its point, each time the
run reaches it. Prints a line per expectation and reach,

  FILE:LINE: [3.12] passed  sys.getsizeof(x) == 56  (56 == 56)
  FILE:LINE: [3.12] failed  sys.getsizeof(x) == 56  (64 != 56)
  FILE:LINE: [3.12] error  y > 0  NameError: name 'y' is not defined
  FILE:LINE: [3.12] not reached  x == 1

the problems of the annotations themselves (FILE:LINE:COL: warning: ... / error: ...), how a run
ended when not normally, and a summary: N passed, M failed, K errors on V versions.

Options:
  -p, --python X.Y    a version to check on, repeatable: ${PY_VERSIONS.join(', ')}
                      (default: the snippet's @versions, else ${DEFAULT_VERSION})
  -n, --max-steps N   stop each run after N executed lines (default ${CHECK_MAX_STEPS})
  -m, --memory-limit SIZE
                      the simulated process's memory limit (as for \`run\`; default ${DEFAULT_MEMORY_LIMIT_MB}M)
      --emit-probed   print, as JSON, the program that is run for the one FILE on the one
                      version: the snippet with its probes (for recording CPython's values)
  -h, --help          show this help

Exit status: 0 when every expectation passed, 1 when one failed, raised, was never reached or a
run ended with an uncaught exception, 2 on an error in the annotations, a snippet that does not
compile, is refused or runs past the step limit, an unreadable file or bad arguments.
`;

export const HELP: Record<HelpTopic, string> = { main: MAIN_HELP, run: RUN_HELP, map: MAP_HELP, compare: COMPARE_HELP, check: CHECK_HELP };

/** Parses the arguments after the program name (process.argv.slice(2)). */
export function parseCommand(argv: readonly string[]): CliCommand {
  const [first, ...rest] = argv;
  if (first === undefined) return { kind: 'usage-error', message: 'missing command', topic: 'main' };
  if (first === '-h' || first === '--help' || first === 'help') {
    if (first === 'help' && rest[0] === 'run') return { kind: 'help', topic: 'run' };
    if (first === 'help' && rest[0] === 'map') return { kind: 'help', topic: 'map' };
    if (first === 'help' && rest[0] === 'compare') return { kind: 'help', topic: 'compare' };
    if (first === 'help' && rest[0] === 'check') return { kind: 'help', topic: 'check' };
    return { kind: 'help', topic: 'main' };
  }
  if (first === '-V' || first === '--version') return { kind: 'version' };
  switch (first) {
    case 'run':
      return parseRun(rest);
    case 'map':
      return parseMap(rest);
    case 'compare':
      return parseCompare(rest);
    case 'check':
      return parseCheck(rest);
    default:
      if (first.startsWith('-')) return { kind: 'usage-error', message: `unknown option '${first}'`, topic: 'main' };
      return { kind: 'usage-error', message: `unknown command '${first}'`, topic: 'main' };
  }
}

/** A bad argument found by one of the checks below; the parser turns it into a usage error. */
class Usage {
  constructor(readonly message: string) {}
}

function parseRun(argv: readonly string[]): CliCommand {
  return parseSubcommand('run', argv, {
    python: { type: 'string', short: 'p' },
    'max-steps': { type: 'string', short: 'n' },
    'memory-limit': { type: 'string', short: 'm' },
    summary: { type: 'boolean', short: 's' },
    trace: { type: 'boolean', short: 't' },
    'trace-json': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, (values, positionals) => {
    const version = versionOption(values.python);
    const maxSteps = maxStepsOption(values['max-steps']);
    const memoryLimitMb = memoryLimitOption(values['memory-limit']);
    const file = oneFile(positionals, 'run');
    const cmd: RunCommand = { kind: 'run', file, version, maxSteps, memoryLimitMb, summary: values.summary === true, trace: values.trace === true };
    if (values['trace-json'] !== undefined) cmd.traceJson = outFile('trace-json', values['trace-json']);
    return cmd;
  });
}

function parseMap(argv: readonly string[]): CliCommand {
  return parseSubcommand('map', argv, {
    python: { type: 'string', short: 'p' },
    step: { type: 'string', short: 'N' },
    'max-steps': { type: 'string', short: 'n' },
    'memory-limit': { type: 'string', short: 'm' },
    html: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  }, (values, positionals) => {
    const version = versionOption(values.python);
    const maxSteps = maxStepsOption(values['max-steps']);
    const memoryLimitMb = memoryLimitOption(values['memory-limit']);
    const step = typeof values.step === 'string' ? wholeNumber('step', values.step, 0) : null;
    const file = oneFile(positionals, 'map');
    const cmd: MapCommand = { kind: 'map', file, version, maxSteps, memoryLimitMb, step };
    if (values.html !== undefined) cmd.html = outFile('html', values.html);
    return cmd;
  });
}

function parseCompare(argv: readonly string[]): CliCommand {
  return parseSubcommand('compare', argv, {
    python: { type: 'string', short: 'p', multiple: true },
    step: { type: 'string', short: 'N' },
    match: { type: 'string' },
    'max-steps': { type: 'string', short: 'n' },
    'memory-limit': { type: 'string', short: 'm' },
    help: { type: 'boolean', short: 'h' },
  }, (values, positionals) => {
    const given = (values.python ?? []) as string[];
    if (given.length !== 2) throw new Usage(`compare needs two versions (--python A --python B), got ${given.length}`);
    const versions = given.map((v) => versionOption(v)) as [PyVersion, PyVersion];
    if (versions[0] === versions[1]) throw new Usage(`compare needs two different versions, got ${versions[0]} twice`);
    const maxSteps = maxStepsOption(values['max-steps']);
    const memoryLimitMb = memoryLimitOption(values['memory-limit']);
    const step = typeof values.step === 'string' ? wholeNumber('step', values.step, 0) : null;
    const match = values.match ?? 'step';
    if (match !== 'step' && match !== 'line') throw new Usage(`--match needs 'step' or 'line', not '${String(match)}'`);
    const file = oneFile(positionals, 'compare');
    return { kind: 'compare', file, versions, maxSteps, memoryLimitMb, step, match };
  });
}

function parseCheck(argv: readonly string[]): CliCommand {
  return parseSubcommand('check', argv, {
    python: { type: 'string', short: 'p', multiple: true },
    'max-steps': { type: 'string', short: 'n' },
    'memory-limit': { type: 'string', short: 'm' },
    'emit-probed': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  }, (values, positionals) => {
    const given = (values.python ?? []) as string[];
    const versions: PyVersion[] = [];
    for (const v of given) {
      const version = versionOption(v);
      if (!versions.includes(version)) versions.push(version);
    }
    const maxSteps = typeof values['max-steps'] === 'string' ? wholeNumber('max-steps', values['max-steps'], 1) : CHECK_MAX_STEPS;
    const memoryLimitMb = memoryLimitOption(values['memory-limit']);
    if (positionals.length === 0) throw new Usage('missing FILE to check');
    const emitProbed = values['emit-probed'] === true;
    if (emitProbed && positionals.length !== 1) throw new Usage(`--emit-probed takes one FILE, got ${positionals.length}`);
    if (emitProbed && versions.length > 1) throw new Usage(`--emit-probed takes one version, got ${versions.length}`);
    return { kind: 'check', files: positionals, versions: versions.length ? versions : null, maxSteps, memoryLimitMb, emitProbed };
  });
}

/** a file to write: any non-empty path */
function outFile(name: string, value: OptionValues[string]): string {
  if (typeof value !== 'string' || value === '') throw new Usage(`--${name} needs a file to write`);
  return value;
}

type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** node's parseArgs with the subcommand's options; --help, then `build`, whose checks throw Usage */
function parseSubcommand(
  topic: 'run' | 'map' | 'compare' | 'check',
  argv: readonly string[],
  options: NonNullable<Parameters<typeof nodeParseArgs>[0]>['options'],
  build: (values: OptionValues, positionals: string[]) => CliCommand,
): CliCommand {
  let parsed;
  try {
    parsed = nodeParseArgs({ args: [...argv], allowPositionals: true, strict: true, options });
  } catch (e) {
    return { kind: 'usage-error', message: cleanParseError(e), topic };
  }
  const values = parsed.values as OptionValues;
  if (values.help) return { kind: 'help', topic };
  try {
    return build(values, parsed.positionals);
  } catch (e) {
    if (e instanceof Usage) return { kind: 'usage-error', message: e.message, topic };
    throw e;
  }
}

function versionOption(value: OptionValues[string]): PyVersion {
  const version = typeof value === 'string' ? value : DEFAULT_VERSION;
  if (!isPyVersion(version)) {
    throw new Usage(`unsupported Python version '${version}' (choose one of ${PY_VERSIONS.join(', ')})`);
  }
  return version;
}

function maxStepsOption(value: OptionValues[string]): number {
  return typeof value === 'string' ? wholeNumber('max-steps', value, 1) : DEFAULT_MAX_STEPS;
}

/** --memory-limit: MiB, or a whole number with a unit K, M, G (powers of 1024; an optional B or iB) */
function memoryLimitOption(value: OptionValues[string]): number {
  if (typeof value !== 'string') return DEFAULT_MEMORY_LIMIT_MB;
  const m = /^(0|[1-9][0-9]*)\s*(?:([KMG])(?:i?B)?)?$/i.exec(value.trim());
  const scale = m ? ({ K: 1 / 1024, M: 1, G: 1024 } as Record<string, number>)[(m[2] ?? 'M').toUpperCase()] : 0;
  const mb = m ? Number(m[1]) * scale : NaN;
  if (!Number.isFinite(mb) || mb > 2 ** 30) {
    throw new Usage(`--memory-limit needs a size such as 512M or 2G (MiB when no unit is given), not '${value}'`);
  }
  return mb;
}

/** a whole number of at least `min`, written without sign, exponent or leading zeros */
function wholeNumber(name: string, text: string, min: number): number {
  if (!/^(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(Number(text)) || Number(text) < min) {
    throw new Usage(`--${name} needs a ${min ? 'positive' : 'non-negative'} whole number, not '${text}'`);
  }
  return Number(text);
}

function oneFile(positionals: string[], verb: 'run' | 'map' | 'compare'): string {
  if (positionals.length === 0) throw new Usage(`missing FILE to ${verb}`);
  if (positionals.length > 1) throw new Usage(`expected one FILE, got ${positionals.length}: ${positionals.join(' ')}`);
  return positionals[0];
}

/** node's parseArgs messages, shortened to what a user needs. */
function cleanParseError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const unknown = /Unknown option '([^']+)'/.exec(msg);
  if (unknown) return `unknown option '${unknown[1]}'`;
  const missing = /Option '(?:-\w, )?(--[\w-]+)[^']*' argument missing/.exec(msg);
  if (missing) return `option ${missing[1]} needs a value`;
  return msg.split('\n')[0];
}

/** The text printed for a usage error (exit status 2). */
export function usageErrorText(message: string, topic: HelpTopic): string {
  const helpCmd = topic === 'main' ? 'pymemsim --help' : `pymemsim ${topic} --help`;
  const usage = HELP[topic].split('\n')[0];
  return `${usage}\npymemsim: error: ${message}\nTry '${helpCmd}' for more information.\n`;
}
