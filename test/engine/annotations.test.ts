// The annotations of a snippet (docs/annotations.md, src/engine/annotations/parse.ts): every
// keyword, where each annotation applies (points before a line, after a line, at the end; own-line
// and trailing; multi-line statements, blocks, one-line compound statements), what only looks like
// an annotation, every kind of problem with its line, and that no text at all makes the parser
// throw or take more than linear time.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { parseAnnotations, snippetVersions, appliesTo, pointKey } from '../../src/engine';
import type { AnnotatedSnippet, AnnotationPoint } from '../../src/engine';

const SNIPPETS = path.join(__dirname, '..', 'snippets');

/** 'before 3' / 'after 5' / 'end' of the point holding the expectation written `text` */
function pointOf(s: AnnotatedSnippet, text: string): string {
  const p = s.points.find((x) => x.expectations.some((e) => e.text === text));
  assert.ok(p, `no point has ${text}`);
  return pointKey(p!);
}

/** the points as `key: expectations` lines */
function layout(source: string): string[] {
  return parseAnnotations(source).points.map((p) => `${pointKey(p)}: ${p.expectations.map((e) => e.text).join(' | ')}`);
}

function problems(source: string): string[] {
  return parseAnnotations(source).problems.map((p) => `${p.line}${p.column !== undefined ? ':' + p.column : ''} ${p.severity} ${p.message}`);
}

