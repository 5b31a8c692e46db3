// The output pane, the groups not drawn, the problem banner and the heap summary.

import * as assert from 'assert';
import { collapseType, expandType, groupRows } from '../../src/webview/model/groups';
import { outputModel } from '../../src/webview/model/output';
import { problemModel } from '../../src/webview/model/problem';
import { heapSummary } from '../../src/webview/model/summary';
import { runInfo, view } from './fixtures';

describe('webview output', () => {
  it('shows what was printed, and how much earlier output was left out', () => {
    const o = outputModel(view([], [], { output: { text: 'tail\n', skipped: 1234 } }), runInfo());
    assert.strictEqual(o.text, 'tail\n');
    assert.strictEqual(o.skipped, '… 1,234 earlier characters');
    assert.strictEqual(o.empty, false);
    assert.strictEqual(outputModel(view([], []), runInfo()).empty, true);
    assert.strictEqual(outputModel(view([], [], { output: { text: 'x', skipped: 1 } }), runInfo()).skipped, '… 1 earlier character');
  });

  it('shows the traceback from the step whose line raised (the last before the end), not before', () => {
    const run = runInfo({ end: 'exception', totalSteps: 9, stderr: 'Traceback (most recent call last):\nZeroDivisionError\n' });
    assert.strictEqual(outputModel(view([], [], { step: 9 }), run).traceback, run.stderr);
    assert.strictEqual(outputModel(view([], [], { step: 8 }), run).traceback, run.stderr);
    assert.strictEqual(outputModel(view([], [], { step: 7 }), run).traceback, null);
    assert.strictEqual(outputModel(view([], [], { step: 9 }), runInfo({ totalSteps: 9, stderr: '' })).traceback, null);
  });

  it('shows what CPython prints for a syntax error, without a view', () => {
    const run = runInfo({ end: 'syntax', totalSteps: 0, stderr: '  File "a.py", line 1\n    x = (\n        ^\nSyntaxError: \'(\' was never closed\n' });
    assert.strictEqual(outputModel(null, run).traceback, run.stderr);
  });
});

describe('webview groups', () => {
  const groups = [{ type: 'str', count: 12_345, bytes: 727_040 }, { type: 'int', count: 1, bytes: 28 }];

  it('reads "12,345 more str, 710 KiB" with Expand', () => {
    const rows = groupRows(groups, []);
    assert.deepStrictEqual(rows.map((r) => [r.text, r.actionLabel]), [['12,345 more str, 710 KiB', 'Expand'], ['1 more int, 28 B', 'Expand']]);
  });

  it('expands by 50, then 50 more, and collapses', () => {
    let e = expandType([], 'str');
    assert.deepStrictEqual(e, [{ type: 'str', limit: 50 }]);
    e = expandType(e, 'str');
    assert.deepStrictEqual(e, [{ type: 'str', limit: 100 }]);
    e = expandType(e, 'int');
    assert.deepStrictEqual(collapseType(e, 'str'), [{ type: 'int', limit: 50 }]);
    const rows = groupRows(groups, [{ type: 'str', limit: 100 }]);
    assert.deepStrictEqual([rows[0].action, rows[0].actionLabel, rows[0].expanded], ['more', 'Show 50 more', 100]);
    assert.strictEqual(groupRows([{ type: 'int', count: 7, bytes: 196 }], [{ type: 'int', limit: 50 }])[0].actionLabel, 'Show 7 more');
  });

  it('keeps a row to collapse a type whose objects are all shown', () => {
    const rows = groupRows([], [{ type: 'float', limit: 50 }]);
    assert.deepStrictEqual(rows.map((r) => [r.type, r.text, r.expanded]), [['float', 'all float objects shown', 50]]);
  });
});

describe('webview problem', () => {
  it('names the line of a syntax error, with its column, and blocks the panel', () => {
    const p = problemModel(runInfo({ end: 'syntax', totalSteps: 0, problem: { kind: 'syntax', line: 3, column: 7, message: "SyntaxError: '(' was never closed" } }), true)!;
    assert.deepStrictEqual([p.title, p.message, p.line, p.lineLabel, p.severity, p.icon, p.blocking],
      ['Syntax error', "SyntaxError: '(' was never closed", 3, 'line 3, column 7', 'error', 'error', true]);
    assert.strictEqual(p.nothingToShow, 'Nothing ran: the program does not compile.');
  });

  it('has a title and a severity for every kind', () => {
    const kinds = ['exception', 'cancelled', 'step-limit', 'unsupported', 'out-of-memory', 'crashed'] as const;
    const titles = kinds.map((k) => problemModel(runInfo({ end: k, problem: { kind: k, line: 2, message: 'm' } }), false)!.title);
    assert.deepStrictEqual(titles, ['Uncaught exception', 'Simulation cancelled', 'Stopped at the step limit', 'Unsupported construct', 'The simulation ran out of memory', 'The simulator failed']);
    assert.strictEqual(problemModel(runInfo({ end: 'cancelled', problem: { kind: 'cancelled', line: 0, message: 'stopped' } }), false)!.lineLabel, '');
    assert.strictEqual(problemModel(runInfo(), false), null);
  });
});

describe('webview heap summary', () => {
  it('counts objects, blocks, arenas, bytes and the collector against its thresholds', () => {
    const texts = heapSummary(view([], [], {
      heap: { liveObjects: 12_345, allocatedBlocks: 1, arenas: 2, poolsInUse: 17, poolSize: 16_384, arenaSize: 1_048_576, pymallocBytes: 1536, rawBytes: 0, rawChunks: 0 },
      gc: { count: [699, 3, 1], threshold: [700, 10, 10] },
    })).map((i) => i.text);
    assert.deepStrictEqual(texts, ['12,345 objects of the program', '1 block', '2 arenas, 17 pools', 'pymalloc 1.5 KiB', 'raw 0 B', 'gc 699/700 · 3/10 · 1/10']);
  });
});
