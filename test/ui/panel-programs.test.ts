// The memory panel on other programs, each written into the workspace: text that looks like HTML
// stays text, a syntax error shows in the panel and as a diagnostic, a traceback, a selection
// simulated alone, the Ctrl+Alt+M keybinding, "Simulate again" after the file changed, a long run
// cancelled, and a heap group expanded. No Content-Security-Policy violation along the way.

import * as assert from 'assert';
import * as fs from 'fs';
import { cliRun, normalizeText } from './cli';
import { inWorkspace } from './context';
import { notYet, Panel, Workbench, waitFor } from './workbench';

const SIMULATE = 'Python Memory: Simulate Memory';

const PROGRAMS: Record<string, string> = {
  'ui-html.py': 's = "<img src=x onerror=alert(1)>"\nprint(s)\nt = "<script>alert(2)</script>"\nprint(t)\n',
  'ui-broken.py': 'x = 1\nif x:\n    y = = 2\n',
  'ui-selection.py': 'print("before")\na = [1, 2, 3]\nprint(len(a))\nprint("after")\n',
  'ui-again.py': 'print("first version")\n',
  'ui-loop.py': 'n = 0\nwhile True:\n    n += 1\n',
  'ui-many.py': 'items = [str(i) for i in range(400)]\nprint(len(items))\n',
};

