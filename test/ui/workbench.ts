// Drives the VS Code workbench in a browser page as a person would: the command palette and
// quick open by their visible labels, the editor through what it draws (line numbers, line
// decorations, squiggles, context menu, hovers), webviews through their frames, the colour theme,
// screenshots, window reloads, and the Content-Security-Policy violations any frame reports.
// The memory panel's own vocabulary (step label, buttons, heap) is in Panel.

import * as fs from 'fs';
import * as path from 'path';
import type { ConsoleMessage, Frame, Locator, Page } from 'playwright-core';
import { ui } from './context';

// --- waiting -----------------------------------------------------------------------------------

export interface WaitOptions {
  /** ms (default 15 s) */
  timeout?: number;
  /** ms between probes (default 100) */
  interval?: number;
}

/** What a probe returns to say "not yet", with what it saw (for the timeout's message). */
export class NotYet {
  constructor(readonly seen: string) {}
}

export function notYet(seen: string): NotYet {
  return new NotYet(seen);
}

/**
 * Polls `probe` until it returns something other than undefined, null, false or notYet(...), and
 * returns it. On timeout, throws one line naming `what` and what the probe last saw (its notYet
 * text, or the error it threw).
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | NotYet | undefined | null | false>,
  opts: WaitOptions = {},
): Promise<T> {
  const timeout = opts.timeout ?? 15_000;
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    try {
      const v = await probe();
      if (v instanceof NotYet) last = v.seen;
      else if (v !== undefined && v !== null && v !== false) return v;
    } catch (e) {
      last = e instanceof Error ? e.message.split('\n')[0] : String(e);
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, opts.interval ?? 100));
  }
  throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}${last ? ` (last seen: ${last})` : ''}`);
}

/** A CSS attribute value in double quotes. */
function attr(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

// --- the workbench -----------------------------------------------------------------------------

/** A Content-Security-Policy violation a frame reported on its console. */
export interface CspViolation {
  text: string;
  /** the reporting document's URL, when the browser gave one */
  url: string;
}

/** The browser's own CSP reports ("Refused to ...", or "... violates the following Content
 *  Security Policy directive ..." in current Chromium). Chromium logs them through CDP's Log
 *  domain, which playwright subscribes to in every frame's session (out-of-process frames too)
 *  and reports as console messages of the page. */
const CSP_MESSAGE = /Content[- ]Security[- ]Policy|^Refused to /i;

export interface OpenOptions {
  viewport?: { width: number; height: number };
  /** names the log file of the page's console in the run's folder */
  name?: string;
}

let pages = 0;

export class Workbench {
  /** every CSP violation reported by any frame of the page since it opened */
  readonly cspViolations: CspViolation[] = [];
  private readonly consoleLog: string[] = [];

  private constructor(
    readonly page: Page,
    private readonly name: string,
  ) {}

  /** Opens the workbench in a new browser context and waits until it is drawn. */
  static async open(opts: OpenOptions = {}): Promise<Workbench> {
    const context = await ui().browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const wb = new Workbench(page, opts.name ?? `page-${++pages}`);
    page.on('console', (m) => wb.onConsole(m));
    page.on('pageerror', (e) => wb.consoleLog.push(`[pageerror] ${e.message}`));
    await page.goto(ui().url);
    await wb.waitReady();
    current = wb;
    return wb;
  }

  private onConsole(m: ConsoleMessage): void {
    const text = m.text();
    const url = m.location().url ?? '';
    this.consoleLog.push(`[${m.type()}] ${text}${url ? ` (${url})` : ''}`);
    if (CSP_MESSAGE.test(text)) this.cspViolations.push({ text, url });
  }

  /** Waits for the workbench's parts: editor area and status bar. */
  async waitReady(): Promise<void> {
    await this.page.locator('.monaco-workbench .part.editor').waitFor({ state: 'visible', timeout: 60_000 });
    await this.page.locator('.monaco-workbench .part.statusbar .statusbar-item').first().waitFor({ state: 'visible', timeout: 60_000 });
  }

  /** Saves the page's console to the run's folder and closes the page. */
  async close(): Promise<void> {
    fs.writeFileSync(path.join(ui().logs, `${this.name}.console.log`), `${this.consoleLog.join('\n')}\n`);
    if (current === this) current = undefined;
    await this.page.context().close();
  }

  // --- quick input: the command palette, quick open, pickers -----------------------------------

  private get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** The visible quick pick rows whose label is exactly `label`. */
  quickPickRow(label: string): Locator {
    return this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) });
  }

  /** Picks the row labelled exactly `label` in the quick pick that is open (typing to filter). */
  async pickQuick(label: string): Promise<void> {
    await this.quickInput.waitFor({ state: 'visible', timeout: 10_000 });
    await this.page.keyboard.type(label);
    const row = this.quickPickRow(label).first();
    await row.waitFor({ state: 'visible' }).catch(async () => {
      throw new Error(`no row "${label}"; the quick pick offers ${(await this.quickPickLabels()).map((s) => `"${s}"`).join(', ')}`);
    });
    await row.click();
    await this.quickInput.waitFor({ state: 'hidden' });
  }

  /** Labels of the visible quick pick rows, for failure messages. */
  async quickPickLabels(): Promise<string[]> {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allTextContents();
  }

  /** Opens the quick input with `key` (F1: the command palette, Control+P: quick open). */
  private async openQuickInput(key: string): Promise<void> {
    if (await this.quickInput.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden' });
    }
    await this.page.keyboard.press(key);
    await this.quickInput.waitFor({ state: 'visible', timeout: 5_000 });
  }

  /**
   * Types `text` into a quick input opened with `key` and clicks the row labelled exactly `label`
   * (the palette also offers "similar commands"). Retries, reopening the input, until the row
   * shows up: contributions appear once the extension host is up.
   */
  private async pick(key: string, text: string, label: string, what: string, filter?: (row: Locator) => Locator, timeout = 20_000): Promise<void> {
    let seen: string[] = [];
    await waitFor(
      what,
      async () => {
        await this.openQuickInput(key);
        await this.page.keyboard.type(text);
        let row = this.quickPickRow(label);
        if (filter) row = filter(row);
        try {
          await row.first().waitFor({ state: 'visible', timeout: 3_000 });
        } catch {
          seen = await this.quickPickLabels();
          await this.page.keyboard.press('Escape');
          return false;
        }
        await row.first().click();
        await this.restMouse();
        return true;
      },
      { timeout },
    ).catch((e: Error) => {
      throw new Error(`${e.message}; the rows were: ${seen.length ? seen.map((s) => `"${s}"`).join(', ') : 'none'}`);
    });
  }

  /**
   * Moves the mouse off what it last clicked, to the middle of the editor area, so that no
   * tooltip of the title bar or the tabs stays open over what a test clicks next.
   */
  async restMouse(): Promise<void> {
    const box = await this.page.locator('.monaco-workbench .part.editor').boundingBox();
    if (box) await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  }

  /** Runs a command from the palette by its exact title, e.g. "Python Memory: Simulate Memory". */
  async runCommand(title: string, opts: { timeout?: number } = {}): Promise<void> {
    await this.pick('F1', title, title, `the command "${title}" in the command palette`, undefined, opts.timeout);
  }

  /**
   * Opens a workspace file with quick open (Ctrl+P) and waits for its editor; `firstGroup` opens
   * it in the first (left) editor group, not in the one that has the focus.
   */
  async openFile(rel: string, opts: { firstGroup?: boolean } = {}): Promise<EditorView> {
    if (opts.firstGroup) await this.runCommand('View: Focus First Editor Group');
    const base = path.posix.basename(rel);
    const dir = path.posix.dirname(rel);
    await this.pick(
      'Control+P',
      rel,
      base,
      `${rel} in quick open`,
      dir === '.' ? undefined : (row) => row.filter({ has: this.page.locator('.label-description', { hasText: exactly(dir) }) }),
    );
    const editor = this.editor(rel);
    await editor.root.waitFor({ state: 'visible' });
    await this.tab(base).waitFor({ state: 'visible' });
    return editor;
  }

  /**
   * Picks a colour theme with "Preferences: Color Theme" as a person would, and waits until the
   * workbench is painted with a theme of its kind.
   */
  async setColorTheme(label: string, kind: 'light' | 'dark' | 'hc-light' | 'hc-black'): Promise<void> {
    await this.runCommand('Preferences: Color Theme');
    await this.quickInput.waitFor({ state: 'visible' });
    await this.page.keyboard.type(label);
    const row = this.quickPickRow(label);
    await row.first().waitFor({ state: 'visible' }).catch(async () => {
      throw new Error(`no colour theme "${label}"; the picker offers ${(await this.quickPickLabels()).map((s) => `"${s}"`).join(', ')}`);
    });
    await row.first().click();
    await this.quickInput.waitFor({ state: 'hidden' });
    await waitFor(`the workbench to be painted with "${label}" (${kind})`, async () => (await this.themeKind()) === kind);
  }

  /** The colour theme the user settings name (workbench.colorTheme), or '' for the default. */
  async themeSetting(): Promise<string> {
    const text = fs.existsSync(ui().settingsFile) ? fs.readFileSync(ui().settingsFile, 'utf8') : '';
    return /"workbench\.colorTheme"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1] ?? '';
  }

  /** 'light', 'dark', 'hc-light' or 'hc-black', from the workbench's class. */
  async themeKind(): Promise<string> {
    const cls = (await this.page.locator('.monaco-workbench').getAttribute('class')) ?? '';
    const kinds = cls.split(/\s+/);
    if (kinds.includes('hc-black')) return 'hc-black';
    if (kinds.includes('hc-light')) return 'hc-light';
    if (kinds.includes('vs-dark')) return 'dark';
    return 'light';
  }

  /** Clears notification toasts (they would cover what a screenshot shows). */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /** Closes every editor (and webview panel) of the window. */
  async closeAllEditors(): Promise<void> {
    await this.runCommand('View: Close All Editors');
    await waitFor('every editor to close', async () => (await this.page.locator('.tabs-container .tab').count()) === 0);
  }

  /** "Developer: Reload Window", then waits for the workbench to be drawn again. */
  async reload(): Promise<void> {
    const loaded = this.page.waitForEvent('load', { timeout: 60_000 });
    await this.runCommand('Developer: Reload Window');
    await loaded;
    await this.waitReady();
  }

  /** Saves a screenshot of the page, or of a panel, as test-results/screenshots/NAME.png. */
  async screenshot(name: string, of?: Panel): Promise<string> {
    const file = path.join(ui().screenshots, `${name}.png`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (of) await (await of.element()).screenshot({ path: file });
    else await this.page.screenshot({ path: file });
    return file;
  }

  // --- editors, tabs, status bar ----------------------------------------------------------------

  /** The text editor showing a workspace file (path relative to the workspace). */
  editor(rel: string): EditorView {
    return new EditorView(this, rel, this.page.locator(`.monaco-editor[data-uri$=${attr(`/${rel}`)}]`).first());
  }

  /** Editor tabs whose label starts with `label`. */
  tab(label: string): Locator {
    return this.page.locator(`.tabs-container .tab[aria-label^=${attr(label)}]`);
  }

  /** The labels of all editor tabs, by editor group, left to right. */
  async tabsByGroup(): Promise<string[][]> {
    return this.page.locator('.editor-group-container').evaluateAll((groups) =>
      groups.map((g) => Array.from(g.querySelectorAll('.tabs-container .tab')).map((t) => t.getAttribute('aria-label') ?? '')),
    );
  }

  /** A status bar item's accessible label, by its id (e.g. 'status.problems'). */
  async statusItem(id: string): Promise<string> {
    return (await this.page.locator(`.statusbar-item[id=${attr(id)}]`).getAttribute('aria-label')) ?? '';
  }

  /** The cursor's 1-based line, from the status bar ("Ln 12, Col 1"). */
  async cursorLine(): Promise<number> {
    const text = await this.statusItem('status.editor.selection');
    const m = /Ln (\d+)/.exec(text);
    if (!m) throw new Error(`the status bar shows no cursor position ("${text}")`);
    return Number(m[1]);
  }

  /** The text of the editor in the bottom panel (the Output view), as drawn, top to bottom. */
  async outputText(): Promise<string> {
    const editor = this.page.locator('.part.panel .monaco-editor').first();
    await editor.waitFor({ state: 'visible' });
    return editor.evaluate((e) =>
      Array.from(e.querySelectorAll('.view-lines .view-line'))
        .map((v) => ({ top: v.getBoundingClientRect().top, text: (v.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text)
        .join('\n'),
    );
  }

  // --- webviews --------------------------------------------------------------------------------

  /**
   * The webview frame that contains `selector`. Only frames of webviews are searched (their URL
   * contains /webview/): the workbench's own frame also shows the editor's text.
   */
  async webviewFrame(selector: string, opts: WaitOptions = {}): Promise<Frame> {
    return waitFor(
      `a webview containing ${selector}`,
      async () => {
        for (const f of this.page.frames()) {
          if (!f.url().includes('/webview/') || f.isDetached()) continue;
          if ((await f.locator(selector).count().catch(() => 0)) > 0) return f;
        }
        return undefined;
      },
      { timeout: 30_000, ...opts },
    );
  }

  /** The memory panel, once its step label is drawn. */
  async panel(opts: WaitOptions = {}): Promise<Panel> {
    return new Panel(this, await this.webviewFrame(Panel.READY, opts));
  }
}

let current: Workbench | undefined;

/** The page a test opened last, for the runner's failure screenshots. */
export function currentWorkbench(): Workbench | undefined {
  return current;
}

// --- the text editor ---------------------------------------------------------------------------

/** One line the editor draws. */
export interface EditorLine {
  /** 1-based, from the line-number gutter at the same height */
  line: number;
  text: string;
  /** text decorations draw before and after the line's text (CSS ::before/::after content) */
  decorations: string[];
  /** a whole-line decoration's background is drawn behind it */
  wholeLine: boolean;
  /** an error squiggle is drawn on it */
  error: boolean;
}

export class EditorView {
  constructor(
    readonly wb: Workbench,
    /** the file, relative to the workspace */
    readonly file: string,
    readonly root: Locator,
  ) {}

  /** Gives the editor the keyboard focus, as a click on its tab does. */
  async focus(): Promise<void> {
    await this.wb.page.keyboard.press('Escape'); // a hover or menu left open
    await this.wb.tab(path.posix.basename(this.file)).first().click();
    await waitFor(`the editor of ${this.file} to have the focus`, async () => /\bfocused\b/.test((await this.root.getAttribute('class')) ?? ''));
  }

  /** The lines the editor draws now (the visible ones), top to bottom. */
  async lines(): Promise<EditorLine[]> {
    return this.root.evaluate((editor) => {
      // (no named functions in here: the bundler's keepNames helpers do not exist in the page)
      const numbers = Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers')).map((e) => ({
        n: Number((e.textContent ?? '').trim()),
        top: e.getBoundingClientRect().top,
      }));
      const overlays = Array.from(editor.querySelectorAll('.view-overlays > div')).map((e) => ({
        top: e.getBoundingClientRect().top,
        wholeLine: Array.from(e.querySelectorAll('.cdr')).some((c) => (c as HTMLElement).style.width === '100%'),
        error: e.querySelector('.squiggly-error') !== null,
      }));
      return Array.from(editor.querySelectorAll('.view-lines .view-line'))
        .map((v) => {
          const top = v.getBoundingClientRect().top;
          const decorations: string[] = [];
          for (const s of Array.from(v.querySelectorAll('span'))) {
            for (const pseudo of ['::before', '::after']) {
              const c = getComputedStyle(s, pseudo).content;
              if (c && c !== 'none' && c !== 'normal') decorations.push(c.startsWith('"') ? c.slice(1, -1).replace(/\\(.)/g, '$1') : c);
            }
          }
          const at = overlays.filter((o) => Math.abs(o.top - top) < 2);
          return {
            line: numbers.find((g) => Math.abs(g.top - top) < 2)?.n ?? 0,
            top,
            text: (v.textContent ?? '').replace(/\u00a0/g, ' '),
            decorations,
            wholeLine: at.some((o) => o.wholeLine),
            error: at.some((o) => o.error),
          };
        })
        .filter((l) => l.line > 0)
        .sort((a, b) => a.top - b.top)
        .map(({ line, text, decorations, wholeLine, error }) => ({ line, text, decorations, wholeLine, error }));
    });
  }

  /** The line that carries a decoration matching `pattern`, with that decoration's text. */
  async decoratedLine(pattern: RegExp): Promise<{ line: number; text: string; wholeLine: boolean } | null> {
    for (const l of await this.lines()) {
      const d = l.decorations.find((t) => pattern.test(t));
      if (d !== undefined) return { line: l.line, text: d, wholeLine: l.wholeLine };
    }
    return null;
  }

  /** The line the memory panel's step highlights ("step N of M" after it), or null. */
  async stepHighlight(): Promise<{ line: number; text: string; wholeLine: boolean } | null> {
    return this.decoratedLine(/^step [\d,]+ of [\d,]+$/);
  }

  /** Lines with an error squiggle, among those drawn. */
  async errorLines(): Promise<number[]> {
    return (await this.lines()).filter((l) => l.error).map((l) => l.line);
  }

  /** Focuses the editor and moves the cursor to the start of a line ("Go to Line"). */
  async goToLine(line: number): Promise<void> {
    await this.focus();
    await this.wb.page.keyboard.press('Control+G');
    await this.wb.page.locator('.quick-input-widget').waitFor({ state: 'visible' });
    await this.wb.page.keyboard.type(String(line));
    await this.wb.page.keyboard.press('Enter');
    await waitFor(`the cursor on line ${line}`, async () => {
      const now = await this.wb.cursorLine();
      return now === line || notYet(`line ${now}`);
    });
    await this.wb.page.keyboard.press('Home');
  }

  /** Selects whole lines `from` to `to` (1-based, inclusive) with the keyboard. */
  async selectLines(from: number, to: number): Promise<void> {
    await this.goToLine(from);
    await this.wb.page.keyboard.press('Home');
    await this.wb.page.keyboard.press('Home'); // the first Home may stop at the indentation
    for (let i = from; i <= to; i++) await this.wb.page.keyboard.press('Shift+ArrowDown');
    const expected = `Ln ${to + 1}, Col 1 (`;
    await waitFor(`lines ${from}-${to} selected`, async () => {
      const now = await this.wb.statusItem('status.editor.selection');
      return now.startsWith(expected) || notYet(now);
    });
  }

  /** The drawn line element of a 1-based line (it must be visible). */
  private async lineBox(line: number): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await this.root.evaluate((editor, n) => {
      const gutter = Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers')).find((e) => (e.textContent ?? '').trim() === String(n));
      if (!gutter) return null;
      const top = gutter.getBoundingClientRect().top;
      const v = Array.from(editor.querySelectorAll('.view-lines .view-line')).find((e) => Math.abs(e.getBoundingClientRect().top - top) < 2);
      if (!v) return null;
      const r = (v.firstElementChild ?? v).getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    }, line);
    if (!box) throw new Error(`line ${line} is not drawn in the editor (scroll it into view first)`);
    return box;
  }

  /** Right-clicks a line and picks an item of the editor's context menu by its label. */
  async contextMenu(line: number, item: string): Promise<void> {
    await this.wb.page.keyboard.press('Escape'); // a hover left open
    const box = await this.lineBox(line);
    await this.wb.page.mouse.click(box.x + Math.min(box.width, 40) / 2, box.y + box.height / 2, { button: 'right' });
    const menu = this.wb.page.locator('.context-view .monaco-menu');
    await menu.waitFor({ state: 'visible' });
    const entry = menu.locator('.action-item').filter({ has: this.wb.page.locator('.action-label', { hasText: exactly(item) }) });
    if ((await entry.count()) === 0) {
      const labels = await menu.locator('.action-label').allTextContents();
      await this.wb.page.keyboard.press('Escape');
      throw new Error(`the editor's context menu has no "${item}"; it offers ${labels.filter((l) => l.trim()).map((l) => `"${l}"`).join(', ')}`);
    }
    // the menu ignores a click that comes too soon after it opened: click until it closes
    await waitFor(`"${item}" in the context menu to be chosen`, async () => {
      if (!(await menu.isVisible())) return true;
      await entry.first().click({ timeout: 2_000 });
      return menu.waitFor({ state: 'hidden', timeout: 1_000 }).then(() => true, () => false);
    });
  }

  /** Hovers over the first occurrence of `word` on a line and returns the hover's text. */
  async hover(line: number, word: string): Promise<string> {
    await this.lineBox(line);
    const box = await this.root.evaluate(
      (editor, { n, w }) => {
        const gutter = Array.from(editor.querySelectorAll('.margin-view-overlays .line-numbers')).find((e) => (e.textContent ?? '').trim() === String(n));
        const top = gutter!.getBoundingClientRect().top;
        const v = Array.from(editor.querySelectorAll('.view-lines .view-line')).find((e) => Math.abs(e.getBoundingClientRect().top - top) < 2)!;
        const walker = document.createTreeWalker(v, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = (node.textContent ?? '').replace(/\u00a0/g, ' ');
          const at = text.search(new RegExp(`\\b${w}\\b`));
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + w.length);
          const r = range.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        }
        return null;
      },
      { n: line, w: word },
    );
    if (!box) throw new Error(`"${word}" is not on line ${line} as drawn`);
    await this.wb.page.mouse.move(box.x, box.y);
    const hover = this.wb.page.locator('.monaco-hover:not(.hidden)').last();
    await hover.waitFor({ state: 'visible' });
    return waitFor(`the hover over "${word}" on line ${line} to fill`, async () => {
      const t = (await hover.innerText()).trim();
      return t && !/^Loading/.test(t) ? t : notYet(t);
    });
  }
}

