// The probed program: a snippet with a probe statement inserted at each point of its annotations,
// which evaluates the point's expectations where the program is and reports their values on
// stdout. The simulator (check.ts) and real CPython (scripts/record_snippets.py, through
// `pymemsim check --emit-probed`) run this same text, so that what each reports can be compared
// like for like; this module is the only place probes are made.
//
// A probe for `# @expect LEFT OP RIGHT` at a point, at the indentation of the code there (B is
// `__builtins__.`, see below):
//
//     try:
//         B.globals()['__cached__'] = (LEFT)
//         B.globals()['__spec__'] = (RIGHT)
//         B.print('\x02pymemsim 3', 1 if B.globals()['__cached__'] OP B.globals()['__spec__'] else 0, end='\x1f')
//         B.print(B.repr(B.globals()['__cached__']), end='\x1f')
//         B.print(B.repr(B.globals()['__spec__']), end='\x03\n', flush=True)
//     except B.BaseException:
//         B.print('\x02pymemsim 3 E', end='\x1f')
//         B.print(B.type(B.__import__('sys').exc_info()[1]).__module__, end='\x1f')
//         B.print(B.type(B.__import__('sys').exc_info()[1]).__qualname__, end='\x1f')
//         B.print(B.__import__('sys').exc_info()[1], end='\x03\n', flush=True)
//     B.globals()['__cached__'] = B.globals()['__spec__'] = None
//
// An expectation without a comparison stores its one value and reports its truth. Why this shape:
//
// The sides are evaluated first, each once per reach, exactly as the program's own code would
// evaluate them there (in the frame's scope: a function's locals and cells, a class body's
// namespace), before the probe does anything else. Where do the values wait while the other side
// is evaluated and while the report is made? Not in a new name: a new global would grow the
// module's dict (a dict grows its keys table at thresholds, visibly to sys.getsizeof and to the
// block counts, and a deleted key leaves a dummy entry behind), a new local would make the
// function's frame bigger, and `except ... as NAME` deletes NAME when the handler ends. Not in a
// helper function either: making one allocates a function object before the sides are evaluated,
// and in 3.8-3.10 its first call leaves a zombie frame on its code object for good. They wait in
// two entries every `python FILE` run has in its module's namespace, `__cached__` and `__spec__`,
// both None, written through globals() (which allocates nothing) and set back to None when the
// probe ends: replacing the value of an existing key changes neither the dict's size nor its
// layout, and holds the value by one reference, as the evaluation stack would have.
//
// The builtins the probe calls are reached as attributes of `__builtins__` (the builtins module in
// a program run as a script): a program that names something `print`, `type` or `globals` of its
// own does not get in the way, and the lookup allocates nothing.
//
// The report is print(): repr() of each value and the outcome as 1 or 0, between marks (\x02 ...
// \x1f ... \x03) that check.ts and record_snippets.py take out of the program's output. Its
// allocations (the strs of the reprs, the writes) are freed before the probe ends. In CPython, a
// print to a pipe can keep what it wrote in the TextIOWrapper's pending buffer until 8 KiB have
// gathered, holding blocks: the report flushes (flush=True), which writes out what the program
// printed before as well, so that what CPython holds afterwards is what the simulator, which has
// no such buffer, holds.
//
// `sys` and `gc` may be used without importing them: each free `sys` of an expression becomes
// `(sys if 'sys' in B.globals() else B.__import__('sys'))`, the program's own `sys` when it has
// imported it (no call at all), else the module from sys.modules. For a module already imported,
// `__import__` allocates nothing but, up to 3.10 (METH_VARARGS), the tuple of its arguments, which
// comes from and goes back to the 1-tuple free list as in any such call (the simulator's
// __import__ does the same); 3.8-3.11 also make and drop the message of an AttributeError on the
// way, which leaves no block behind. CPython has `sys` from its start-up, but imports `gc` only when
// asked: the module would be built, dozens of blocks, at the first probe that uses it. When a
// probe uses `gc`, the probed program imports it before its first statement (after a docstring
// and `from __future__` imports), as the simulator, which has gc from the start, does.
//
// An expectation that uses `mem` (which CPython does not have) is wrapped in
// `if 'mem' in __builtins__.__dict__:`, which costs CPython one dict lookup: CPython runs the same
// program and skips them; the simulator offers `mem` (RunOptions.memHelpers). Such probes come
// last at their point.
//
// What a probe still changes, in both implementations alike:
//   - line numbers: the probes are lines of their own (lineMap maps every line back), so code
//     objects' line tables differ;
//   - constants and names: the probe's strings and names are in the code object of the scope it
//     is in (made before the program runs, like all constants);
//   - the stack depth of the code it is in: a probe inside a function may raise the function's
//     co_stacksize (its try block and calls need a few slots), which makes its frames bigger
//     (3.8-3.10 frame objects, and 3.11+ generator and coroutine objects, which hold their frame):
//     an expectation about the size of a generator is best placed outside the generator's code;
//   - what evaluating the expression does: an expression that allocates (a call, an int past 256,
//     a float) does so as the program would, its temporaries are freed when the probe ends, and an
//     expression with side effects (`x.pop()`) has them; while the values wait, the module's
//     namespace refers to them (gc.get_referrers would see it);
//   - the collector: the report's allocations count toward generation 0's threshold while they
//     live, as any code's would: a collection due a few allocations later may happen during a
//     probe instead;
//   - the free lists and the order of free blocks in the pools: transient objects of the report
//     come from and go back to them, so later addresses (id()) can differ from an unprobed run.
// A point reached many times probes each time; each reach reports.

