// The step view (view.ts): what the memory panel shows of one step of a recorded run, read from
// the trace in its own terms (TraceRecorder.reader: allocation serials, typed-array columns)
// rather than from a MemorySnapshot, so that a step of a run with a million live objects costs
// one pass over the serials and nothing per object beyond it.
//
// The objects shown are those the frames reach first, breadth first: the innermost frame's names
// in their order, then the frames outside it, then the objects those refer to, and so on, up to
// the budget; each container's first itemCap referents (in their natural order: items, key/value
// pairs, attributes) are listed and followed. The interpreter's machinery is not followed (the
// rules are in NOT_FOLLOWED). Every other live object is counted in a group of its type.

import { IMMORTAL_REFCNT } from '../interp/objects';
import { reportedRefcount } from '../interp/modules';
import { StepReader, TraceRecorder, strShortRepr } from './recorder';
import { StepView, VIEW_DEFAULTS, VIEW_LIMITS, ViewGroup, ViewObject, ViewQuery, ViewRef } from './view';

/**
 * The referents the view neither lists nor follows: the interpreter's machinery rather than the
 * program's values. By the owner's type name (tp_name), the names of the referents left out, or
 * '*' for all of them: a class is shown as a box of its own, without its namespace, __mro__ and
 * __bases__; a module without its namespace; a function with its defaults and closure, without
 * its code, globals and names; code objects and __main__'s loader (importlib's SourceFileLoader)
 * show nothing of their insides.
 */
export const NOT_FOLLOWED: Readonly<Record<string, readonly string[] | '*'>> = {
  function: ['__code__', '__globals__', '__name__', '__qualname__', '__builtins__', '__module__', '__doc__'],
  type: '*',
  module: '*',
  code: '*',
  SourceFileLoader: '*',
};

/** the view of step `query.step` of a recorded run (the step is clamped to 0..rec.steps) */
export function stepView(rec: TraceRecorder, query: ViewQuery): StepView {
  return readerView(rec, rec.reader(query.step), query);
}

/** the view of the step `r` reads: one of rec's own readers, or an exact reader of the same step
 *  made by a replay of the run (replay.ts); what changed at the step comes from rec's log */