// --- the memory panel --------------------------------------------------------------------------

export interface StepLabel {
  step: number;
  total: number;
  text: string;
}

export interface HeapObject {
  id: string;
  type: string;
  isNew: boolean;
  isFreed: boolean;
  text: string;
}

export interface StackFrame {
  name: string;
  line: string;
  locals: { name: string; targetId: string; text: string }[];
}

const NUMBER = (s: string) => Number(s.replace(/,/g, ''));

/** The memory panel's webview, through the DOM hooks its contract names. */
export class Panel {
  /** what marks a drawn panel */
  static readonly READY = '[data-testid="step-label"]';

  constructor(
    readonly wb: Workbench,
    readonly frame: Frame,
  ) {}

  /** An element by its data-testid. */
  byTestId(id: string): Locator {
    return this.frame.locator(`[data-testid=${attr(id)}]`);
  }

  /** A control (button, select, slider) by its aria-label. */
  control(label: string): Locator {
    return this.frame.locator(`[aria-label=${attr(label)}]`);
  }

  /** The rendered text of an element by data-testid, or of the whole panel. */
  async text(testId?: string): Promise<string> {
    return (testId ? this.byTestId(testId).first() : this.frame.locator('body')).innerText();
  }

  async has(testId: string): Promise<boolean> {
    return (await this.byTestId(testId).count()) > 0 && this.byTestId(testId).first().isVisible();
  }

