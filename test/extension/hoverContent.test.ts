// The hover, inlay hint and code lens texts, built from the engine's facts of a recorded run of
// test/fixtures/editor/hover_names.py on each version; the figures they show are checked against
// what real CPython printed for that fixture (its .expected.json), the layout against the
// allocator's own rules (a block is the request rounded up to the version's size class).

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { PY_VERSIONS, assignmentHints, nameFacts, runStats } from '../../src/engine';
import type { NameFacts, PyVersion } from '../../src/engine';
import {
  COMPARE_NAME_COMMAND, HoverContext, SHOW_IN_PANEL_COMMAND, compareTable, escapeMarkdown, fileLensTitle, formatBytes, functionLensTitle,
  hintLabel, hoverMarkdown, inlineCode, problemHover, reasonMarkdown,
} from '../../src/extension/hoverContent';
import { record } from '../engine/trace-helpers';

const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'editor', 'hover_names.py');
const SOURCE = fs.readFileSync(FIXTURE, 'utf8');
const RECORDED = JSON.parse(fs.readFileSync(FIXTURE.replace(/\.py$/, '.expected.json'), 'utf8')) as Record<string, { stdout: string }>;

/** what CPython `version` printed: `label n1 n2` lines */
function printed(version: PyVersion): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const line of RECORDED[version].stdout.trim().split('\n')) {
    const [label, ...nums] = line.split(' ');
    out[label] = nums.map(Number);
  }
  return out;
}

function ctx(version: PyVersion, extra: Partial<HoverContext> = {}): HoverContext {
  return {
    firstLine: 1, uri: 'file:///w/hover_names.py', docVersion: 7, character: 3,
    run: { version, source: 'background', stepLimited: false, limitSetting: 'pymemsim.background.maxSteps', maxSteps: 200_000, exceptionLine: 0, exception: null },
    ...extra,
  };
}

/** the command link's arguments in a Markdown text */
function linkArgs(md: string, command: string): unknown {
  const m = new RegExp(`\\(command:${command.replace(/\./g, '\\.')}\\?([^)]+)\\)`).exec(md);
  assert.ok(m, `a link to ${command} in\n${md}`);
  return (JSON.parse(decodeURIComponent(m[1])) as unknown[])[0];
}

describe('the hover of a name, from the facts of a recorded run', () => {
  for (const version of PY_VERSIONS) {
    it(`shows what CPython ${version} printed for numbers, with its blocks (${version})`, () => {
      const rec = record(SOURCE, version);
      const facts = nameFacts(rec, SOURCE, { line: 12, path: ['numbers'] });
      const md = hoverMarkdown(facts, ctx(version));
      const [size, refs] = printed(version).numbers;
      assert.ok(md.startsWith(`**numbers** · CPython ${version} · after line 12 ran (step ${facts.step})`), md);
      assert.match(md, /\n\n`list` `\[3 items\]`\n\n/);
      const o = facts.object!;
      assert.ok(md.includes(`| ${size} B | ${refs - 1} | generation 0 | ${formatBytes(o.held)} in 2 blocks |`), md);
      // one row per allocation: the list object (its PyGC_Head counted in the request), its ob_item
      const rows = md.split('\n').filter((l) => /^\| (list object|`ob_item`)/.test(l));
      assert.strictEqual(rows.length, 2, md);
      // 64-bit builds of 3.8 and later align pymalloc's blocks to 16 bytes
      const align = 16;
      for (const [row, a] of rows.map((r, i) => [r, o.allocations[i]] as const)) {
        const cells = row.split('|').map((c) => c.trim());
        assert.strictEqual(cells[2], `${a.request} B`);
        // the block: the request rounded up to the size class, whose index is blocks of 16 less one
        assert.strictEqual(cells[3], `${Math.ceil(a.request / align) * align} B`);
        assert.strictEqual(cells[4], `szidx ${Math.ceil(a.request / align) - 1}`);
        assert.match(cells[5], /^0x[0-9a-f]+$/);
      }
      assert.ok(rows[0].startsWith('| list object (+16 B PyGC_Head) |'), rows[0]);
      // getsizeof counts the object with its PyGC_Head, and its item array
      assert.strictEqual(o.allocations[0].request + o.allocations[1].request, size);
      const show = linkArgs(md, SHOW_IN_PANEL_COMMAND) as { step: number; id: number; version: string };
      assert.deepStrictEqual(show, { uri: 'file:///w/hover_names.py', version, step: facts.step, id: o.id });
      const cmp = linkArgs(md, COMPARE_NAME_COMMAND) as { line: number; programLine: number; path: string[] };
      assert.deepStrictEqual([cmp.line, cmp.programLine, cmp.path], [12, 12, ['numbers']]);
    });
  }

  it('says which run of a line in a loop it shows, and how many there were', () => {
    const rec = record(SOURCE, '3.12');
    const md = hoverMarkdown(nameFacts(rec, SOURCE, { line: 8, path: ['items'] }), ctx('3.12'));
    assert.match(md, /after line 8 ran \(step \d+, run 100 of 100\)/);
  });

  it('shows an immortal interned str as taking no block of the program (3.12)', () => {
    const rec = record(SOURCE, '3.12');
    const f = nameFacts(rec, SOURCE, { line: 16, path: ['text'] });
    const md = hoverMarkdown(f, ctx('3.12'));
    assert.strictEqual(printed('3.12').text[1], 4294967295, 'CPython 3.12 reports the str as immortal');
    assert.ok(md.includes(`| ${printed('3.12').text[0]} B | immortal |`), md);
  });

  it('says in one line why there is nothing to show, with the run\'s end when it matters', () => {
    const rec = record(SOURCE, '3.12');
    const never: NameFacts = { ...nameFacts(rec, SOURCE, { line: 12, path: ['numbers'] }), status: 'never-ran', object: null, reason: 'line 30 never ran (the run stopped after 500 steps)' };
    const md = hoverMarkdown(never, ctx('3.12', { run: { ...ctx('3.12').run, stepLimited: true, maxSteps: 500, exceptionLine: 9, exception: 'ZeroDivisionError: division by zero' } }));
    const lines = md.split('\n\n');
    assert.strictEqual(lines[0], '**numbers** · CPython 3.12: line 30 never ran (the run stopped after 500 steps)');
    assert.strictEqual(lines[1], 'The run ended at line 9 with `ZeroDivisionError: division by zero`.');
    assert.match(lines[2], /stopped at its step limit of 500 steps \(setting `pymemsim\.background\.maxSteps`\)/);
    assert.ok(!md.includes('command:'), 'no links without an object');
  });

  it('adds the sizes on every version once they were compared', () => {
    const rows = PY_VERSIONS.map((v) => ({ version: v, facts: nameFacts(record(SOURCE, v), SOURCE, { line: 12, path: ['numbers'] }), error: null }));
    const table = compareTable(rows);
    for (const v of PY_VERSIONS) assert.ok(table.includes(`| ${v} | \`list\` | ${printed(v).numbers[0]} B |`), table);
    const md = hoverMarkdown(rows[4].facts, ctx('3.12', { compare: rows }));
    assert.ok(md.includes(table));
    assert.ok(!md.includes(`command:${COMPARE_NAME_COMMAND}`), 'the link is gone once compared');
  });
});

