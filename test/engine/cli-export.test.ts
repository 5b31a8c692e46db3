// `pymemsim map --html OUT` (the step's HTML report) and `pymemsim run --trace-json OUT` (the
// whole trace as JSON, docs/trace-json.md): the files they write.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCommand } from '../../src/cli/args';
import { execute } from '../../src/cli/pymemsim';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

function cli(argv: string[]): { status: number; stdout: string; stderr: string } {
  let stdout = '', stderr = '';
  const status = execute(parseCommand(argv), { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readFile: (f) => fs.readFileSync(f, 'utf8') });
  return { status, stdout, stderr };
}

describe('pymemsim exports', function () {
  this.timeout(60_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pymemsim-export-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('parses --html and --trace-json, and leaves them out when not given', () => {
    assert.strictEqual((parseCommand(['map', 'a.py', '--html', 'o.html']) as { html?: string }).html, 'o.html');
    assert.ok(!('html' in parseCommand(['map', 'a.py'])));
    assert.strictEqual((parseCommand(['run', 'a.py', '--trace-json', 'o.json']) as { traceJson?: string }).traceJson, 'o.json');
    assert.ok(!('traceJson' in parseCommand(['run', 'a.py'])));
    const c = parseCommand(['map', 'a.py', '--html=']);
    assert.deepStrictEqual([c.kind, (c as { message?: string }).message], ['usage-error', '--html needs a file to write']);
  });

  it('map --html writes the step as a self-contained report, the program\'s strings escaped', () => {
    const src = path.join(dir, 'evil.py');
    fs.writeFileSync(src, 'tag = "<script>alert(1)</script>"\nitems = [tag, 1.5]\nprint(len(items))\n');
    const out = path.join(dir, 'report.html');
    const r = cli(['map', src, '--step', '2', '--html', out]);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.match(r.stdout, /^== simulated CPython 3\.12: step 2 of/);
    const html = fs.readFileSync(out, 'utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /step 2 of \d+, next line 3/);
    assert.ok(!html.includes('<script'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.match(html, /<td class="code">items<\/td>/);
    assert.match(html, /<h2>Size classes \(sys\._debugmallocstats\(\)\)<\/h2>/);
    assert.match(html, /<svg viewBox=/);
  });

  it('map --html into a directory that does not exist says so in one line', () => {
    const r = cli(['map', path.join(FIXTURES, 'lists/append_growth.py'), '--html', path.join(dir, 'no', 'such', 'x.html')]);
    assert.strictEqual(r.status, 1);
    assert.match(r.stderr, /^pymemsim: cannot write '.*x\.html': ENOENT\n$/);
  });

  it('run --trace-json writes every step: its line, frames and the heap figures, with the collections', () => {
    const fixture = path.join(FIXTURES, 'lists/append_growth.py');
    const out = path.join(dir, 'trace.json');
    const r = cli(['run', fixture, '--python', '3.10', '--trace-json', out]);
    assert.strictEqual(r.status, 0, r.stderr);
    // the program's output is the recorded one
    const rec = JSON.parse(fs.readFileSync(fixture.replace(/\.py$/, '.expected.json'), 'utf8'));
    assert.strictEqual(r.stdout, rec['3.10'].stdout);
    const t = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.strictEqual(t.format, 'pymemsim-trace');
    assert.strictEqual(t.version, 1);
    assert.strictEqual(t.python, '3.10');
    assert.strictEqual(t.end, 'finished');
    assert.deepStrictEqual(t.figures, ['pymallocBytes', 'rawBytes', 'allocatedBlocks', 'arenas']);
    assert.strictEqual(t.poolSize, 16384);
    assert.strictEqual(t.steps.length, t.totalSteps + 1);
    assert.deepStrictEqual(t.steps.map((s: { step: number }) => s.step), [...Array(t.totalSteps + 1).keys()]);
    assert.deepStrictEqual(t.steps[0].frames, [['<module>']]);
    assert.strictEqual(t.steps[0].line, 2);
    // the loop's lines (6..11), each step a module-level line until the end
    for (const s of t.steps.slice(0, -1)) assert.ok(s.line >= 2 && s.line <= 11, JSON.stringify(s));
    assert.strictEqual(t.steps[t.totalSteps].line, 0);
    assert.deepStrictEqual(t.steps[t.totalSteps].frames, []);
    for (const s of t.steps) assert.strictEqual(s.heap.length, 4);
  });
});