  /** "step N of M" from the step label (waiting out a moment when it is blank, between runs). */
  async step(): Promise<StepLabel> {
    const text = await this.label('step-label');
    const m = /^step ([\d,]+) of ([\d,]+)$/.exec(text);
    if (!m) throw new Error(`the step label reads "${text}", not "step N of M"`);
    return { step: NUMBER(m[1]), total: NUMBER(m[2]), text };
  }

  /** The line label: a line number, or 'end'. */
  async line(): Promise<number | 'end'> {
    const text = await this.label('line-label');
    if (text === 'end') return 'end';
    const m = /^line ([\d,]+)$/.exec(text);
    if (!m) throw new Error(`the line label reads "${text}", not "line L" or "end"`);
    return NUMBER(m[1]);
  }

  private async label(testId: string): Promise<string> {
    const el = this.byTestId(testId).first();
    return waitFor(`the ${testId} to read something`, async () => (await el.innerText()).trim() || notYet('blank'), { timeout: 5_000 }).catch(() => '');
  }

  /** Waits until the step label says step `n` (or satisfies `test`). */
  async waitForStep(n: number | ((s: StepLabel) => boolean), what?: string, opts: WaitOptions = {}): Promise<StepLabel> {
    const test = typeof n === 'number' ? (s: StepLabel) => s.step === n : n;
    return waitFor(what ?? `the panel to show step ${String(n)}`, async () => {
      const s = await this.step();
      return test(s) ? s : notYet(`"${s.text}"`);
    }, opts);
  }

