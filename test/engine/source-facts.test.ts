// The editor's facts of a run (engine/trace/sourceFacts.ts) against real CPython: the fixtures of
// test/fixtures/sourcefacts print, right after each line the tests ask about, sys.getsizeof and
// sys.getrefcount of the names that line bound; nameFacts and assignmentHints must describe the
// same objects (the state after the line ran is the state at which the print's line is about to
// run). runStats's calls and collections are checked against what stats.py prints of its
// gc.callbacks, and its peak against the memory series.

import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { assignmentHints, nameFacts, runStats } from '../../src/engine/trace/sourceFacts';
import type { NameFacts, NameQuery } from '../../src/engine/trace/sourceFacts';
import type { TraceRecorder } from '../../src/engine/trace';
import type { PyVersion } from '../../src/engine/versions';
import { Session } from '../../src/engine/interp/run';
import { TraceRecorder as Recorder } from '../../src/engine/trace';
import { record } from './trace-helpers';

const VERSIONS: PyVersion[] = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13'];
const DIR = join(__dirname, '..', 'fixtures', 'sourcefacts');

interface Fixture { source: string; lines: string[]; printed: Record<string, string[][]> }

/** a fixture and, per version, its printed lines split into words, by their first word */
function load(name: string): Fixture & { stdout: (v: PyVersion) => Map<string, string[][]> } {
  const source = readFileSync(join(DIR, `${name}.py`), 'utf8');
  const expected = JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8')) as Record<string, { stdout: string }>;
  return {
    source, lines: source.split('\n'), printed: {},
    stdout: (v) => {
      const m = new Map<string, string[][]>();
      for (const l of expected[v].stdout.trim().split('\n')) {
        const w = l.split(' ');
        const key = w[0];
        if (!m.has(key)) m.set(key, []);
        m.get(key)!.push(w.slice(1));
      }
      return m;
    },
  };
}

/** the line whose text (less its indentation) is `text` */
function lineOf(f: Fixture, text: string): number {
  const i = f.lines.findIndex((l) => l.trim() === text);
  assert.ok(i >= 0, text);
  return i + 1;
}

/** the k-th step (1-based) whose next line is `line` */
function nthStep(rec: TraceRecorder, line: number, k: number): number {
  let step = -1;
  for (let i = 0; i < k; i++) {
    const s = rec.findLine(step, line, 1);
    assert.ok(s !== null, `line ${line} runs ${k} times`);
    step = s;
  }
  return step;
}

function facts(rec: TraceRecorder, f: Fixture, text: string, path: string, atStep?: number): NameFacts {
  const q: NameQuery = { line: lineOf(f, text), path: path.split('.') };
  if (atStep !== undefined) q.atStep = atStep;
  return nameFacts(rec, f.source, q);
}

/** the object's sys.getsizeof and sys.getrefcount are those printed */
function same(n: NameFacts, printed: string[], what: string, refcount = true): void {
  assert.strictEqual(n.status, 'found', `${what}: ${n.reason}`);
  const o = n.object!;
  assert.strictEqual(o.sizeof, Number(printed[0]), `${what}: sys.getsizeof`);
  if (refcount) assert.strictEqual(o.refcnt + 1, Number(printed[1]), `${what}: sys.getrefcount`);
  assert.strictEqual(o.blocks, o.allocations.length, `${what}: blocks`);
  assert.strictEqual(o.held, o.allocations.reduce((x, a) => x + a.blockSize, 0), `${what}: held`);
  assert.ok(n.exact, `${what}: exact`);
}

