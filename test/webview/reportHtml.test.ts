// The HTML report of a step (src/shared/reportHtml.ts): self-contained, no scripts, every string
// of the program escaped, and what it holds.

import * as assert from 'assert';
import { escapeHtml, reportHtml } from '../../src/shared/reportHtml';
import type { MemorySeries } from '../../src/shared/protocol';
import { frame, obj, view } from './fixtures';

const HOSTILE = `'<img src=x onerror=alert(1)>' & "</td></table><script>x()</script>"`;

function series(): MemorySeries {
  const f = (v: number[]) => ({ min: v, max: v, minFirst: v.map(() => 1) });
  return {
    from: 0, to: 3, stride: 1, start: [0, 1, 2, 3], end: [0, 1, 2, 3],
    pymallocBytes: f([100, 200, 300, 150]), rawBytes: f([0, 0, 1040, 1040]), allocatedBlocks: f([1, 2, 3, 2]), arenas: f([1, 1, 1, 1]),
    marks: [{ step: 2, kind: 'gc-manual', count: 1, generation: 2, collected: 4 }], arenaSize: 1 << 20, totalSteps: 3,
  };
}

describe('HTML report', () => {
  const v = view([frame('<module>', 7, [['s', 1], [HOSTILE, 2], ['gone', 0]]), frame('f<x>', 3, [])], [
    obj(1, 'str', HOSTILE, [], { size: 99, refcnt: 2 }),
    obj(2, 'dict', null, [[1, HOSTILE]], { size: 232, gen: 0 }),
  ], { pythonVersion: '3.11', step: 2, totalSteps: 3, groups: [{ type: '<evil>', count: 3, bytes: 120 }] });
  const html = reportHtml({ file: 'a<b>.py', view: v, sizeClasses: [{ szidx: 1, size: 32, numPools: 1, blocksInUse: 7, availBlocks: 503 }], series: series() });

  it('escapes every string of the program', () => {
    assert.strictEqual(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.ok(!html.includes('<script'), 'no script element');
    assert.ok(!html.includes('<img'), 'no img element');
    assert.ok(!html.includes('<evil>') && html.includes('&lt;evil&gt;'));
    assert.ok(html.includes(escapeHtml(HOSTILE)));
    assert.ok(html.includes('f&lt;x&gt;'));
    assert.ok(html.includes('<h1>a&lt;b&gt;.py</h1>'));
  });

  it('is self-contained: a policy that allows no script and loads nothing', () => {
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">/);
    assert.ok(!/\s(src|href)="/.test(html), 'no external resource');
  });

  it('holds the step, the frames, the objects, the size classes, the figures and the chart', () => {
    assert.match(html, /Simulated CPython 3\.11, step 2 of 3, next line 3/);
    assert.match(html, /<td class="code">s<\/td>/);
    assert.match(html, /<span class="muted">unbound<\/span>/);
    assert.match(html, /<td class="n">99<\/td><td class="n">2<\/td><td>untracked<\/td>/);
    assert.match(html, /<td class="n">1<\/td><td class="n">32<\/td><td class="n">1<\/td><td class="n">7<\/td><td class="n">503<\/td>/);
    assert.match(html, /10, 10/);
    assert.match(html, /<svg viewBox="0 0 900 220" role="img"/);
    assert.equal((html.match(/<polyline /g) ?? []).length, 2);
    assert.match(html, /<title>gc\.collect\(\) at step 2<\/title>/);
    assert.match(html, /class="step" x1=/);
  });
});