describe('annotations: keywords', () => {
  it('reads every keyword of the snippet that uses them all', () => {
    const s = parseAnnotations(fs.readFileSync(path.join(SNIPPETS, 'keywords.py'), 'utf8'));
    assert.deepStrictEqual(s.problems, []);
    assert.strictEqual(s.title, 'Every keyword');
    assert.deepStrictEqual(s.versions, ['3.8', '3.11', '3.12', '3.13']);
    assert.deepStrictEqual(snippetVersions(s), ['3.8', '3.11', '3.12', '3.13']);
    assert.deepStrictEqual(s.compare, ['3.8', '3.12']);
    const first = s.points[0];
    assert.deepStrictEqual([first.kind, first.line], ['before', 13]);
    // consecutive @say lines are one paragraph, an empty @say starts the next
    assert.strictEqual(first.narration, '**An empty list** is one block:\nthe list object itself.\n\nIts item array comes with the first item.');
    assert.deepStrictEqual(first.annotationLines, [9, 10, 11, 12]);
    const second = s.points[1];
    assert.deepStrictEqual([second.kind, second.line], ['before', 28]);
    assert.deepStrictEqual(second.focus, [{ line: 22, text: 'items', path: ['items'] }]);
    assert.deepStrictEqual(second.questions, [{
      line: 23, text: 'How many blocks does `items` hold now?', answer: 'The list object only: an empty list has no item array.',
      choices: [
        { line: 24, text: 'None', right: false },
        { line: 25, text: 'One: the list object', right: true },
        { line: 26, text: 'Two', right: false },
      ],
    }]);
    const byText = new Map(s.expectations.map((e) => [e.text, e]));
    assert.deepStrictEqual(byText.get('sys.getsizeof(items) == 56'), {
      id: 1, line: 15, column: 11, text: 'sys.getsizeof(items) == 56', versions: null, filter: null,
      comparison: { left: 'sys.getsizeof(items)', op: '==', right: '56' }, simulatorOnly: false,
    });
    // filters: a list, a range open upward, a closed range
    assert.deepStrictEqual(byText.get('len(items) == 0')!.versions, ['3.8', '3.13']);
    assert.deepStrictEqual(byText.get('not items')!.versions, ['3.11', '3.12', '3.13']);
    assert.strictEqual(byText.get('not items')!.filter, '3.11+');
    assert.strictEqual(byText.get('not items')!.comparison, null);
    assert.deepStrictEqual(byText.get('sys.getrefcount(items) == 2')!.versions, ['3.8', '3.9', '3.10', '3.11']);
    assert.ok(appliesTo(byText.get('not items')!, '3.12'));
    assert.ok(!appliesTo(byText.get('not items')!, '3.8'));
    // mem: checked by the simulator only
    assert.strictEqual(byText.get('mem.blocks(items) == 1')!.simulatorOnly, true);
    assert.strictEqual(byText.get('mem.held(items) == 64 + 32')!.simulatorOnly, true);
    // a trailing @focus, and focus names with attribute paths
    const pair = s.points.find((p) => p.focus.some((f) => f.text === 'p.a'))!;
    assert.deepStrictEqual(pair.focus.map((f) => f.path), [['p', 'a'], ['p', 'b']]);
    assert.ok(s.points.some((p) => p.focus.some((f) => f.text === 'self') && p.kind === 'after' && p.line === 44));
    assert.ok(s.points.some((p) => p.kind === 'end' && p.narration === 'The end.'));
    // ids in source order
    assert.deepStrictEqual(s.expectations.map((e) => e.id), s.expectations.map((_, i) => i));
  });

  it('defaults: no @versions is 3.12; comparisons are split at the outermost one only', () => {
    const s = parseAnnotations('x = 1\n# @expect x == 1\n# @expect x is not None\n# @expect 0 < x < 2\n# @expect (x == 1) == True\n# @expect x not in [2]\n');
    assert.strictEqual(s.versions, null);
    assert.deepStrictEqual(snippetVersions(s), ['3.12']);
    assert.deepStrictEqual(s.expectations.map((e) => e.comparison), [
      { left: 'x', op: '==', right: '1' },
      { left: 'x', op: 'is not', right: 'None' },
      null,
      { left: '(x == 1)', op: '==', right: 'True' },
      { left: 'x', op: 'not in', right: '[2]' },
    ]);
  });

  it('versions and filters accept lists, commas, ranges and open ranges', () => {
    const s = parseAnnotations('# @versions 3.8, 3.10-3.11 3.13\nx = 1\n# @expect[3.9, 3.12+] x\n# @expect[ 3.8 - 3.9 ] x\n');
    assert.deepStrictEqual(s.versions, ['3.8', '3.10', '3.11', '3.13']);
    assert.deepStrictEqual(s.expectations[0].versions, ['3.9', '3.12', '3.13']);
    // spaces inside a range split it: '3.8', '-', '3.9'
    assert.deepStrictEqual(problems('x = 1\n# @expect[3.8 - 3.9] x\n'), ["2:15 error the version filter: '-' is not a version; write versions as 3.8, ranges as 3.8-3.11 or 3.10+"]);
  });

  it('a trailing comment of an expectation is not part of its expression', () => {
    const s = parseAnnotations("s = '#'\n# @expect s == '#'  # a hash\n");
    assert.strictEqual(s.expectations[0].text, "s == '#'");
    assert.deepStrictEqual(s.expectations[0].comparison, { left: 's', op: '==', right: "'#'" });
  });
});