  /** Whether a control is enabled (a disabled button does nothing when clicked). */
  async isEnabled(label: string): Promise<boolean> {
    const c = this.control(label).first();
    await c.waitFor({ state: 'visible' });
    return c.isEnabled();
  }

  /** Clicks a control by its aria-label; fails at once if it is disabled. */
  async click(label: string): Promise<void> {
    const c = this.control(label).first();
    await c.waitFor({ state: 'visible' }).catch(() => {
      throw new Error(`the panel has no visible control labelled "${label}"`);
    });
    if (!(await c.isEnabled())) throw new Error(`the panel's "${label}" is disabled (at "${await this.label('step-label')}")`);
    // into the panel first, as a hand would: a workbench tooltip left open closes
    const box = await (await this.element()).boundingBox();
    if (box) await this.wb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await c.click();
  }

  /** Clicks a control and waits for the step label to change; returns the new step. */
  async clickAndWaitForStep(label: string, expected: number | ((s: StepLabel) => boolean)): Promise<StepLabel> {
    await this.click(label);
    return this.waitForStep(expected, `the panel to show step ${String(expected)} after "${label}"`);
  }

  /** Presses a key inside the panel, focused on a neutral spot (the step label) first so that no
   *  button of the panel takes the key. */
  async press(key: string): Promise<void> {
    await this.byTestId('step-label').click();
    await this.wb.page.keyboard.press(key);
  }