describe('source facts: the names of a line after it ran (against CPython)', () => {
  const f = load('names');
  for (const version of VERSIONS) {
    it(version, () => {
      const rec = record(f.source, version);
      const out = f.stdout(version);
      const builds = out.get('build')!;

      // a function local, the last of three runs: the frame is still there (its print is next)
      const items = facts(rec, f, 'items = [0] * n', 'items');
      same(items, builds[2], 'items');
      assert.deepStrictEqual([items.run, items.runs, items.frame, items.scope, items.atPanelStep], [3, 3, 'build', 'local', false]);
      assert.strictEqual(rec.lineAt(items.ranAt), items.line);
      assert.strictEqual(rec.lineAt(items.step), lineOf(f, 'print("build", sys.getsizeof(items), sys.getrefcount(items))'));
      // the panel at the second print: the second run, shown there; at a step after build returned
      // for good: the state just after the last run
      const second = nthStep(rec, lineOf(f, 'print("build", sys.getsizeof(items), sys.getrefcount(items))'), 2);
      const atSecond = facts(rec, f, 'items = [0] * n', 'items', second);
      same(atSecond, builds[1], 'items at the second print');
      assert.deepStrictEqual([atSecond.run, atSecond.step, atSecond.atPanelStep], [2, second, true]);
      const later = facts(rec, f, 'items = [0] * n', 'items', rec.findLine(0, lineOf(f, 'print("total", total, sys.getsizeof(total))'), 1)!);
      same(later, builds[2], 'items after build returned');
      assert.deepStrictEqual([later.run, later.step, later.atPanelStep], [3, items.step, false]);
      // the panel before the line's first run: the last run, as without a step
      const early = facts(rec, f, 'items = [0] * n', 'items', 0);
      assert.deepStrictEqual([early.run, early.step, early.atPanelStep], [3, items.step, false]);

      // a builtin, on a line that ran
      const len = facts(rec, f, 'return len(items)', 'len');
      assert.strictEqual(len.status, 'not-found');
      assert.match(len.reason!, /builtin/);
      assert.match(len.reason!, /line \d+/);

      // a line that calls functions: the state after they returned; a small int
      const total = facts(rec, f, 'total = build(1) + build(2) + build(3)', 'total');
      assert.strictEqual(total.status, 'found');
      assert.strictEqual(rec.lineAt(total.step), lineOf(f, 'print("total", total, sys.getsizeof(total))'));
      assert.strictEqual(total.object!.sizeof, Number(out.get('total')![0][1]));
      assert.strictEqual(total.object!.cache, 'small-int');
      assert.deepStrictEqual(total.object!.allocations, []);

      // a module global; the panel at a later step shows it there
      const table = facts(rec, f, 'table = {"a": [1, 2], "b": [3]}', 'table');
      same(table, out.get('table')![0], 'table');
      assert.deepStrictEqual([table.frame, table.scope, table.run, table.runs], ['<module>', 'global', 1, 1]);
      const matrixPrint = rec.findLine(0, lineOf(f, 'print("matrix", sys.getsizeof(matrix), sys.getrefcount(matrix))'), 1)!;
      const tableLater = facts(rec, f, 'table = {"a": [1, 2], "b": [3]}', 'table', matrixPrint);
      same(tableLater, out.get('table')![0], 'table at a later step');
      assert.deepStrictEqual([tableLater.step, tableLater.atPanelStep], [matrixPrint, true]);
      assert.deepStrictEqual(facts(rec, f, 'table = {"a": [1, 2], "b": [3]}', 'table', 0).atPanelStep, false);

      // a parameter: in the body, and on the def line (at the call's first line)
      const seq = facts(rec, f, 'length = len(seq)', 'seq');
      same(seq, out.get('measure')![0], 'seq');
      const param = facts(rec, f, 'def measure(seq):', 'seq');
      same(param, out.get('measure')![0], 'seq on its def line');
      assert.strictEqual(rec.lineAt(param.step), lineOf(f, 'length = len(seq)'));

      // a name deleted: unbound in its frame; a line of a function never called
      const temp = facts(rec, f, 'del temp', 'temp');
      assert.deepStrictEqual([temp.status, temp.frame, temp.scope], ['unbound', 'drop', 'local']);
      assert.match(temp.reason!, /`temp` is unbound after line \d+ ran/);
      const unused = facts(rec, f, 'unused = [1, 2, 3]', 'unused');
      assert.deepStrictEqual([unused.status, unused.run, unused.runs, unused.ranAt, unused.step], ['never-ran', 0, 0, -1, -1]);
      assert.match(unused.reason!, /^line \d+ never ran: never_called was never called$/);

      // a line that calls a function: the object it returned; its blocks
      const result = facts(rec, f, 'result = make(6)', 'result');
      const printedResult = out.get('result')![0];
      same(result, printedResult, 'result');
      const al = result.object!.allocations;
      assert.deepStrictEqual(al.map((a) => [a.kind, a.what]), [['object', 'list'], ['buffer', 'ob_item']]);
      // the list's own request and its ob_item's make sys.getsizeof; the object's includes PyGC_Head
      assert.strictEqual(al[0].request + al[1].request, Number(printedResult[0]), 'the requests sum to sys.getsizeof');
      assert.strictEqual(al[0].gcHead + al[0].preHeader + 0 <= al[0].request, true);
      assert.ok(al[0].gcHead > 0, 'a list has a PyGC_Head');
      for (const a of al) assert.ok(a.blockSize >= a.request && a.pool !== null, `${a.what}: a pymalloc block in a pool`);

      // a statement over several lines, asked about on its second line
      const matrix = facts(rec, f, '[1, 2],', 'matrix');
      same(matrix, out.get('matrix')![0], 'matrix');
      assert.strictEqual(matrix.line, lineOf(f, 'matrix = ['));

      // self.x in a method; the method's last line (its frame returned with it)
      same(facts(rec, f, 'self.items = list(range(size))', 'self.items'), out.get('box')![0], 'self.items');
      const tag = facts(rec, f, 'self.tag = "tag" * size', 'self.tag');
      same(tag, out.get('tag')![0], 'self.tag');
      assert.strictEqual(tag.frame, '__init__');
      const missing = facts(rec, f, 'self.items = list(range(size))', 'self.nothing');
      assert.strictEqual(missing.status, 'not-found');
      assert.match(missing.reason!, /^`self` has no attribute `nothing` after line \d+ ran$/);
      // ... and from the module, through the instance
      same(facts(rec, f, 'box = Box(5)', 'box.tag'), out.get('tag')![0], 'box.tag');

      // a for target: run k of n (the header runs once more to end the loop) at each print
      const rows = out.get('row')!;
      const rowPrint = lineOf(f, 'print("row", sys.getsizeof(row), sys.getrefcount(row))');
      for (let k = 1; k <= 3; k++) {
        const at = nthStep(rec, rowPrint, k);
        const row = facts(rec, f, 'for row in [[1], [2, 3], [4, 5, 6]]:', 'row', at);
        same(row, rows[k - 1], `row ${k}`);
        assert.deepStrictEqual([row.run, row.runs, row.atPanelStep], [k, 4, true]);
      }
      const lastRow = facts(rec, f, 'for row in [[1], [2, 3], [4, 5, 6]]:', 'row');
      assert.deepStrictEqual([lastRow.run, lastRow.runs], [4, 4]);
      assert.strictEqual(lastRow.object!.sizeof, Number(rows[2][0]));

      // a small int and an interned str: caches, no block of their own
      const small = out.get('small')![0];
      for (const [text, name, size] of [['count = 7', 'count', small[0]], ['word = "sourcefacts"', 'word', small[1]]]) {
        const n = facts(rec, f, text, name);
        assert.strictEqual(n.status, 'found');
        assert.strictEqual(n.object!.sizeof, Number(size), name);
        assert.ok(n.object!.cache !== null, `${name}: a cache`);
        assert.deepStrictEqual([n.object!.allocations, n.object!.held, n.object!.blocks], [[], 0, 0]);
      }

      // no statement there, a name not bound, a line past the end
      const blank = nameFacts(rec, f.source, { line: lineOf(f, 'import sys') + 1, path: ['x'] });
      assert.deepStrictEqual([blank.status, blank.reason], ['never-ran', `line ${lineOf(f, 'import sys') + 1} is blank`]);
      assert.strictEqual(nameFacts(rec, f.source, { line: 1, path: ['x'] }).reason, 'line 1 is a comment');
      assert.match(nameFacts(rec, f.source, { line: 999, path: ['x'] }).reason!, /^line 999 /);
      const nope = facts(rec, f, 'count = 7', 'nope');
      assert.deepStrictEqual([nope.status, nope.reason], ['not-found', `\`nope\` is not defined after line ${lineOf(f, 'count = 7')} ran`]);
    });
  }
});

