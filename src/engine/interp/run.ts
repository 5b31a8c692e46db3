// Running a program: parse, compile, execute the module as __main__, report an uncaught exception
// as CPython's traceback (Python/traceback.c, Lib/traceback.py) and tear the module down as
// interpreter finalization does (Python/pylifecycle.c finalize_modules, Objects/moduleobject.c
// _PyModule_ClearDict), so that __del__ methods of objects still alive run at exit.

import type * as A from '../ast';
import { parse, decodeSource } from '../parser';
import { PySyntaxError, StepLimitError, UnsupportedError, isEngineOutOfMemory } from '../errors';
import type { RunOptions, RunResult, RunError, MemorySummary } from '../index';
import { DEFAULT_VERSION } from '../versions';
import { Compiler, ConstValue } from './compiler';
import { Frame } from './frame';
import { IMMORTAL_REFCNT, PyBaseException, PyDict, PyInt, PyObject, PyStr, PyTuple } from './objects';
import { PyExc, Runtime, setRuntime, rt } from './runtime';
import { bootstrap } from './types';
import { SetTable } from '../setobject';
import { installBuiltins } from './builtins';
import { installModules } from './modules';
import { installGc, collectGenerations, collectAtExit } from './gc';
import { installMethods } from './methods';
import * as ops from './ops';
import { execute, requestPause, PAUSED, frameAlloc } from './vm';
import { BufferLedger, installMemModule, teeTracer } from './memmodule';
import { Code } from './code';
import { suggestionText } from './suggestions';
import { DEFAULT_INT_MAX_STR_DIGITS, setIntMaxStrDigits } from '../format/ints';

export const DEFAULT_MAX_STEPS = 10_000_000;
/** The default memory limit of a run, in MiB of simulated heap (arenas, the C heap and its
 *  mappings): past it, allocations fail and the program gets MemoryError. */
export const DEFAULT_MEMORY_LIMIT_MB = 256;

/** RunOptions.memoryLimitMb in bytes: the default when omitted, no limit for 0 */
export function memoryLimitBytes(mb: number | undefined): number {
  const v = mb ?? DEFAULT_MEMORY_LIMIT_MB;
  return v > 0 ? v * 2 ** 20 : Infinity;
}

/** a new simulated interpreter for one version */
export function createRuntime(version = DEFAULT_VERSION): Runtime {
  const r = new Runtime(version);
  setRuntime(r);
  setIntMaxStrDigits(DEFAULT_INT_MAX_STR_DIGITS);
  r.err = [];
  r.emptyFrozenset = null;
  r.stderrObj = null;
  r.baselineBlocks = 0;
  bootstrap(r);
  installGc(r);
  installBuiltins();
  installModules();
  installMethods();
  r.warmLatin1();
  r.internStaticIdentifiers();
  r.checkGc = collectGenerations;
  return r;
}

declare module './runtime' {
  interface Runtime {
    checkGc: () => void;
  }
}