describe('the inlay hints and code lenses, from a recorded run', () => {
  it('labels each assignment with the size and blocks of what it bound', () => {
    const rec = record(SOURCE, '3.12');
    const hints = assignmentHints(rec, SOURCE, { fromLine: 1, toLine: 20 });
    const label = (line: number) => { const h = hints.find((x) => x.line === line); return h ? hintLabel(h) : null; };
    const p = printed('3.12');
    assert.strictEqual(label(12), `${p.numbers[0]} B in 2 blocks`);
    assert.strictEqual(label(14), `${p.big[0]} B in 2 blocks`);
    assert.strictEqual(label(16), `${p.text[0]} B, interned (no new block)`);
  });

  it('titles the lenses with the run\'s steps, peak blocks and collections', () => {
    const rec = record(SOURCE, '3.12');
    const stats = runStats(rec, SOURCE);
    assert.match(fileLensTitle(stats, null), /^\$\(chip\) Simulate Memory · \d+ steps · peak [\d,]+ blocks · \d+ collections?$/);
    assert.match(fileLensTitle(stats, { maxSteps: 500 }), /steps \(stopped at the background limit of 500\)/);
    const grow = stats.functions.find((f) => f.name === 'grow')!;
    assert.match(functionLensTitle(grow), /^\$\(chip\) Simulate Memory: grow · 1 call · [\d,]+ steps · peak [\d,]+ blocks · \d+ collections?$/);
    assert.strictEqual(functionLensTitle({ ...grow, calls: 0, firstCallStep: null }), '$(chip) grow: never called');
  });
});

describe('hover text escaping', () => {
  it('fences a value with backticks and pipes so that it stays one code span in a table cell', () => {
    assert.strictEqual(inlineCode('a`b'), '``a`b``');
    assert.strictEqual(inlineCode('`x`'), '`` `x` ``');
    assert.strictEqual(inlineCode('a|b'), '`a\\|b`');
    assert.strictEqual(inlineCode('two\nlines'), '`two\u21b5lines`');
  });

  it('escapes Markdown and links in text from the program, and keeps names in backticks as code', () => {
    assert.strictEqual(escapeMarkdown('[x](command:evil) <b> &lt;'), '\\[x\\](command:evil) \\<b\\> \\&lt;');
    assert.strictEqual(reasonMarkdown('`__dict__` of [a]'), '`__dict__` of \\[a\\]');
    assert.strictEqual(problemHover('line 2: x'), '**Memory** · line 2: x');
  });

  it('shows a repr that looks like a command link as code', () => {
    const src = 's = "[run](command:workbench.action.quit)"\nprint(len(s))\n';
    const md = hoverMarkdown(nameFacts(record(src, '3.12'), src, { line: 1, path: ['s'] }), ctx('3.12'));
    // inside a code span it is text, not a link
    assert.ok(md.includes("`'[run](command:workbench.action.quit)'`"), md);
  });
});