describe('annotations: where they apply', () => {
  it('own line: before the next line of code; several lines in a row, blank lines and comments between: the same point', () => {
    assert.deepStrictEqual(layout('a = 1\n# @expect a == 1\n\n# plain comment\n# @expect a > 0\nb = 2\n'), ['before 6: a == 1 | a > 0']);
  });

  it('trailing: after the statement of its line, named by its first line', () => {
    assert.deepStrictEqual(layout('a = [\n    1,\n    2]  # @expect len(a) == 2\n'), ['after 1: len(a) == 2']);
    assert.deepStrictEqual(layout('a = [\n    1,  # @expect a\n    2]\n'), ['after 1: a']);
    // a line of two statements: after the line
    assert.deepStrictEqual(layout('a = 1; b = 2  # @expect b == 2\n'), ['after 1: b == 2']);
    // a backslash continuation
    assert.deepStrictEqual(layout('a = 1 + \\\n    2  # @expect a == 3\n'), ['after 1: a == 3']);
  });

  it('inside the brackets of a statement: before that statement', () => {
    assert.deepStrictEqual(layout('x = 0\ntotal = sum([\n    1,\n    # @expect x == 0\n    2,\n])\n'), ['before 2: x == 0']);
    assert.deepStrictEqual(layout('if (1 and\n        # @expect True\n        2):\n    pass\n'), ['before 1: True']);
  });

  it('on a block header: at the start of the block; on def and class: after the definition', () => {
    const src = [
      'for i in range(3):  # @expect i < 3', // 1
      '    pass', //                            2
      'while False:  # @expect w', //           3
      '    pass', //                            4
      'if True:  # @expect t', //               5
      '    x = 1', //                           6
      'elif False:  # @expect e', //            7
      '    x = 2', //                           8
      'else:  # @expect x', //                  9
      '    x = 3', //                           10
      'try:  # @expect tr', //                  11
      '    pass', //                            12
      'except Exception as err:  # @expect err', // 13
      '    pass', //                            14
      'finally:  # @expect fin', //             15
      '    pass', //                            16
      'def f():  # @expect f', //               17
      '    return 1', //                        18
      'class C:  # @expect C', //               19
      '    y = 1', //                           20
      '@staticmethod  # @expect deco', //       21
      'def g():', //                            22
      '    pass', //                            23
    ].join('\n') + '\n';
    assert.deepStrictEqual(layout(src), [
      'before 2: i < 3', 'before 4: w', 'before 6: t', 'before 8: e', 'before 10: x', 'before 12: tr', 'before 14: err',
      'before 16: fin', 'after 17: f', 'after 19: C', 'after 21: deco',
    ]);
  });

  it('a compound statement on one line is one line: after it ran', () => {
    assert.deepStrictEqual(layout('t = 0\nfor k in range(3): t += k  # @expect t == 3\n'), ['after 2: t == 3']);
    assert.deepStrictEqual(layout('x = 1\nif x: y = 1  # @expect y\n'), ['after 2: y']);
  });

  it('an annotation indented deeper than the next line ends the block above it', () => {
    const src = [
      'total = 0', //                  1
      'for i in range(3):', //         2
      '    if i:', //                  3
      '        total += i', //         4
      '        # @expect deep', //     5: after line 4, inside the if
      '    # @expect loop', //         6: after the if statement, each iteration
      '# @expect outer', //            7: before line 8 (after the loop)
      'print(total)', //               8
      'def f():', //                   9
      '    return 1', //               10
      '  # @expect between', //        11: column 2: no statement of the block is that shallow: after the def
      'x = 1', //                      12
    ].join('\n') + '\n';
    assert.deepStrictEqual(layout(src), ['after 4: deep', 'after 3: loop', 'before 8: outer', 'before 12: between']);
  });

  it('before an else, elif, except or finally line: after the block above it', () => {
    const src = [
      'x = 1', //              1
      'if x:', //              2
      '    y = 1', //          3
      '# @expect y == 1', //   4
      'else:', //              5
      '    y = 2', //          6
      'try:', //               7
      '    z = 1', //          8
      '    # @expect z', //    9
      'except ValueError:', // 10
      '    pass', //           11
    ].join('\n') + '\n';
    assert.deepStrictEqual(layout(src), ['after 3: y == 1', 'after 8: z']);
  });

  it('after the last line of code: the end of the run at column 0, the block above when indented', () => {
    assert.deepStrictEqual(layout('x = 1\n# @expect x\n'), ['end: x']);
    assert.deepStrictEqual(layout('x = 1\n\n\n# @say done\n# @expect x'), ['end: x']);
    assert.deepStrictEqual(layout('def f():\n    y = 2\n    # @expect y == 2\n'), ['after 2: y == 2']);
    assert.deepStrictEqual(layout('if True:\n    y = 2\n# @expect y\n'), ['end: y']);
    // nothing but annotations
    assert.deepStrictEqual(layout('# @expect True\n'), ['end: True']);
  });

  it('a function body: before its first line, and through a docstring', () => {
    assert.deepStrictEqual(layout('def f(a):\n    # @expect a\n    """Doc."""\n    return a\n'), ['before 3: a']);
    assert.deepStrictEqual(layout('def f(a):\n    """Doc."""\n    # @expect a\n    return a\n'), ['before 4: a']);
  });

  it('points keep the order of their first annotation; trailing and own-line points are distinct', () => {
    const s = parseAnnotations('a = 1  # @expect a == 1\n# @expect a == 1\nb = 2\n');
    assert.deepStrictEqual(s.points.map((p: AnnotationPoint) => pointKey(p)), ['after 1', 'before 3']);
  });

  it('what only looks like an annotation is not one', () => {
    const src = [
      's = """', //                       1
      '# @expect not a comment', //      2
      '"""', //                          3
      "t = '# @expect no'", //           4
      '## @expect commented out', //     5
      '# an ordinary comment @expect', // 6
      'x = 1  # @expect x == 1', //      7
      "u = f'{x}  # @expect no'", //     8
    ].join('\n') + '\n';
    const s = parseAnnotations(src);
    assert.deepStrictEqual(s.expectations.map((e) => [e.line, e.text]), [[7, 'x == 1']]);
    assert.deepStrictEqual(s.problems, []);
  });

  it('the header keywords may follow the module docstring', () => {
    assert.deepStrictEqual(problems('"""Doc."""\n# @snippet T\n# @versions 3.8\nx = 1\n'), []);
  });
});