  /** Picks an option of a select by the select's aria-label. */
  async select(label: string, value: string): Promise<void> {
    await this.control(label).first().selectOption(value);
  }

  /**
   * Waits until the shown step's view is painted: the step label changes at once, the line label
   * is blank until the view of that step has arrived and been drawn.
   */
  async settled(): Promise<void> {
    await this.line();
  }

  /** The heap's objects as drawn for the shown step. */
  async heapObjects(): Promise<HeapObject[]> {
    await this.settled();
    return this.frame.locator('[data-testid="heap"] [data-testid="heap-object"]').evaluateAll((els) =>
      els.map((e) => ({
        id: e.getAttribute('data-id') ?? '',
        type: e.getAttribute('data-type') ?? '',
        isNew: e.classList.contains('is-new'),
        isFreed: e.classList.contains('is-freed'),
        text: ((e as HTMLElement).innerText ?? e.textContent ?? '').replace(/\s+/g, ' ').trim(),
      })),
    );
  }

  /** The stack's frames, newest first, as drawn for the shown step. */
  async stack(): Promise<StackFrame[]> {
    await this.settled();
    return this.frame.locator('[data-testid="stack"] .frame').evaluateAll((els) =>
      els.map((f) => ({
        name: (f.querySelector('.frame-name')?.textContent ?? '').trim(),
        line: (f.querySelector('.frame-line')?.textContent ?? '').trim(),
        locals: Array.from(f.querySelectorAll('.local')).map((l) => ({
          name: (l.querySelector('.local-name')?.textContent ?? '').trim(),
          targetId: l.getAttribute('data-target-id') ?? l.querySelector('[data-target-id]')?.getAttribute('data-target-id') ?? '',
          text: ((l as HTMLElement).innerText ?? '').replace(/\s+/g, ' ').trim(),
        })),
      })),
    );
  }

  /** The panel's body class names the theme kind the webview was given (vscode-light, ...). */
  async themeClass(): Promise<string> {
    const cls = (await this.frame.locator('body').getAttribute('class')) ?? '';
    return cls.split(/\s+/).find((c) => /^vscode-(light|dark|high-contrast(-light)?)$/.test(c)) ?? '';
  }

  /** The outermost frame element of the webview in the workbench page, for screenshots. */
  async element(): Promise<import('playwright-core').ElementHandle> {
    let f = this.frame;
    while (f.parentFrame() && f.parentFrame() !== this.wb.page.mainFrame()) f = f.parentFrame()!;
    return f.frameElement();
  }
}