describe('the memory panel on other programs', () => {
  let wb: Workbench;
  const dialogs: string[] = [];

  /** Opens a workspace file in the first group, simulates it, and waits for its output. */
  async function simulate(file: string, until: (p: Panel) => Promise<boolean>, what: string): Promise<Panel> {
    await wb.openFile(file, { firstGroup: true });
    await wb.runCommand(SIMULATE);
    return shown(until, what);
  }

  /** The panel at the last step of its run, once `until` holds in it. */
  async function shown(until: (p: Panel) => Promise<boolean>, what: string): Promise<Panel> {
    return waitFor(what, async () => {
      const p = await wb.panel();
      if (await p.has('running')) return notYet('still running');
      if (await p.isEnabled('Last step')) await p.click('Last step');
      const s = await p.step().catch(() => null); // a run without steps may have no step label
      if (s && s.total > 0) await p.settled();
      return (await until(p)) ? p : notYet((await p.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 300));
    }, { timeout: 30_000 });
  }

  const outputIs = (expected: string) => async (p: Panel) => normalizeText(await p.text('output')) === normalizeText(expected);

  before(async () => {
    for (const [name, text] of Object.entries(PROGRAMS)) fs.writeFileSync(inWorkspace(name), text);
    wb = await Workbench.open({ name: 'programs' });
    wb.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await wb.closeAllEditors();
  });

  after(async () => {
    await wb?.close();
  });

  it('shows text that looks like HTML as text', async () => {
    const expected = '<img src=x onerror=alert(1)>\n<script>alert(2)</script>\n';
    const panel = await simulate('ui-html.py', outputIs(expected), 'the output of ui-html.py');
    assert.ok((await panel.text()).includes('<img src=x onerror=alert(1)>'), 'the panel does not show the characters');
    for (const f of wb.page.frames().filter((x) => x.url().includes('/webview/'))) {
      assert.strictEqual(await f.locator('img[src="x"]').count(), 0, `the program's <img> became markup in ${f.url()}`);
      const scripts = await f.locator('script').evaluateAll((els) => els.filter((e) => (e.textContent ?? '').includes('alert(2)')).length);
      assert.strictEqual(scripts, 0, `the program's <script> became markup in ${f.url()}`);
    }
    assert.deepStrictEqual(dialogs, []);
  });

  it('reports a syntax error in the panel, naming its line, and as a diagnostic in the editor', async () => {
    const panel = await simulate('ui-broken.py', async (p) => p.has('problem'), 'the problem of ui-broken.py');
    const problem = await panel.text('problem');
    assert.match(problem, /SyntaxError: invalid syntax/);
    assert.match(problem, /\bline 3\b/);
    const editor = wb.editor('ui-broken.py');
    await waitFor('a squiggle on line 3 of ui-broken.py', async () => (await editor.errorLines()).includes(3));
    await editor.goToLine(1);
    await panel.byTestId('problem').getByRole('button', { name: /line 3/ }).click();
    await waitFor('the cursor to be on line 3', async () => {
      const line = await wb.cursorLine();
      return line === 3 || notYet(`line ${line}`);
    });
  });

  it('shows the output, then the traceback of an uncaught exception', async () => {
    const expected = cliRun(inWorkspace('basics/traceback.py'));
    assert.strictEqual(expected.status, 1);
    const panel = await simulate(
      'basics/traceback.py',
      async (p) => (await p.has('traceback')) && normalizeText(await p.text('output')) === normalizeText(expected.stdout),
      `the output "${expected.stdout.trim()}" and the traceback of traceback.py`,
    );
    const traceback = normalizeText(await panel.text('traceback'));
    assert.match(traceback, /^Traceback \(most recent call last\):\n/);
    assert.ok(traceback.endsWith('ZeroDivisionError: division by zero'), traceback);
    // the same frames and lines as the CLI (file names may be written differently)
    const frames = (t: string) => [...t.matchAll(/line (\d+), in (\S+)/g)].map((m) => `${m[2]}:${m[1]}`);
    assert.deepStrictEqual(frames(traceback), frames(expected.stderr));
  });

  it('simulates only the selected lines ("Simulate Selection")', async () => {
    const editor = await wb.openFile('ui-selection.py', { firstGroup: true });
    await editor.selectLines(2, 3);
    await wb.runCommand('Python Memory: Simulate Selection');
    const panel = await shown(outputIs('3\n'), 'the output of lines 2-3 of ui-selection.py');
    await panel.click('First step');
    await waitFor('the first step of the selection to be line 2', async () => {
      const line = await panel.line();
      return line === 2 || notYet(`line ${line}`);
    });
    await waitFor('the editor to highlight line 2', async () => (await editor.stepHighlight())?.line === 2);
  });

  it('simulates the file with Ctrl+Alt+M', async () => {
    const expected = cliRun(inWorkspace('basics/small-ints.py'));
    const editor = await wb.openFile('basics/small-ints.py', { firstGroup: true });
    await editor.focus();
    await wb.page.keyboard.press('Control+Alt+M');
    await shown(outputIs(expected.stdout), 'the output of small-ints.py');
    await waitFor('a tab "Memory: ...small-ints.py"', async () => (await wb.tabsByGroup()).flat().some((t) => /^Memory: .*small-ints\.py/.test(t)));
  });

  it('simulates again with "Simulate again" after the file changed on disk', async () => {
    const editor = await wb.openFile('ui-again.py', { firstGroup: true });
    await wb.runCommand(SIMULATE);
    const panel = await shown(outputIs('first version\n'), 'the output of ui-again.py');
    fs.writeFileSync(inWorkspace('ui-again.py'), 'print("second version")\n');
    await waitFor('the editor to reload ui-again.py', async () => (await editor.lines()).some((l) => l.text.includes('second version')));
    await panel.click('Simulate again');
    await shown(outputIs('second version\n'), 'the output of the changed ui-again.py');
  });

  it('cancels a long simulation and keeps its steps', async () => {
    await wb.openFile('ui-loop.py', { firstGroup: true });
    await wb.runCommand(SIMULATE);
    const panel = await waitFor('the running banner', async () => {
      const p = await wb.panel();
      return (await p.has('running')) && p;
    });
    await panel.click('Cancel simulation');
    await waitFor('the running banner to go', async () => !(await panel.has('running')));
    const s = await panel.step();
    assert.ok(s.total > 0, `the cancelled run kept no steps ("${s.text}")`);
  });

  it('draws a group of many objects and expands it', async () => {
    const panel = await simulate('ui-many.py', outputIs('400\n'), 'the output of ui-many.py');
    const group = panel.byTestId('heap-group').filter({ has: panel.control('Expand') }).first();
    await group.waitFor({ state: 'visible' });
    const before = (await panel.heapObjects()).length;
    await group.locator('[aria-label="Expand"]').click();
    await waitFor('more objects to be drawn after "Expand"', async () => {
      const now = (await panel.heapObjects()).length;
      return now > before || notYet(`${now} objects, as before`);
    });
  });

  it('logged no Content-Security-Policy violation', () => {
    assert.deepStrictEqual(wb.cspViolations, [], `CSP violations: ${wb.cspViolations.map((v) => `${v.text} (${v.url})`).join('; ')}`);
  });
});