describe('annotations: problems', () => {
  it('reports every problem of the snippet that has them all, with its line and column', () => {
    const got = problems(fs.readFileSync(path.join(SNIPPETS, 'problems.py'), 'utf8'));
    assert.deepStrictEqual(got, [
      '3:3 error a second @snippet (the first is on line 2)',
      "4:3 warning unknown annotation '@sya' (did you mean '@say'?)",
      "5:3 warning unknown annotation '@expct' (did you mean '@expect'?)",
      "6:3 warning unknown annotation '@frobnicate'",
      "7:3 warning an annotation needs a keyword after '@' (@say, @expect, ...)",
      '8:3 error @expect needs an expression',
      '9:3 error @question needs the question',
      '10:3 error @choice without a @question before it (at the same place in the program)',
      '11:3 error @answer without a @question before it (at the same place in the program)',
      '12:11 error the version filter: unknown version 3.7 (known: 3.8 to 3.13)',
      '13:11 error the version filter: unknown version 3.14 (known: 3.8 to 3.13)',
      '14:11 error the version filter: the range 3.12-3.8 is empty (write the older version first)',
      "15:11 error the version filter: '3.x' is not a version; write versions as 3.8, ranges as 3.8-3.11 or 3.10+",
      "16:10 error the version filter of @expect has no closing ']'",
      '17:7 error only @expect takes a version filter, not @say',
      "18:10 error only @choice takes a '*' (marking a right answer), not @expect",
      '19:10 error expected a space after @expect',
      '20:11 error an assignment, not an expression (compare with ==)',
      "21:16 error not a valid Python 3.13 expression: '(' was never closed",
      '22:11 error a statement, not an expression',
      "23:10 error @focus takes names and attribute paths ('x', 'node.next'), not '1x'",
      "24:12 error @compare needs two different versions (e.g. '@compare 3.8 3.12'), got '3.8'",
      '26:3 error @versions must come before the first line of code',
      '30:3 error @answer needs the answer',
      '35:21 warning this applies after `return` on line 35 ran, which is never reached: put it on the line before',
    ]);
  });

  it('an expression that is not Python is an error at its column; a second @answer is one too', () => {
    assert.deepStrictEqual(problems('x = 1\n# @expect x ==\n'), ['2:15 error not a valid Python 3.13 expression: invalid syntax']);
    assert.deepStrictEqual(problems('x = 1\n# @expect x; x\n'), ['2:11 error one expression, not several statements']);
    assert.deepStrictEqual(problems('x = 1\n# @question Q?\n# @answer A.\n# @say -\n# @answer B.\n'), ['5:3 error a second @answer for the question of line 2']);
    // consecutive @answer lines continue the answer
    const s = parseAnnotations('x = 1\n# @question Q?\n# @answer A,\n# @answer and B.\n');
    assert.strictEqual(s.points[0].questions[0].answer, 'A,\nand B.');
  });

  it('duplicate and misplaced header keywords; @versions names twice; a @snippet after code', () => {
    assert.deepStrictEqual(problems('# @versions 3.8 3.8\n# @compare 3.8 3.8\n# @compare 3.9 3.10\nx = 1\n# @snippet Late\n'), [
      '1:13 warning @versions names 3.8 twice',
      "2:12 error @compare needs two different versions (e.g. '@compare 3.8 3.12'), got '3.8 3.8'",
      '3:3 error a second @compare (the first is on line 2)',
      '5:3 warning @snippet belongs before the first line of code',
    ]);
  });
});

