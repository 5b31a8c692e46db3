// What the editor shows of a run beside the source itself: the object a name of a line was bound
// to after that line ran (hovers), the size and blocks of the values that assignments bound
// (inlay hints), and each function's calls, peak blocks and collections (code lenses).
//
// A line "ran" at step N when N's next line was that line (TraceRecorder.lineAt); the state after
// it ran is the first step after N at which the frame that ran it is back at one of its own lines
// (the callees of the line have returned) or has returned itself. A name is looked up as CPython
// does at that point: in the frame's locals (fast locals and cells of a function, the namespace
// of a module or class body), then in the module's globals; an attribute path (`self.x`) follows
// the object's referents by their labels (ViewRef.label: an instance's attributes, slots), then
// its class's namespace and its bases'.
//
// A line is taken as the statement it belongs to (the project's parser says which): a simple
// statement over several lines, a compound statement's header (decorators and `def`, a `for`
// header over several lines), and the statements sharing a line with it. CPython reports a line
// event for each line of a statement its bytecode comes from (`x = [a,` then `b]` then `x = [a,`
// again, at the store), and a `for` header twice when the loop goes round: a run of a statement is
// its frame's line events in the statement's lines, one after the other (its callees' steps in
// between, a lambda's, comprehension's or generator expression's included); `run` counts those
// runs. A frame's records are told apart from a lambda's or a comprehension's by the code's first
// line and name (StepColumns.firstLine), which also match frames to the source's defs for the
// statistics.
//
// When the line is the last its frame ran (a method ending with `self.x = ...`), the state after
// it has no such frame: the names the line does not bind are read as the frame left them, and
// followed in the state after it. The state after the program's last line is the interpreter's
// exit (__main__'s names set to None, the objects freed): the state before that line is shown.
// The state of a step between two sparse checkpoints of a long run has no referents nor reference
// counts of the objects allocated since the checkpoint (exact: false): an attribute of such an
// object is not found there.
//
// Pure data and pure functions over a trace; computed in the simulation worker on request. One
// pass over the steps per request (typed-array columns, a stack of frame records), the states
// described read once each (hints of a whole file share them).

import type { Expr, Module, Stmt } from '../ast';
import { IMMORTAL_REFCNT } from '../interp/objects';
import { reportedRefcount } from '../interp/modules';
import * as ops from '../interp/ops';
import { parse } from '../parser';
import { objectAllocations } from './details';
import type { DetailsAllocation } from './details';
import type { StepColumns, StepReader, TraceRecorder } from './recorder';
import type { SnapshotHeap } from './snapshot';
import type { ViewCache } from './view';

/** Which name to look up, and when. */
export interface NameQuery {
  /** the program line (1-based) the name is on: the first line of its statement */
  line: number;
  /** the dotted path: ['x'], ['self', 'items'] */
  path: string[];
  /** the memory panel's step: when the line ran before it, the state there is shown (the name
   *  looked up in the frame that ran the line, if that frame is still on the stack) */
  atStep?: number | null;
}

/** One object as a hover describes it. */
export interface NameObject {
  id: number;
  type: string;
  repr: string | null;
  /** sys.getsizeof */
  sizeof: number;
  /** as sys.getrefcount reports it less its own argument; -1 when not known */
  refcnt: number;
  immortal: boolean;
  /** GC generation 0..2, 3 permanent, -1 untracked, -2 not known */
  gen: number;
  /** why it took no new block of the program (a small int, an interned str, a singleton...) */
  cache: ViewCache | null;
  /** its own block and the buffers it owns (ObjectDetails.allocations) */
  allocations: DetailsAllocation[];
  allocationNotes: string[];
  /** the sum of the allocations' block sizes (for a raw chunk, its usable size) */
  held: number;
  /** allocations.length */
  blocks: number;
}

export type NameStatus =
  /** the name is bound: `object` says to what */
  | 'found'
  /** the name exists in that scope but has no value there (deleted, not yet assigned) */
  | 'unbound'
  /** the line never ran in this run (or the run stopped before it) */
  | 'never-ran'
  /** no such name in the frame nor in the globals (a builtin, a name of another scope), or an
   *  attribute the object does not have (or that the trace does not label) */
  | 'not-found';

export interface NameFacts {
  pythonVersion: string;
  totalSteps: number;
  /** the first line of the statement the query's line belongs to (the query's line when none) */
  line: number;
  path: string[];
  status: NameStatus;
  /** one line saying why, for every status but 'found' */
  reason: string | null;
  /** the step whose state is described, and the step at which the line ran (-1: never) */
  step: number;
  ranAt: number;
  /** which run of the line that was (1-based), of how many in the whole run (a parameter asked
   *  on its `def` line: which call, at its first line) */
  run: number;
  runs: number;
  /** described at the panel's step (NameQuery.atStep) rather than just after the line ran */
  atPanelStep: boolean;
  /** co_name of the frame the first name was found in, and how ('local': its locals or cells,
   *  'global': the module's namespace) */
  frame: string | null;
  scope: 'local' | 'global' | null;
  /** every figure was read from the interpreter at `step` (false between two sparse checkpoints) */
  exact: boolean;
  object: NameObject | null;
}

/** The lines whose assignments to describe. */
export interface HintQuery {
  /** program lines, inclusive */
  fromLine: number;
  toLine: number;
  atStep?: number | null;
}

/** One name an assignment bound, and what to. */
export interface HintTarget {
  path: string[];
  status: NameStatus;
  type: string | null;
  sizeof: number;
  held: number;
  blocks: number;
  cache: ViewCache | null;
}

/** The values one assignment statement bound (`x = ...`, `a, b = ...`, `self.x = ...`,
 *  `x += ...`, `x: T = ...`), after the last time it ran (or at the panel's step). */
export interface AssignmentHint {
  /** the statement's first and last program lines */
  line: number;
  endLine: number;
  targets: HintTarget[];
  /** the statement's run shown, of how many (0: never ran: no hint) */
  run: number;
  runs: number;
  exact: boolean;
}

/** A function of the source, and what its calls did. */
export interface FunctionStats {
  /** the `def` line and the function's name; the first line of its body */
  defLine: number;
  name: string;
  bodyLine: number;
  calls: number;
  /** the step at which its first call runs its first line, or null when never called */
  firstCallStep: number | null;
  /** steps made while one of its frames was on the stack (its callees' included) */
  steps: number;
  /** the largest sys.getallocatedblocks() while one of its frames was on the stack, the state it
   *  returned into included (0: never called) */
  peakBlocks: number;
  /** collections of the cyclic collector that ran while one of its frames was on the stack (the
   *  frames running when the collection began, after the gc.callbacks' 'start' calls) */
  collections: number;
}

