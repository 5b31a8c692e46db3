// The evaluation loop, as CPython's Python/ceval.c (3.8-3.10) and Python/bytecodes.c (3.11+):
// one loop runs Python-to-Python calls without recursing in JS (frames are pushed and popped),
// the value stack owns its references, and every new line is a step that the trace can record
// and the step budget counts. Native code that calls back into Python (sorted's key, __init__
// through type(), __del__, __repr__) runs a nested loop for that frame (execute(frame)).

import { StepLimitError, UnsupportedError, isEngineOutOfMemory } from '../errors';
import { isCPythonBuiltin } from './unmodelled';
import { CO_GENERATOR, CO_VARARGS, CO_VARKEYWORDS, Code, Op } from './code';
import { Frame } from './frame';
import {
  PyBaseException, PyBuiltin, PyCell, PyDict, PyFloat, PyFunction, PyGen, PyInt, PyList, PyMethod, PyObject,
  PyRangeIter, PySeqIter, PyStr, PyTuple, PyType, PyInstance, PyModule,
} from './objects';
import { PyExc, PyDictT, rt } from './runtime';
import * as ops from './ops';
import { frameDepthExceeded } from './types';
import { CALLING, callGuards, enterCallGuards, enterEvalFrame, enterRecursiveCall, leaveCallGuards, leaveRecursiveCall } from './recursion';


/** set by execute(): whether the entry frame yielded (true) or returned (false) */
export let lastWasYield = false;

const NULL = null;

function incref(o: PyObject): void { o.ob_refcnt++; }
function decref(o: PyObject): void { if (--o.ob_refcnt === 0) rt.dealloc(o); }
function xdecref(o: PyObject | null): void { if (o !== null && --o.ob_refcnt === 0) rt.dealloc(o); }

// ---------------------------------------------------------------------------------------------
// Frames for calls
// ---------------------------------------------------------------------------------------------

/** _PyEval_MakeFrameVector / _PyEvalFramePushAndInit: a frame for `func` with its arguments bound.
 * `args[start..start+nargs)` are positional, then `kwnames.length` keyword values.
 * When `steal` the references are moved from `args` into the frame (3.11+); otherwise the frame
 * takes new references and the caller keeps its own. */
export function makeFrame(
  func: PyFunction, args: (PyObject | null)[], start: number, nargs: number, kwnames: string[] | null, steal: boolean,
): Frame {
  const code = func.code;
  const f = new Frame(code, func.globals as PyDict, rt.builtins, null, func);
  frameAlloc(f);
  const fast = f.fast;
  const argcount = code.argcount;
  const total = argcount + code.kwonlyargcount;
  const nkw = kwnames ? kwnames.length : 0;
  const npos = nargs - nkw;
  const take = (i: number): PyObject => {
    const o = args[i]!;
    if (!steal) o.ob_refcnt++;
    else args[i] = null;
    return o;
  };
  // positional
  const n = Math.min(npos, argcount);
  for (let i = 0; i < n; i++) fast[i] = take(start + i);
  let varargsIndex = -1;
  let kwargsDict: PyDict | null = null;
  if (code.flags & CO_VARARGS) {
    varargsIndex = total;
    const extra: PyObject[] = [];
    for (let i = n; i < npos; i++) extra.push(take(start + i));
    fast[varargsIndex] = rt.newTuple(extra);
  } else if (npos > argcount) {
    releaseTaken(fast, n, steal, args, start, nargs);
    throw rt.raise('TypeError', tooManyPositional(func, npos, nkw));
  }
  if (code.flags & CO_VARKEYWORDS) {
    kwargsDict = rt.newDict();
    fast[total + (code.flags & CO_VARARGS ? 1 : 0)] = kwargsDict;
  }
  // keywords
  for (let k = 0; k < nkw; k++) {
    const name = kwnames![k];
    const vi = start + npos + k;
    let idx = -1;
    for (let j = code.posonlyargcount; j < total; j++) {
      if (code.varnames[j] === name) { idx = j; break; }
    }
    if (idx < 0) {
      if (kwargsDict) {
        ops.dictSetItem(kwargsDict, rt.newStr(name), args[vi]!, true);
        if (steal) { decref(args[vi]!); args[vi] = null; }
        continue;
      }
      cleanupFast(fast);
      throw rt.raise('TypeError', `${funcName(func)}() got an unexpected keyword argument '${name}'`);
    }
    if (fast[idx] !== null) {
      cleanupFast(fast);
      throw rt.raise('TypeError', `${funcName(func)}() got multiple values for argument '${name}'`);
    }
    fast[idx] = take(vi);
  }
  // defaults
  if (npos < argcount) {
    const defs = func.defaults ? func.defaults.items : [];
    const firstDefault = argcount - defs.length;
    const missing: string[] = [];
    for (let i = npos; i < argcount; i++) {
      if (fast[i] !== null) continue;
      if (i >= firstDefault) {
        const d = defs[i - firstDefault];
        d.ob_refcnt++;
        fast[i] = d;
      } else {
        missing.push(code.varnames[i]);
      }
    }
    if (missing.length) {
      cleanupFast(fast);
      throw rt.raise('TypeError', missingArgs(func, missing, 'positional'));
    }
  }
  if (code.kwonlyargcount) {
    const missing: string[] = [];
    for (let i = argcount; i < total; i++) {
      if (fast[i] !== null) continue;
      const d = func.kwdefaults ? ops.dictGetStr(func.kwdefaults as PyDict, code.varnames[i]) : undefined;
      if (d) { d.ob_refcnt++; fast[i] = d; } else missing.push(code.varnames[i]);
    }
    if (missing.length) {
      cleanupFast(fast);
      throw rt.raise('TypeError', missingArgs(func, missing, 'keyword-only'));
    }
  }
  // cells and free variables
  const nvars = code.varnames.length;
  for (let i = 0; i < code.cellvars.length; i++) {
    const a = code.cell2arg[i];
    let init: PyObject | null = null;
    if (a >= 0) {
      // an argument that is also a cell: the cell takes the argument's reference (CPython's cell2arg)
      const vi = a < nvars ? code.varnames.indexOf(code.cellvars[i]) : -1;
      if (vi >= 0) { init = fast[vi]; fast[vi] = null; }
    }
    fast[nvars + i] = ops.newCell(init);
    if (init) decref(init);
  }
  if (code.freevars.length) {
    const cl = func.closure!.items;
    const base = nvars + code.cellvars.length;
    for (let i = 0; i < cl.length; i++) { cl[i].ob_refcnt++; fast[base + i] = cl[i]; }
  }
  return f;
}

function releaseTaken(fast: (PyObject | null)[], n: number, steal: boolean, args: (PyObject | null)[], start: number, nargs: number): void {
  cleanupFast(fast);
  if (steal) {
    for (let i = n; i < nargs; i++) { const o = args[start + i]; if (o) { decref(o); args[start + i] = null; } }
  }
}

function cleanupFast(fast: (PyObject | null)[]): void {
  for (let i = 0; i < fast.length; i++) { const o = fast[i]; if (o) { fast[i] = null; decref(o); } }
}

export function funcName(func: PyFunction): string {
  return rt.profile.argErrorsUseQualname ? func.qualname.s : func.name.s;
}

