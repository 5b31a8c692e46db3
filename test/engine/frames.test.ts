// Frames as each version has them: heap frame objects with a zombie frame per code object and a
// free list up to 3.10 (Objects/frameobject.c), frames on the thread's data-stack chunks from 3.11
// (Python/pystate.c push_chunk: 16 KiB chunks, doubled until the frame plus 1000 words fit, and
// unmapped when their base frame is popped). The block counts these produce are also checked
// against real CPython by the memory fixtures (test/fixtures/memory/frame_*.py).

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Session } from '../../src/engine/interp/run';
import type { Runtime } from '../../src/engine/interp/runtime';
import * as ops from '../../src/engine/interp/ops';
import type { PyVersion } from '../../src/engine';

/** run `src` up to the line `pauseLine` (1-based) and return the paused session's runtime */
function pausedAt(src: string, version: PyVersion, pauseLine: number): { s: Session; r: Runtime } {
  const s = new Session(src, { version });
  while (!s.step(1)) {
    if (s.line === pauseLine) break;
  }
  return { s, r: s.runtime! };
}

const RECURSE = [
  'def down(n):',
  '    a = b = c = d = n',
  '    if n == 0:',
  '        return 0',
  '    return down(n - 1)',
  'down(600)',
  'x = 1',
].join('\n');

describe('frames', () => {
  it('3.12: deep recursion maps new data-stack chunks and unmaps them on return', () => {
    const { s, r } = pausedAt(RECURSE, '3.12', 4);
    assert.ok(r.dataStack.length > 1, `chunks while 600 frames deep: ${r.dataStack.length}`);
    assert.strictEqual(r.dataStack[0].size, r.profile.dataStackChunkSize);
    for (const c of r.dataStack.slice(1)) assert.ok(c.size >= r.profile.dataStackChunkSize && c.top <= c.size);
    s.finish();
    assert.strictEqual(r.dataStack.length, 1, 'only the root chunk is left');
    assert.strictEqual(s.result.error, null);
  });

  it('3.12: frames take no pymalloc blocks', () => {
    const src = 'import sys\ndef f(a, b):\n    return a\nb0 = sys.getallocatedblocks()\nf(1, 2)\nprint(sys.getallocatedblocks() - b0)\n';
    const r = new Session(src, { version: '3.12' }).finish();
    assert.strictEqual(r.stdout, '1\n', 'only the int that b0 holds');
  });

  for (const version of ['3.8', '3.10'] as const) {
    it(`${version}: a finished call leaves a zombie frame; deeper calls use the free list`, () => {
      const { s, r } = pausedAt(RECURSE, version, 7);
      // down's code keeps its last frame as its zombie; the other 600 went to the free list (max 200)
      const frames = r.freelists.frames.length;
      assert.strictEqual(frames, r.profile.frameFreeListMax);
      const main = r.modules.get('__main__') as unknown as { dict: never };
      const down = ops.dictGetStr(main.dict, 'down') as unknown as { code: { zombie: { size: number } | null; stacksize: number } };
      assert.ok(down.code.zombie, 'the code object keeps a zombie frame');
      // sizeof(PyFrameObject) + 8 per slot beyond the first (1 argument, 4 locals, the stack) + GC head
      assert.strictEqual(down.code.zombie!.size, r.profile.frameObjectSize + 8 * (1 + 4 + down.code.stacksize - 1) + 16);
      s.finish();
      assert.strictEqual(s.result.error, null);
    });
  }
});

describe('sys._debugmallocstats() free lists', () => {
  // recorded by scripts/record_debugmallocstats.py
  const recorded = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'recorded', 'debugmallocstats.json'), 'utf8')) as Record<string, { text: string }>;
  const FREE = / free (.*?)s \* (\d+) bytes each =/;
  for (const version of ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13'] as const) {
    it(`${version}: lists the same free lists, with the same sizes and layout, as the real output`, () => {
      const real = recorded[version].text.split('\n').filter((l) => FREE.test(l));
      const r = new Session('import sys\nsys._debugmallocstats()\n', { version }).finish();
      const ours = r.stderr.split('\n').filter((l) => FREE.test(l));
      assert.deepStrictEqual(ours.map((l) => FREE.exec(l)!.slice(1)), real.map((l) => FREE.exec(l)!.slice(1)));
      // the columns: "=" at the same place, the value right-aligned to the same end
      for (let i = 0; i < real.length; i++) {
        assert.strictEqual(ours[i].indexOf('='), real[i].indexOf('='), ours[i]);
        assert.strictEqual(ours[i].length, real[i].length, ours[i]);
      }
    });
  }
});