/** What the code lenses show of a run. */
export interface RunStats {
  pythonVersion: string;
  totalSteps: number;
  peakBlocks: number;
  /** the step at which peakBlocks was first reached */
  peakStep: number;
  /** collections of the cyclic collector (automatic ones and gc.collect(); not the one at the
   *  interpreter's exit) */
  collections: number;
  functions: FunctionStats[];
}

// ---------------------------------------------------------------------------------------------
// the source: statements as the trace reports them

/** a scope of the source whose code runs as a frame: the module, a def's body, a class body */
interface ScopeInfo {
  kind: 'module' | 'function' | 'class';
  name: string;
  /** its code's co_firstlineno as the compiler sets it (the `def` or `class` line; the module's: 1) */
  line: number;
}

/** a def of the source */
interface DefInfo {
  name: string;
  /** the `def` line */
  line: number;
  /** the first line of its body (after a docstring) */
  bodyLine: number;
  /** its parameters' names */
  params: Set<string>;
}

/** an assignment statement (the inlay hints) */
interface AssignInfo {
  line: number;
  endLine: number;
  /** the dotted paths it binds, in source order */
  targets: string[][];
}

/**
 * Lines the trace reports as one: a simple statement (all its lines), or a compound statement's
 * header (decorators and `def` line, `for ... :` over several lines, an `except ...:`), together
 * with the statements that share a line with it (`a = 1; b = 2`, `if x: y = 1`). A multi-line
 * statement reports several of its lines (CPython's line events follow the expressions'
 * lines): it is one statement for all of them.
 */
interface Unit {
  /** the line the trace reports for it (its first statement's first line), and its last line */
  line: number;
  hi: number;
  /** the scopes its statements run in (one, but for `def f(): return 1` on one line) */
  scopes: number[];
  /** the innermost def around it (null: a module or class body's statement) */
  def: DefInfo | null;
  /** the def whose header this is (its parameters are hovered on it) */
  header: DefInfo | null;
  /** the names its statements bind or unbind */
  binds: Set<string>;
  assigns: AssignInfo[];
  /** a compound statement's (if, while, for, try) last line, its bodies included */
  end?: number;
}

interface Analysis {
  units: Unit[];
  /** per line (1-based; index 0 unused): its unit, -1 for none */
  unitOfLine: Int32Array;
  scopes: ScopeInfo[];
  defs: DefInfo[];
  /** names that the module's own code binds (its globals, assigned or not yet) */
  moduleNames: Set<string>;
  lines: string[];
  /** per frame record of the trace, its scope (-1: a lambda, a comprehension, a generator
   *  expression, code that is not the source's); computed on first use */
  recScope: Int32Array | null;
}

const analyses = new WeakMap<TraceRecorder, { source: string; analysis: Analysis | Error }>();

/** the source's statements and defs (kept per trace for its source) */
function analysisOf(rec: TraceRecorder, source: string): Analysis | Error {
  const kept = analyses.get(rec);
  if (kept && kept.source === source) return kept.analysis;
  let analysis: Analysis | Error;
  try {
    analysis = analyse(parse(source, rec.rt.version), source);
  } catch (e) {
    analysis = e instanceof Error ? e : new Error(String(e));
  }
  analyses.set(rec, { source, analysis });
  return analysis;
}

/** each frame record's scope (Analysis.recScope), by its code's first line and name */
function scopesOfRecords(a: Analysis, cols: StepColumns): Int32Array {
  if (a.recScope && a.recScope.length === cols.records) return a.recScope;
  const byLine = new Map<number, number[]>();
  a.scopes.forEach((sc, i) => { const l = byLine.get(sc.line); if (l) l.push(i); else byLine.set(sc.line, [i]); });
  const out = new Int32Array(cols.records).fill(-1);
  for (let r = 0; r < cols.records; r++) {
    const l = byLine.get(cols.firstLine[r]);
    if (!l) continue;
    const name = cols.name(r);
    for (const i of l) if (a.scopes[i].name === name) { out[r] = i; break; }
  }
  a.recScope = out;
  return out;
}

function analyse(mod: Module, source: string): Analysis {
  const lines = source.split(/\r\n|\r|\n/);
  const unitOfLine = new Int32Array(lines.length + 2).fill(-1);
  const units: Unit[] = [];
  const scopes: ScopeInfo[] = [{ kind: 'module', name: '<module>', line: 1 }];
  const defs: DefInfo[] = [];
  const moduleNames = new Set<string>();
  const blank = (l: number): boolean => {
    const t = (lines[l - 1] ?? '').trim();
    return t === '' || t.startsWith('#');
  };
  /** lines lo..hi to the unit that holds lo, or to a new one reported at `line` */
  const place = (line: number, lo: number, hi: number, scope: number, def: DefInfo | null): Unit => {
    let k = unitOfLine[lo];
    if (k < 0) {
      k = units.length;
      units.push({ line, hi, scopes: [], def, header: null, binds: new Set(), assigns: [] });
    }
    const u = units[k];
    for (let l = lo; l <= hi && l < unitOfLine.length; l++) if (unitOfLine[l] < 0) unitOfLine[l] = k;
    if (hi > u.hi) u.hi = hi;
    if (!u.scopes.includes(scope)) u.scopes.push(scope);
    return u;
  };
  /** a header's last line: the line before its body, less the blank and comment lines before it */
  const headerEnd = (line: number, body: Stmt[]): number => {
    if (!body.length || body[0].span.line <= line) return line;
    let hi = body[0].span.line - 1;
    while (hi > line && blank(hi)) hi--;
    return hi;
  };
  const walk = (body: Stmt[], scope: number, def: DefInfo | null): void => {
    const moduleLevel = scope === 0;
    for (const s of body) {
      const binds = new Set<string>();
      stmtBinds(s, binds);
      if (moduleLevel) for (const n of binds) moduleNames.add(n);
      switch (s.kind) {
        case 'FunctionDef': case 'ClassDef': {
          const lo = s.decorators.length ? Math.min(s.span.line, ...s.decorators.map((d) => d.span.line)) : s.span.line;
          const u = place(s.span.line, lo, headerEnd(s.span.line, s.body), scope, def);
          for (const n of binds) u.binds.add(n);
          const inner = scopes.length;
          scopes.push({ kind: s.kind === 'FunctionDef' ? 'function' : 'class', name: s.name, line: s.span.line });
          if (s.kind === 'FunctionDef') {
            const a = s.args;
            const params = new Set<string>([...a.posonlyargs, ...a.args, ...a.kwonlyargs].map((x) => x.arg));
            if (a.vararg) params.add(a.vararg.arg);
            if (a.kwarg) params.add(a.kwarg.arg);
            const doc = s.body.length > 1 && s.body[0].kind === 'Expr' && s.body[0].value.kind === 'Constant' && s.body[0].value.value.type === 'str';
            const d: DefInfo = { name: s.name, line: s.span.line, bodyLine: (doc ? s.body[1] : s.body[0]).span.line, params };
            defs.push(d);
            if (!u.header) u.header = d;
            // a function's `global` names are the module's
            collectGlobals(s.body, moduleNames);
            walk(s.body, inner, d);
          } else {
            walk(s.body, inner, def);
          }
          break;
        }
        case 'If': case 'While': case 'For': {
          const u = place(s.span.line, s.span.line, headerEnd(s.span.line, s.body), scope, def);
          u.end = Math.max(u.end ?? 0, s.span.endCol === 0 && s.span.endLine > s.span.line ? s.span.endLine - 1 : s.span.endLine);
          for (const n of binds) u.binds.add(n);
          walk(s.body, scope, def);
          walk(s.orelse, scope, def);
          break;
        }
        case 'Try': {
          const t = place(s.span.line, s.span.line, headerEnd(s.span.line, s.body), scope, def);
          t.end = Math.max(t.end ?? 0, s.span.endCol === 0 && s.span.endLine > s.span.line ? s.span.endLine - 1 : s.span.endLine);
          walk(s.body, scope, def);
          for (const h of s.handlers) {
            const u = place(h.span.line, h.span.line, headerEnd(h.span.line, h.body), scope, def);
            if (h.name) { u.binds.add(h.name); if (moduleLevel) moduleNames.add(h.name); }
            walk(h.body, scope, def);
          }
          walk(s.orelse, scope, def);
          walk(s.finalbody, scope, def);
          break;
        }
        default: {
          const end = s.span.endCol === 0 && s.span.endLine > s.span.line ? s.span.endLine - 1 : s.span.endLine;
          const u = place(s.span.line, s.span.line, Math.max(s.span.line, end), scope, def);
          for (const n of binds) u.binds.add(n);
          const a = assignInfo(s, end);
          if (a) u.assigns.push(a);
        }
      }
    }
  };
  walk(mod.body, 0, null);
  return { units, unitOfLine, scopes, defs, moduleNames, lines, recScope: null };
}

