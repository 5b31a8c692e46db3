// Memory in the editor as a user meets it, on a file written into the workspace: hovering a name
// shows its size and its blocks (the list object and its item array) with the figures real
// CPython printed for it, the inlay hint after an assignment changes once the line is edited and
// the file simulated again in the background, and the hover's "Show in Memory Panel" link opens
// the panel at that step with the object selected in the details pane. Screenshots of the hover
// and the hints.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { inWorkspace } from './context';
import { EditorView, notYet, Workbench, waitFor } from './workbench';

const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'editor', 'hover_names.py');
const FILE = 'editor/hover_names.py';

/** what CPython 3.12 printed for the fixture: `label n1 n2` lines */
function recorded(): Record<string, number[]> {
  const rec = JSON.parse(fs.readFileSync(FIXTURE.replace(/\.py$/, '.expected.json'), 'utf8')) as Record<string, { stdout: string }>;
  const out: Record<string, number[]> = {};
  for (const line of rec['3.12'].stdout.trim().split('\n')) {
    const [label, ...nums] = line.split(' ');
    out[label] = nums.map(Number);
  }
  return out;
}

describe('memory in the editor: hovers, inlay hints, Show in Memory Panel', () => {
  let wb: Workbench;
  let editor: EditorView;
  const want = recorded();

  before(async () => {
    fs.mkdirSync(path.dirname(inWorkspace(FILE)), { recursive: true });
    fs.copyFileSync(FIXTURE, inWorkspace(FILE));
    wb = await Workbench.open({ name: 'editor-memory' });
    await wb.closeAllEditors();
    editor = await wb.openFile(FILE);
  });

  after(async () => {
    await wb?.close();
  });

  /** the text of line `n` as drawn, with its inlay hints */
  async function drawn(n: number): Promise<string> {
    const l = (await editor.lines()).find((x) => x.line === n);
    return l ? `${l.text} ${l.decorations.join(' ')}` : '';
  }

  it('hovers a name and reads its size, references and block rows', async () => {
    const text = await waitFor('a hover with the figures of numbers', async () => {
      const t = await editor.hover(12, 'numbers');
      return /sys\.getsizeof/.test(t) ? t : notYet(t);
    });
    assert.match(text, /numbers · CPython 3\.12 · after line 12 ran \(step \d+\)/);
    // the figures row: sys.getsizeof, references, generation, bytes held
    assert.match(text, new RegExp(`\\b${want.numbers[0]} B\\s+${want.numbers[1] - 1}\\s+generation 0\\s+\\d+ B in 2 blocks`));
    // the allocation rows: the list object with its PyGC_Head, and its ob_item array
    assert.match(text, /list object \(\+16 B PyGC_Head\)\s+56 B\s+64 B\s+szidx 3\s+0x[0-9a-f]+\s+\d+/);
    assert.match(text, /ob_item\s+\d+ B\s+\d+ B\s+szidx \d+\s+0x[0-9a-f]+\s+\d+/);
    assert.match(text, /Show in Memory Panel/);
    await wb.screenshot('hover-list');
    // and in the dark theme, the hover shown again
    await wb.setColorTheme('Dark Modern', 'dark');
    await editor.hover(12, 'numbers');
    await wb.screenshot('hover-list-dark');
    await wb.setColorTheme('Light Modern', 'light');
  });

  it('shows an inlay hint after an assignment that changes after an edit', async () => {
    await wb.page.keyboard.press('Escape');
    const before = await waitFor('the hint after line 12', async () => {
      const t = await drawn(12);
      return /B in 2 blocks/.test(t) ? t : notYet(t);
    });
    assert.ok(before.includes(`${want.numbers[0]} B in 2 blocks`), before);
    await wb.screenshot('inlay-hints');
    // replace the list on line 12 as a user would: select the line's text and type
    await editor.goToLine(12);
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Shift+Home');
    await wb.page.keyboard.type('numbers = [0] * 1000');
    const kib = (want.many[0] / 1024).toFixed(1);
    const after = await waitFor(`the hint after line 12 to become ${kib} KiB`, async () => {
      const t = await drawn(12);
      return t.includes(`${kib} KiB in 2 blocks`) ? t : notYet(t);
    });
    assert.ok(after.startsWith('numbers = [0] * 1000'), after);
    // back to the file as it was (the next test hovers its line 12)
    await wb.page.keyboard.press('End');
    await wb.page.keyboard.press('Shift+Home');
    await wb.page.keyboard.type('numbers = [10, 20, 30]');
    await waitFor('the hint after line 12 to come back', async () => {
      const t = await drawn(12);
      return t.includes(`${want.numbers[0]} B in 2 blocks`) ? t : notYet(t);
    });
  });

  it('follows "Show in Memory Panel" to the step with the object selected', async () => {
    await waitFor('a hover with the link', async () => {
      const t = await editor.hover(12, 'numbers');
      return /Show in Memory Panel/.test(t) ? t : notYet(t);
    });
    await wb.page.locator('.monaco-hover:not(.hidden) a', { hasText: 'Show in Memory Panel' }).last().click();
    const panel = await wb.panel();
    await waitFor('the panel at line 13 (after line 12 ran)', async () => {
      const l = await panel.line().catch(() => 0);
      return l === 13 || notYet(`line ${l}`);
    });
    await waitFor('the details of the selected list', async () => ((await panel.has('details-breakdown')) ? true : notYet('no breakdown')));
    assert.match(await panel.text('details-title'), /^list at 0x[0-9a-f]+$/);
    const totals = await panel.text('details-totals');
    assert.match(totals, new RegExp(`sys\\.getsizeof\\s+${want.numbers[0]} B`));
    // the hover stays open over the editor until the mouse leaves it
    await wb.page.keyboard.press('Escape');
    await wb.restMouse();
    await wb.screenshot('show-in-panel', panel);
  });
});
