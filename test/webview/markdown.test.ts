// The narration's Markdown as nodes drawn with text only: what is kept, and that HTML, command
// links and javascript: links stay text.

import * as assert from 'assert';
import { markdownNodes, markdownText } from '../../src/webview/model/markdown';

describe('markdownNodes', () => {
  it('keeps paragraphs, emphasis, inline code, lists and code blocks', () => {
    const n = markdownNodes('The **list** holds `ob_item`.\n\n- one *item*\n- two\n\n```\nx = 1\n```');
    assert.deepStrictEqual(n, [
      { kind: 'p', children: [{ kind: 'text', text: 'The ' }, { kind: 'strong', children: [{ kind: 'text', text: 'list' }] }, { kind: 'text', text: ' holds ' }, { kind: 'code', text: 'ob_item' }, { kind: 'text', text: '.' }] },
      { kind: 'ul', children: [
        { kind: 'li', children: [{ kind: 'text', text: 'one ' }, { kind: 'em', children: [{ kind: 'text', text: 'item' }] }] },
        { kind: 'li', children: [{ kind: 'text', text: 'two' }] },
      ] },
      { kind: 'pre', text: 'x = 1' },
    ]);
  });

  it('shows HTML as text and keeps only https links', () => {
    const n = markdownNodes('<img src=x onerror=alert(1)> [docs](https://docs.python.org/3/) [run](command:workbench.action.quit) [js](javascript:alert(1))');
    const text = markdownText(n);
    assert.ok(text.includes('<img src=x onerror=alert(1)>'), text);
    const links: string[] = [];
    const walk = (ns: typeof n): void => { for (const x of ns) { if (x.kind === 'link') links.push(x.href); if ('children' in x) walk(x.children); } };
    walk(n);
    assert.deepStrictEqual(links, ['https://docs.python.org/3/']);
    assert.ok(text.includes('run') && text.includes('js'));
  });

  it('never throws on any text', () => {
    for (const s of ['', '*', '**', '`', '```', '> ', '1. ', '[', '](', '\u0000', 'a\\', '- - -', '#'.repeat(20)]) markdownNodes(s);
  });
});