function tooManyPositional(func: PyFunction, given: number, nkw: number): string {
  const code = func.code;
  const defcount = func.defaults ? func.defaults.items.length : 0;
  const argc = code.argcount;
  let takes: string;
  if (defcount) takes = `from ${argc - defcount} to ${argc} positional arguments`;
  else takes = `${argc} positional argument${argc === 1 ? '' : 's'}`;
  let kwPart = '';
  if (nkw) kwPart = ` positional argument${given === 1 ? '' : 's'} (and ${nkw} keyword-only argument${nkw === 1 ? '' : 's'})`;
  const was = given === 1 && !nkw ? 'was' : 'were';
  return `${funcName(func)}() takes ${takes} but ${given}${kwPart} ${was} given`;
}

function missingArgs(func: PyFunction, names: string[], kind: string): string {
  const q = names.map((n) => `'${n}'`);
  let list: string;
  if (q.length === 1) list = q[0];
  else if (q.length === 2) list = `${q[0]} and ${q[1]}`;
  else list = `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
  return `${funcName(func)}() missing ${names.length} required ${kind} argument${names.length === 1 ? '' : 's'}: ${list}`;
}

/** a generator function's call: the frame goes into a new generator object */
export function makeGenerator(f: Frame, func: PyFunction): PyGen {
  // 3.11+: a generator embeds its frame; it does not stay on the thread's data stack
  if (rt.profile.interpreterFrames && f.block) popDataStack(f);
  return ops.newGen(f, func);
}

/** call a Python function from native code: a nested run of the loop */
export function callFunction(func: PyFunction, args: PyObject[], kwnames: string[] | null): PyObject {
  const f = makeFrame(func, args, 0, args.length, kwnames, false);
  if (func.code.flags & CO_GENERATOR) return makeGenerator(f, func);
  return runFrame(f);
}

/** run a fresh frame to completion (module bodies, class bodies, nested calls) */
export function runFrame(f: Frame): PyObject {
  f.back = rt.frame;
  f.entry = true;
  if (rt.profile.evalFrameCUnits === 0) {
    enterFrame(f);
    return execute(f);
  }
  // 3.12+: a run of the eval loop from C takes its C stack units
  let units = 0;
  try {
    units = enterEvalFrame();
  } catch (e) {
    cleanupFast(f.fast);
    throw e;
  }
  try {
    enterFrame(f);
    return execute(f);
  } finally {
    rt.cRecursionDepth -= units;
  }
}

function enterFrame(f: Frame): void {
  if (++rt.recursionDepth > rt.frameDepthLimit) {
    rt.recursionDepth--;
    cleanupFast(f.fast);
    throw frameDepthExceeded(rt);
  }
  rt.frame = f;
}

/**
 * ≤3.10: a call allocates a heap PyFrameObject (PyObject_GC_NewVar), unless the code object's
 * zombie frame or the frame free list has one (_PyFrame_New_NoTrack, Objects/frameobject.c).
 */
export function frameAlloc(f: Frame): void {
  const p = rt.profile;
  if (p.interpreterFrames) { pushDataStack(f); return; }
  const c = f.code;
  const slots = c.varnames.length + c.cellvars.length + c.freevars.length + c.stacksize;
  const size = p.frameObjectSize + 8 * (slots - 1) + p.gcHeadSize;
  const z = c.zombie;
  if (z && p.zombieFrames) {
    c.zombie = null;
    f.block = z.block;
    f.blockSize = z.size;
    return;
  }
  const fl = rt.freelists.frames;
  if (fl.length) {
    const e = fl.pop()!;
    f.block = e.size < size ? rt.heap.realloc(e.block, size) : e.block;
    f.blockSize = Math.max(e.size, size);
    return;
  }
  f.block = rt.heap.malloc(size);
  f.blockSize = size;
  const st = rt.gcState;
  st.count[0]++;
  if (st.count[0] > st.threshold[0] && st.enabled && st.threshold[0] && !st.collecting) rt.gcThresholdCrossed();
}

/** frame_dealloc: park the frame as its code's zombie, on the free list, or free it */
export function frameRelease(f: Frame): void {
  if (!f.block) return;
  const p = rt.profile;
  if (p.interpreterFrames) { popDataStack(f); return; }
  const c = f.code;
  const e = { block: f.block, size: f.blockSize };
  f.block = 0;
  if (p.zombieFrames && c.zombie === null) { c.zombie = e; return; }
  const fl = rt.freelists.frames;
  if (fl.length < p.frameFreeListMax) { fl.push(e); return; }
  rt.heap.free(e.block);
  const st = rt.gcState;
  if (st.count[0] > 0) st.count[0]--;
}

/** one chunk of the thread's data stack (_PyStackChunk): mmap'd, frames bump-allocated in it */
export interface StackChunk { addr: number; size: number; top: number; }

/** sizeof(_PyStackChunk) before its data, and the words of _PyInterpreterFrame before localsplus */
const CHUNK_HEADER = 32;
const FRAME_SPECIALS = 9;
const MINIMUM_OVERHEAD = 1000;

/**
 * 3.11+: _PyThreadState_PushFrame — a frame takes co_framesize words on the data stack; when the
 * chunk is full, push_chunk maps a new one of DATA_STACK_CHUNK_SIZE, doubled until it holds the
 * frame plus MINIMUM_OVERHEAD words (Python/pystate.c).
 */
function pushDataStack(f: Frame): void {
  const c = f.code;
  const bytes = 8 * (FRAME_SPECIALS + c.nlocalsplus + c.stacksize);
  const chunks = rt.dataStack;
  let top = chunks[chunks.length - 1];
  if (!top) {
    // the root chunk: its first slot is skipped so that it is never popped
    const size = rt.profile.dataStackChunkSize;
    top = { addr: rt.heap.space.mmap(size), size, top: CHUNK_HEADER + 8 };
    chunks.push(top);
  }
  if (top.top + bytes > top.size) {
    let size = rt.profile.dataStackChunkSize;
    while (size < 8 * (bytes / 8 + MINIMUM_OVERHEAD)) size *= 2;
    top = { addr: rt.heap.space.mmap(size), size, top: CHUNK_HEADER };
    chunks.push(top);
  }
  f.block = top.addr + top.top;
  f.blockSize = bytes;
  top.top += bytes;
}

/** _PyThreadState_PopFrame: a chunk whose base frame is popped is unmapped */
function popDataStack(f: Frame): void {
  const chunks = rt.dataStack;
  const top = chunks[chunks.length - 1];
  f.block = 0;
  if (!top) return;
  top.top -= f.blockSize;
  if (top.top <= CHUNK_HEADER && chunks.length > 1) {
    rt.heap.space.munmap(top.addr, top.size);
    chunks.pop();
  }
}

/** clear a finished frame's locals and stack (frame_dealloc / _PyFrame_ClearExceptCode) */
function clearFrame(f: Frame): void {
  frameRelease(f);
  const fast = f.fast;
  for (let i = 0; i < fast.length; i++) { const o = fast[i]; if (o !== null) { fast[i] = null; decref(o); } }
  const st = f.stack;
  for (let i = 0; i < f.sp; i++) { const o = st[i]; if (o !== null) { st[i] = null; decref(o); } }
  f.sp = 0;
}

/** resume a generator: send `value` (borrowed) into it; returns the yielded value (new ref),
 * or null when it returned (its return value is left in `genReturnValue`) */
export let genReturnValue: PyObject | null = null;
export function genSend(gen: PyGen, value: PyObject | null, throwExc: PyExc | null = null): PyObject | null {
  if (gen.running) throw rt.raise('ValueError', 'generator already executing');
  const f = gen.frame;
  if (!f || gen.done) {
    if (throwExc) throw throwExc;
    genReturnValue = null;
    return null;
  }
  if (f.pc === 0 && value !== null && value !== rt.None && !throwExc) {
    throw rt.raise('TypeError', "can't send non-None value to a just-started generator");
  }
  if ((f.pc > 0 || f.lasti > 0) && !throwExc) {
    const v = value ?? rt.None;
    v.ob_refcnt++;
    f.stack[f.sp++] = v;
  }
  gen.running = true;
  f.back = rt.frame;
  f.entry = true;
  let units = 0;
  try {
    units = enterEvalFrame();
  } catch (e) {
    gen.running = false;
    throw e;
  }
  try {
    enterFrame(f);
  } catch (e) {
    gen.running = false;
    rt.cRecursionDepth -= units;
    throw e;
  }
  let result: PyObject;
  try {
    if (throwExc) pendingThrow = throwExc;
    result = execute(f);
  } catch (e) {
    rt.cRecursionDepth -= units;
    gen.running = false;
    gen.done = true;
    gen.frame = null;
    clearFrame(f);
    if (e instanceof PyExc && e.exc.ob_type === rt.T.StopIteration) {
      // PEP 479
      const re = rt.raise('RuntimeError', 'generator raised StopIteration');
      re.exc.cause = e.exc;
      throw re;
    }
    throw e;
  }
  rt.cRecursionDepth -= units;
  gen.running = false;
  if (lastWasYield) return result;
  gen.done = true;
  gen.frame = null;
  clearFrame(f);
  genReturnValue = result;
  return null;
}
let pendingThrow: PyExc | null = null;

// ---------------------------------------------------------------------------------------------
// The loop
// ---------------------------------------------------------------------------------------------

/** returned by execute() when the run paused at a line boundary (see requestPause) */
export const PAUSED = { paused: true } as unknown as PyObject;

/** pause before the line step numbered `atStep` starts, once the loop is back at its top level
 * (not inside a nested run for native code calling Python); 0: no pause */
let pauseAtStep = 0;
let executeDepth = 0;
/** nested runs of the loop the engine allows (each takes 3-6 KB of JavaScript stack: the CLI and
 *  the extension's worker run the engine on a thread with a stack large enough for it) */
export const NESTED_RUN_LIMIT = 1200;
/** the nesting of runs of the loop now (0 outside a run) */
export function nestedRuns(): number { return executeDepth; }
export function requestPause(atStep: number): void { pauseAtStep = atStep; }
/** the loop is in a nested run (native code calling Python, a generator consumed by list()):
 *  a run cannot pause at a line step of it (a tracer's line event can tell) */
export function inNestedRun(): boolean { return executeDepth > 1; }

/** run `entry` (a module, class body or called frame) until it returns or yields; `from` is the
 * innermost frame when resuming a paused run */
export function execute(entry: Frame, from: Frame = entry): PyObject {
  if (executeDepth >= NESTED_RUN_LIMIT) {
    // native code calling Python calling native code...: each level is a nested run of this loop
    // on the JavaScript stack (a C stack in CPython). Past what the stack the runners give the
    // engine can hold, the run ends with a refusal, never a JavaScript stack overflow.
    throw new UnsupportedError(`recursion through special methods or builtins nested more than ${NESTED_RUN_LIMIT} levels deep`, entry.lineno);
  }
  executeDepth++;
  try {
    return executeLoop(entry, from);
  } finally {
    executeDepth--;
  }
}

function executeLoop(entry: Frame, from: Frame): PyObject {
  let f = from;
  let backJump = f.pendingLine;
  f.pendingLine = false;
  let code: Code = f.code;
  let ops_ = code.code;
  let lineStarts = code.lineStarts;
  let stack = f.stack;
  let fast = f.fast;
  let sp = f.sp;
  let pc = f.pc;
  const T = rt.T;
  const steal = rt.profile.callStealsArgs;
  // 3.11+: COMPARE_OP specialized for ints (COMPARE_OP_INT_JUMP, COMPARE_OP_INT) compares them
  // without PyObject_RichCompare and its recursion guard; up to 3.10 the guard can trip on them
  const intCompareUnguarded = rt.profile.callSpecialization !== null;

  const save = () => { f.sp = sp; f.pc = pc; };
  const load = () => {
    code = f.code; ops_ = code.code; lineStarts = code.lineStarts; stack = f.stack; fast = f.fast; sp = f.sp; pc = f.pc;
  };

  // a throw() into a suspended generator: raised at its yield, inside the frame's handlers
  let injected = pendingThrow;
  pendingThrow = null;

  for (;;) {
    try {
      if (injected !== null) {
        const e = injected;
        injected = null;
        if (pc === 0) throw e;
        throw e;
      }
      for (;;) {
        const i = pc;
        const ls = lineStarts[i];
        if (ls !== 0 && (ls === 1 || backJump)) {
          backJump = false;
          if (pauseAtStep !== 0 && rt.steps >= pauseAtStep && executeDepth === 1) {
            f.sp = sp;
            f.pc = i;
            f.lasti = i;
            f.pendingLine = ls === 2;
            rt.frame = f;
            return PAUSED;
          }
          if (++rt.steps > rt.maxSteps) throw new StepLimitError(rt.maxSteps, code.lines[i]);
          if (rt.probe !== null) { rt.probe[1] = rt.steps; rt.probe[2] = code.lines[i]; }
          if (rt.tracer !== null) { f.lasti = i; save(); rt.tracer.line(f, code.lines[i]); }
        }
        const op = ops_[2 * i];
        const arg = ops_[2 * i + 1];
        pc = i + 1;
        switch (op) {
          case Op.NOP: case Op.END_FOR: case Op.SETUP_ANNOTATIONS:
            break;
          case Op.POP_TOP: {
            const o = stack[--sp]!;
            stack[sp] = NULL;
            decref(o);
            break;
          }
          case Op.DUP_TOP: {
            const o = stack[sp - 1]!;
            o.ob_refcnt++;
            stack[sp++] = o;
            break;
          }
          case Op.ROT_TWO: {
            const a = stack[sp - 1];
            stack[sp - 1] = stack[sp - 2];
            stack[sp - 2] = a;
            break;
          }
          case Op.ROT_THREE: {
            const a = stack[sp - 1];
            stack[sp - 1] = stack[sp - 2];
            stack[sp - 2] = stack[sp - 3];
            stack[sp - 3] = a;
            break;
          }
          case Op.ROT_FOUR: {
            const a = stack[sp - 1];
            stack[sp - 1] = stack[sp - 2];
            stack[sp - 2] = stack[sp - 3];
            stack[sp - 3] = stack[sp - 4];
            stack[sp - 4] = a;
            break;
          }
          case Op.SWAP: {
            const a = stack[sp - 1];
            stack[sp - 1] = stack[sp - arg];
            stack[sp - arg] = a;
            break;
          }
          case Op.COPY: {
            const o = stack[sp - arg]!;
            o.ob_refcnt++;
            stack[sp++] = o;
            break;
          }
          case Op.PUSH_NULL:
            stack[sp++] = NULL;
            break;
          case Op.LOAD_CONST: {
            const o = code.consts[arg];
            o.ob_refcnt++;
            stack[sp++] = o;
            break;
          }
          case Op.LOAD_FAST: {
            const o = fast[arg];
            if (o === null) throw unboundLocal(code.varnames[arg]);
            o.ob_refcnt++;
            stack[sp++] = o;
            break;
          }
          case Op.STORE_FAST: {
            const old = fast[arg];
            fast[arg] = stack[--sp];
            stack[sp] = NULL;
            if (old !== null) decref(old);
            break;
          }
          case Op.DELETE_FAST: {
            const old = fast[arg];
            if (old === null) throw unboundLocal(code.varnames[arg]);
            fast[arg] = null;
            decref(old);
            break;
          }
          case Op.LOAD_DEREF: case Op.LOAD_CLASSDEREF: {
            const nv = code.varnames.length;
            if (op === Op.LOAD_CLASSDEREF) {
              const name = derefName(code, arg);
              const v = ops.dictGetStr(f.locals!, name);
              if (v !== undefined) { v.ob_refcnt++; stack[sp++] = v; break; }
            }
            const cell = fast[nv + arg] as PyCell;
            const o = cell.ref;
            if (o === null) throw unboundDeref(code, arg);
            o.ob_refcnt++;
            stack[sp++] = o;
            break;
          }
          case Op.STORE_DEREF: {
            const cell = fast[code.varnames.length + arg] as PyCell;
            const old = cell.ref;
            cell.ref = stack[--sp];
            stack[sp] = NULL;
            if (old !== null) decref(old);
            break;
          }
          case Op.DELETE_DEREF: {
            const cell = fast[code.varnames.length + arg] as PyCell;
            const old = cell.ref;
            if (old === null) throw unboundDeref(code, arg);
            cell.ref = null;
            decref(old);
            break;
          }
          case Op.LOAD_CLOSURE: {
            const c = fast[code.varnames.length + arg]!;
            c.ob_refcnt++;
            stack[sp++] = c;
            break;
          }
          case Op.LOAD_NAME: {
            const name = code.names[arg];
            let v = f.locals ? ops.dictGetStr(f.locals, name) : undefined;
            if (v === undefined) v = ops.dictGetStr(f.globals, name);
            if (v === undefined) v = ops.dictGetStr(f.builtins, name);
            if (v === undefined) throw missingName(name, f);
            v.ob_refcnt++;
            stack[sp++] = v;
            break;
          }
          case Op.STORE_NAME: {
            const v = stack[--sp]!;
            stack[sp] = NULL;
            ops.dictSetStrSteal(f.locals ?? f.globals, code.names[arg], v);
            break;
          }
          case Op.DELETE_NAME: {
            const name = code.names[arg];
            if (!ops.dictDelStr(f.locals ?? f.globals, name)) throw nameError(name, f);
            break;
          }
          case Op.LOAD_GLOBAL: {
            const name = code.names[arg];
            let v = ops.dictGetStr(f.globals, name);
            if (v === undefined) v = ops.dictGetStr(f.builtins, name);
            if (v === undefined) throw missingName(name, f);
            v.ob_refcnt++;
            stack[sp++] = v;
            break;
          }
          case Op.STORE_GLOBAL: {
            const v = stack[--sp]!;
            stack[sp] = NULL;
            ops.dictSetStrSteal(f.globals, code.names[arg], v);
            break;
          }
          case Op.DELETE_GLOBAL: {
            const name = code.names[arg];
            if (!ops.dictDelStr(f.globals, name)) throw nameError(name, f);
            break;
          }
          case Op.LOAD_ATTR: {
            const o = stack[sp - 1]!;
            f.lasti = i;
            const r = ops.getAttr(o, code.names[arg]);
            stack[sp - 1] = r;
            decref(o);
            break;
          }
          case Op.STORE_ATTR: {
            const o = stack[--sp]!;
            const v = stack[--sp]!;
            stack[sp] = NULL; stack[sp + 1] = NULL;
            f.lasti = i;
            try { ops.setAttr(o, code.names[arg], v); } finally { decref(o); decref(v); }
            break;
          }
          case Op.DELETE_ATTR: {
            const o = stack[--sp]!;
            stack[sp] = NULL;
            f.lasti = i;
            try { ops.delAttr(o, code.names[arg]); } finally { decref(o); }
            break;
          }
          case Op.LOAD_METHOD: {
            const o = stack[sp - 1]!;
            f.lasti = i;
            const m = ops.lookupMethod(o, code.names[arg]);
            if (m !== null) {
              // [method, self]: self's reference moves one slot up
              stack[sp - 1] = m;
              stack[sp++] = o;
            } else {
              const r = ops.getAttr(o, code.names[arg]);
              stack[sp - 1] = r;
              stack[sp++] = NULL;
              decref(o);
            }
            break;
          }
          case Op.BINARY_SUBSCR: {
            const k = stack[--sp]!;
            const o = stack[sp - 1]!;
            stack[sp] = NULL;
            f.lasti = i;
            let r: PyObject;
            if (o instanceof PyList && k instanceof PyInt && k.big === null && o.ob_type === T.list) {
              let ix = k.v;
              const n = o.items.length;
              if (ix < 0) ix += n;
              if (ix < 0 || ix >= n) { decref(k); throw rt.raise('IndexError', 'list index out of range'); }
              r = o.items[ix];
              r.ob_refcnt++;
            } else {
              try { r = ops.getItem(o, k); } catch (e) { decref(k); throw e; }
            }
            stack[sp - 1] = r;
            decref(o);
            decref(k);
            break;
          }
          case Op.STORE_SUBSCR: {
            const k = stack[--sp]!;
            const o = stack[--sp]!;
            const v = stack[--sp]!;
            stack[sp] = NULL; stack[sp + 1] = NULL; stack[sp + 2] = NULL;
            f.lasti = i;
            try { ops.setItem(o, k, v); } finally { decref(k); decref(o); decref(v); }
            break;
          }
          case Op.DELETE_SUBSCR: {
            const k = stack[--sp]!;
            const o = stack[--sp]!;
            stack[sp] = NULL; stack[sp + 1] = NULL;
            f.lasti = i;
            try { ops.delItem(o, k); } finally { decref(k); decref(o); }
            break;
          }
          case Op.BUILD_SLICE: {
            const step = arg === 3 ? stack[--sp]! : rt.None;
            const stop = stack[--sp]!;
            const start = stack[--sp]!;
            if (arg !== 3) step.ob_refcnt++;
            const s = ops.newSlice(start, stop, step);
            decref(start); decref(stop); decref(step);
            stack[sp + 1] = NULL; stack[sp + 2] = NULL;
            stack[sp++] = s;
            break;
          }
          case Op.BINARY_OP: case Op.INPLACE_OP: {
            const b = stack[--sp]!;
            const a = stack[sp - 1]!;
            stack[sp] = NULL;
            f.lasti = i;
            let r: PyObject;
            if (a instanceof PyInt && b instanceof PyInt && a.big === null && b.big === null) {
              r = ops.intBinOp(arg, a, b);
            } else if (arg === 0 && a instanceof PyStr && b instanceof PyStr && a.ob_type === T.str && b.ob_type === T.str) {
              r = strConcat(f, code, i, op, a, b);
              if (r === a) { stack[sp - 1] = r; decref(b); break; }
            } else {
              try { r = ops.binaryOp(arg, a, b, op === Op.INPLACE_OP); } catch (e) { decref(b); throw e; }
            }
            stack[sp - 1] = r;
            decref(a);
            decref(b);
            break;
          }
          case Op.UNARY_NEGATIVE: case Op.UNARY_POSITIVE: case Op.UNARY_INVERT: {
            const a = stack[sp - 1]!;
            f.lasti = i;
            const r = ops.unaryOp(op, a);
            stack[sp - 1] = r;
            decref(a);
            break;
          }
          case Op.UNARY_NOT: {
            const a = stack[sp - 1]!;
            const r = ops.truthy(a) ? rt.False : rt.True;
            r.ob_refcnt++;
            stack[sp - 1] = r;
            decref(a);
            break;
          }
          case Op.COMPARE_OP: {
            const b = stack[--sp]!;
            const a = stack[sp - 1]!;
            stack[sp] = NULL;
            f.lasti = i;
            let r: PyObject;
            if (a instanceof PyInt && b instanceof PyInt && a.big === null && b.big === null && intCompareUnguarded) {
              const x = a.v, y = b.v;
              const t = arg === 0 ? x < y : arg === 1 ? x <= y : arg === 2 ? x === y : arg === 3 ? x !== y : arg === 4 ? x > y : x >= y;
              r = t ? rt.True : rt.False;
              r.ob_refcnt++;
            } else {
              try { r = ops.richCompare(a, b, arg); } catch (e) { decref(b); throw e; }
            }
            stack[sp - 1] = r;
            decref(a);
            decref(b);
            break;
          }
          case Op.IS_OP: {
            const b = stack[--sp]!;
            const a = stack[sp - 1]!;
            stack[sp] = NULL;
            const r = (a === b) !== (arg === 1) ? rt.True : rt.False;
            r.ob_refcnt++;
            stack[sp - 1] = r;
            decref(a);
            decref(b);
            break;
          }
          case Op.CONTAINS_OP: {
            const b = stack[--sp]!;
            const a = stack[sp - 1]!;
            stack[sp] = NULL;
            f.lasti = i;
            let t: boolean;
            try { t = ops.contains(b, a); } catch (e) { decref(b); throw e; }
            const r = t !== (arg === 1) ? rt.True : rt.False;
            r.ob_refcnt++;
            stack[sp - 1] = r;
            decref(a);
            decref(b);
            break;
          }
          case Op.JUMP:
            if (arg <= i) {
              backJump = true;
              // JUMP_BACKWARD checks the eval breaker
              if (rt.gcState.pending) { f.sp = sp; f.pc = arg; rt.checkGc(); rt.frame = f; }
            }
            pc = arg;
            break;
          case Op.POP_JUMP_IF_FALSE: case Op.POP_JUMP_IF_TRUE: {
            const o = stack[--sp]!;
            stack[sp] = NULL;
            f.lasti = i;
            let t: boolean;
            if (o === rt.True) t = true;
            else if (o === rt.False || o === rt.None) t = false;
            else t = ops.truthy(o);
            decref(o);
            if (t === (op === Op.POP_JUMP_IF_TRUE)) pc = arg;
            break;
          }
          case Op.JUMP_IF_FALSE_OR_POP: case Op.JUMP_IF_TRUE_OR_POP: {
            const o = stack[sp - 1]!;
            f.lasti = i;
            const t = ops.truthy(o);
            if (t === (op === Op.JUMP_IF_TRUE_OR_POP)) pc = arg;
            else { sp--; stack[sp] = NULL; decref(o); }
            break;
          }
          case Op.GET_ITER: {
            const o = stack[sp - 1]!;
            f.lasti = i;
            const it = ops.getIter(o);
            stack[sp - 1] = it;
            decref(o);
            break;
          }
          case Op.FOR_ITER: {
            const it = stack[sp - 1]!;
            f.lasti = i;
            let v: PyObject | null;
            if (it instanceof PyRangeIter) {
              if (it.remaining > 0) {
                v = rt.newInt(it.next);
                it.next += it.step;
                it.remaining--;
              } else v = null;
            } else if (it instanceof PySeqIter && it.seq instanceof PyList) {
              const items = it.seq.items;
              if (it.index < items.length) { v = items[it.index++]; v.ob_refcnt++; }
              else { const s = it.seq; it.seq = null; decref(s); v = null; }
            } else if (it instanceof PyGen && !it.running && !it.done && it.frame !== null) {
              // the generator's frame runs in this loop, like a call (so a run can pause inside it);
              // YIELD_VALUE comes back here with the value, RETURN_VALUE as exhaustion
              const gf = it.frame;
              if (gf.pc > 0 || gf.lasti > 0) { rt.None.ob_refcnt++; gf.stack[gf.sp++] = rt.None; }
              it.running = true;
              save();
              gf.back = f;
              gf.entry = false;
              gf.forIterTarget = arg;
              enterFrame(gf);
              f = gf;
              load();
              break;
            } else {
              save();
              v = ops.iterNext(it);
            }
            if (v === null) {
              sp--;
              stack[sp] = NULL;
              decref(it);
              pc = arg;
            } else {
              stack[sp++] = v;
            }
            break;
          }
          case Op.BUILD_TUPLE: {
            const items = new Array<PyObject>(arg);
            for (let k = arg - 1; k >= 0; k--) { items[k] = stack[--sp]!; stack[sp] = NULL; }
            stack[sp++] = rt.newTuple(items);
            break;
          }
          case Op.BUILD_LIST: {
            const items = new Array<PyObject>(arg);
            for (let k = arg - 1; k >= 0; k--) { items[k] = stack[--sp]!; stack[sp] = NULL; }
            stack[sp++] = rt.newList(items);
            break;
          }
          case Op.BUILD_SET: {
            const items: PyObject[] = [];
            for (let k = arg - 1; k >= 0; k--) { items[k] = stack[--sp]!; stack[sp] = NULL; }
            f.lasti = i;
            const s = ops.newSetFrom(items, false);
            for (const o of items) decref(o);
            stack[sp++] = s;
            break;
          }
          case Op.BUILD_MAP: {
            const pairs: PyObject[] = [];
            for (let k = 2 * arg - 1; k >= 0; k--) { pairs[k] = stack[--sp]!; stack[sp] = NULL; }
            f.lasti = i;
            const d = ops.newDictPresized(arg, pairs);
            for (const o of pairs) decref(o);
            stack[sp++] = d;
            break;
          }
          case Op.BUILD_CONST_KEY_MAP: {
            const keys = stack[--sp] as PyTuple;
            stack[sp] = NULL;
            const pairs: PyObject[] = [];
            for (let k = arg - 1; k >= 0; k--) {
              pairs[2 * k + 1] = stack[--sp]!;
              stack[sp] = NULL;
              pairs[2 * k] = keys.items[k];
            }
            f.lasti = i;
            const d = ops.newDictPresized(arg, pairs);
            for (let k = 0; k < arg; k++) decref(pairs[2 * k + 1]);
            decref(keys);
            stack[sp++] = d;
            break;
          }
          case Op.BUILD_STRING: {
            let s = '';
            const base = sp - arg;
            for (let k = base; k < sp; k++) s += (stack[k] as PyStr).s;
            for (let k = base; k < sp; k++) { decref(stack[k]!); stack[k] = NULL; }
            sp = base;
            stack[sp++] = rt.newStr(s);
            break;
          }
          case Op.FORMAT_VALUE: {
            const spec = arg & 4 ? (stack[--sp] as PyStr) : null;
            if (spec) stack[sp] = NULL;
            const v = stack[sp - 1]!;
            f.lasti = i;
            let r: PyObject;
            try { r = ops.formatValue(v, arg & 3, spec); } finally { if (spec) decref(spec); }
            stack[sp - 1] = r;
            decref(v);
            break;
          }
          case Op.LIST_APPEND: {
            const v = stack[--sp]!;
            stack[sp] = NULL;
            ops.listAppendSteal(stack[sp - arg] as PyList, v);
            break;
          }
          case Op.SET_ADD: {
            const v = stack[--sp]!;
            stack[sp] = NULL;
            f.lasti = i;
            try { ops.setAdd(stack[sp - arg]!, v); } finally { decref(v); }
            break;
          }
          case Op.MAP_ADD: {
            const v = stack[--sp]!;
            const k = stack[--sp]!;
            stack[sp] = NULL; stack[sp + 1] = NULL;
            f.lasti = i;
            try { ops.dictSetItem(stack[sp - arg] as PyDict, k, v, false); } finally { decref(k); decref(v); }
            break;
          }
          case Op.LIST_EXTEND: case Op.SET_UPDATE: case Op.DICT_UPDATE: case Op.DICT_MERGE: {
            const v = stack[--sp]!;
            stack[sp] = NULL;
            f.lasti = i;
            const target = stack[sp - arg]!;
            try {
              if (op === Op.LIST_EXTEND) ops.listExtendStarred(target as PyList, v);
              else if (op === Op.SET_UPDATE) ops.setUpdate(target, v);
              else {
                // DICT_UPDATE: PyDict_Update's AttributeError (no keys()) is "not a mapping"
                // (3.12.1 Python/bytecodes.c:1604-1611; BUILD_MAP_UNPACK in 3.8)
                if (op === Op.DICT_UPDATE && !(v instanceof PyDict) && !ops.hasKeysMethod(v)) {
                  throw rt.raise('TypeError', `'${v.ob_type.name}' object is not a mapping`);
                }
                ops.dictUpdate(target as PyDict, v, op === Op.DICT_MERGE);
              }
            } finally { decref(v); }
            break;
          }
          case Op.BUILD_LIST_UNPACK: {
            // 3.8: sum = PyList_New(0), then _PyList_Extend with each item in order
            f.lasti = i;
            const l = rt.newList([], 0, true);
            try {
              for (let k = sp - arg; k < sp; k++) ops.listExtend(l, stack[k]!);
            } catch (e) { decref(l); throw e; }
            for (let k = sp - arg; k < sp; k++) { decref(stack[k]!); stack[k] = NULL; }
            sp -= arg;
            stack[sp++] = l;
            break;
          }
          case Op.LIST_TO_TUPLE: {
            const l = stack[sp - 1] as PyList;
            const items = l.items.slice();
            for (const o of items) o.ob_refcnt++;
            stack[sp - 1] = rt.newTuple(items);
            decref(l);
            break;
          }
          case Op.UNPACK_SEQUENCE: {
            const seq = stack[--sp]!;
            stack[sp] = NULL;
            f.lasti = i;
            let items: PyObject[];
            try { items = ops.unpack(seq, arg, -1); } finally { decref(seq); }
            for (let k = arg - 1; k >= 0; k--) stack[sp++] = items[k];
            break;
          }
          case Op.UNPACK_EX: {
            const before = arg & 0xff;
            const after = arg >> 8;
            const seq = stack[--sp]!;
            stack[sp] = NULL;
            f.lasti = i;
            let items: PyObject[];
            try { items = ops.unpack(seq, before, after); } finally { decref(seq); }
            for (let k = items.length - 1; k >= 0; k--) stack[sp++] = items[k];
            break;
          }
          case Op.CALL: case Op.CALL_KW: {
            let nargs = arg;
            let kwnames: string[] | null = null;
            if (op === Op.CALL_KW) {
              const kc = code.kwCalls[arg];
              nargs = kc.nargs;
              kwnames = kc.names;
            }
            const base = sp - nargs - 2;
            const callable = stack[base]!;
            const self = stack[base + 1];
            f.lasti = i;
            let func: PyObject = callable;
            let argStart = base + 2;
            let total = nargs;
            if (self !== NULL) { argStart = base + 1; total = nargs + 1; }
            // a bound method of a Python function: unpack it like CPython's CALL does
            if (func instanceof PyMethod && self === NULL && func.func instanceof PyFunction) {
              const m = func;
              m.self.ob_refcnt++;
              m.func.ob_refcnt++;
              stack[base] = m.func;
              stack[base + 1] = m.self;
              decref(m);
              func = m.func;
              argStart = base + 1;
              total = nargs + 1;
            }
            if (func instanceof PyFunction) {
              const fn = func;
              const nf = makeFrame(fn, stack, argStart, total, kwnames, steal);
              if (fn.code.flags & CO_GENERATOR) {
                const g = makeGenerator(nf, fn);
                popCall(stack, base, sp);
                sp = base;
                stack[sp++] = g;
                break;
              }
              save();
              if (steal) {
                // the frame owns the arguments now; the callable's reference goes with it
                for (let k = base; k < sp; k++) { const o = stack[k]; if (o !== null) { stack[k] = NULL; decref(o); } }
                f.sp = base;
              } else {
                nf.callerBase = base;
              }
              nf.back = f;
              enterFrame(nf);
              f = nf;
              load();
              // RESUME at the start of the function checks the eval breaker
              if (rt.gcState.pending) { rt.checkGc(); rt.frame = f; }
              break;
            }
            if (func instanceof PyType && func.flags.heap && !(func.newFn)) {
              // a class defined in Python: object.__new__, then __init__ in this loop; the type's
              // call (_PyObject_MakeTpCall) holds its recursion guard until __init__ returns
              enterRecursiveCall(CALLING);
              let inst: { obj: PyObject; frame: Frame | null };
              try {
                inst = ops.constructInstance(func, stack, argStart, total, kwnames);
              } catch (e) {
                leaveRecursiveCall();
                throw e;
              }
              if (inst.frame) {
                const nf = inst.frame;
                nf.initSelf = inst.obj;
                save();
                nf.callerBase = base;
                nf.back = f;
                let units = 1;
                try {
                  // slot_tp_init runs __init__ in a run of the eval loop (3.12+: its C stack units)
                  units += enterEvalFrame();
                  enterFrame(nf);
                } catch (e) {
                  releaseUnits(units);
                  throw e;
                }
                nf.initUnits = units;
                f = nf;
                load();
                break;
              }
              leaveRecursiveCall();
              popCall(stack, base, sp);
              sp = base;
              stack[sp++] = inst.obj;
              break;
            }
            save();
            // a C function's or a type's call: its recursion guard, unless the (specialized) CALL
            // calls it directly
            const guards = callGuards(func, total - (kwnames !== null ? kwnames.length : 0), code, i);
            if (guards !== 0) enterCallGuards(guards);
            let r: PyObject;
            try {
              r = ops.callNative(func, stack, argStart, total, kwnames);
            } finally {
              rt.frame = f;
              if (guards !== 0) leaveCallGuards(guards);
            }
            popCall(stack, base, sp);
            sp = base;
            stack[sp++] = r;
            // CALL of a C function checks the eval breaker afterwards
            if (rt.gcState.pending) { f.sp = sp; f.pc = pc; rt.checkGc(); rt.frame = f; }
            break;
          }
          case Op.CALL_FUNCTION_EX: {
            const kw = arg & 1 ? (stack[--sp] as PyDict) : null;
            const args = stack[--sp] as PyTuple;
            stack[sp] = NULL; stack[sp + 1] = NULL;
            stack[sp - 1] = NULL;
            const callable = stack[sp - 2]!;
            f.lasti = i;
            save();
            // PyObject_Call: a Python function's frame (pushed inline from 3.12), a C function's or
            // a type's call with its recursion guard (_PyObject_Call, _PyObject_MakeTpCall)
            const fn = callable instanceof PyFunction;
            const guard = !fn && !(callable instanceof PyMethod && callable.func instanceof PyFunction) &&
              !(callable instanceof PyType && !callable.flags.heap && callable !== T.type && rt.vectorcallTypes.has(callable.name));
            if (guard) enterRecursiveCall(CALLING);
            rt.inlinedCall = fn && rt.profile.callFunctionExInline;
            let r: PyObject;
            try {
              r = ops.callWithArgsKwargs(callable, args, kw);
            } finally {
              rt.inlinedCall = false;
              rt.frame = f;
              if (guard) leaveRecursiveCall();
              decref(args);
              if (kw) decref(kw);
            }
            sp -= 2;
            stack[sp] = NULL;
            decref(callable);
            stack[sp++] = r;
            break;
          }
          case Op.MAKE_FUNCTION: {
            const codeObj = stack[--sp]!;
            stack[sp] = NULL;
            const closure = arg & 8 ? (stack[--sp] as PyTuple) : null;
            const kwdefaults = arg & 2 ? stack[--sp] : null;
            const defaults = arg & 1 ? (stack[--sp] as PyTuple) : null;
            const fn = ops.newFunction(codeObj, f.globals, defaults, kwdefaults, closure);
            for (const o of [codeObj, closure, kwdefaults, defaults]) if (o) decref(o);
            stack[sp] = NULL;
            stack[sp++] = fn;
            break;
          }
          case Op.RETURN_VALUE: {
            const rv = stack[--sp]!;
            stack[sp] = NULL;
            f.sp = sp;
            if (f === entry) {
              lastWasYield = false;
              clearFrame(f);
              rt.recursionDepth--;
              rt.frame = f.back;
              return rv;
            }
            const done = f;
            if (done.forIterTarget >= 0) {
              // an inline generator finished: its FOR_ITER sees the iterator exhausted
              const target = done.forIterTarget;
              finishInlineGen(done);
              decref(rv);
              f = done.back!;
              done.back = null;
              rt.frame = f;
              load();
              const itObj = stack[--sp]!;
              stack[sp] = NULL;
              decref(itObj);
              pc = target;
              break;
            }
            clearFrame(done);
            rt.recursionDepth--;
            f = done.back!;
            rt.frame = f;
            load();
            let result = rv;
            if (done.initSelf !== null) {
              releaseUnits(done.initUnits);
              done.initUnits = 0;
              if (rv !== rt.None) {
                decref(rv);
                throw rt.raise('TypeError', `__init__() should return None, not '${rv.ob_type.name}'`);
              }
              decref(rv);
              result = done.initSelf;
              done.initSelf = null;
            }
            if (done.callerBase >= 0) {
              const b = done.callerBase;
              for (let k = b; k < sp; k++) { const o = stack[k]; if (o !== null) { stack[k] = NULL; decref(o); } }
              sp = b;
            }
            stack[sp++] = result;
            break;
          }
          case Op.YIELD_VALUE: {
            const v = stack[--sp]!;
            stack[sp] = NULL;
            f.sp = sp;
            f.pc = pc;
            f.lasti = i;
            if (f !== entry && f.forIterTarget >= 0) {
              // an inline generator frame: the value goes to the FOR_ITER that resumed it
              const g = f.gen!;
              g.running = false;
              f.forIterTarget = -1;
              rt.recursionDepth--;
              const caller = f.back!;
              f.back = null;
              f = caller;
              rt.frame = f;
              load();
              stack[sp++] = v;
              break;
            }
            lastWasYield = true;
            rt.recursionDepth--;
            rt.frame = f.back;
            return v;
          }
          case Op.GET_YIELD_FROM_ITER: {
            const o = stack[sp - 1]!;
            if (!(o instanceof PyGen)) {
              const it = ops.getIter(o);
              stack[sp - 1] = it;
              decref(o);
            }
            break;
          }
          case Op.SEND: {
            const v = stack[sp - 1]!;
            const it = stack[sp - 2]!;
            f.lasti = i;
            save();
            let r: PyObject | null;
            if (it instanceof PyGen) {
              // 3.12+: SEND_GEN, the specialized SEND (from its warm-up on), pushes the generator's
              // frame inline instead of resuming it in a run of the eval loop from C
              const spec = rt.profile.callSpecialization;
              if (spec !== null && rt.profile.evalFrameCUnits !== 0) {
                const counts = code.execCounts ?? (code.execCounts = new Int32Array(code.code.length / 2));
                rt.inlinedCall = counts[i]++ >= spec.warmup;
              }
              try { r = genSend(it, v); } finally { rt.inlinedCall = false; }
            } else r = ops.iterNext(it);
            rt.frame = f;
            if (r === null) {
              const ret = it instanceof PyGen ? (genReturnValue ?? rt.None) : rt.None;
              if (!(it instanceof PyGen)) ret.ob_refcnt++;
              decref(v);
              decref(it);
              sp -= 2;
              stack[sp] = NULL; stack[sp + 1] = NULL;
              stack[sp++] = ret;
              pc = arg;
            } else {
              stack[sp - 1] = r;
              decref(v);
            }
            break;
          }
          case Op.RAISE_VARARGS: {
            f.lasti = i;
            if (arg === 0) {
              const cur = rt.excInfo;
              if (cur === null || cur === rt.None) throw rt.raise('RuntimeError', 'No active exception to reraise');
              cur.ob_refcnt++;
              throw new PyExc(cur as PyBaseException).asReraise();
            }
            let cause: PyObject | null = null;
            if (arg === 2) { cause = stack[--sp]; stack[sp] = NULL; }
            const e = stack[--sp]!;
            stack[sp] = NULL;
            throw ops.makeRaise(e, cause);
          }
          case Op.RERAISE: {
            const e = stack[--sp] as PyBaseException;
            stack[sp] = NULL;
            f.lasti = i;
            throw new PyExc(e).asReraise();
          }
          case Op.PUSH_EXC_INFO: {
            const e = stack[sp - 1]!;
            const prev = rt.excInfo ?? rt.None;
            stack[sp - 1] = prev;
            e.ob_refcnt++;
            rt.excInfo = e;
            stack[sp++] = e;
            break;
          }
          case Op.POP_EXCEPT: {
            const prev = stack[--sp]!;
            stack[sp] = NULL;
            const cur = rt.excInfo;
            rt.excInfo = prev === rt.None ? null : prev;
            if (prev === rt.None) decref(prev);
            if (cur) decref(cur);
            break;
          }
          case Op.CHECK_EXC_MATCH: {
            const t = stack[sp - 1]!;
            const e = stack[sp - 2]!;
            f.lasti = i;
            const m = ops.excMatches(e, t);
            stack[sp - 1] = m ? rt.True : rt.False;
            stack[sp - 1]!.ob_refcnt++;
            decref(t);
            break;
          }
          case Op.LOAD_ASSERTION_ERROR: {
            const t = T.AssertionError;
            t.ob_refcnt++;
            stack[sp++] = t;
            break;
          }
          case Op.LOAD_BUILD_CLASS: {
            const b = ops.dictGetStr(f.builtins, '__build_class__')!;
            b.ob_refcnt++;
            stack[sp++] = b;
            break;
          }
          case Op.IMPORT_NAME: {
            f.lasti = i;
            stack[sp++] = ops.importModule(code.names[arg]);
            break;
          }
          case Op.IMPORT_FROM: {
            const m = stack[sp - 1]!;
            f.lasti = i;
            const name = code.names[arg];
            let v: PyObject;
            try {
              v = ops.getAttr(m, name);
            } catch (e) {
              if (e instanceof PyExc && e.exc.ob_type === T.AttributeError) {
                throw rt.raise('ImportError', `cannot import name '${name}' from '${(m as PyModule).name}' (unknown location)`);
              }
              throw e;
            }
            stack[sp++] = v;
            break;
          }
          case Op.LOAD_LOCALS: {
            const l = f.locals!;
            l.ob_refcnt++;
            stack[sp++] = l;
            break;
          }
          default:
            throw new Error(`internal: unknown opcode ${op}`);
        }
      }
    } catch (err) {
      // find a handler in this frame or the callers, up to the entry frame
      let e: PyExc;
      if (err instanceof PyExc) e = err;
      else if (isEngineOutOfMemory(err)) {
        e = rt.noMemory();
      } else {
        // not a Python exception (a refusal, or the JavaScript stack running out): it ends the run
        f.sp = sp;
        f.lasti = pc - 1 >= 0 ? pc - 1 : 0;
        // (a refusal raised by an instruction of this frame names the instruction's line)
        if (err instanceof UnsupportedError && err.lineno === 0) throw new UnsupportedError(err.construct, f.lineno);
        throw err;
      }
      for (;;) {
        const lasti = pc - 1 >= 0 ? pc - 1 : 0;
        if (f.gen && pc === 0) {
          // thrown into a generator that never started: nothing can catch it
          f.sp = sp;
          clearFrame(f);
          rt.recursionDepth--;
          rt.frame = f.back;
          throw e;
        }
        f.lasti = lasti;
        if (!e.reraise) ops.addTraceback(e.exc, f);
        e.reraise = false;
        const target = code.excTarget[lasti];
        if (target >= 0) {
          const depth = code.excDepth[lasti];
          while (sp > depth) { const o = stack[--sp]; stack[sp] = NULL; if (o !== null) decref(o); }
          ops.setContext(e.exc);
          stack[sp++] = e.exc;
          pc = target;
          break;
        }
        // no handler here: the frame is finished
        f.sp = sp;
        const done = f;
        if (done.forIterTarget >= 0) {
          finishInlineGen(done);
          if (e.exc.ob_type === rt.T.StopIteration) {
            // PEP 479
            const re = rt.raise('RuntimeError', 'generator raised StopIteration');
            re.exc.cause = e.exc;
            e = re;
          }
          f = done.back!;
          done.back = null;
          rt.frame = f;
          load();
          continue;
        }
        clearFrame(done);
        rt.recursionDepth--;
        if (done.initSelf) { decref(done.initSelf); done.initSelf = null; releaseUnits(done.initUnits); done.initUnits = 0; }
        if (done === entry) {
          rt.frame = done.back;
          throw e;
        }
        f = done.back!;
        rt.frame = f;
        load();
        if (done.callerBase >= 0) {
          const b = done.callerBase;
          for (let k = b; k < sp; k++) { const o = stack[k]; if (o !== null) { stack[k] = NULL; decref(o); } }
          sp = b;
        }
      }
    }
  }
}

/** give back the recursion units an inline __init__ frame held (its guard, 3.12+ its C units) */
function releaseUnits(n: number): void {
  if (rt.cRecursionShared) rt.recursionDepth -= n;
  else rt.cRecursionDepth -= n;
}

/** a generator whose frame ran inline finished (returned or raised) */
function finishInlineGen(f: Frame): void {
  const g = f.gen!;
  g.running = false;
  g.done = true;
  g.frame = null;
  f.forIterTarget = -1;
  clearFrame(f);
  rt.recursionDepth--;
}

/** pop a finished call's callable, self and arguments off the stack */
function popCall(stack: (PyObject | null)[], base: number, sp: number): void {
  for (let k = base; k < sp; k++) { const o = stack[k]; if (o !== null) { stack[k] = NULL; decref(o); } }
}

function derefName(code: Code, arg: number): string {
  return arg < code.cellvars.length ? code.cellvars[arg] : code.freevars[arg - code.cellvars.length];
}

function unboundLocal(name: string): PyExc {
  return rt.raise('UnboundLocalError', rt.profile.unboundLocalMessage.replace('%s', name));
}

function unboundDeref(code: Code, arg: number): PyExc {
  const name = derefName(code, arg);
  if (arg < code.cellvars.length) return unboundLocal(name);
  return rt.raise('NameError', rt.profile.unboundFreeMessage.replace('%s', name));
}

/**
 * A name that no scope defines. CPython raises NameError, unless its builtins module has the name
 * (`eval`, `exec`, `memoryview`, `FileNotFoundError` ...): then CPython would have found it, and
 * the simulator, which does not model it, refuses the program at this line instead of raising an
 * error CPython would not raise (unmodelled.ts).
 */
function missingName(name: string, f: Frame): PyExc {
  if (isCPythonBuiltin(name)) throw new UnsupportedError(`the built-in \`${name}\``, 0);
  return nameError(name, f);
}