/** the names a statement binds or unbinds in its own scope (not in the bodies of a compound one) */
function stmtBinds(s: Stmt, out: Set<string>): void {
  const target = (e: Expr): void => {
    if (e.kind === 'Name') out.add(e.id);
    else if (e.kind === 'Tuple' || e.kind === 'List') e.elts.forEach(target);
    else if (e.kind === 'Starred') target(e.value);
  };
  switch (s.kind) {
    case 'Assign': s.targets.forEach(target); break;
    case 'AugAssign': case 'AnnAssign': target(s.target); break;
    case 'For': target(s.target); break;
    case 'Delete': s.targets.forEach(target); break;
    case 'FunctionDef': case 'ClassDef': out.add(s.name); break;
    case 'Import': case 'ImportFrom':
      for (const a of s.names) if (a.name !== '*') out.add(a.asname ?? a.name.split('.')[0]);
      break;
    default: break;
  }
  // `(y := ...)` anywhere in a simple statement
  if (s.kind !== 'FunctionDef' && s.kind !== 'ClassDef' && s.kind !== 'If' && s.kind !== 'While' && s.kind !== 'For' && s.kind !== 'Try') {
    walkExprs(s, (e) => { if (e.kind === 'NamedExpr') out.add(e.target.id); });
  }
}

/** every expression node under a simple statement (not into lambdas' or comprehensions' scopes) */
function walkExprs(node: unknown, fn: (e: Expr) => void): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) { for (const x of node) walkExprs(x, fn); return; }
  const o = node as { kind?: string };
  if (o.kind === 'Lambda' || o.kind === 'ListComp' || o.kind === 'SetComp' || o.kind === 'DictComp' || o.kind === 'GeneratorExp') return;
  if (typeof o.kind === 'string' && o.kind !== 'Module') fn(o as Expr);
  for (const [k, v] of Object.entries(o)) if (k !== 'span' && v && typeof v === 'object') walkExprs(v, fn);
}

/** the names that `global` statements of these bodies (and nested ones) declare */
function collectGlobals(body: Stmt[], out: Set<string>): void {
  for (const s of body) {
    if (s.kind === 'Global') for (const n of s.names) out.add(n);
    else if (s.kind === 'FunctionDef' || s.kind === 'ClassDef' || s.kind === 'If' || s.kind === 'While' || s.kind === 'For') {
      collectGlobals(s.body, out);
      if (s.kind !== 'FunctionDef' && s.kind !== 'ClassDef') collectGlobals(s.orelse, out);
    } else if (s.kind === 'Try') {
      collectGlobals(s.body, out);
      for (const h of s.handlers) collectGlobals(h.body, out);
      collectGlobals(s.orelse, out);
      collectGlobals(s.finalbody, out);
    }
  }
}

/** an assignment statement's targets as dotted paths (a subscript, or an attribute of something
 *  other than a dotted name, is left out) */
function assignInfo(s: Stmt, end: number): AssignInfo | null {
  let targets: Expr[];
  if (s.kind === 'Assign') targets = s.targets;
  else if (s.kind === 'AugAssign') targets = [s.target];
  else if (s.kind === 'AnnAssign' && s.value) targets = [s.target];
  else return null;
  const paths: string[][] = [];
  const add = (e: Expr): void => {
    if (e.kind === 'Tuple' || e.kind === 'List') { e.elts.forEach(add); return; }
    if (e.kind === 'Starred') { add(e.value); return; }
    const p = dottedPath(e);
    if (p) paths.push(p);
  };
  targets.forEach(add);
  return { line: s.span.line, endLine: Math.max(s.span.line, end), targets: paths };
}