describe('source facts: the values assignments bound (against CPython)', () => {
  const f = load('assignments');
  for (const version of VERSIONS) {
    it(version, () => {
      const rec = record(f.source, version);
      const out = f.stdout(version);
      const hints = assignmentHints(rec, f.source, { fromLine: 1, toLine: f.lines.length });
      const byLine = new Map(hints.map((h) => [h.line, h]));
      const sizes = (text: string): [string, number][] => {
        const h = byLine.get(lineOf(f, text));
        assert.ok(h, text);
        assert.ok(h.run >= 1 && h.run === h.runs && h.exact, text);
        return h.targets.map((t) => {
          assert.strictEqual(t.status, 'found', `${text}: ${t.path.join('.')}`);
          return [t.path.join('.'), t.sizeof];
        });
      };
      const num = (key: string, k = 0): number => Number(out.get(key)![0][k]);
      assert.deepStrictEqual(sizes('a = [1, 2, 3]'), [['a', num('a')]]);
      assert.deepStrictEqual(sizes('b, c = [4, 5], (6, 7, 8)'), [['b', Number(out.get('b')![0][1])], ['c', Number(out.get('b')![0][2])]]);
      assert.deepStrictEqual(sizes('d = e = {"k": [1]}'), [['d', Number(out.get('d')![0][1])], ['e', Number(out.get('d')![0][2])]]);
      assert.deepStrictEqual(sizes('f: list = [9] * 10'), [['f', num('f')]]);
      assert.deepStrictEqual(sizes('g += "y" * 20'), [['g', num('g')]]);
      assert.deepStrictEqual(sizes('self.coords = [x, x]'), [['self.coords', num('coords')]]);
      // the method's last line: its frame returned with it
      assert.deepStrictEqual(sizes('self.name = "point" * x'), [['self.name', num('name')]]);
      assert.deepStrictEqual(sizes('[h, (i, j)] = ["hh" * 9, [1.25, 2.25]]'),
        [['h', Number(out.get('h')![0][2])], ['i', Number(out.get('h')![0][3])], ['j', Number(out.get('h')![0][4])]]);
      // a statement over two lines: its span
      const two = byLine.get(lineOf(f, 'p.coords = (1, 2, 3,'))!;
      assert.strictEqual(two.endLine, two.line + 1);
      assert.deepStrictEqual(sizes('p.coords = (1, 2, 3,'), [['p.coords', Number(out.get('coords')![1][0])]]);
      // a subscript target is left out; a class body's def is no assignment
      assert.deepStrictEqual(byLine.get(lineOf(f, 'lst[0] = [1]'))!.targets, []);
      assert.ok(!byLine.has(lineOf(f, 'class Point:')));
      // held and blocks: a list is its block and its ob_item's
      const a = byLine.get(lineOf(f, 'a = [1, 2, 3]'))!.targets[0];
      assert.deepStrictEqual([a.type, a.blocks, a.cache], ['list', 2, null]);
      assert.ok(a.held >= a.sizeof);
      // a range of lines: only the statements starting in it
      const some = assignmentHints(rec, f.source, { fromLine: lineOf(f, 'a = [1, 2, 3]'), toLine: lineOf(f, 'b, c = [4, 5], (6, 7, 8)') });
      assert.deepStrictEqual(some.map((h) => h.line), [lineOf(f, 'a = [1, 2, 3]'), lineOf(f, 'b, c = [4, 5], (6, 7, 8)')]);
      // the same hint as nameFacts gives
      const n = nameFacts(rec, f.source, { line: lineOf(f, 'g += "y" * 20'), path: ['g'] });
      assert.strictEqual(n.object!.sizeof, num('g'));
    });
  }
});

