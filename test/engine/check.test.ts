// The checker of annotated snippets (src/engine/annotations/check.ts, probe.ts): outcomes on
// passing and failing snippets, version filters, points never reached, expressions that raise or
// do not parse on a version, the run's own problems, the cap on reports, that the probes change
// nothing the program can see of its namespace, the `mem` module against the allocator's state read
// through the step trace, and, for every snippet with a recording of real CPython
// (scripts/record_snippets.py), the same values as CPython for every expectation on every version.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  checkSnippet, parseAnnotations, snippetVersions, probeProgram, runSource, Session, TraceRecorder, objectDetails, PY_VERSIONS,
} from '../../src/engine';
import type { CheckResult, ExpectationResult, PyVersion } from '../../src/engine';
import { ReportReader } from '../../src/engine/annotations/probe';
import type { ProbeReport } from '../../src/engine/annotations/probe';

const ROOT = path.resolve(__dirname, '..', '..');
const SNIPPET_DIRS = [path.join(ROOT, 'test', 'snippets'), path.join(ROOT, 'examples', 'snippets')];
const read = (name: string): string => fs.readFileSync(path.join(ROOT, 'test', 'snippets', name), 'utf8');

/** `LINE#REACH outcome (values)` per result */
function lines(r: CheckResult): string[] {
  return r.results.map((x) => {
    const v = x.outcome === 'error' ? x.error : x.op ? `${x.left} ${x.op} ${x.right}` : x.value ?? '';
    return `${x.line}#${x.reach} ${x.outcome}${v ? ' ' + v : ''}`;
  });
}