/** the constants of one compilation unit: shared by value, and held by the parser's AST arena */
function constantHost(r: Runtime, arena: PyObject[], filename = '<string>', source = ''): import('./compiler').CompilerHost {
  const cache = new Map<string, PyObject>();
  const keyOf = (v: ConstValue): string => {
    switch (v.type) {
      case 'int': return 'i' + v.value.toString();
      case 'float': return 'f' + (Object.is(v.value, -0) ? '-0' : String(v.value));
      case 'complex': {
        const re = (v as { real?: number }).real ?? 0;
        return 'c' + (Object.is(re, -0) ? '-0' : String(re)) + ',' + (Object.is(v.imag, -0) ? '-0' : String(v.imag));
      }
      case 'str': return 's' + v.value;
      case 'bytes': return 'b' + Array.from(v.value).join(',');
      case 'bool': return v.value ? 'T' : 'F';
      case 'None': return 'N';
      case 'Ellipsis': return 'E';
      case 'tuple': return '(' + v.items.map(keyOf).join('|') + ')';
      case 'frozenset': return '{' + v.items.map(keyOf).join('|') + '}';
      case 'code': return '';
    }
  };
  const make = (v: ConstValue): PyObject => {
    switch (v.type) {
      case 'int': return r.newIntBig(v.value);
      case 'float': return r.newFloat(v.value);
      case 'complex': return ops.newComplex((v as { real?: number }).real ?? 0, v.imag);
      case 'str': {
        // identifier-like constants are interned (all_name_chars / should_intern_string); the
        // parser's one-character str is the latin-1 singleton, and interning replaces it only
        // by 3.11/3.12's static identifiers (profile.latin1StaticIdentifiers)
        if (/^[A-Za-z0-9_]*$/.test(v.value)) return r.intern(v.value);
        return r.newStr(v.value);
      }
      case 'bytes': {
        const b = r.newBytes(v.value);
        if (b.allocSize) b.ob_refcnt += r.profile.bytesConstantExtraRefs;
        return b;
      }
      case 'bool': return ops.incref2(v.value ? r.True : r.False);
      case 'None': return ops.incref2(r.None);
      case 'Ellipsis': return ops.incref2(r.Ellipsis);
      case 'tuple': {
        // the items are the AST's own constants: the tuple holds them beside the arena
        const t = r.newTuple(v.items.map((x) => ops.incref2(constant(x))));
        if (r.profile.constantTuplesUntracked) r.gcUntrack(t);
        return t;
      }
      case 'frozenset': {
        // the AST optimizer / compiler makes the frozenset from the items in source order
        // (PyFrozenSet_New of a tuple), then merge_consts_recursive makes a new one from the
        // first's iteration order (3.12.1 Python/compile.c:984-1024, the same in 3.8-3.13): the
        // constant's order is that of the second table
        // When _PyCode_New's intern_string_constants then replaces one of its strs by an equal
        // string interned before (a name of the program or of the interpreter, a static
        // identifier), it makes the frozenset a third time, again from the iteration order
        // (3.12.1 Objects/codeobject.c:176-196)
        const replaced = v.items.some((x) => x.type === 'str' && /^[A-Za-z0-9_]+$/.test(x.value) && internedElsewhere(x.value));
        const items = v.items.map((x) => constant(x));
        const first = new SetTable<PyObject>(r.version, r.dictHooks);
        for (const x of items) first.add(x);
        let order = [...first];
        if (replaced) {
          const second = new SetTable<PyObject>(r.version, r.dictHooks);
          for (const x of order) second.add(x);
          order = [...second];
        }
        const s = ops.newSetFrom(order, true);
        for (const x of items) ops.decref2(x);
        return s;
      }
      case 'code': return ops.incref2(ops.codeObject(v.code));
    }
  };
  /** interning the parser's str for `value` gives another object: for one character, when the
   *  interned string is a static identifier and not the latin-1 singleton the parser made; for a
   *  longer one, when an equal string was interned before (a name, the interpreter's) */
  const internedElsewhere = (value: string): boolean => {
    const hit = r.interned.get(value);
    if (!hit) return false;
    if (value.length === 1) return hit !== r.latin1[value.charCodeAt(0)];
    // a longer one merged with an earlier constant of the unit is that (interned) object itself
    return !cache.has('s' + value);
  };
  const constant = (v: ConstValue): PyObject => {
    if (v.type === 'code') return ops.codeObject(v.code);
    const k = keyOf(v);
    const hit = cache.get(k);
    if (hit) return hit;
    const o = make(v);
    // the AST arena keeps its reference for the whole run of the module
    arena.push(o);
    cache.set(k, o);
    return o;
  };
  const foldedTupleItem = (v: ConstValue): void => {
    if (v.type === 'code' || cache.has(keyOf(v))) return;
    const o = constant(v);
    for (let i = 0; i < 2; i++) arena.push(ops.incref2(o));
  };
  // SyntaxWarnings go to stderr as the warnings module shows them: file:line: category: message,
  // then the source line
  const warnIsLiteral = (line: number, isNot: boolean, literalType: string): void => {
    const msg = r.profile.isLiteralWarning.replace('%o', isNot ? 'is not' : 'is').replace('%e', isNot ? '!=' : '==')
      .replace('%t', literalType);
    showSyntaxWarning(r, filename, source, line, msg);
  };
  return {
    constant, foldedTupleItem, warnIsLiteral,
    constDisplaysExtend: r.profile.listDisplayFoldsConstants, genMinStacksize: r.profile.genMinStacksize,
    starredDisplaysUnpack: r.profile.starredDisplaysUnpack, classStaticAttributes: r.profile.classStaticAttributes,
  };
}

