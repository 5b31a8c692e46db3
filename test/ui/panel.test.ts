// The memory panel as a user meets it, on the course example: "Python Memory: Simulate Memory"
// from the palette opens it beside the editor; it shows the program's output as CPython prints it,
// the frames, names, types and sizes; its buttons and keys step through the run while the editor
// highlights the step's line; "Step to Line" from the editor's context menu; the CPython version
// picker; a window reload restores it at the same step; light and dark screenshots; and no
// Content-Security-Policy violation along the way.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { cliRun, normalizeText } from './cli';
import { inWorkspace, ui } from './context';
import { EditorView, notYet, Panel, StepLabel, Workbench, waitFor } from './workbench';

const COURSE = 'course/memory-management.py';
const SIMULATE = 'Python Memory: Simulate Memory';

/** Lines of examples/course/memory-management.py the tests step through. */
const LINE = {
  importGc: 4,
  importSys: 5,
  firstPrint: 7,
  def: 12,
  call: 17,
  greeting: 13,
  returnGreeting: 14,
  printMessage: 18,
};

describe('the memory panel on the course example', () => {
  let wb: Workbench;
  let editor: EditorView;
  let panel: Panel;
  /** the first step, as the panel numbers it */
  let first: StepLabel | undefined;

  /** Shows the first step (the one about to run line 4, `import gc`) and returns its label. */
  async function goToFirst(): Promise<StepLabel> {
    if (await panel.isEnabled('First step')) await panel.click('First step');
    const s = await waitFor('the panel to show the first step', async () => {
      const line = await panel.line();
      return line === LINE.importGc ? panel.step() : notYet(`line ${line}`);
    });
    first ??= s;
    assert.strictEqual(s.step, first.step, `"First step" shows "${s.text}", before "${first.text}"`);
    return s;
  }

  /** Clicks "Next step" until the line label says `line` (at most `max` times). */
  async function stepUntilLine(line: number, max = 20): Promise<StepLabel> {
    for (let i = 0; i < max; i++) {
      if ((await panel.line()) === line) return panel.step();
      const before = await panel.step();
      await panel.clickAndWaitForStep('Next step', before.step + 1);
    }
    throw new Error(`"Next step" did not reach line ${line} within ${max} steps (at ${String(await panel.line())})`);
  }

  /** The editor's highlight must be on `line` and say what the step label says. */
  async function expectHighlight(line: number | 'end'): Promise<void> {
    const label = await panel.step();
    if (line === 'end') {
      await waitFor('the editor to highlight no line at the end', async () => {
        const got = await editor.stepHighlight();
        return got === null || notYet(`line ${got.line} with "${got.text}"`);
      });
      return;
    }
    const h = await waitFor(`the editor to highlight line ${line} with "${label.text}"`, async () => {
      const got = await editor.stepHighlight();
      if (got && got.line === line && got.text === label.text) return got;
      return notYet(got ? `line ${got.line} with "${got.text}"` : 'no highlighted line');
    });
    assert.ok(h.wholeLine, `line ${line} carries "${h.text}" but no whole-line background`);
  }

  before(async () => {
    wb = await Workbench.open({ name: 'panel' });
    await wb.closeAllEditors();
  });

  after(async () => {
    await wb?.close();
  });

  it('opens beside the editor from the palette, titled "Memory: <file>"', async () => {
    editor = await wb.openFile(COURSE);
    await wb.runCommand(SIMULATE);
    panel = await wb.panel();
    const groups = await wb.tabsByGroup();
    assert.strictEqual(groups.length, 2, `expected the editor and the panel side by side, got ${JSON.stringify(groups)}`);
    assert.ok(groups[0].some((t) => t.startsWith('memory-management.py')), `the first group holds ${JSON.stringify(groups[0])}`);
    assert.ok(
      groups[1].some((t) => /^Memory: .*memory-management\.py/.test(t)),
      `the second group holds ${JSON.stringify(groups[1])}, not "Memory: memory-management.py"`,
    );
  });

  it("shows the program's output at the last step as CPython prints it", async () => {
    const expected = cliRun(inWorkspace(COURSE));
    assert.strictEqual(expected.status, 0, expected.stderr);
    await waitFor('the run to be shown', async () => (await panel.step()).total > 0);
    if (await panel.isEnabled('Last step')) await panel.click('Last step');
    const s = await panel.waitForStep((x) => x.step === x.total, 'the last step');
    assert.strictEqual(await panel.line(), 'end');
    const output = await waitFor('the output of the run', async () => {
      const t = normalizeText(await panel.text('output'));
      return t.includes('a second collection finds nothing') ? t : notYet(t.slice(-100));
    });
    assert.strictEqual(output, normalizeText(expected.stdout));
    const f = await goToFirst();
    assert.ok(f.step === 0 || f.step === 1, `the first step is numbered ${f.step}`);
    assert.strictEqual(f.total, s.total);
  });

  it('steps with the buttons, and the editor highlights the line each step runs next', async () => {
    const first = await goToFirst();
    await expectHighlight(LINE.importGc);
    await panel.clickAndWaitForStep('Next step', first.step + 1);
    assert.strictEqual(await panel.line(), LINE.importSys);
    await expectHighlight(LINE.importSys);
    await panel.clickAndWaitForStep('Next step', first.step + 2);
    assert.strictEqual(await panel.line(), LINE.firstPrint);
    await expectHighlight(LINE.firstPrint);
    await panel.clickAndWaitForStep('Previous step', first.step + 1);
    await expectHighlight(LINE.importSys);
    await panel.clickAndWaitForStep('Last step', first.total);
    assert.strictEqual(await panel.line(), 'end');
    await expectHighlight('end');
    await panel.clickAndWaitForStep('First step', first.step);
    await expectHighlight(LINE.importGc);
  });

  it('steps with the keyboard: Right, Left, End, Home', async () => {
    const first = await goToFirst();
    await panel.press('ArrowRight');
    await panel.waitForStep(first.step + 1, 'Right to show the next step');
    await panel.press('ArrowRight');
    await panel.waitForStep(first.step + 2, 'Right to show the next step');
    await expectHighlight(LINE.firstPrint);
    await panel.press('ArrowLeft');
    await panel.waitForStep(first.step + 1, 'Left to show the previous step');
    await panel.press('End');
    await panel.waitForStep(first.total, 'End to show the last step');
    await panel.press('Home');
    await panel.waitForStep(first.step, 'Home to show the first step');
    await expectHighlight(LINE.importGc);
  });

  it('plays and pauses with the Play button and with Space', async () => {
    const first = await goToFirst();
    await panel.click('Play');
    await panel.control('Pause').first().waitFor({ state: 'visible' });
    await panel.waitForStep((s) => s.step >= first.step + 2, 'playback to advance two steps');
    await panel.click('Pause');
    await panel.control('Play').first().waitFor({ state: 'visible' });
    const paused = await panel.step();
    // paused: one "Next step" moves exactly one step
    await panel.clickAndWaitForStep('Next step', paused.step + 1);
    await goToFirst();
    await panel.press('Space');
    await panel.control('Pause').first().waitFor({ state: 'visible' });
    await panel.waitForStep((s) => s.step > first.step, 'Space to start playback');
    await panel.press('Space');
    await panel.control('Play').first().waitFor({ state: 'visible' });
  });

  it('shows the frames, their names and the objects they refer to, with types and sizes', async () => {
    await goToFirst();
    await stepUntilLine(LINE.returnGreeting);
    await expectHighlight(LINE.returnGreeting);
    const frames = await waitFor('two frames on the stack', async () => {
      const f = (await panel.stack()).filter((x) => x.name === 'make_greeting' || x.name === '<module>');
      return f.length === 2 ? f : undefined;
    });
    assert.deepStrictEqual(
      frames.map((f) => [f.name, f.line]),
      [
        ['make_greeting', `line ${LINE.returnGreeting}`],
        ['<module>', `line ${LINE.call}`],
      ],
      'the frames, newest first, with their lines',
    );
    const locals = new Map(frames[0].locals.map((l) => [l.name, l]));
    assert.deepStrictEqual([...locals.keys()].sort(), ['greeting', 'name']);
    const heap = await panel.heapObjects();
    const byId = new Map(heap.map((o) => [o.id, o]));
    // sizes as sys.getsizeof gives them (the simulator matches CPython's)
    const sizes = cliSizes(['"Hello, heap!"', '"heap"']);
    for (const [name, repr, size] of [
      ['greeting', "'Hello, heap!'", sizes[0]],
      ['name', "'heap'", sizes[1]],
    ] as const) {
      const target = locals.get(name)!.targetId;
      assert.ok(target, `the local ${name} has no data-target-id`);
      const obj = byId.get(target);
      assert.ok(obj, `the local ${name} refers to object ${target}, which the heap does not draw`);
      assert.strictEqual(obj.type, 'str', `${name}'s object`);
      assert.ok(obj.text.includes(repr), `${name}'s object reads "${obj.text}", without ${repr}`);
      assert.match(obj.text, new RegExp(`\\b${size} B\\b`), `${name}'s object reads "${obj.text}", not ${size} B`);
      assert.match(obj.text, /\brc \d+|\bimmortal\b/, `${name}'s object reads "${obj.text}", without a reference count`);
    }
  });

  it('selects objects from the keyboard: Up and Down in the drawing, Escape to clear', async () => {
    const heap = await panel.heapObjects();
    const live = heap.filter((o) => !o.isFreed);
    assert.ok(live.length >= 2, 'at least two objects drawn');
    const drawing = panel.frame.locator('.heap-scroll');
    await drawing.focus();
    const selected = () => panel.frame.locator('[data-testid="heap-object"].is-selected').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
    await panel.wb.page.keyboard.press('ArrowDown');
    const first = await waitFor('Down to select an object', async () => ((await selected()).length === 1 ? (await selected())[0] : undefined));
    assert.ok(live.some((o) => o.id === first), `Down selected ${first}, not a drawn object`);
    await panel.wb.page.keyboard.press('ArrowDown');
    const second = await waitFor('Down to select another object', async () => {
      const s = await selected();
      return s.length === 1 && s[0] !== first ? s[0] : undefined;
    });
    const obj = live.find((o) => o.id === second)!;
    assert.match(await panel.frame.locator('[data-testid="selection-status"]').innerText(), new RegExp(`^Selected ${obj.type}, `));
    assert.strictEqual(await drawing.getAttribute('aria-activedescendant'), `heap-o${second}`);
    await panel.wb.page.keyboard.press('ArrowUp');
    await waitFor('Up to select the first object again', async () => ((await selected())[0] === first ? true : undefined));
    await panel.wb.page.keyboard.press('Escape');
    await waitFor('Escape to clear the selection', async () => ((await selected()).length === 0 ? true : undefined));
  });

  it('jumps to the next and previous heap change', async () => {
    const first = await goToFirst();
    await panel.click('Next heap change');
    const s = await panel.waitForStep((x) => x.step > first.step, '"Next heap change" to move forward');
    await waitFor(`step ${s.step}, reached by "Next heap change", to show a new or freed object`, async () => {
      const changed = (await panel.heapObjects()).filter((o) => o.isNew || o.isFreed);
      const freed = (await panel.has('freed')) ? await panel.text('freed') : '';
      return changed.length > 0 || freed !== '' || notYet('none is marked is-new or is-freed');
    });
    await panel.clickAndWaitForStep('Next heap change', (x) => x.step > s.step);
    await panel.clickAndWaitForStep('Previous heap change', s.step);
  });

  it('steps to a line chosen in the editor\'s context menu', async () => {
    await goToFirst();
    await editor.contextMenu(LINE.printMessage, 'Step to Line');
    await waitFor(`the panel to reach line ${LINE.printMessage}`, async () => {
      const now = await panel.line();
      return now === LINE.printMessage || notYet(`line ${now}`);
    });
    await expectHighlight(LINE.printMessage);
  });

  it('simulates again with the CPython version picked in the panel', async () => {
    const expected38 = cliRun(inWorkspace(COURSE), '3.8').stdout;
    const expected312 = cliRun(inWorkspace(COURSE), '3.12').stdout;
    assert.notStrictEqual(expected38, expected312, 'the course prints the same on 3.8 and 3.12');
    for (const [version, expected] of [
      ['3.8', expected38],
      ['3.12', expected312],
    ]) {
      await panel.select('CPython version', version);
      // the panel stays at its step after the new run; its output is the whole output at the end
      await waitFor(`the output of the ${version} run at its last step`, async () => {
        if (await panel.isEnabled('Last step')) await panel.click('Last step');
        return normalizeText(await panel.text('output')) === normalizeText(expected) || notYet((await panel.step()).text);
      });
    }
  });

  it('is restored at the same step after a window reload', async () => {
    await goToFirst();
    const shown = await stepUntilLine(LINE.returnGreeting);
    await wb.reload();
    panel = await wb.panel({ timeout: 60_000 });
    await panel.waitForStep(shown.step, `the restored panel to show "${shown.text}"`, { timeout: 30_000 });
    assert.strictEqual(await panel.line(), LINE.returnGreeting);
  });

  it('is restored beside its editor, which still highlights the step\'s line', async () => {
    const groups = await waitFor('the panel beside the editor after the reload', async () => {
      const g = await wb.tabsByGroup();
      return g.length === 2 && g[1].some((t) => t.startsWith('Memory: ')) ? g : notYet(JSON.stringify(g));
    });
    assert.ok(groups[0].some((t) => t.startsWith('memory-management.py')), `the first group holds ${JSON.stringify(groups[0])}`);
    editor = wb.editor(COURSE);
    await expectHighlight(LINE.returnGreeting);
  });

  it('follows the colour theme (screenshots of the panel and the workbench in test-results/screenshots/)', async () => {
    await wb.clearNotifications();
    await wb.setColorTheme('Light Modern', 'light');
    await waitFor('the panel to be told the theme is light', async () => (await panel.themeClass()) === 'vscode-light');
    const light = await panelBackground(panel);
    const lightFile = await wb.screenshot('panel-light', panel);
    await wb.screenshot('workbench-light');
    await wb.setColorTheme('Dark Modern', 'dark');
    await waitFor('the panel to be told the theme is dark', async () => (await panel.themeClass()) === 'vscode-dark');
    await waitFor('the panel to repaint dark', async () => (await panelBackground(panel)) !== light);
    const darkFile = await wb.screenshot('panel-dark', panel);
    await wb.screenshot('workbench-dark');
    await wb.setColorTheme('Light Modern', 'light');
    for (const f of [lightFile, darkFile]) assert.ok(fs.statSync(f).size > 10_000, `${path.relative(ui().screenshots, f)} is nearly empty`);
  });

  it('logged no Content-Security-Policy violation', () => {
    assert.deepStrictEqual(wb.cspViolations, [], `CSP violations: ${wb.cspViolations.map((v) => `${v.text} (${v.url})`).join('; ')}`);
  });
});

/** The panel's body background colour. */
async function panelBackground(panel: Panel): Promise<string> {
  return panel.frame.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
}

/** sys.getsizeof of Python expressions on CPython 3.12, as the simulator (tested against it) says. */
function cliSizes(exprs: string[]): number[] {
  const file = path.join(ui().logs, 'sizes.py');
  fs.writeFileSync(file, `import sys\n${exprs.map((e) => `print(sys.getsizeof(${e}))`).join('\n')}\n`);
  try {
    const r = cliRun(file);
    assert.strictEqual(r.status, 0, r.stderr);
    return r.stdout.trim().split('\n').map(Number);
  } finally {
    fs.rmSync(file, { force: true });
  }
}