describe('annotations: any text', () => {
  it('never throws, on any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
      const s = parseAnnotations(text);
      const lines = text.split('\n').length;
      for (const p of s.problems) assert.ok(p.line >= 1 && p.line <= lines, `problem line ${p.line} of ${lines}`);
      for (const p of s.points) if (p.line !== null) assert.ok(p.line >= 1 && p.line <= lines);
    }), { numRuns: 400 });
  });

  it('never throws on Python-like text full of annotations', () => {
    const piece = fc.constantFrom(
      'x = 1', 'def f(a):', 'class C:', 'if x:', 'else:', 'for i in y:', 'while 0:', 'try:', 'except E:', 'return x', '(', ')', '[', '"""', "'",
      '# @expect x == 1', '# @expect[3.8] y', '# @say hi', '# @say', '# @question Q', '# @choice* A', '# @answer B', '# @focus a.b', '# @versions 3.8',
      '# @snippet T', '# @compare 3.8 3.12', '# @', '# @expect', '#', '\\', ';', ':', '    ', '\t', '@dec', 'x = (', 'pass  # @expect z',
    );
    const line = fc.array(piece, { maxLength: 4 }).map((ps) => ps.join(' '));
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), fc.array(fc.constantFrom('', '    ', '        '), { maxLength: 30 }), (ls, ind) => {
      const text = ls.map((l, i) => (ind[i] ?? '') + l).join('\n');
      const s = parseAnnotations(text);
      assert.ok(Array.isArray(s.points) && Array.isArray(s.problems));
      assert.ok(!s.problems.some((p) => p.message.startsWith('the annotations could not be read')), JSON.stringify(text));
    }), { numRuns: 300 });
  });

  it('takes time linear in the text: a snippet 8 times longer takes at most about 8 times as long', function () {
    this.timeout(120_000);
    const unit = [
      'x = [1, 2,', '     3]  # @expect len(x) == 3', 'for i in range(3):', '    y = i', '    # @expect y == i', '# @say text', 'def f(a):',
      '    """Doc."""', '    return a', 's = """', '# @expect no', '"""', 'if x: pass', 'else:', '    pass',
    ].join('\n') + '\n';
    const time = (n: number): number => {
      const text = unit.repeat(n);
      const t0 = process.hrtime.bigint();
      const s = parseAnnotations(text);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.strictEqual(s.expectations.length, 2 * n);
      return ms;
    };
    time(200); // warm up
    const small = Math.max(time(500), 5);
    const large = time(4000);
    assert.ok(large < small * 8 * 3, `${large.toFixed(0)} ms for 8 times the text of ${small.toFixed(0)} ms`);
  });
});