/** `x` → ['x'], `self.a.b` → ['self', 'a', 'b'], anything else null */
function dottedPath(e: Expr): string[] | null {
  if (e.kind === 'Name') return [e.id];
  if (e.kind === 'Attribute') {
    const p = dottedPath(e.value);
    return p ? [...p, e.attr] : null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// the runs of statements: one pass over the steps

/** The runs of some units: a run is a frame's line events within one unit, one after the other
 *  (its callees' steps between them); `after` is the first state at which that frame is back at
 *  a line outside the unit, or is no longer on the stack (`returned`). By start step. */
interface Runs {
  unit: number[];
  start: number[];
  after: number[];
  rec: number[];
  returned: boolean[];
}

/** the frame records' depths (a record's caller was recorded before it) */
function depthsOf(cols: StepColumns): Int32Array {
  const d = new Int32Array(cols.records);
  for (let r = 0; r < cols.records; r++) d[r] = cols.parent[r] < 0 ? 0 : d[cols.parent[r]] + 1;
  return d;
}

/** record a is r or one of r's callers */
function isOuter(cols: StepColumns, depth: Int32Array, a: number, r: number): boolean {
  const da = depth[a];
  let x = r;
  while (x >= 0 && depth[x] > da) x = cols.parent[x];
  return x === a;
}

/** what walkStacks tells of the run */
interface StackHooks {
  /** frame record r is on the stack from state N on (its callers were pushed first) */
  push?(r: number, N: number): void;
  /** r is no longer on the stack from state N on (it returned, raised, or a generator suspended) */
  pop?(r: number, N: number): void;
  /** state N < steps runs a line of r, its innermost frame (the last state's line has not run) */
  event?(r: number, N: number): void;
  /** the stack of state N is complete (after its pops and pushes) */
  state?(N: number): void;
}

/** the frames on the stack through the run, in one pass over the states */
function walkStacks(cols: StepColumns, depth: Int32Array, hooks: StackHooks): void {
  const { rec, parent } = cols;
  const { push, pop, event, state } = hooks;
  let maxDepth = 0;
  for (let r = 0; r < depth.length; r++) if (depth[r] > maxDepth) maxDepth = depth[r];
  const stack = new Int32Array(maxDepth + 1);
  let sp = 0;
  let prev = -2;
  const last = cols.states - 1;
  const chain: number[] = [];
  for (let N = 0; N <= last; N++) {
    const r = rec[N];
    if (r !== prev) {
      while (sp > 0) {
        const top = stack[sp - 1];
        if (top === r || (r >= 0 && isOuter(cols, depth, top, r))) break;
        sp--;
        if (pop) pop(top, N);
      }
      if (r >= 0 && (sp === 0 || stack[sp - 1] !== r)) {
        const base = sp > 0 ? stack[sp - 1] : -1;
        chain.length = 0;
        for (let x = r; x >= 0 && x !== base; x = parent[x]) chain.push(x);
        for (let i = chain.length - 1; i >= 0; i--) {
          stack[sp++] = chain[i];
          if (push) push(chain[i], N);
        }
      }
      prev = r;
    }
    if (state) state(N);
    if (r >= 0 && N < last && event) event(r, N);
  }
}

/** the runs of the units `wanted` says (by unit index); a line event counts for a unit when its
 *  frame runs the unit's scope (a lambda's, a comprehension's or a generator expression's events
 *  on the unit's lines are its callees') */
function statementRuns(cols: StepColumns, depth: Int32Array, a: Analysis, wanted: (u: number) => boolean): Runs {
  const unitOfLine = a.unitOfLine;
  const recScope = scopesOfRecords(a, cols);
  const runs: Runs = { unit: [], start: [], after: [], rec: [], returned: [] };
  const cur = new Int32Array(cols.records).fill(-1);
  const open = new Int32Array(cols.records).fill(-1);
  const last = cols.states - 1;
  const line = cols.line;
  walkStacks(cols, depth, { pop: (r, N) => {
    const o = open[r];
    if (o >= 0) { runs.after[o] = N; runs.returned[o] = true; open[r] = -1; }
  }, event: (r, N) => {
    const l = line[N];
    let u = l < unitOfLine.length ? unitOfLine[l] : -1;
    if (u >= 0 && !a.units[u].scopes.includes(recScope[r])) u = -1;
    if (u === cur[r]) return;
    cur[r] = u;
    const o = open[r];
    if (o >= 0) { runs.after[o] = N; open[r] = -1; }
    if (u >= 0 && wanted(u)) {
      open[r] = runs.start.length;
      runs.unit.push(u); runs.start.push(N); runs.after.push(last); runs.rec.push(r); runs.returned.push(false);
    }
  } });
  return runs;
}

/** which run of a unit to describe, and where (see NameQuery.atStep) */
interface Pick {
  /** the run's index among the unit's runs (0-based), how many */
  run: number;
  runs: number;
  ranAt: number;
  /** the state described, the frame record whose names are looked up, and whether that frame is
   *  still on the stack there (else it returned with the run: see lookupHead) */
  step: number;
  rec: number;
  onStack: boolean;
  atPanel: boolean;
  /** the state before `step` in which the frame was still on the stack (returned only) */
  lastOn: number;
  /** the frame returned into the last state of a finished run: that state is the interpreter's
   *  exit (the module's names cleared, their objects freed), so the state described is lastOn,
   *  the last with the frame, and what the line bound is not known */
  atExit: boolean;
}

/** the run to describe of a unit's runs (indices into `all`, by start step) */
function pickRun(cols: StepColumns, depth: Int32Array, all: Runs, idx: number[], atStep: number | null | undefined, finished: boolean): Pick | null {
  if (!idx.length) return null;
  let k = idx.length - 1;
  if (atStep !== null && atStep !== undefined && Number.isFinite(atStep)) {
    const P = Math.max(0, Math.min(cols.states - 1, Math.floor(atStep)));
    // the last run that started before P
    let lo = 0, hi = idx.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (all.start[idx[m]] < P) lo = m + 1; else hi = m; }
    if (lo > 0) {
      k = lo - 1;
      const j = idx[k];
      const top = cols.rec[P];
      if (top >= 0 && isOuter(cols, depth, all.rec[j], top)) {
        return { run: k, runs: idx.length, ranAt: all.start[j], step: P, rec: all.rec[j], onStack: true, atPanel: true, lastOn: P, atExit: false };
      }
    }
  }
  const j = idx[k];
  const base = { run: k, runs: idx.length, ranAt: all.start[j], rec: all.rec[j], atPanel: false };
  if (!all.returned[j]) return { ...base, step: all.after[j], onStack: true, lastOn: all.after[j], atExit: false };
  const lastOn = all.after[j] - 1;
  if (finished && all.after[j] === cols.states - 1) return { ...base, step: lastOn, onStack: true, lastOn, atExit: true };
  return { ...base, step: all.after[j], onStack: false, lastOn, atExit: false };
}

/** the calls of a def as runs: each call's first state (its parameters bound) */
function callRuns(cols: StepColumns, d: DefInfo): Runs {
  const runs: Runs = { unit: [], start: [], after: [], rec: [], returned: [] };
  const first = new Int32Array(cols.records).fill(-1);
  for (let N = 0; N < cols.states - 1; N++) {
    const r = cols.rec[N];
    if (r >= 0 && first[r] < 0) first[r] = N + 1;
  }
  for (let r = 0; r < cols.records; r++) {
    if (cols.origin[r] !== r || first[r] < 0 || !isDef(cols, r, d)) continue;
    const N = first[r] - 1;
    runs.unit.push(-1); runs.start.push(N); runs.after.push(N); runs.rec.push(r); runs.returned.push(false);
  }
  // (by start step: a record's first state grows with the record)
  return runs;
}

function isDef(cols: StepColumns, r: number, d: DefInfo): boolean {
  return cols.firstLine[r] === d.line && cols.name(r) === d.name;
}

// ---------------------------------------------------------------------------------------------
// names

/** where the first name of a path was found */
interface Head {
  status: NameStatus;
  serial: number;
  frame: string | null;
  scope: 'local' | 'global' | null;
  reason: string | null;
}

/** the frame records of state N, outermost first */
function chainAt(cols: StepColumns, N: number): number[] {
  const out: number[] = [];
  for (let r = cols.rec[N]; r >= 0; r = cols.parent[r]) out.push(r);
  return out.reverse();
}

/** a frame of a module's code (its locals are the module's globals) */
function isModuleFrame(cols: StepColumns, r: number): boolean {
  return cols.parent[r] < 0 && cols.name(r) === '<module>';
}

/** name `n` in frame index fi of reader r: its serial, or unbound (-2), or absent (-3), or an
 *  object the trace does not know (-1) */
function inFrame(r: StepReader, fi: number, n: string): number {
  const f = r.frames[fi];
  if (!f) return -3;
  for (let i = 0; i < f.locals.length; i++) {
    const l = f.locals[i];
    if (l.name !== n) continue;
    if (!l.id) return -2;
    const s = r.localSerials[fi]?.[i] ?? -1;
    return s >= 0 && r.live(s) ? s : -1;
  }
  return -3;
}

/** key `n` of a namespace or attribute dict (or a name among an object's labelled referents) */
function labelled(r: StepReader, s: number, n: string): number {
  const lab = r.labels(s);
  if (!lab || lab.kind === 'pairs') return -3;
  const k = lab.names.indexOf(n);
  if (k < 0 || k >= r.refCount(s)) return -3;
  const x = r.refSerial(s, k);
  return x >= 0 && r.live(x) ? x : -1;
}

/** attribute `a` of object s: its own (a slot, an inline value, its __dict__'s), else its class's
 *  and their bases' (__class__, then __mro__); -3 when not found, -1 for an object not traced,
 *  -4 when s has a __dict__ the trace does not follow, or whose entries it does not record (a
 *  module of the interpreter's) */
function attribute(r: StepReader, s: number, a: string): number {
  const own = (x: number): number => {
    const v = labelled(r, x, a);
    if (v !== -3) return v;
    const d = labelled(r, x, '__dict__');
    return d >= 0 ? labelled(r, d, a) : -3;
  };
  const v = own(s);
  if (v !== -3) return v;
  const d = labelled(r, s, '__dict__');
  if (d === -1 || (d >= 0 && !r.labels(d) && r.refCount(d) === 0)) return -4;
  // a class attribute or a method: the type's namespace, then its bases'
  const isType = r.typeNames[r.type(s)] === 'type';
  const cls = isType ? s : labelled(r, s, '__class__');
  if (cls < 0) return -3;
  if (!isType) { const c = own(cls); if (c !== -3) return c; }
  const mro = labelled(r, cls, '__mro__');
  if (mro >= 0) {
    const n = r.refCount(mro);
    for (let k = 1; k < n && k < 64; k++) {
      const b = r.refSerial(mro, k);
      if (b < 0 || !r.live(b)) continue;
      const c = own(b);
      if (c !== -3) return c;
    }
  }
  return -3;
}

function isBuiltin(rec: TraceRecorder, n: string): boolean {
  try {
    const b = rec.rt.builtins;
    return ops.dictGetStr(b, n) !== undefined;
  } catch {
    return false;
  }
}

/** why the state after a run's last line is not described */
const ENDED = 'the run ended with that line (the state after it is the interpreter\'s exit)';

/** "after line 7 ran" or "at step 120" */
function when(line: number, pick: Pick): string {
  return pick.atPanel ? `at step ${pick.step.toLocaleString('en-US')}` : `after line ${line} ran`;
}

/** whether looking name `n` up for `pick` needs the frame as it left the stack (leftBy) */
function needsLeft(cols: StepColumns, unit: Unit, pick: Pick, n: string): boolean {
  return !pick.onStack && !isModuleFrame(cols, pick.rec) && !unit.binds.has(n);
}

/** name `n` in the frame of `pick` as it was at pick.lastOn, its last state on the stack (inFrame's
 *  codes); `b` reads that state */
function leftBy(cols: StepColumns, pick: Pick, b: StepReader, n: string): number {
  return inFrame(b, chainAt(cols, pick.lastOn).indexOf(pick.rec), n);
}

/**
 * The first name `n` of a path, as CPython looks it up in the frame that ran the line (pick.rec)
 * at pick.step, which `r` reads: its locals, then the module's globals. When that frame has
 * returned by then (the line was its last), its locals are gone: a name the line does not bind
 * is read as the frame left it (`left`: leftBy, when needsLeft) and followed at pick.step if its
 * object is still alive there (the module's frame leaves only at the end: Pick.atExit).
 */
function lookupHead(rec: TraceRecorder, cols: StepColumns, a: Analysis, unit: Unit, pick: Pick, n: string, r: StepReader, left: number | null): Head {
  const line = unit.line;
  const notFound = (why?: string): Head => {
    if (a.moduleNames.has(n) && !why) return { status: 'unbound', serial: -1, frame: '<module>', scope: 'global', reason: `\`${n}\` is unbound ${when(line, pick)}` };
    const reason = why ?? (isBuiltin(rec, n)
      ? `\`${n}\` on line ${line} is a builtin, not a name of the program (the trace does not follow it)`
      : `\`${n}\` is not defined ${when(line, pick)}`);
    return { status: 'not-found', serial: -1, frame: null, scope: null, reason };
  };
  const untraced = (frame: string, scope: 'local' | 'global'): Head => ({
    status: 'not-found', serial: -1, frame, scope,
    reason: `\`${n}\` is bound ${when(line, pick)} to an object the trace does not follow (the interpreter's own: a module, a builtin)`,
  });
  const unbound = (frame: string | null, scope: 'local' | 'global'): Head =>
    ({ status: 'unbound', serial: -1, frame, scope, reason: `\`${n}\` is unbound ${when(line, pick)}` });
  /** in the globals: the module frame's names */
  const global = (): Head => {
    const chain = chainAt(cols, pick.step);
    const g = chain.length && isModuleFrame(cols, chain[0]) ? inFrame(r, 0, n) : -3;
    if (g >= 0) return { status: 'found', serial: g, frame: '<module>', scope: 'global', reason: null };
    if (g === -1) return untraced('<module>', 'global');
    return notFound();
  };
  const name = cols.name(pick.rec);
  const module = isModuleFrame(cols, pick.rec);
  const scope = module ? 'global' : 'local';
  if (pick.atExit && unit.binds.has(n)) return notFound(`\`${n}\` is not known ${when(line, pick)}: ${ENDED}`);
  if (pick.onStack) {
    const v = inFrame(r, chainAt(cols, pick.step).indexOf(pick.rec), n);
    if (v >= 0) return { status: 'found', serial: v, frame: name, scope, reason: null };
    if (v === -1) return untraced(name, scope);
    if (v === -2) return unbound(name, scope);
    if (module) return notFound();
    const g = global();
    // (the trace shows a class body's frame without its namespace)
    const sc = scopesOfRecords(a, cols)[pick.rec];
    if (g.status !== 'found' && sc >= 0 && a.scopes[sc].kind === 'class') {
      return { ...g, status: 'not-found', reason: `\`${n}\` is not among the globals ${when(line, pick)}, and the trace does not show the namespace of class ${name}'s body` };
    }
    return g;
  }
  // the frame returned with the line
  if (module) return global();
  const gone = `\`${n}\` is not known ${when(line, pick)}: ${name} returned (or yielded) with that line, and the trace shows no locals of it after that`;
  if (left === null) return notFound(gone);
  if (left === -2) return unbound(name, 'local');
  if (left === -1) return untraced(name, 'local');
  if (left === -3) return global();
  return r.live(left) ? { status: 'found', serial: left, frame: name, scope: 'local', reason: null } : notFound(gone);
}

/** a path's object from its head's: each attribute in turn */
function followPath(r: StepReader, path: string[], head: Head, line: number, pick: Pick): { status: NameStatus; serial: number; reason: string | null } {
  if (head.status !== 'found') return { status: head.status, serial: -1, reason: head.reason };
  let s = head.serial;
  for (let i = 1; i < path.length; i++) {
    const a = path[i];
    const owner = path.slice(0, i).join('.');
    const x = attribute(r, s, a);
    if (x >= 0) { s = x; continue; }
    if (x === -1) return { status: 'not-found', serial: -1, reason: `\`${owner}.${a}\` is bound ${when(line, pick)} to an object the trace does not follow` };
    if (!r.refCount(s) || x === -4) {
      const why = r.exact ? `the trace records no attributes of \`${owner}\` (a ${r.typeNames[r.type(s)]})`
        : `the attributes of \`${owner}\` are not recorded at step ${r.step.toLocaleString('en-US')} (between two checkpoints of a long run)`;
      return { status: 'not-found', serial: -1, reason: `${why}: \`${a}\` not found ${when(line, pick)}` };
    }
    if (pick.atExit) return { status: 'not-found', serial: -1, reason: `\`${owner}\` had no attribute \`${a}\` before line ${line} ran: ${ENDED}` };
    return { status: 'not-found', serial: -1, reason: `\`${owner}\` has no attribute \`${a}\` ${when(line, pick)}` };
  }
  return { status: 'found', serial: s, reason: null };
}

/** the heap of a step (TraceRecorder.heapAt), the last one kept: the names of one line share it */
const heaps = new WeakMap<TraceRecorder, { step: number; steps: number; heap: SnapshotHeap }>();
function heapAt(rec: TraceRecorder, step: number): SnapshotHeap {
  const kept = heaps.get(rec);
  if (kept && kept.step === step && kept.steps === rec.steps) return kept.heap;
  const heap = rec.heapAt(step).heap;
  heaps.set(rec, { step, steps: rec.steps, heap });
  return heap;
}

/** object s of reader r, as a hover shows it (`heap` places its blocks in their pools, asked only
 *  when it has blocks of its own) */
function describe(rec: TraceRecorder, r: StepReader, s: number, heap: () => SnapshotHeap): NameObject {
  const raw = r.refcnt(s);
  const immortal = raw >= IMMORTAL_REFCNT / 2 && r.profile.immortalRefcnt !== null;
  let al = objectAllocations(rec, r, s, null);
  if (al.allocations.length) al = objectAllocations(rec, r, s, heap());
  let held = 0;
  for (const x of al.allocations) held += x.blockSize;
  return {
    id: r.id(s), type: r.typeNames[r.type(s)], repr: r.repr(s), sizeof: r.size(s),
    refcnt: raw < 0 ? -1 : reportedRefcount(r.profile, raw), immortal, gen: r.gen(s), cache: r.cache(s),
    allocations: al.allocations, allocationNotes: al.notes, held, blocks: al.allocations.length,
  };
}

/** why a unit never ran: its function was never called, or the run stopped before it */
function neverRan(rec: TraceRecorder, cols: StepColumns, unit: Unit): string {
  const base = `line ${unit.line} never ran`;
  const d = unit.def;
  if (d) {
    let called = false;
    for (let r = 0; r < cols.records && !called; r++) if (isDef(cols, r, d)) called = true;
    if (!called) return `${base}: ${d.name} was never called`;
  }
  if (!rec.finished) return `${base} (the run is paused at step ${rec.steps.toLocaleString('en-US')})`;
  // (a run that ended normally lifted the limit for the interpreter's exit)
  const limit = rec.rt.maxSteps;
  if (Number.isFinite(limit) && rec.steps >= limit) return `${base} (the run stopped after ${limit.toLocaleString('en-US')} steps)`;
  return base;
}

/** why no statement is at this line */
function noStatement(a: Analysis, line: number): string {
  if (!(line >= 1 && line <= a.lines.length)) return `line ${line} is not a line of the program`;
  const t = a.lines[line - 1].trim();
  if (t === '') return `line ${line} is blank`;
  if (t.startsWith('#')) return `line ${line} is a comment`;
  return `line ${line} runs nothing of its own (\`${t.length > 20 ? t.slice(0, 20) + '...' : t}\`)`;
}

// ---------------------------------------------------------------------------------------------
// the three questions

/** the object `query.path` named after `query.line` ran (see the header) */
export function nameFacts(rec: TraceRecorder, source: string, query: NameQuery): NameFacts {
  const path = query.path;
  const out: NameFacts = {
    pythonVersion: rec.rt.version, totalSteps: rec.steps, line: query.line, path, status: 'never-ran', reason: null,
    step: -1, ranAt: -1, run: 0, runs: 0, atPanelStep: false, frame: null, scope: null, exact: true, object: null,
  };
  const a = analysisOf(rec, source);
  if (a instanceof Error) { out.reason = `the source does not parse: ${a.message.split('\n')[0]}`; return out; }
  if (!path.length || !path[0]) { out.reason = 'no name asked for'; return out; }
  const u = Number.isInteger(query.line) && query.line >= 1 && query.line < a.unitOfLine.length ? a.unitOfLine[query.line] : -1;
  if (u < 0) { out.reason = noStatement(a, query.line); return out; }
  const unit = a.units[u];
  out.line = unit.line;
  const cols = rec.stepColumns();
  const depth = depthsOf(cols);
  // a parameter on its def's line: its value at each call's first line
  const param = unit.header && unit.header.params.has(path[0]) ? unit.header : null;
  const runs = param ? callRuns(cols, param) : statementRuns(cols, depth, a, (x) => x === u);
  const idx = runs.start.map((_x, i) => i);
  const pick = pickRun(cols, depth, runs, idx, query.atStep, rec.finished);
  if (!pick) {
    out.reason = param ? `${param.name} was never called` : neverRan(rec, cols, unit);
    return out;
  }
  out.ranAt = pick.ranAt;
  out.run = pick.run + 1;
  out.runs = pick.runs;
  out.step = pick.step;
  out.atPanelStep = pick.atPanel;
  const left = needsLeft(cols, unit, pick, path[0]) ? leftBy(cols, pick, rec.reader(pick.lastOn), path[0]) : null;
  const reader = rec.reader(pick.step);
  const head = lookupHead(rec, cols, a, unit, pick, path[0], reader, left);
  out.exact = reader.exact;
  out.frame = head.frame;
  out.scope = head.scope;
  const res = followPath(reader, path, head, unit.line, pick);
  out.status = res.status;
  out.reason = res.reason;
  if (res.status === 'found') out.object = describe(rec, reader, res.serial, () => heapAt(rec, reader.step));
  return out;
}

/** the values bound by the assignments of lines query.fromLine..toLine */
export function assignmentHints(rec: TraceRecorder, source: string, query: HintQuery): AssignmentHint[] {
  const a = analysisOf(rec, source);
  if (a instanceof Error) return [];
  const from = Math.max(1, Math.floor(query.fromLine)), to = Math.min(a.lines.length, Math.floor(query.toLine));
  const wanted = new Set<number>();
  for (let k = 0; k < a.units.length; k++) {
    const un = a.units[k];
    if (un.assigns.some((x) => x.line >= from && x.line <= to)) wanted.add(k);
  }
  if (!wanted.size) return [];
  const cols = rec.stepColumns();
  const depth = depthsOf(cols);
  const runs = statementRuns(cols, depth, a, (x) => wanted.has(x));
  const byUnit = new Map<number, number[]>();
  for (let i = 0; i < runs.unit.length; i++) {
    let l = byUnit.get(runs.unit[i]);
    if (!l) byUnit.set(runs.unit[i], (l = []));
    l.push(i);
  }
  // the units by the state they are described at: each state read once
  const jobs: { unit: Unit; pick: Pick; hints: [AssignInfo, AssignmentHint][] }[] = [];
  const out: AssignmentHint[] = [];
  for (const k of [...wanted].sort((x, y) => a.units[x].line - a.units[y].line)) {
    const unit = a.units[k];
    const pick = pickRun(cols, depth, runs, byUnit.get(k) ?? [], query.atStep, rec.finished);
    const hints: [AssignInfo, AssignmentHint][] = [];
    for (const as of unit.assigns) {
      if (as.line < from || as.line > to) continue;
      const h: AssignmentHint = { line: as.line, endLine: as.endLine, targets: [], run: pick ? pick.run + 1 : 0, runs: pick ? pick.runs : 0, exact: true };
      if (!pick) h.targets = as.targets.map((p) => ({ path: p, status: 'never-ran', type: null, sizeof: 0, held: 0, blocks: 0, cache: null }));
      hints.push([as, h]);
      out.push(h);
    }
    if (pick) jobs.push({ unit, pick, hints });
  }
  jobs.sort((x, y) => x.pick.step - y.pick.step);
  for (let j = 0; j < jobs.length;) {
    const step = jobs[j].pick.step;
    let e = j;
    while (e < jobs.length && jobs[e].pick.step === step) e++;
    // the names of frames that returned with their line, as they left them, first (a reader is
    // valid until two more steps are read)
    const left = new Map<string, number>();
    for (let q = j; q < e; q++) {
      const { unit, pick, hints } = jobs[q];
      for (const [as] of hints) {
        for (const p of as.targets) {
          const key = `${q}:${p[0]}`;
          if (left.has(key) || !needsLeft(cols, unit, pick, p[0])) continue;
          left.set(key, leftBy(cols, pick, rec.reader(pick.lastOn), p[0]));
        }
      }
    }
    const r = rec.reader(step);
    for (let q = j; q < e; q++) {
      const { unit, pick, hints } = jobs[q];
      for (const [as, h] of hints) {
        h.exact = r.exact;
        h.targets = as.targets.map((p) => {
          const head = lookupHead(rec, cols, a, unit, pick, p[0], r, left.get(`${q}:${p[0]}`) ?? null);
          const res = followPath(r, p, head, unit.line, pick);
          const t: HintTarget = { path: p, status: res.status, type: null, sizeof: 0, held: 0, blocks: 0, cache: null };
          if (res.status === 'found') {
            const al = objectAllocations(rec, r, res.serial, null);
            t.type = r.typeNames[r.type(res.serial)];
            t.sizeof = r.size(res.serial);
            t.cache = r.cache(res.serial);
            for (const x of al.allocations) t.held += x.blockSize;
            t.blocks = al.allocations.length;
          }
          return t;
        });
      }
    }
    j = e;
  }
  return out;
}

/** the run's steps, peak blocks and collections, and each function's */
export function runStats(rec: TraceRecorder, source: string): RunStats {
  const cols = rec.stepColumns();
  const last = cols.states - 1;
  // sys.getallocatedblocks() per state, as the memory chart has it
  const blocks = new Float64Array(cols.states);
  rec.heapLog.scan(0, last, (N, v) => { blocks[N] = v[2]; });
  let peakBlocks = 0, peakStep = 0;
  for (let N = 0; N <= last; N++) if (blocks[N] > peakBlocks) { peakBlocks = blocks[N]; peakStep = N; }
  // the collections (not the one at the interpreter's exit), and the frame running each
  const gcRecs: number[] = [];
  rec.collections.records.forEach((c, i) => { if (c.reason !== 'exit') gcRecs.push(i < cols.collectionRecs.length ? cols.collectionRecs[i] : -1); });
  const a = analysisOf(rec, source);
  const defs = a instanceof Error ? [] : a.defs.slice().sort((x, y) => x.line - y.line);
  const out: RunStats = { pythonVersion: rec.rt.version, totalSteps: rec.steps, peakBlocks, peakStep, collections: gcRecs.length, functions: [] };
  const nd = defs.length;
  const calls = new Float64Array(nd), steps = new Float64Array(nd), peak = new Float64Array(nd), colls = new Float64Array(nd);
  const first = new Float64Array(nd).fill(-1);
  if (nd) {
    // each frame record's def: by its code's first line and name
    const byLine = new Map<number, number[]>();
    defs.forEach((d, i) => { const l = byLine.get(d.line); if (l) l.push(i); else byLine.set(d.line, [i]); });
    const defOf = new Int32Array(cols.records).fill(-1);
    for (let r = 0; r < cols.records; r++) {
      const l = byLine.get(cols.firstLine[r]);
      if (!l) continue;
      const name = cols.name(r);
      for (const i of l) if (defs[i].name === name) { defOf[r] = i; break; }
    }
    // per def: its frames on the stack now, since when, and the defs with any
    const onStack = new Int32Array(nd), since = new Float64Array(nd);
    const active: number[] = [];
    walkStacks(cols, depthsOf(cols), {
      push: (r, N) => {
        const d = defOf[r];
        if (d < 0) return;
        if (cols.origin[r] === r) { calls[d]++; if (first[d] < 0) first[d] = N; }
        if (onStack[d]++ === 0) { since[d] = N; active.push(d); }
      },
      pop: (r, N) => {
        const d = defOf[r];
        if (d < 0 || --onStack[d] > 0) return;
        steps[d] += N - since[d];
        // (the state it returned into counts: what its last line left)
        if (blocks[N] > peak[d]) peak[d] = blocks[N];
        active.splice(active.indexOf(d), 1);
      },
      state: (N) => {
        const b = blocks[N];
        for (let i = 0; i < active.length; i++) { const d = active[i]; if (b > peak[d]) peak[d] = b; }
      },
    });
    // each collection counts for the defs of the frames on the stack when it began
    const seen = new Int32Array(nd).fill(-1);
    gcRecs.forEach((r0, i) => {
      for (let r = r0; r >= 0; r = cols.parent[r]) {
        const d = defOf[r];
        if (d >= 0 && seen[d] !== i) { seen[d] = i; colls[d]++; }
      }
    });
    // (a paused run: the frames still on the stack made the steps up to its last state)
    for (const d of active) steps[d] += last - since[d];
  }
  out.functions = defs.map((d, i) => ({
    defLine: d.line, name: d.name, bodyLine: d.bodyLine, calls: calls[i], firstCallStep: first[i] < 0 ? null : first[i],
    steps: steps[i], peakBlocks: peak[i], collections: colls[i],
  }));
  return out;
}

// --- the points of an annotated snippet ----------------------------------------------------------

/** A point of an annotated snippet (docs/annotations.md): before a statement runs, after it ran
 *  (a compound statement: after it ended, its bodies included), or the end of the run. */
export interface PointQuery {
  kind: 'before' | 'after' | 'end';
  /** the statement's line (null for 'end') */
  line: number | null;
}

/** the steps of the run that reach a point (the first `cap`), and how many in all */
export interface PointSteps {
  steps: number[];
  reaches: number;
}

/**
 * The steps at which the run reaches each point, as a probe statement placed there would run: a
 * statement is entered when its frame comes to its lines from outside them, so a loop is entered
 * once however often its header runs (its body's lines are its own), and it has ended when that
 * frame is at a line outside them again or has returned. 'before': the states of the entries;
 * 'after': the states after each entry ended; 'end': the last state (a finished run's is after the
 * module's teardown: the trace has no state between its last line and that).
 */
export function pointSteps(rec: TraceRecorder, source: string, points: PointQuery[], cap = 1_000): PointSteps[] {
  const out = points.map((): PointSteps => ({ steps: [], reaches: 0 }));
  const a = analysisOf(rec, source);
  if (a instanceof Error) return out;
  const cols = rec.stepColumns();
  const last = cols.states - 1;
  /** by unit: the points asking for it */
  const wanted = new Map<number, number[]>();
  points.forEach((p, i) => {
    if (p.kind === 'end') {
      // (the trace has no state between the module's last line and its teardown: the last state)
      out[i] = { steps: [last], reaches: 1 };
      return;
    }
    const u = p.line !== null && p.line >= 1 && p.line < a.unitOfLine.length ? a.unitOfLine[p.line] : -1;
    if (u < 0) return;
    const list = wanted.get(u);
    if (list) list.push(i); else wanted.set(u, [i]);
  });
  if (!wanted.size) return out;
  const recScope = scopesOfRecords(a, cols);
  const depth = depthsOf(cols);
  /** per frame record: the wanted statements it is inside of, outermost first */
  const inside: (number[] | undefined)[] = new Array(cols.records);
  const add = (u: number, kind: 'before' | 'after', N: number): void => {
    for (const i of wanted.get(u) ?? []) {
      if (points[i].kind !== kind) continue;
      const o = out[i];
      o.reaches++;
      if (o.steps.length < cap) o.steps.push(N);
    }
  };
  const within = (u: number, l: number): boolean => l >= a.units[u].line && l <= (a.units[u].end ?? a.units[u].hi);
  walkStacks(cols, depth, {
    pop: (r, N) => {
      const st = inside[r];
      while (st?.length) add(st.pop()!, 'after', N);
    },
    event: (r, N) => {
      const l = cols.line[N];
      const st = inside[r] ?? (inside[r] = []);
      while (st.length && !within(st[st.length - 1], l)) add(st.pop()!, 'after', N);
      const u = l < a.unitOfLine.length ? a.unitOfLine[l] : -1;
      if (u < 0 || !wanted.has(u) || st.includes(u) || !a.units[u].scopes.includes(recScope[r])) return;
      st.push(u);
      add(u, 'before', N);
    },
  });
  // a statement still running when the run stopped ends with it
  for (const st of inside) while (st?.length) add(st.pop()!, 'after', last);
  for (const o of out) o.steps.sort((x, y) => x - y);
  return out;
}