describe('check: outcomes', function () {
  this.timeout(120_000);

  it('a snippet whose expectations hold passes on every version it names', () => {
    const source = read('passing.py');
    const snippet = parseAnnotations(source);
    for (const v of snippet.versions!) {
      const r = checkSnippet(source, v, { snippet });
      assert.strictEqual(r.run, null, v);
      const bad = r.results.filter((x) => x.outcome !== 'passed');
      assert.deepStrictEqual(bad, [], `${v}: ${JSON.stringify(bad)}`);
      assert.ok(r.results.length > 20);
    }
  });

  it('failed, raised, never reached; a point reached three times that fails once; the run that ends with an exception', () => {
    const r = checkSnippet(read('failing.py'), '3.12');
    assert.deepStrictEqual(lines(r), [
      '9#1 failed 3 == 4',
      '10#1 failed 88 < 50',
      '11#1 failed [1, 2, 3] is [1, 2, 3]',
      '12#1 passed [2, 3]',
      "13#1 error NameError: name 'y' is not defined",
      '14#1 error IndexError: list index out of range',
      "15#1 error KeyError: 'k'",
      '16#1 failed 2 == 5',
      '20#0 not-reached',
      '25#1 passed 0 < 2',
      '25#2 passed 1 < 2',
      '25#3 failed 2 < 2',
      "32#1 failed Boom('no') is None",
      '33#1 error IndexError: list index out of range',
      '34#1 error Boom: inside',
      '36#0 not-reached',
    ]);
    assert.deepStrictEqual(r.run, { kind: 'exception', line: 35, message: 'Boom: the end', inProbe: false });
    assert.deepStrictEqual(r.reaches.find((x) => x.id === 9), { id: 9, reaches: 3, capped: false, passed: 2, failed: 1, errors: 0 });
    const mem = r.results.find((x) => x.line === 16)!;
    assert.strictEqual(mem.simulatorOnly, true);
    // up to 3.10 an exception of __main__ is named with its module, as those versions print it
    const r38 = checkSnippet(read('failing.py'), '3.8');
    assert.strictEqual(r38.results.find((x) => x.line === 34)!.error, '__main__.Boom: inside');
    assert.strictEqual(r38.run!.message, '__main__.Boom: the end');
  });

  it('a version filter decides which versions check an expectation', () => {
    const src = 'x = [1]\n# @expect[3.8] len(x) == 1\n# @expect[3.10+] len(x) == 1\n# @expect[3.9-3.10] x\n';
    const ids = (v: PyVersion) => checkSnippet(src, v).results.map((x) => x.line);
    assert.deepStrictEqual(ids('3.8'), [2]);
    assert.deepStrictEqual(ids('3.9'), [4]);
    assert.deepStrictEqual(ids('3.10'), [3, 4]);
    assert.deepStrictEqual(ids('3.13'), [3]);
  });

  it('an expression that is not valid Python of a version is an error there, and the others are still checked', () => {
    const src = 'x = 1\n# @expect f"{"a"}" == "a"\n# @expect x == 1\n';
    const r38 = checkSnippet(src, '3.8');
    assert.strictEqual(r38.results[0].outcome, 'error');
    assert.match(r38.results[0].error!, /^not a valid Python 3\.8 expression: /);
    assert.strictEqual(r38.results[1].outcome, 'passed');
    assert.deepStrictEqual(lines(checkSnippet(src, '3.12')), ["2#1 passed 'a' == 'a'", '3#1 passed 1 == 1']);
  });

  it("the run's own problems: a syntax error, a construct the simulator refuses, the step limit", () => {
    const syntax = checkSnippet('x = 1\n# @expect x == 1\ny = = 2\n', '3.12');
    assert.deepStrictEqual(syntax.run, { kind: 'syntax', line: 3, column: 5, message: 'SyntaxError: invalid syntax', inProbe: false });
    assert.deepStrictEqual(lines(syntax), ['2#0 not-reached']);
    const refused = checkSnippet('x = 1  # @expect x == 1\nasync def f():\n    pass\n', '3.12');
    assert.strictEqual(refused.run!.kind, 'unsupported');
    assert.strictEqual(refused.run!.line, 2);
    const loop = checkSnippet('i = 0\nwhile True:\n    i += 1  # @expect i > 0\n', '3.12', { maxSteps: 1000 });
    assert.strictEqual(loop.run!.kind, 'step-limit');
    assert.ok(loop.run!.line >= 2 && loop.run!.line <= 3, String(loop.run!.line));
    assert.ok(loop.results.length > 10 && loop.results.every((x) => x.outcome === 'passed'));
  });

  it('keeps at most maxReports reports per expectation, and counts them all with their outcomes', () => {
    const r = checkSnippet('for i in range(50):\n    pass  # @expect i < 40\n', '3.12', { maxReports: 10 });
    assert.strictEqual(r.results.length, 10);
    assert.ok(r.results.every((x) => x.outcome === 'passed'));
    assert.deepStrictEqual(r.reaches, [{ id: 0, reaches: 50, capped: true, passed: 40, failed: 10, errors: 0 }]);
    assert.deepStrictEqual(r.results.map((x) => x.reach), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("the probes' output is taken out of the program's; mem exists only in the probed run", () => {
    const src = "print('a', end='')\nx = 1  # @expect x == 1\nprint('b')\n";
    const r = checkSnippet(src, '3.12');
    assert.strictEqual(r.stdout, 'ab\n');
    assert.deepStrictEqual(lines(r), ['2#1 passed 1 == 1']);
    assert.match(runSource('print(mem)\n').stderr, /NameError: name 'mem' is not defined/);
    assert.match(runSource('print(mem)\n', { memHelpers: true }).stdout, /<module 'mem'/);
  });

  it('probes change nothing the program sees of its namespace: the same names, the same dict sizes', () => {
    const src = [
      'import sys',
      'names = sorted(globals())  # @expect len(names) > 5',
      'size = sys.getsizeof(globals())',
      '# @expect sys.getsizeof(globals()) == size',
      'def f(a):',
      '    # @expect a == 2',
      '    b = a',
      '    return sorted(locals()), sys.getsizeof(globals())',
      'print(names, size, f(2), sorted(globals()), sys.getsizeof(globals()))',
    ].join('\n') + '\n';
    for (const v of ['3.8', '3.11', '3.13'] as PyVersion[]) {
      const plain = runSource(src, { version: v });
      const r = checkSnippet(src, v);
      assert.strictEqual(r.stdout, plain.stdout, v);
      assert.ok(r.results.every((x) => x.outcome === 'passed'), `${v}: ${lines(r).join(', ')}`);
    }
  });

  it('the probed program: sys and gc without imports, gc imported before the first line, mem guarded', () => {
    const src = '"""Doc."""\nx = [1]\n# @expect gc.is_tracked(x) and sys.getrefcount(x) == 2\n# @expect mem.blocks(x) == 2\n';
    const p = probeProgram(src, parseAnnotations(src), '3.12');
    const text = p.source.split('\n');
    assert.deepStrictEqual(text.slice(0, 3), ['"""Doc."""', "__builtins__.__import__('gc')", 'x = [1]']);
    assert.ok(p.source.includes("__builtins__.globals()['__cached__'] = ((gc if 'gc' in __builtins__.globals() else __builtins__.__import__('gc'))" +
      ".is_tracked(x) and (sys if 'sys' in __builtins__.globals() else __builtins__.__import__('sys')).getrefcount(x) == 2)"));
    assert.ok(p.source.includes("if 'mem' in __builtins__.__dict__:"));
    // every line maps back: the snippet's own to themselves, the probes' to their annotations
    for (let i = 0; i < text.length - 1; i++) {
      if (!p.probeLine[i]) assert.strictEqual(src.split('\n')[p.lineMap[i] - 1], text[i]);
      else assert.ok([1, 3, 4].includes(p.lineMap[i]), `${i + 1}: ${p.lineMap[i]}`);
    }
    assert.deepStrictEqual(lines(checkSnippet(src, '3.12')), ['3#1 passed True', '4#1 passed 2 == 2']);
  });

  it('probes go after what must come first (a docstring, `from __future__` imports, `global`), inside blocks at their indentation', () => {
    const src = [
      '# @expect True', //                     1
      '"""Doc."""', //                          2
      'from __future__ import annotations', //  3
      'n = 0', //                               4
      'def f():', //                            5
      '\t# @expect n >= 0', //                  6
      '\tglobal n', //                          7
      '\tn += 1', //                            8
      'f()', //                                 9
      'if n: a = 1; b = [', //                  10
      '    2]  # @expect b', //                 11
    ].join('\n') + '\n';
    const p = probeProgram(src, parseAnnotations(src), '3.12');
    const out = p.source.split('\n');
    const at = (i: number) => out.findIndex((l, k) => !p.probeLine[k] && p.lineMap[k] === i);
    const probesAfter = (i: number) => p.probeLine[at(i) + 1];
    assert.ok(probesAfter(3) && !probesAfter(2), 'after the future import, not between it and the docstring');
    assert.ok(probesAfter(7) && out[at(7) + 1] === '\ttry:', 'after `global n`, indented with a tab as the block is');
    assert.ok(probesAfter(11) && out[at(11) + 1] === 'try:', 'after the whole line `if n: a = 1; b = [2]`');
    assert.ok(!p.probeLine.slice(0, at(3)).some((x) => x));
    // and it compiles as CPython would have it (without the future import, which the simulator refuses)
    const r = checkSnippet(src.replace('from __future__ import annotations', 'import sys'), '3.12');
    assert.deepStrictEqual(lines(r), ['1#1 passed True', '6#1 passed 0 >= 0', '11#1 passed [2]']);
    assert.strictEqual(r.run, null);
  });
});

describe('check: reading the reports', () => {
  it("takes reports out of the program's output wherever the writes cut them; drops one cut short", () => {
    const got: ProbeReport[] = [];
    const reader = new ReportReader((r) => got.push(r));
    const text = "ab\x02pymemsim 3 1\x1f'x'\x1f'x'\x03\ncd\x02pymemsim 4 E\x1fbuiltins\x1fNameError\x1fname 'y' is not defined\x03\nef\x02pymemsim 5 0\x1f";
    // one character at a time: marks and reports split across writes
    for (const ch of text) reader.feed(ch);
    reader.finish();
    assert.strictEqual(reader.output, 'abcdef');
    assert.deepStrictEqual(got, [
      { id: 3, kind: 'value', outcome: true, values: ["'x'", "'x'"] },
      { id: 4, kind: 'error', module: 'builtins', qualname: 'NameError', message: "name 'y' is not defined" },
    ]);
    // a report cut short by the next one is dropped, the next one kept
    const got2: ProbeReport[] = [];
    const r2 = new ReportReader((r) => got2.push(r));
    r2.feed('\x02pymemsim 1 1\x1f\x02pymemsim 2 1\x1fTrue\x03\n\x02 not a mark\n');
    r2.finish();
    assert.deepStrictEqual(got2, [{ id: 2, kind: 'value', outcome: true, values: ['True'] }]);
    assert.strictEqual(r2.output, '\x02 not a mark\n');
  });
});

describe('check: the mem module', function () {
  this.timeout(120_000);

  it("agrees with the allocator's state as the step trace reads it (details pane, heap snapshot)", () => {
    const src = [
      'import gc',
      "k = 600; l = [1, 2, 3]; d = {'a': 1, 'b': 2}; s = {1, 2, 3, 4, 5, 6, 7, 8, 9}; t = 'x' * k; b = bytearray(40)",
      'class C:',
      '    def __init__(self): self.v = 1',
      'c = C(); e = dict(a=1); n = None',
      'gc.collect()',
      'v = [[mem.blocks(o), mem.held(o), mem.block_size(o), mem.size_class(o)] for o in (l, d, s, t, b, c, e, n)]',
      'w = [mem.arenas(), mem.pools(), mem.collections()]',
      'print(v, w)',
      'print(id(l), id(d), id(s), id(t), id(b), id(c), id(e), id(n))',
    ].join('\n') + '\n';
    for (const version of PY_VERSIONS) {
      // one run, with `mem` and the step trace at once (the ledger of buffers and the recorder
      // both follow the allocations)
      const s = new Session(src, { version, memHelpers: true });
      const rec = new TraceRecorder(s, { denseObjects: 1e6, denseWork: 1e9, denseSteps: 1e6 });
      const res = s.finish();
      rec.finish();
      assert.strictEqual(res.error, null, `${version}: ${res.stderr}`);
      const [first, second] = res.stdout.trim().split('\n');
      const [v, w] = JSON.parse(`[${first.replace('] [', '], [')}]`) as [number[][], number[]];
      const ids = second.split(' ').map(Number);
      let step = 0;
      while (rec.lineAt(step) !== 9) step++;
      ids.forEach((id, i) => {
        const det = objectDetails(rec, { step, id });
        const held = det.allocations.reduce((n, a) => n + a.blockSize, 0);
        const own = det.allocations.find((a) => a.kind === 'object');
        // None: a static object, no block of its own
        const want = i === 7 ? [0, 0, 0, -1] : [det.allocations.length, held, own ? own.blockSize : 0, own ? own.szidx : -1];
        assert.deepStrictEqual(v[i], want, `${version}: object ${i}`);
        if (i < 7) assert.ok(det.allocations.length >= 1, `${version}: object ${i} has blocks`);
      });
      // (the list, dict, set and bytearray own a buffer each)
      for (const i of [0, 1, 2, 4]) assert.strictEqual(v[i][0], 2, `${version}: object ${i} holds two blocks`);
      const heap = rec.heapAt(step).heap;
      const pools = heap.arenas.reduce((n, a) => n + a.pools.filter((p) => p.count > 0).length, 0);
      assert.deepStrictEqual(w, [heap.arenas.length, pools, 1], version);
    }
  });
});

describe('check: the simulator against CPython', function () {
  this.timeout(600_000);

  const recorded: string[] = [];
  for (const dir of SNIPPET_DIRS) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      if (f.endsWith('.py') && fs.existsSync(path.join(dir, f.replace(/\.py$/, '.checks.json')))) recorded.push(path.join(dir, f));
    }
  }

  it('has recordings to compare with', () => {
    assert.ok(recorded.length >= 4, `${recorded.length} recorded snippets`);
  });

  for (const file of recorded) {
    it(`${path.relative(ROOT, file)}: every expectation's values, reach by reach, as CPython's on every recorded version`, () => {
      const source = fs.readFileSync(file, 'utf8');
      const snippet = parseAnnotations(source);
      const rec = JSON.parse(fs.readFileSync(file.replace(/\.py$/, '.checks.json'), 'utf8')) as Record<string, {
        expectations: { line: number; expression: string; reaches: Record<string, string>[]; more?: number }[];
        exception: string | null; line: number | null;
      }>;
      const diffs: string[] = [];
      for (const [version, want] of Object.entries(rec)) {
        const r = checkSnippet(source, version as PyVersion, { snippet });
        for (const e of want.expectations) {
          const got = r.results.filter((x) => x.line === e.line && x.expression === e.expression && x.outcome !== 'not-reached');
          const a = got.map((x) => shape(x, e.expression));
          const b = e.reaches.map((x) => shape(x, e.expression));
          if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${version} line ${e.line} ${e.expression}:\n  simulator ${a.join(' ')}\n  CPython   ${b.join(' ')}`);
        }
        // and nothing checked by both that CPython did not record
        for (const x of r.results) {
          if (x.simulatorOnly || x.outcome === 'not-reached') continue;
          if (!want.expectations.some((e) => e.line === x.line && e.expression === x.expression)) diffs.push(`${version} line ${x.line} ${x.expression}: not recorded`);
        }
        const ended = r.run && r.run.kind === 'exception' ? r.run.message : null;
        if (ended !== want.exception) diffs.push(`${version}: the run ended with ${ended}, CPython's with ${want.exception}`);
      }
      assert.deepStrictEqual(diffs, []);
    });
  }
});

/**
 * A reach's outcome and values, with what differs between any two processes masked: the address
 * in a default repr (`<Node object at 0x7f...>`), and the value of `id()` (an address), which
 * address-space layout randomization moves. The outcomes are compared as they are: whether two
 * ids are equal is the same in both. scripts/record_snippets.py records CPython's values masked
 * the same way (so that re-recording gives no diff); masking them again changes nothing.
 */
function shape(x: Pick<ExpectationResult, 'outcome' | 'left' | 'right' | 'value' | 'error'> | Record<string, string>, expression: string): string {
  const mask = (v: string | undefined): string | undefined => {
    if (v === undefined || v === null) return v;
    const t = v.replace(/ at 0x[0-9a-f]+>/g, ' at 0x…>');
    return /\bid\(/.test(expression) && /^\d{9,}$/.test(t) ? 'an id()' : t;
  };
  return JSON.stringify({ outcome: x.outcome, left: mask(x.left), right: mask(x.right), value: mask(x.value), error: x.error });
}

describe('check: the bundled tutorial snippets', function () {
  this.timeout(600_000);
  const dir = path.join(ROOT, 'examples', 'snippets');
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.py')).sort() : [];

  it('are there, one per walkthrough step', () => {
    assert.ok(files.length >= 10, files.join(', '));
  });

  for (const f of files) {
    it(`${f}: every expectation passes on every version it names, with no annotation problem`, () => {
      const source = fs.readFileSync(path.join(dir, f), 'utf8');
      const snippet = parseAnnotations(source);
      assert.deepStrictEqual(snippet.problems, []);
      assert.ok(snippet.versions && snippet.versions.length >= 2, 'it names its versions');
      const bad: string[] = [];
      let checked = 0;
      for (const v of snippetVersions(snippet)) {
        const r = checkSnippet(source, v, { snippet });
        if (r.run) bad.push(`${v}: the run: ${r.run.message}`);
        for (const x of r.results) {
          checked++;
          if (x.outcome !== 'passed') bad.push(`${v} line ${x.line} ${x.expression}: ${x.outcome} ${x.left ?? ''} ${x.op ?? ''} ${x.right ?? ''} ${x.value ?? ''} ${x.error ?? ''}`);
        }
      }
      assert.deepStrictEqual(bad, []);
      assert.ok(checked > 0, 'it checks something');
    });
  }
});