/**
 * A run that can stop after any line and go on: `step(n)` executes up to n more line steps (then
 * pauses at the next line boundary of the top-level loop), `finish()` runs to the end. The
 * result is complete once `done` is true.
 */
export class Session {
  readonly result: RunResult;
  /** the recorder installed for this run, if any */
  tracer: import('./runtime').Tracer | null = null;
  done = false;
  private r: Runtime | null = null;
  private frame: Frame | null = null;
  private main: import('./objects').PyModule | null = null;
  private arena: PyObject[] = [];
  /** the owners of buffers, for the `mem` module (RunOptions.memHelpers) */
  private ledger: BufferLedger | null = null;

  /** `source`: text, or a file's bytes decoded as CPython's tokenizer does (PEP 263) */
  constructor(input: string | Uint8Array, private options: RunOptions = {}) {
    const version = options.version ?? DEFAULT_VERSION;
    const filename = options.filename ?? '<string>';
    this.result = { stdout: '', stderr: '', exitCode: 0, error: null, steps: 0, memory: emptySummary(version) };
    let mod: A.Module;
    let source: string;
    try {
      source = typeof input === 'string' ? input : decodeSource(input, version, filename);
      mod = parse(source, version);
    } catch (e) {
      early(this.result, e, filename, version);
      this.done = true;
      return;
    }
    const r = createRuntime(version);
    this.r = r;
    if (options.memHelpers) {
      this.ledger = new BufferLedger();
      installMemModule(r, this.ledger);
      r.tracer = this.ledger;
    }
    r.sourceLines = source.split(/\r?\n/);
    r.maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
    const limitBytes = memoryLimitBytes(options.memoryLimitMb);
    r.probe = options.probe ?? null;
    // the tokenizer's warnings come first; DeprecationWarnings are not shown by the default filters
    for (const w of mod.warnings ?? []) {
      if (w.category !== 'SyntaxWarning') continue;
      showSyntaxWarning(r, filename, source, w.line, w.message);
    }
    r.stdoutSink = options.onStdout ?? null;
    let code: Code;
    try {
      code = new Compiler(mod, filename, constantHost(r, this.arena, filename, source)).compileModule();
    } catch (e) {
      early(this.result, e, filename, version);
      this.done = true;
      return;
    }
    // co_consts hold their references
    holdConsts(code, new Set());
    if (r.syntaxWarnings > 0) warningGarbage(r);
    const main = r.newModule('__main__');
    this.main = main;
    r.modules.set('__main__', main);
    const globals = main.dict;
    // the globals of a script run by `python FILE` (pymain_run_file / run_simple_file)
    ops.dictSetStrSteal(globals, '__doc__', ops.incref2(r.None));
    ops.dictSetStrSteal(globals, '__package__', ops.incref2(r.None));
    ops.dictSetStrSteal(globals, '__loader__', r.newLoader());
    ops.dictSetStrSteal(globals, '__spec__', ops.incref2(r.None));
    ops.dictSetStrSteal(globals, '__annotations__', r.newDict());
    ops.dictSetStrSteal(globals, '__builtins__', ops.incref2(r.modules.get('builtins')!));
    ops.dictSetStrSteal(globals, '__file__', r.newStr(filename));
    ops.dictSetStrSteal(globals, '__cached__', ops.incref2(r.None));
    // ≤3.10: the start-up code leaves frames on the frame free list
    for (let i = 0; i < r.profile.startupFreeFrames; i++) r.freelists.frames.push({ block: r.heap.malloc(464), size: 464 });
    // and objects on the other free lists
    const sf = r.profile.startupFreeLists;
    for (let i = 0; i < sf.list; i++) r.freelists.list.push(r.heap.malloc(56));
    for (let i = 0; i < sf.dict; i++) r.freelists.dict.push(r.heap.malloc(64));
    for (let i = 0; i < sf.float; i++) r.freelists.float.push(r.heap.malloc(24));
    sf.tuple.forEach((n, len) => {
      const fl = r.freelists.tuple[len] ?? (r.freelists.tuple[len] = []);
      for (let i = 0; i < n; i++) fl.push(r.heap.malloc(40 + 8 * len));
    });
    // the limit counts what the program maps beyond the interpreter's start-up heap (as a recording
    // under RLIMIT_AS set to the start-up footprint plus the limit)
    r.heap.raw.limit = r.heap.raw.footprint + limitBytes;
    const frame = new Frame(code, globals, r.builtins, globals, null);
    frameAlloc(frame);
    ops.incref2(globals);
    frame.back = null;
    frame.entry = true;
    this.frame = frame;
    r.recursionDepth = 1;
    // the module's run of the eval loop (3.12+: its C stack units)
    r.cRecursionDepth = r.profile.evalFrameCUnits;
    r.frame = frame;
  }