describe('source facts: run statistics (against CPython)', () => {
  const f = load('stats');
  for (const version of VERSIONS) {
    it(version, () => {
      const rec = record(f.source, version);
      const out = f.stdout(version);
      const stats = runStats(rec, f.source);
      assert.strictEqual(stats.totalSteps, rec.steps);
      const fn = (name: string, k = 0) => {
        const l = stats.functions.filter((x) => x.name === name);
        assert.ok(l[k], name);
        return l[k];
      };
      // the collections the callbacks saw, and the gc.collect() before the callback was installed
      const seen = Number(out.get('collections')![0][0]);
      assert.strictEqual(stats.collections, seen + 1);
      const automatic = Number(out.get('automatic')![0][0]);
      const afterCleanup = Number(out.get('cleanup')![0][0]);
      assert.strictEqual(fn('make_cycles').collections, automatic, 'the automatic collections ran in make_cycles');
      assert.strictEqual(fn('cleanup').collections, 2 * (afterCleanup - automatic), 'each cleanup() collects once');
      assert.strictEqual(fn('cleanup').calls, 2);
      // the callback ran at each collection's start and stop, inside make_cycles or cleanup
      assert.strictEqual(fn('on_gc').calls, 2 * seen);
      assert.strictEqual(fn('on_gc').collections, 0);
      assert.ok(fn('make_cycles').steps > fn('on_gc').steps, 'the callbacks ran inside make_cycles');
      // two defs of one name, kept apart by their def line
      const [h1, h2] = [fn('helper', 0), fn('helper', 1)];
      assert.ok(h1.defLine < h2.defLine);
      assert.deepStrictEqual([h1.calls, h2.calls], [1, 3]);
      // recursion: each frame a call, each step counted once
      const grow = fn('grow');
      assert.strictEqual(grow.calls, 5);
      assert.strictEqual(grow.steps, rec.findLine(grow.firstCallStep!, lineOf(f, 'print("collections", len(starts))'), 1)! - grow.firstCallStep!);
      // never called
      assert.deepStrictEqual([fn('unused').calls, fn('unused').firstCallStep, fn('unused').steps, fn('unused').peakBlocks], [0, null, 0, 0]);
      // the first call's first line: the body's, with the function's frame innermost
      for (const x of stats.functions) {
        if (x.firstCallStep === null) continue;
        assert.strictEqual(rec.lineAt(x.firstCallStep), x.bodyLine, `${x.name}: its body line`);
        const frames = rec.frameStack(x.firstCallStep);
        assert.strictEqual(frames[frames.length - 1].name, x.name);
        assert.ok(x.peakBlocks > 0 && x.peakBlocks <= stats.peakBlocks, x.name);
      }
      // the peak: the memory series' largest sys.getallocatedblocks()
      const series = rec.memorySeries(0, rec.steps, rec.steps + 1);
      const max = Math.max(...series.allocatedBlocks.max);
      assert.strictEqual(stats.peakBlocks, max);
      assert.strictEqual(series.allocatedBlocks.max[stats.peakStep], max);
      assert.ok(series.allocatedBlocks.max.slice(0, stats.peakStep).every((b) => b < max), 'first reached there');
    });
  }
});

