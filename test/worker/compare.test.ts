// The worker's side of Compare Versions and of the trace export: two runs of one program on two
// versions, a side of each at a step, the step of one matched by line in the other, and the trace
// written to a file.

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SimulationHost } from '../../src/worker/simulation';
import { RUN_WATCH_LENGTH } from '../../src/worker/protocol';
import type { FromWorkerMessage, SimulateRequest, ToWorkerMessage } from '../../src/worker/protocol';
import { compare } from '../../src/shared/compare';
import type { PyVersion } from '../../src/engine';

// lines: 1 x = [], 2 for ..., 3 x.append(i), 4 y = len(x)
const SOURCE = 'x = []\nfor i in range(5):\n    x.append(i)\ny = len(x)\n';

describe('the simulation worker: compare and export', function () {
  this.timeout(60_000);
  const posted: FromWorkerMessage[] = [];
  const h = new SimulationHost((m) => posted.push(m));
  const send = (m: ToWorkerMessage): FromWorkerMessage => {
    const n = posted.length;
    h.handle(m);
    assert.strictEqual(posted.length, n + 1);
    return posted[n];
  };
  const simulate = (id: number, version: PyVersion): number => {
    const req: SimulateRequest = {
      type: 'simulate', id, source: SOURCE, version, maxSteps: 100_000, filename: 'prog.py', displayName: 'prog.py',
      trace: true, watch: new SharedArrayBuffer(RUN_WATCH_LENGTH * 4), stdoutLimit: 1 << 20,
    };
    const r = send(req);
    assert.strictEqual(r.type, 'simulated');
    return (r as Extract<FromWorkerMessage, { type: 'simulated' }>).run.totalSteps;
  };

  it('gives a side of each run at a step, and the matching step by line', () => {
    const totalA = simulate(1, '3.8');
    simulate(2, '3.12');
    const stepA = totalA - 1;
    const m = send({ type: 'matchLine', id: 3, runId: 1, step: stepA, otherRunId: 2 });
    assert.strictEqual(m.type, 'found');
    const stepB = (m as Extract<FromWorkerMessage, { type: 'found' }>).step!;
    const sides = [send({ type: 'compareSide', id: 4, runId: 1, step: stepA }), send({ type: 'compareSide', id: 5, runId: 2, step: stepB })]
      .map((r) => (r as Extract<FromWorkerMessage, { type: 'compareSide' }>).side);
    assert.strictEqual(sides[0].view.line, sides[1].view.line);
    assert.strictEqual(sides[0].view.pythonVersion, '3.8');
    const c = compare(sides[0], sides[1]);
    const x = c.objects.find((o) => o.path === 'x')!;
    assert.strictEqual(x.a!.type, 'list');
    // the list object has its own block on both (and its items' array)
    assert.ok(x.a!.blocks && x.a!.blocks.pymalloc.length >= 1);
    assert.ok(c.heap.find((r) => r.label === 'pool size')!.differs);
  });

  it('writes the trace of a run to a file, and says why it cannot', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pymemsim-worker-export-'));
    try {
      const file = path.join(dir, 't.json');
      const r = send({ type: 'exportTrace', id: 6, runId: 2, path: file, file: 'prog.py', end: 'finished' });
      assert.strictEqual(r.type, 'exported', JSON.stringify(r));
      const t = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.strictEqual(t.python, '3.12');
      assert.strictEqual(t.steps.length, (r as Extract<FromWorkerMessage, { type: 'exported' }>).steps);
      const bad = send({ type: 'exportTrace', id: 7, runId: 2, path: path.join(dir, 'no', 't.json'), file: 'prog.py', end: 'finished' });
      assert.strictEqual(bad.type, 'error');
      assert.match((bad as Extract<FromWorkerMessage, { type: 'error' }>).message, /ENOENT/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