import type { PyVersion } from '../versions';
import { getProfile } from '../profiles';
import { sourceOutline, SourceOutline } from '../parser';
import { AnnotatedSnippet, Expectation, appliesTo, checkExpression } from './parse';

/** the builtins a probe calls are reached through the module's `__builtins__` (the builtins
 *  module, in a program run as `python FILE`): a program's own `print`, `type` or `globals` does
 *  not get in the way, and the lookup allocates nothing */
const B = '__builtins__.';

/** the mark a report starts with: `\x02pymemsim ID ...` */
export const PROBE_MARK = '\x02pymemsim ';
/** between a report's fields, and at its end */
export const PROBE_SEP = '\x1f';
export const PROBE_END = '\x03\n';

export interface ProbedProgram {
  version: PyVersion;
  /** the program with its probes */
  source: string;
  /** for each line of `source` (index line - 1): the snippet's line it comes from; a probe's
   *  lines map to the line of the annotation they check */
  lineMap: number[];
  /** for each line of `source`: it belongs to a probe */
  probeLine: boolean[];
  /** the expectations probed on this version */
  probes: Expectation[];
  /** expectations for this version that cannot be probed: their expression is not valid Python
   *  of this version */
  invalid: { expectation: Expectation; error: string }[];
}

interface Insertion {
  /** inserted after this many lines of the snippet (0: before its first line) */
  gap: number;
  indent: string;
  /** order among the insertions of one gap: the deepest block first, then after-points before
   *  before-points, then the order of the points */
  depth: number;
  rank: number;
  order: number;
  lines: { text: string; line: number }[];
}

/** The snippet with probes for the expectations of `snippet` that apply to `version`. */
export function probeProgram(source: string, snippet: AnnotatedSnippet, version: PyVersion): ProbedProgram {
  const outline = sourceOutline(source);
  const siblings = outline.siblings();
  const srcLines = source.split('\n');
  if (srcLines.length > 1 && srcLines[srcLines.length - 1] === '') srcLines.pop();
  const probes: Expectation[] = [];
  const invalid: ProbedProgram['invalid'] = [];
  const insertions: Insertion[] = [];
  snippet.points.forEach((point, order) => {
    const lines: { text: string; line: number }[] = [];
    const place = placement(outline, siblings, point.kind, point.line, srcLines.length);
    // mem expectations last: what a skipped probe costs CPython (nothing) comes after the others
    const exps = point.expectations.filter((e) => appliesTo(e, version));
    exps.sort((a, b) => Number(a.simulatorOnly) - Number(b.simulatorOnly) || a.id - b.id);
    for (const e of exps) {
      const text = probeText(e, version, place.indent);
      if ('error' in text) { invalid.push({ expectation: e, error: text.error }); continue; }
      probes.push(e);
      for (const t of text.lines) lines.push({ text: t, line: e.line });
    }
    if (!lines.length) return;
    insertions.push({ ...place, order, lines });
  });
  // CPython imports gc only when asked (sys is always there): a probe's first `gc` would make
  // CPython build the module, dozens of blocks, in the middle of the program; the simulator's gc,
  // like its sys, is there from the start. The probed program imports it before its first line.
  if (probes.some((e) => usesFree(e.text, 'gc', version))) {
    insertions.push({ ...headerPlacement(outline), order: -1, lines: [{ text: `${B}__import__('gc')`, line: 1 }] });
  }
  insertions.sort((a, b) => a.gap - b.gap || b.depth - a.depth || a.rank - b.rank || a.order - b.order);
  const out: string[] = [];
  const lineMap: number[] = [];
  const probeLine: boolean[] = [];
  let k = 0;
  const emitGap = (gap: number): void => {
    for (; k < insertions.length && insertions[k].gap === gap; k++) {
      for (const l of insertions[k].lines) { out.push(l.text); lineMap.push(l.line); probeLine.push(true); }
    }
  };
  for (let i = 0; i < srcLines.length; i++) {
    emitGap(i);
    out.push(srcLines[i]);
    lineMap.push(i + 1);
    probeLine.push(false);
  }
  emitGap(srcLines.length);
  // (a gap past the end: the end point of a snippet whose outline counts a last empty line)
  for (; k < insertions.length; k++) for (const l of insertions[k].lines) { out.push(l.text); lineMap.push(l.line); probeLine.push(true); }
  return { version, source: out.join('\n') + '\n', lineMap, probeLine, probes, invalid };
}