function nameError(name: string, f: Frame): PyExc {
  const e = rt.raise('NameError', `name '${name}' is not defined`);
  if (rt.profile.suggestions !== 'none') {
    const keys = (d: PyDict | null) => (d ? ops.dictItems(d).map(([k]) => ops.str(k)) : []);
    const code = f.code;
    let locals: string[];
    if (rt.profile.suggestions === 'c' || rt.profile.suggestions === 'c312') locals = code.varnames.slice();
    else if (f.locals) locals = keys(f.locals);
    else locals = code.varnames.filter((_, i) => f.fast[i] !== null);
    const selfIdx = code.varnames.indexOf('self');
    const self = selfIdx >= 0 && !f.locals ? f.fast[selfIdx] : null;
    let selfHas = false;
    if (self && (rt.profile.suggestions === 'py' || rt.profile.suggestions === 'c312')) {
      try { const a = ops.getAttrOrNull(self, name); if (a) { selfHas = true; decref(a); } } catch { /* no suggestion */ }
    }
    e.exc.suggest = { kind: 'name', name, lists: [locals, keys(f.globals), keys(f.builtins)], selfHas };
  }
  return e;
}

/** `s + t` / `s += t` on exact str: the in-place resize where the version does it */
function strConcat(f: Frame, code: Code, i: number, op: Op, a: PyStr, b: PyStr): PyObject {
  const p = rt.profile;
  const nextOp = code.code[2 * (i + 1)];
  const nextArg = code.code[2 * (i + 1) + 1];
  let holds = false;
  if (p.strInplaceConcat === 'anyStore') {
    if (nextOp === Op.STORE_FAST) holds = f.fast[nextArg] === a;
    else if (nextOp === Op.STORE_DEREF) holds = (f.fast[code.varnames.length + nextArg] as PyCell).ref === a;
    else if (nextOp === Op.STORE_NAME) holds = ops.dictGetStr(f.locals ?? f.globals, code.names[nextArg]) === a;
  } else if (nextOp === Op.STORE_FAST && f.fast[nextArg] === a) {
    // the specializer: BINARY_OP_INPLACE_ADD_UNICODE after the warm-up
    const counts = code.execCounts ?? (code.execCounts = new Int32Array(code.code.length / 2));
    holds = counts[i]++ >= p.strInplaceWarmup;
  }
  void op;
  // the variable's reference plus the stack's: unicode_modifiable needs refcnt 1 once the
  // variable is cleared (refcnt == 2 here)
  if (holds && a.ob_refcnt === 2 && a.hash === null && !a.interned && a.allocSize > 0) {
    return ops.strAppendInPlace(a, b);
  }
  return ops.strConcat(a, b);
}

export { PyBuiltin, PyFloat, PyInstance, PyDictT };