  /** install a recorder before the first step (it sees every line, allocation and free) */
  setTracer(t: import('./runtime').Tracer | null): void {
    this.tracer = t;
    if (this.r) this.r.tracer = this.ledger ? (t ? teeTracer(this.ledger, t) : this.ledger) : t;
  }

  /** the simulated interpreter (null when the program did not compile) */
  get runtime(): Runtime | null { return this.r; }

  /** execute up to `lines` more line steps; returns true when the program has finished */
  step(lines: number): boolean {
    if (this.done) return true;
    requestPause(this.r!.steps + lines);
    return this.advance();
  }

  /** run to the end */
  finish(): RunResult {
    if (!this.done) {
      requestPause(0);
      this.advance();
    }
    return this.result;
  }

  private advance(): boolean {
    const r = this.r!;
    setRuntime(r);
    const result = this.result;
    try {
      const from = r.frame && r.frame !== this.frame ? r.frame : this.frame!;
      const rv = execute(this.frame!, from);
      requestPause(0);
      if (rv === PAUSED) {
        this.collectOutput();
        return false;
      }
      ops.decref2(rv);
      finalizeModules(r, this.main!);
    } catch (err) {
      requestPause(0);
      // out of memory outside any frame's handler (at exit): the program's MemoryError all the same
      const e = isEngineOutOfMemory(err) ? r.noMemory() : err;
      if (e instanceof PyExc) {
        const exc = e.exc;
        if (ops.isInstance(exc, r.T.SystemExit)) {
          result.exitCode = handleSystemExit(r, exc);
        } else {
          const tb = formatException(exc);
          r.err.push(tb.text);
          result.exitCode = 1;
          result.error = tb.error;
        }
        try { finalizeModules(r, this.main!); } catch { /* errors at shutdown are not reported */ }
      } else if (e instanceof StepLimitError) {
        result.exitCode = 1;
        result.error = { kind: 'step-limit', type: 'StepLimit', message: e.message, line: e.lineno };
        r.err.push(`pymemsim: ${e.message}\n`);
      } else if (e instanceof UnsupportedError || isStackOverflow(e)) {
        // a construct met during the run (a class derived from a built-in type), or recursion
        // through native code deeper than the JavaScript stack holds: refused in one line
        const u = e instanceof UnsupportedError ? e
          : new UnsupportedError('recursion this deep through special methods or builtins', r.frame ? r.frame.lineno : 0);
        result.exitCode = 1;
        result.error = { kind: 'unsupported', type: 'Unsupported', message: u.message, line: u.lineno };
        r.err.push(`pymemsim: ${this.options.filename ?? '<string>'}:${u.lineno}: ${u.message}\n`);
      } else {
        throw e;
      }
    }
    this.done = true;
    this.collectOutput();
    result.memory = memorySummary(r);
    return true;
  }

