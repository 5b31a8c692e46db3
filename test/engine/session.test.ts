// A run can stop after any line and go on: stepping a program one line at a time (or in uneven
// chunks) must give exactly the output, error and step count of running it straight through.
// Every fixture is checked this way against the straight run, whose output the fixture tests
// compare with the recordings of real CPython.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runSource } from '../../src/engine';
import { Session } from '../../src/engine/interp/run';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures');

function fixtureFiles(): string[] {
  const out: string[] = [];
  for (const topic of fs.readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, topic);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.py')) out.push(path.join(dir, f));
  }
  return out;
}

describe('stepping a run', () => {
  it('pauses between lines and reports where it stands', () => {
    const s = new Session('a = 1\nb = 2\nc = a + b\nprint(c)\n', { version: '3.12' });
    assert.strictEqual(s.step(1), false);
    assert.strictEqual(s.result.steps, 1);
    assert.strictEqual(s.line, 2);
    assert.strictEqual(s.step(2), false);
    assert.strictEqual(s.line, 4);
    assert.strictEqual(s.result.stdout, '');
    assert.strictEqual(s.step(1), true);
    assert.strictEqual(s.result.stdout, '3\n');
    assert.strictEqual(s.done, true);
  });

  it('pauses inside called functions and loops', () => {
    const src = 'def f(n):\n    t = 0\n    for i in range(n):\n        t += i\n    return t\nprint(f(3))\n';
    const s = new Session(src, { version: '3.12' });
    const lines: number[] = [];
    while (!s.step(1)) lines.push(s.line);
    assert.strictEqual(s.result.stdout, '3\n');
    assert.deepStrictEqual(lines.slice(0, 4), [6, 2, 3, 4]);
    assert.ok(lines.filter((l) => l === 4).length === 3, `the loop body ran three times: ${lines}`);
  });

  it('pauses inside a generator body driven by a for loop', () => {
    const src = 'def gen():\n    yield 1\n    yield 2\nfor v in gen():\n    print(v)\n';
    const s = new Session(src, { version: '3.12' });
    const lines: number[] = [];
    while (!s.step(1)) lines.push(s.line);
    assert.strictEqual(s.result.stdout, '1\n2\n');
    assert.ok(lines.includes(2) && lines.includes(3), `the generator's lines are steps: ${lines}`);
  });

  for (const [chunk, version] of [[1, '3.12'], [7, '3.8']] as const) {
    it(`every fixture stepped ${chunk} line(s) at a time on ${version} matches the straight run`, function () {
      this.timeout(180_000);
      for (const file of fixtureFiles()) {
        const source = fs.readFileSync(file, 'utf8');
        {
          const straight = runSource(source, { version, filename: path.basename(file) });
          const s = new Session(source, { version, filename: path.basename(file) });
          let guard = 0;
          while (!s.step(chunk)) {
            if (++guard > 1_000_000) throw new Error('no progress');
          }
          const name = `${path.relative(FIXTURES, file)} ${version}`;
          assert.strictEqual(s.result.stdout, straight.stdout, name);
          assert.strictEqual(s.result.exitCode, straight.exitCode, name);
          assert.deepStrictEqual(s.result.error, straight.error, name);
          assert.strictEqual(s.result.steps, straight.steps, name);
        }
      }
    });
  }
});