export function readerView(rec: TraceRecorder, r: StepReader, query: ViewQuery): StepView {
  const budget = clamp(query.budget ?? VIEW_DEFAULTS.budget, 0, VIEW_LIMITS.budget);
  const itemCap = clamp(query.itemCap ?? VIEW_DEFAULTS.itemCap, 0, VIEW_LIMITS.itemCap);
  const tail = clamp(query.outputTail ?? VIEW_DEFAULTS.outputTail, 0, VIEW_LIMITS.outputTail);

  const objects: ViewObject[] = [];
  /** the serials queued (shown, or left for the budget), and those shown */
  const seen = new Set<number>();
  const shownSerials: number[] = [];
  let refsLeft: number = VIEW_LIMITS.refs;
  const show = (s: number, depth: number, follow: ((t: number) => void) | null): void => {
    const o = viewObject(r, s, depth, Math.min(itemCap, refsLeft), follow);
    refsLeft -= o.refs.length;
    objects.push(o);
    shownSerials.push(s);
  };

  // breadth first from the names: the innermost frame's first
  let queue: number[] = [];
  for (let f = r.frames.length - 1; f >= 0; f--) {
    for (const s of r.localSerials[f]) {
      if (s >= 0 && !seen.has(s) && r.live(s)) { seen.add(s); queue.push(s); }
    }
  }
  for (let depth = 1; queue.length && objects.length < budget; depth++) {
    const next: number[] = [];
    const follow = (t: number): void => {
      if (t >= 0 && !seen.has(t) && r.live(t)) { seen.add(t); next.push(t); }
    };
    for (const s of queue) {
      if (objects.length >= budget) break;
      show(s, depth, follow);
    }
    queue = next;
  }
  // (those queued over the budget are counted in the groups)
  const shown = new Set(shownSerials);

  // objects asked for: an expanded group's first objects in allocation order, then ids
  const expand = (query.expand ?? []).slice(0, VIEW_LIMITS.expandTypes);
  const bucketOf = new Int32Array(r.typeNames.length).fill(-1);
  const limits: number[] = [];
  let room: number = VIEW_LIMITS.expand;
  for (const e of expand) {
    const limit = clamp(e.limit, 0, room);
    room -= limit;
    const b = limits.length;
    limits.push(limit);
    r.typeNames.forEach((name, t) => { if (name === e.type && bucketOf[t] < 0) bucketOf[t] = b; });
  }
  if (room < VIEW_LIMITS.expand) {
    for (const picked of r.select(bucketOf, limits, (x) => shown.has(x))) {
      for (const s of picked) { shown.add(s); show(s, 0, null); }
    }
  }
  const include = new Set((query.include ?? []).slice(0, VIEW_LIMITS.include));
  const included = r.serialsOf(include);
  for (const id of include) {
    const s = included.get(id);
    if (s === undefined || shown.has(s)) continue;
    shown.add(s);
    show(s, 0, null);
  }

  // everything else, by type
  const census = r.census();
  const { count, bytes, preexisting } = census;
  for (const s of shownSerials) {
    const t = r.type(s);
    count[t]--;
    bytes[t] -= r.size(s);
    if (r.preexisting(s)) preexisting[t]--;
  }
  const byName = new Map<string, ViewGroup>();
  for (let t = 0; t < count.length; t++) {
    if (count[t] <= 0) continue;
    const name = r.typeNames[t];
    let g = byName.get(name);
    if (!g) byName.set(name, (g = { type: name, count: 0, bytes: 0 }));
    g.count += count[t];
    g.bytes += bytes[t];
    if (preexisting[t] > 0) g.preexisting = (g.preexisting ?? 0) + preexisting[t];
  }
  const groups = [...byName.values()].sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));

  const freed = rec.freedAt(r.step, VIEW_LIMITS.changes);
  return {
    pythonVersion: r.pythonVersion,
    step: r.step,
    totalSteps: r.totalSteps,
    line: r.line,
    finished: r.finished,
    exact: r.exact,
    frames: r.frames,
    objects,
    groups,
    allocated: rec.allocatedAt(r.step, VIEW_LIMITS.changes),
    freed: { count: freed.count, items: freed.items, temporary: freed.temporary },
    heap: census.heap,
    gc: r.gc,
    output: r.output(tail),
  };
}

/** object s as the view shows it; `follow` is told of each referent listed (null: none is) */
function viewObject(r: StepReader, s: number, depth: number, itemCap: number, follow: ((t: number) => void) | null): ViewObject {
  const type = r.typeNames[r.type(s)];
  const raw = r.refcnt(s);
  const immortal = raw >= IMMORTAL_REFCNT / 2 && r.profile.immortalRefcnt !== null;
  const refs: ViewRef[] = [];
  let refsTotal = 0;
  const n = r.refCount(s);
  if (n) {
    const hidden = NOT_FOLLOWED[type];
    const labels = r.labels(s);
    const sequence = type === 'list' || type === 'tuple';
    if (hidden !== '*') {
      if (labels && labels.kind === 'pairs') {
        // dict_traverse: value, key, value, key, ...: one arrow per value, labelled with its key
        refsTotal = n >> 1;
        for (let k = 0; k + 1 < n && refs.length < itemCap; k += 2) {
          refs.push({ id: r.refId(s, k), label: labels.names[k] ?? null, keyId: r.refId(s, k + 1) });
          if (follow) follow(r.refSerial(s, k));
        }
      } else {
        for (let k = 0; k < n; k++) {
          const name = labels ? labels.names[k] ?? null : null;
          if (hidden && name !== null && hidden.includes(name)) continue;
          refsTotal++;
          if (refs.length >= itemCap) continue;
          let label: string | null = name;
          if (sequence) label = String(k);
          else if (labels && labels.kind === 'str-keys' && name !== null) label = strShortRepr(name);
          refs.push({ id: r.refId(s, k), label });
          if (follow) follow(r.refSerial(s, k));
        }
      }
    }
  }
  return {
    id: r.id(s),
    type,
    size: r.size(s),
    refcnt: raw < 0 ? -1 : reportedRefcount(r.profile, raw),
    immortal,
    gen: r.gen(s),
    repr: r.repr(s),
    refs,
    refsTotal,
    cache: r.cache(s),
    isNew: r.isNew(s),
    depth,
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.floor(Number.isFinite(v) ? v : lo)));
}
