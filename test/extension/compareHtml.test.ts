// The Compare Versions panel's page (src/extension/compareHtml.ts): no script, a strict policy,
// the differences marked, every string of the program escaped, the actions as command links.

import * as assert from 'assert';
import { COMPARE_ACTION_COMMAND, compareHtml } from '../../src/extension/compareHtml';
import { compare } from '../../src/shared/compare';
import { frame, obj, view } from '../webview/fixtures';

const EVIL = '<img src=x onerror=alert(1)>';

function page(only = false) {
  const a = view([frame('<module>', 5, [['lst', 1], [EVIL, 2]])], [obj(1, 'list', null, [3], { size: 632 }), obj(2, 'str', `'${EVIL}'`, [], { size: 51 }), obj(3, 'int', '0', [], { size: 24 })], { pythonVersion: '3.8' });
  const b = view([frame('<module>', 5, [['lst', 7], [EVIL, 8]])], [obj(7, 'list', null, [9], { size: 664 }), obj(8, 'str', `'${EVIL}'`, [], { size: 51 }), obj(9, 'int', '0', [], { size: 28 })]);
  const c = compare({ view: a, sizeClasses: [], blocks: [] }, { view: b, sizeClasses: [], blocks: [] });
  return compareHtml(c, { cspSource: 'vscode-resource:', styleUri: 'x/compare.css', codiconsUri: 'x/codicon.css', fileName: `${EVIL}.py`, match: 'step', onlyDifferences: only, note: null });
}

describe('Compare Versions page', () => {
  it('runs no script and loads only the extension\'s styles', () => {
    const html = page();
    assert.match(html, /content="default-src 'none'; style-src vscode-resource:; font-src vscode-resource:"/);
    assert.ok(!/<script/i.test(html));
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  });

  it('marks each cell that differs, with words for a screen reader', () => {
    const html = page();
    const row = /<tr class="row-differs" data-testid="compare-object" data-path="lst">(.*?)<\/tr>/.exec(html);
    assert.ok(row, 'the row of lst');
    assert.match(row[1], /<td class="n differs" data-testid="compare-diff">632<span class="codicon codicon-diff-modified mark" aria-hidden="true"><\/span><span class="sr-only"> \(differs\)<\/span><\/td>/);
    assert.match(row[1], /data-testid="compare-diff">664</);
    // the str is the same on both
    assert.match(html, /<tr class="" data-testid="compare-object" data-path="&lt;img src=x onerror=alert\(1\)&gt;">/);
    assert.match(html, /<p class="summary" data-testid="compare-summary">\d+ differences?\.<\/p>/);
  });

  it('offers its actions as links to the extension\'s command, the current matching marked', () => {
    const html = page();
    const href = `command:${COMPARE_ACTION_COMMAND}?${encodeURIComponent(JSON.stringify(['match-line']))}`;
    assert.ok(html.includes(`href="${href}"`));
    assert.match(html, /class="action current" href="[^"]*match-step[^"]*" data-testid="compare-match-step" aria-current="true"/);
    assert.match(page(true), /Show everything/);
    // only what differs: the str's row is left out
    assert.ok(!page(true).includes('data-path="&lt;img'));
  });
});