/** where the probes of a point go: after which line of the snippet, at what indentation */
function placement(o: SourceOutline, siblings: { list: number[]; at: number }[], kind: 'before' | 'after' | 'end', line: number | null,
  nLines: number): Omit<Insertion, 'order' | 'lines'> {
  const st = o.statements;
  const lineIndent = (l: number): string => /^[ \t\f]*/.exec(o.lines.text(l))![0];
  if (kind === 'end' || line === null) return { gap: nLines, indent: '', depth: 0, rank: 2 };
  const s = o.statementStartingAt(line);
  // what must come first: a docstring stays its scope's first statement, `from __future__`
  // imports the module's, and `global` / `nonlocal` declarations precede the uses of their names
  const first = (i: number): boolean => st[i].docstring || st[i].future || st[i].simple === 'scope';
  if (kind === 'before') {
    if (s < 0) return { gap: line - 1, indent: lineIndent(line), depth: SourceOutline.column(lineIndent(line)), rank: 1 };
    if (!first(s)) return { gap: line - 1, indent: st[s].indent, depth: SourceOutline.column(st[s].indent), rank: 1 };
  }
  if (s < 0) return { gap: line, indent: lineIndent(line), depth: SourceOutline.column(lineIndent(line)), rank: 0 };
  // after s: after the last statement of its logical line (`a = 1; b = [\n 2]`), and after what
  // must come first that follows it
  let end = st[s].endLine;
  const { list } = siblings[s];
  let at = siblings[s].at;
  while (at + 1 < list.length) {
    const next = st[list[at + 1]];
    const sameLine = next.line <= end;
    const leading = first(list[at]) && (next.future || next.simple === 'scope');
    if (!sameLine && !leading) break;
    end = Math.max(end, next.endLine);
    at++;
  }
  return { gap: end, indent: st[s].indent, depth: SourceOutline.column(st[s].indent), rank: kind === 'before' ? 1 : 0 };
}

/** the start of the module's code, after its docstring and `from __future__` imports */
function headerPlacement(o: SourceOutline): Omit<Insertion, 'order' | 'lines'> {
  const st = o.statements;
  let gap = 0;
  for (let i = 0; i < st.length; i++) {
    if (st[i].parent >= 0) continue;
    if (!st[i].docstring && !st[i].future) break;
    gap = st[i].endLine;
  }
  return { gap, indent: '', depth: 1e9, rank: -1 };
}

/** the expression uses `name` as a name it does not bind itself */
function usesFree(text: string, name: string, version: PyVersion): boolean {
  const r = checkExpression(text, version);
  return !('error' in r) && r.names.some((n) => n.id === name) && !r.bound.has(name);
}

/** an expression's text with each free `sys` and `gc` made available without an import */
function withModules(text: string, version: PyVersion): { text: string } | { error: string } {
  const r = checkExpression(text, version);
  if ('error' in r) return { error: r.error };
  let out = r.text;
  const uses = r.names.filter((n) => (n.id === 'sys' || n.id === 'gc') && !r.bound.has(n.id)).sort((a, b) => b.col - a.col);
  for (const n of uses) {
    const a = n.col - r.start, b = n.endCol - r.start;
    out = `${out.slice(0, a)}(${n.id} if '${n.id}' in ${B}globals() else ${B}__import__('${n.id}'))${out.slice(b)}`;
  }
  return { text: out };
}

