// Small builders for the panel's view-model tests: an object, a frame, a whole step view and a
// run with defaults for what a test does not care about, and a large view of about 150 objects.

import type { RunInfo, SnapshotFrame, StepView, ViewObject, ViewRef } from '../../src/shared/protocol';

export function runInfo(extra: Partial<RunInfo> = {}): RunInfo {
  return {
    runId: 1, uri: 'file:///a.py', fileName: 'a.py', version: '3.12', totalSteps: 12_345, end: 'finished',
    problem: null, stderr: '', exitCode: 0, elapsedMs: 5, firstLine: 1, ...extra,
  };
}

export function obj(id: number, type: string, repr: string | null, refs: (number | [number, string | null])[] = [], extra: Partial<ViewObject> = {}): ViewObject {
  const r: ViewRef[] = refs.map((x, i) => (Array.isArray(x) ? { id: x[0], label: x[1] } : { id: x, label: String(i) }));
  return {
    id, type, size: 28, refcnt: 1, immortal: false, gen: -1, repr, refs: r, refsTotal: r.length,
    cache: null, isNew: false, depth: 1, ...extra,
  };
}

export function frame(name: string, line: number, locals: [string, number][]): SnapshotFrame {
  return { name, line, locals: locals.map(([n, id]) => ({ name: n, id })) };
}

export function view(frames: SnapshotFrame[], objects: ViewObject[], extra: Partial<StepView> = {}): StepView {
  return {
    pythonVersion: '3.12', step: 3, totalSteps: 10, line: frames.length ? frames[frames.length - 1].line : 0,
    finished: false, exact: true, frames, objects, groups: [],
    allocated: { count: 0, ids: [] }, freed: { count: 0, items: [] },
    heap: { liveObjects: objects.length, allocatedBlocks: 10, arenas: 1, poolsInUse: 2, poolSize: 16384, arenaSize: 1048576, pymallocBytes: 1000, rawBytes: 0, rawChunks: 0 },
    gc: { count: [3, 0, 0], threshold: [2000, 10, 10] },
    output: { text: '', skipped: 0 },
    ...extra,
  };
}

/** a module with `names` globals: ints, strs, a list of strs, a dict, tuples and instances with
 *  a cycle, about `n` objects in all */
export function bigView(n = 150, seed = 0): StepView {
  const objects: ViewObject[] = [];
  let id = 1000 + seed * 7;
  const next = () => (id += 16);
  const locals: [string, number][] = [];
  // a list of strs
  const items: number[] = [];
  for (let i = 0; i < 16; i++) {
    const s = next();
    items.push(s);
    objects.push(obj(s, 'str', `'item ${i}'`, [], { depth: 2, size: 55 }));
  }
  const lst = next();
  objects.push(obj(lst, 'list', null, items, { refsTotal: 1000, depth: 1, size: 8056, gen: 0, refcnt: 1 }));
  locals.push(['names', lst]);
  // a dict of str -> int
  const dictRefs: [number, string][] = [];
  for (let i = 0; i < 12; i++) {
    const v = next();
    objects.push(obj(v, 'int', String(1000 + i), [], { depth: 2 }));
    dictRefs.push([v, `'k${i}'`]);
  }
  const d = next();
  objects.push(obj(d, 'dict', null, dictRefs, { depth: 1, size: 640, gen: 0 }));
  locals.push(['table', d]);
  // nodes of a linked structure with a cycle
  const nodes: number[] = [];
  for (let i = 0; i < 20; i++) nodes.push(next());
  nodes.forEach((nid, i) => {
    const val = next();
    objects.push(obj(val, 'int', String(i * 3), [], { depth: i + 2, cache: i * 3 <= 256 ? 'small-int' : null, immortal: true }));
    const nxt = nodes[(i + 1) % nodes.length];
    objects.push(obj(nid, 'Node', '<Node object>', [[val, 'value'], [nxt, 'next']], { depth: i + 1, size: 48, gen: 1 }));
  });
  locals.push(['head', nodes[0]]);
  // tuples of pairs
  while (objects.length < n - 12) {
    const a = next(), b = next(), t = next();
    objects.push(obj(a, 'float', '3.14', [], { depth: 2, size: 24 }));
    objects.push(obj(b, 'str', "'<img src=x onerror=alert(1)>'", [], { depth: 2, size: 60 }));
    objects.push(obj(t, 'tuple', null, [a, b], { depth: 1, size: 56, gen: 0, isNew: objects.length % 5 === 0 }));
    locals.push([`pair_${locals.length}`, t]);
  }
  // a function frame
  const x = next();
  objects.push(obj(x, 'int', '7', [], { depth: 1, cache: 'small-int', immortal: true }));
  const frames = [frame('<module>', 40, locals), frame('walk', 12, [['node', nodes[3]], ['count', x], ['seen', 0]])];
  return view(frames, objects, {
    groups: [{ type: 'str', count: 12_345, bytes: 727_040 }, { type: 'int', count: 900, bytes: 25_200 }],
  });
}