  private collectOutput(): void {
    const r = this.r!;
    this.result.stdout = r.out.join('');
    this.result.stderr = r.err.join('');
    this.result.steps = r.steps;
  }

  /** the line the run is paused at (0 when not started or finished) */
  get line(): number {
    const f = this.r?.frame;
    return f && !this.done ? f.code.lines[f.pc] ?? 0 : 0;
  }
}

/** _Py_HandleSystemExit: the exit status of an uncaught SystemExit, as the process reports it (8 bits):
 *  code None is 0, an int (bool included) is itself (PyLong_AsLong; -1 when it overflows), anything
 *  else is printed to stderr and is 1 */
function handleSystemExit(r: Runtime, exc: PyBaseException): number {
  const code = ops.getAttrOrNull(exc, 'code');
  if (code === null || code === r.None) { if (code) ops.decref2(code); return 0; }
  try {
    if (code instanceof PyInt) {
      const v = code.big ?? BigInt(code.v);
      const status = v > 0x7fffffffffffffffn || v < -0x8000000000000000n ? -1n : BigInt.asIntN(32, v);
      return Number(BigInt.asUintN(8, status));
    }
    r.err.push(ops.str(code) + '\n');
    return 1;
  } finally {
    ops.decref2(code);
  }
}

/** A SyntaxWarning as the warnings module shows it: file:line: category: message, then the line */
function showSyntaxWarning(r: Runtime, filename: string, source: string, line: number, msg: string): void {
  const text = source.split(/\r?\n/)[line - 1]?.trim() ?? '';
  r.err.push(`${filename}:${line}: SyntaxWarning: ${msg}\n${text ? `  ${text}\n` : ''}`);
  r.syntaxWarnings++;
}

/** What the first warning's imports leave for the cyclic GC (profile.firstWarningGarbage): as
 *  many objects, in one unreachable ring */
function warningGarbage(r: Runtime): void {
  const n = r.profile.firstWarningGarbage;
  if (n === 0) return;
  const ring: PyTuple[] = [];
  for (let i = 0; i < n; i++) ring.push(r.newTuple([ops.incref2(r.None)]));
  for (let i = 0; i < n; i++) {
    const t = ring[i];
    ops.decref2(t.items[0]);
    t.items[0] = ring[(i + 1) % n];
  }
}

/** the JavaScript stack ran out (V8's RangeError) */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && e.message === 'Maximum call stack size exceeded';
}

export function runSource(source: string | Uint8Array, options: RunOptions = {}): RunResult {
  return new Session(source, options).finish();
}

function holdConsts(code: Code, seen: Set<Code>): void {
  if (seen.has(code)) return;
  seen.add(code);
  // co_names, co_varnames, co_cellvars, co_freevars, co_name and co_qualname are interned when
  // the code object is made (intern_strings, Objects/codeobject.c): before the program runs
  for (const n of [...code.names, ...code.varnames, ...code.cellvars, ...code.freevars, code.name, code.qualname]) {
    if (n !== '.0') rt.intern(n);
  }
  for (const c of code.consts) {
    c.ob_refcnt++;
    const inner = (c as unknown as { code?: Code }).code;
    if (inner instanceof Code) holdConsts(inner, seen);
  }
}

function early(result: RunResult, e: unknown, filename: string, version: string): RunResult {
  void version;
  if (e instanceof PySyntaxError) {
    result.exitCode = 1;
    result.error = { kind: 'syntax', type: e.type, message: e.msg, line: e.lineno, offset: e.offset, text: e.text } as RunError;
    if (e.type === 'MemoryError') {
      result.stderr = `${e.msg}\nMemoryError\n`;
      result.memory = emptySummary(version);
      return result;
    }
    const caret = !e.text ? '' : e.offset < 1 ? `    ${e.text.trimStart()}\n`
      : `    ${e.text.trimStart()}\n    ${' '.repeat(Math.max(0, e.offset - 1 - (e.text.length - e.text.trimStart().length)))}^\n`;
    // a syntax error without a location (lineno 0) is its message alone
    result.stderr = `${e.lineno ? `  File "${filename}", line ${e.lineno}\n` : ''}${caret}${e.type}: ${e.msg}\n`;
    result.memory = emptySummary(version);
    return result;
  }
  if (isStackOverflow(e)) {
    // lowering or compiling an expression nested past the JavaScript stack
    e = new UnsupportedError('an expression nested this deep', 1);
  }
  if (e instanceof UnsupportedError) {
    result.exitCode = 1;
    result.error = { kind: 'unsupported', type: 'Unsupported', message: e.message, line: e.lineno };
    result.stderr = `pymemsim: ${filename}:${e.lineno}: ${e.message}\n`;
    result.memory = emptySummary(version);
    return result;
  }
  throw e;
}

