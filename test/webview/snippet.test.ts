// What the panel shows of an annotated snippet at a step: the narration of the last point reached
// (it stays until the next one), the expectations of the points reached at this very step with
// this reach's outcome, the focus and questions of the last point that has some, every
// expectation as a row leading to its step, and the object a focus path names in a view.

import * as assert from 'assert';
import type { SnippetInfo, SnippetPoint, StepView } from '../../src/shared/protocol';
import { expectationRows, focusId, outcomeText, snippetAt } from '../../src/webview/model/snippet';
import { markdownNodes, markdownText } from '../../src/webview/model/markdown';

function point(p: Partial<SnippetPoint> & { line: number; steps: number[] }): SnippetPoint {
  return { kind: 'before', reaches: p.steps.length, narration: null, focus: [], questions: [], expectations: [], ...p };
}

const INFO: SnippetInfo = {
  runId: 4, title: 'Lists grow', versions: ['3.8', '3.12'], compare: ['3.8', '3.12'], problems: [], checking: false,
  summary: { passed: 2, failed: 1, errors: 0, notReached: 1 },
  points: [
    point({ line: 3, steps: [1], narration: 'An **empty** list.', focus: [['xs']] }),
    point({
      line: 5, steps: [3, 5, 7], narration: 'Each append may grow `ob_item`.',
      expectations: [{
        line: 4, expression: 'len(xs) > 0', simulatorOnly: false, applies: true, outcome: 'failed',
        results: [
          { reach: 0, outcome: 'passed', left: '1', op: '>', right: '0', value: null, error: null },
          { reach: 1, outcome: 'failed', left: '0', op: '>', right: '0', value: null, error: null },
          { reach: 2, outcome: 'passed', left: '3', op: '>', right: '0', value: null, error: null },
        ],
      }],
    }),
    point({
      line: 9, kind: 'after', steps: [8], focus: [['box', 'items']],
      questions: [{ text: 'How big?', choices: [{ text: '56', right: false }, { text: '88', right: true }], answer: 'On **3.12**.' }],
      expectations: [
        { line: 9, expression: 'mem.blocks(xs) == 2', simulatorOnly: true, applies: true, outcome: 'passed', results: [{ reach: 0, outcome: 'passed', left: '2', op: '==', right: '2', value: null, error: null }] },
        { line: 9, expression: 'sys.getsizeof(xs) == 120', simulatorOnly: false, applies: false, outcome: 'skipped', results: null },
      ],
    }),
    point({ line: 12, steps: [], expectations: [{ line: 11, expression: 'never', simulatorOnly: false, applies: true, outcome: 'not-reached', results: [] }] }),
  ],
};

describe('snippetAt', () => {
  it('shows nothing before the first point, then the narration of the last point reached until the next', () => {
    const at0 = snippetAt(INFO, 0);
    assert.strictEqual(at0.narration, null);
    assert.deepStrictEqual(at0.here, []);
    assert.strictEqual(markdownText(markdownNodes(snippetAt(INFO, 1).narration!)), 'An empty list.\n');
    assert.strictEqual(snippetAt(INFO, 2).narrationLine, 3);
    assert.strictEqual(markdownText(markdownNodes(snippetAt(INFO, 4).narration!)), 'Each append may grow ob_item.\n');
    // a point without narration does not replace it
    assert.strictEqual(snippetAt(INFO, 8).narrationLine, 5);
  });

  it('lists the expectations of the points reached at this very step, with this reach\'s outcome', () => {
    const at5 = snippetAt(INFO, 5);
    assert.strictEqual(at5.here.length, 1);
    assert.deepStrictEqual([at5.here[0].reach, at5.here[0].reaches, at5.here[0].result?.outcome], [1, 3, 'failed']);
    assert.strictEqual(outcomeText(at5.here[0].result!), '0 > 0');
    assert.deepStrictEqual(snippetAt(INFO, 6).here, []);
    // an expectation for another version is not shown at its step
    assert.deepStrictEqual(snippetAt(INFO, 8).here.map((h) => h.expectation.expression), ['mem.blocks(xs) == 2']);
  });

  it('keeps the focus and questions of the last point that has some', () => {
    assert.deepStrictEqual(snippetAt(INFO, 4).focus, [['xs']]);
    const at8 = snippetAt(INFO, 8);
    assert.deepStrictEqual(at8.focus, [['box', 'items']]);
    assert.notStrictEqual(at8.focusKey, snippetAt(INFO, 4).focusKey);
    assert.strictEqual(at8.questions[0].question.choices[1].right, true);
  });

  it('makes every expectation a row that leads to the step of its first failing reach', () => {
    const rows = expectationRows(INFO);
    assert.deepStrictEqual(rows.map((r) => [r.line, r.outcome, r.values, r.step]), [
      [4, 'failed', '0 > 0', 5],
      [9, 'passed', '2 == 2', 8],
      [9, 'skipped', null, 8],
      [11, 'not-reached', null, null],
    ]);
  });
});

describe('focusId', () => {
  const view = {
    frames: [
      { name: '<module>', line: 9, locals: [{ name: 'box', id: 100 }, { name: 'xs', id: 200 }] },
      { name: 'f', line: 3, locals: [{ name: 'xs', id: 300 }, { name: 'gone', id: 0 }] },
    ],
    objects: [{ id: 100, refs: [{ id: 400, label: 'items' }] }],
  } as unknown as StepView;

  it('finds a name in the innermost frame, then the module, then attributes by label', () => {
    assert.strictEqual(focusId(view, ['xs']), 300);
    assert.strictEqual(focusId(view, ['box']), 100);
    assert.strictEqual(focusId(view, ['box', 'items']), 400);
    assert.strictEqual(focusId(view, ['box', 'nothing']), null);
    assert.strictEqual(focusId(view, ['gone']), null);
    assert.strictEqual(focusId(view, []), null);
  });
});
