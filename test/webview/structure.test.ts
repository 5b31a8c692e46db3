// The webview's boundaries: it imports the protocol and its own code, never the engine; its
// view-models use no DOM; its components never write HTML from strings.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const WEBVIEW = path.resolve(__dirname, '..', '..', 'src', 'webview');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  return [...src.matchAll(/^(?:import|export)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)].map((m) => m[1] ?? m[2]);
}

describe('webview structure', () => {
  const all = files(WEBVIEW);

  it('imports only the protocol, its own modules and the browser libraries (dagre, vscode-elements, uPlot, markdown-it)', () => {
    const allowed = /^(\.{1,2}\/|@dagrejs\/dagre$|@vscode-elements\/elements\/|uplot$|uplot\/dist\/uPlot\.min\.css$|markdown-it$|markdown-it\/lib\/token\.mjs$)/;
    for (const f of all) {
      for (const i of imports(f)) {
        assert.ok(allowed.test(i), `${path.relative(WEBVIEW, f)} imports ${i}`);
        const target = path.resolve(path.dirname(f), i);
        if (i.startsWith('.')) {
          assert.ok(target.startsWith(WEBVIEW) || target === path.resolve(WEBVIEW, '..', 'shared', 'protocol'), `${path.relative(WEBVIEW, f)} imports ${i}`);
        }
      }
    }
  });

  it('keeps the view-models free of the DOM', () => {
    for (const f of all.filter((x) => x.includes(`${path.sep}model${path.sep}`))) {
      const src = fs.readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '');
      assert.ok(!/\b(document|window|HTMLElement|requestAnimationFrame|acquireVsCodeApi)\b/.test(src), `${path.relative(WEBVIEW, f)} uses the DOM`);
      for (const i of imports(f)) assert.ok(/^\.\/|^\.\.\/\.\.\/shared\/protocol$|^@dagrejs\/dagre$|^markdown-it(\/lib\/token\.mjs)?$/.test(i), `${path.relative(WEBVIEW, f)} imports ${i}`);
    }
  });

  it('talks to VS Code from messaging.ts only, and never writes HTML', () => {
    for (const f of all) {
      const src = fs.readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '');
      const rel = path.relative(WEBVIEW, f);
      if (rel !== 'messaging.ts') assert.ok(!/acquireVsCodeApi|postMessage\(/.test(src), `${rel} talks to the host`);
      assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write|setAttribute\('style'/.test(src), `${rel} writes HTML or style attributes`);
    }
  });
});