function emptySummary(version: string): MemorySummary {
  return {
    version: version as MemorySummary['version'], liveObjects: 0, allocatedBlocks: 0, arenas: 0, poolsInUse: 0,
    poolSize: 0, arenaSize: 0, pymallocBytes: 0, rawBytes: 0, gcCount: [0, 0, 0],
  };
}

/** the traceback text and the error of the result */
export function formatException(exc: PyBaseException): { text: string; error: RunError } {
  const lines = ['Traceback (most recent call last):\n'];
  const tb = exc.traceback.slice().reverse();
  const src = rt.sourceLines;
  for (const t of tb) {
    lines.push(`  File "${t.filename}", line ${t.line}, in ${t.name}\n`);
    const text = src[t.line - 1];
    if (text !== undefined && text.trim()) lines.push(`    ${text.trim()}\n`);
  }
  const type = rt.excTypeName(exc.ob_type);
  let msg = '';
  try { msg = ops.str(exc); } catch { msg = '<exception str() failed>'; }
  if (exc.suggest) msg += suggestionText(rt.profile.suggestions, exc.suggest, rt.profile.suggestionsHideUnderscored);
  lines.push(msg ? `${type}: ${msg}\n` : `${type}\n`);
  const line = exc.traceback.length ? exc.traceback[0].line : 0;
  return { text: lines.join(''), error: { kind: 'exception', type, message: msg, line } };
}

/** _PyModule_ClearDict and the final collection */
function finalizeModules(r: Runtime, main: import('./objects').PyModule): void {
  if (r.maxSteps < Infinity) r.maxSteps = Infinity;
  const d = main.dict as PyDict;
  const items = ops.dictItems(d);
  const setNone = (pred: (name: string) => boolean) => {
    for (const [k] of items) {
      if (!(k instanceof PyStr) || !pred(k.s)) continue;
      const cur = ops.dictGetStr(d, k.s);
      if (cur === undefined || cur === r.None) continue;
      ops.dictSetStrSteal(d, k.s, ops.incref2(r.None));
    }
  };
  try {
    setNone((n) => n.startsWith('_') && !n.startsWith('__'));
    setNone((n) => n !== '__builtins__');
    r.gcState.enabled = true;
    collectAtExit();
  } catch (e) {
    if (!(e instanceof PyExc)) throw e;
  }
}

function memorySummary(r: Runtime): MemorySummary {
  const s = r.heap.snapshot();
  let pools = 0;
  let pymallocBytes = 0;
  for (const a of s.arenas) {
    for (const p of a.pools) {
      if (p.state !== 'empty') pools++;
      pymallocBytes += p.count * p.blockSize;
    }
  }
  const rawBytes = s.raw ? s.raw.filter((c) => c.inUse).reduce((n, c) => n + c.chunkSize, 0) : 0;
  return {
    version: r.version,
    liveObjects: r.liveObjects,
    allocatedBlocks: r.heap.allocatedBlocks(),
    arenas: s.arenas.length,
    poolsInUse: pools,
    poolSize: r.profile.poolSize,
    arenaSize: r.profile.arenaSize,
    pymallocBytes,
    rawBytes,
    gcCount: [...r.gcState.count] as [number, number, number],
  };
}

declare module './runtime' {
  interface Runtime {
    sourceLines: string[];
  }
}

export { IMMORTAL_REFCNT, PyTuple };