describe('source facts: statements, frames and the end of the run', () => {
  const source = [
    '# the cases without numbers to compare',         // 1
    'def double(v):',                                   // 2
    '    return v * 2',                                 // 3
    '',                                                 // 4
    'class K:',                                         // 5
    '    size = 4',                                     // 6
    '    def get(self):',                               // 7
    '        return self.size',                         // 8
    '',                                                 // 9
    'out = [double(x) for x in range(3)]',              // 10
    'k = K(); n = k.get()',                             // 11
    'if n:',                                            // 12
    '    pass',                                         // 13
    'else:',                                            // 14
    '    pass',                                         // 15
    'last = [out, k]',                                  // 16
  ].join('\n');
  for (const version of VERSIONS) {
    it(version, () => {
      const rec = record(source, version);
      const q = (line: number, path: string, atStep?: number): NameFacts => nameFacts(rec, source, { line, path: path.split('.'), atStep });
      // a comprehension (a frame of its own up to 3.11, inlined from 3.12) runs the line too: the
      // statement's frame is the module's, and the comprehension's variable is not a global
      const out = q(10, 'out');
      assert.deepStrictEqual([out.status, out.frame, out.run, out.runs], ['found', '<module>', 1, 1]);
      assert.strictEqual(out.object!.type, 'list');
      assert.strictEqual(q(10, 'x').status, 'not-found');
      // the function called from it: three runs of its line
      const v = q(3, 'v');
      assert.deepStrictEqual([v.status, v.run, v.runs, v.frame], ['found', 3, 3, 'double']);
      // two statements on one line: one run for both; a method found through the class
      assert.deepStrictEqual([q(11, 'n').status, q(11, 'k').object?.type, q(11, 'k.get').object?.type], ['found', 'K', 'function']);
      assert.strictEqual(q(11, 'k.size').object?.type, 'int');
      // a class body's names: the trace does not show its namespace
      const size = q(6, 'size');
      assert.strictEqual(size.status, 'not-found');
      assert.match(size.reason!, /namespace of class K's body/);
      // `else:` runs nothing of its own
      assert.strictEqual(q(14, 'n').reason, 'line 14 runs nothing of its own (`else:`)');
      // the program's last line: the state after it is the interpreter's exit
      const last = q(16, 'last');
      assert.strictEqual(last.status, 'not-found');
      assert.match(last.reason!, /^`last` is not known after line 16 ran: the run ended with that line/);
      const kept = q(16, 'out');
      assert.deepStrictEqual([kept.status, kept.object?.type], ['found', 'list']);
      const hints = assignmentHints(rec, source, { fromLine: 1, toLine: 16 });
      assert.deepStrictEqual(hints.map((h) => [h.line, h.targets.map((t) => `${t.path.join('.')}:${t.status}`)]),
        [[6, ['size:not-found']], [10, ['out:found']], [11, ['k:found']], [11, ['n:found']], [16, ['last:not-found']]]);
      // statistics: the methods and functions, each call once
      const stats = runStats(rec, source);
      assert.deepStrictEqual(stats.functions.map((f) => [f.name, f.defLine, f.bodyLine, f.calls]), [['double', 2, 3, 3], ['get', 7, 8, 1]]);
      assert.strictEqual(stats.collections, 0);
    });
  }
});

describe('source facts: a run stopped at the step limit', () => {
  it('says so of the lines it did not reach', () => {
    const source = 'x = 0\nwhile x < 100000:\n    x += 1\ny = [x]\n';
    const s = new Session(source, { version: '3.12', maxSteps: 1000 });
    const rec = new Recorder(s);
    s.finish();
    rec.finish();
    const y = nameFacts(rec, source, { line: 4, path: ['y'] });
    assert.deepStrictEqual([y.status, y.reason], ['never-ran', 'line 4 never ran (the run stopped after 1,000 steps)']);
    const x = nameFacts(rec, source, { line: 3, path: ['x'] });
    assert.strictEqual(x.status, 'found');
    assert.strictEqual(x.runs, rec.lineRuns(3));
  });
});