/** the lines of one expectation's probe, at `indent` */
function probeText(e: Expectation, version: PyVersion, indent: string): { lines: string[] } | { error: string } {
  const whole = checkExpression(e.text, version);
  if ('error' in whole) return { error: whole.error };
  const step = indent.includes('\t') ? '\t' : '    ';
  let i0 = indent;
  const lines: string[] = [];
  if (e.simulatorOnly) {
    lines.push(`${i0}if 'mem' in __builtins__.__dict__:`);
    i0 += step;
  }
  const i1 = i0 + step;
  const mark = `'\\x02pymemsim ${e.id}`;
  const slot = (name: string): string => `${B}globals()['${name}']`;
  lines.push(`${i0}try:`);
  if (e.comparison) {
    const left = withModules(e.comparison.left, version);
    const right = withModules(e.comparison.right, version);
    if ('error' in left) return left;
    if ('error' in right) return right;
    lines.push(
      `${i1}${slot('__cached__')} = (${left.text})`,
      `${i1}${slot('__spec__')} = (${right.text})`,
      `${i1}${B}print(${mark}', 1 if ${slot('__cached__')} ${e.comparison.op} ${slot('__spec__')} else 0, end='\\x1f')`,
      `${i1}${B}print(${B}repr(${slot('__cached__')}), end='\\x1f')`,
      `${i1}${B}print(${B}repr(${slot('__spec__')}), end='\\x03\\n', flush=True)`,
    );
  } else {
    const value = withModules(e.text, version);
    if ('error' in value) return value;
    lines.push(
      `${i1}${slot('__cached__')} = (${value.text})`,
      `${i1}${B}print(${mark}', 1 if ${slot('__cached__')} else 0, end='\\x1f')`,
      `${i1}${B}print(${B}repr(${slot('__cached__')}), end='\\x03\\n', flush=True)`,
    );
  }
  const exc = `${B}__import__('sys').exc_info()[1]`;
  lines.push(
    `${i0}except ${B}BaseException:`,
    `${i1}${B}print(${mark} E', end='\\x1f')`,
    `${i1}${B}print(${B}type(${exc}).__module__, end='\\x1f')`,
    `${i1}${B}print(${B}type(${exc}).__qualname__, end='\\x1f')`,
    `${i1}${B}print(${exc}, end='\\x03\\n', flush=True)`,
    `${i0}${slot('__cached__')} = ${slot('__spec__')} = None`,
  );
  return { lines };
}

/** One report of a probe, as printed. */
export type ProbeReport =
  | { id: number; kind: 'value'; outcome: boolean; values: string[] }
  | { id: number; kind: 'error'; module: string; qualname: string; message: string };

/** Splits a probed program's output into the program's own output and the probes' reports. */
export class ReportReader {
  private buf = '';
  /** the program's own output so far, up to `keep` characters */
  output = '';
  outputDropped = 0;

  constructor(private readonly onReport: (r: ProbeReport) => void, private readonly keep = 1 << 20) {}

  feed(text: string): void {
    this.buf += text;
    for (;;) {
      const at = this.buf.indexOf(PROBE_MARK);
      if (at < 0) {
        // keep a tail that could be the start of a mark
        const last = this.buf.lastIndexOf('\x02');
        const keepFrom = last >= 0 && PROBE_MARK.startsWith(this.buf.slice(last)) ? last : this.buf.length;
        this.out(this.buf.slice(0, keepFrom));
        this.buf = this.buf.slice(keepFrom);
        return;
      }
      this.out(this.buf.slice(0, at));
      this.buf = this.buf.slice(at);
      const end = this.buf.indexOf(PROBE_END);
      // a report cut short by the next one (a repr that raised): dropped
      const next = this.buf.indexOf(PROBE_MARK, PROBE_MARK.length);
      if (end < 0 && next < 0) return;
      if (next >= 0 && (end < 0 || next < end)) { this.buf = this.buf.slice(next); continue; }
      const record = this.buf.slice(PROBE_MARK.length, end);
      this.buf = this.buf.slice(end + PROBE_END.length);
      const r = parseReport(record);
      if (r) this.onReport(r);
    }
  }

  /** the end of the output: what is left is the program's, but for a report cut short (a probe
   *  that failed while it printed, at the recursion limit) */
  finish(): void {
    if (!this.buf.startsWith(PROBE_MARK)) this.out(this.buf);
    this.buf = '';
  }

  private out(text: string): void {
    if (!text) return;
    const room = this.keep - this.output.length;
    if (room >= text.length) this.output += text;
    else { this.output += text.slice(0, Math.max(0, room)); this.outputDropped += text.length - Math.max(0, room); }
  }
}

/** `ID OUTCOME\x1fREPR[\x1fREPR]` or `ID E\x1fMODULE\x1fQUALNAME\x1fMESSAGE` */
export function parseReport(record: string): ProbeReport | null {
  const fields = record.split(PROBE_SEP);
  const head = /^(\d+) (0|1|E)$/.exec(fields[0]);
  if (!head) return null;
  const id = Number(head[1]);
  if (head[2] === 'E') {
    return { id, kind: 'error', module: fields[1] ?? '', qualname: fields[2] ?? '', message: fields.slice(3).join(PROBE_SEP) };
  }
  return { id, kind: 'value', outcome: head[2] === '1', values: fields.slice(1) };
}

/** an exception's last traceback line as the interpreter prints it for an uncaught exception:
 *  the type, qualified by its module unless that is builtins (and, from 3.11, __main__), then ': '
 *  and str() when that is not empty */
export function exceptionLine(module: string, qualname: string, message: string, version: PyVersion): string {
  const qualify = module !== '' && module !== 'builtins' && (module !== '__main__' || getProfile(version).mainPrefixInTraceback);
  const type = qualify ? `${module}.${qualname}` : qualname;
  return message ? `${type}: ${message}` : type;
}
