// The details pane's view-model: an object's allocation breakdown (each request with its block,
// size class, pool and arena; sys.getsizeof beside the bytes actually held, and why they differ),
// its referrers grouped with ob_refcnt broken down, the chain of references from a root (or why
// there is none), and its cache and free-list status. Pure functions of the ObjectDetails the
// worker sends; no DOM.

import type { DetailsAllocation, DetailsReferrer, ObjectDetails } from '../../shared/protocol';
import { formatCount } from './format';
import { hex } from './allocmap';

/** exact bytes: "56 B", "1,048 B" */
export function bytes(n: number): string {
  return `${formatCount(n)} B`;
}

export interface BreakdownRow {
  /** what the request is: "list object", "ob_item" */
  what: string;
  /** the parts of the request before id() and after it: "PyGC_Head 16 B + pre-header 16 B + object 56 B" */
  parts: string | null;
  request: number;
  /** "64 B (class 3)" or "raw malloc, 1,048 B usable" */
  block: string;
  held: number;
  /** "pool 0x7f..000, arena 2" or "" */
  where: string;
  /** block - request: the rounding */
  slack: number;
}

export interface Breakdown {
  rows: BreakdownRow[];
  requested: number;
  held: number;
  sizeof: number;
  /** lines that explain held - sizeof */
  explain: string[];
}

function blockText(a: DetailsAllocation): string {
  return a.allocator === 'pymalloc' ? `${bytes(a.blockSize)} (class ${a.szidx})` : `raw malloc, ${bytes(a.blockSize)} usable`;
}

function whereText(a: DetailsAllocation): string {
  if (a.allocator === 'raw') return `chunk at ${hex(a.address)}`;
  const parts: string[] = [];
  if (a.pool !== null) parts.push(`pool ${hex(a.pool)}`);
  if (a.arena !== null) parts.push(`arena ${a.arena}`);
  return parts.join(', ');
}

/** the rows of the allocation breakdown and the totals, with what explains their difference */
export function breakdown(d: ObjectDetails): Breakdown {
  const rows: BreakdownRow[] = d.allocations.map((a) => {
    let parts: string | null = null;
    if (a.kind === 'object' && (a.gcHead || a.preHeader)) {
      const p: string[] = [];
      if (a.preHeader) p.push(`pre-header ${bytes(a.preHeader)}`);
      if (a.gcHead) p.push(`PyGC_Head ${bytes(a.gcHead)}`);
      p.push(`object ${bytes(a.request - a.gcHead - a.preHeader)}`);
      parts = p.join(' + ');
    }
    return {
      what: a.kind === 'object' ? `${a.what} object` : a.what,
      parts,
      request: a.request,
      block: blockText(a),
      held: a.blockSize,
      where: whereText(a),
      slack: a.blockSize - a.request,
    };
  });
  const requested = rows.reduce((x, r) => x + r.request, 0);
  const held = rows.reduce((x, r) => x + r.held, 0);
  const explain: string[] = [];
  const obj = d.allocations.find((a) => a.kind === 'object');
  if (obj && (obj.gcHead || obj.preHeader)) {
    const hdr: string[] = [];
    if (obj.preHeader) hdr.push(`the pre-header (${bytes(obj.preHeader)})`);
    if (obj.gcHead) hdr.push(`the PyGC_Head (${bytes(obj.gcHead)})`);
    explain.push(`${hdr.join(' and ')}: before id(), in the object's block; sys.getsizeof counts ${obj.preHeader && obj.gcHead ? 'them' : 'it'}`);
  }
  for (const r of rows) {
    if (r.slack > 0) explain.push(`${r.what}: ${bytes(r.request)} rounded up to its ${r.block.startsWith('raw') ? 'chunk' : 'size class'}: +${bytes(r.slack)}`);
  }
  const extra = requested - d.sizeof;
  if (rows.length && extra > 0) explain.push(`${bytes(extra)} requested that sys.getsizeof does not count`);
  else if (rows.length && extra < 0) explain.push(`sys.getsizeof counts ${bytes(-extra)} that are not blocks of this object (a shared keys table, or a buffer the simulator does not trace)`);
  for (const n of d.allocationNotes) explain.push(n);
  return { rows, requested, held, sizeof: d.sizeof, explain };
}

export interface ReferrerRow {
  /** "a (in <module>)", "[0] of list", "'k' of dict", ".peer of P" */
  text: string;
  /** the holder to select (0: a frame, nothing to select) */
  id: number;
}

export interface ReferrerGroup {
  title: 'Frames' | 'Containers' | 'Attributes' | 'Interpreter' | 'Unexplained';
  count: number;
  rows: ReferrerRow[];
}

export interface Referrers {
  groups: ReferrerGroup[];
  /** "ob_refcnt 5 = 4 listed + 1 interpreter + 0 unexplained", or why it cannot be broken down */
  sum: string;
}

/** one referrer as a line */
export function referrerText(r: DetailsReferrer): string {
  switch (r.kind) {
    case 'local': return `${r.label ?? '?'} (${r.repr === 'cell' ? 'cell variable' : 'local'} of ${r.type})`;
    case 'global': return `${r.label ?? '?'} (global of the module)`;
    case 'item': return `[${r.label ?? '?'}] of ${r.type} at ${hex(r.id)}`;
    case 'value': return `[${r.label ?? '?'}] of ${r.type} at ${hex(r.id)}`;
    case 'key': return `key ${r.label ?? '?'} of ${r.type} at ${hex(r.id)}`;
    case 'attribute': return `.${r.label ?? '?'} of ${r.type} at ${hex(r.id)}`;
    default: return `${r.label ? `${r.label} of ` : ''}${r.type} at ${hex(r.id)}`;
  }
}

const INTERNAL_TEXT: Record<string, string> = {
  'small-int cache': 'the small-int cache (small_ints)',
  'latin-1 cache': 'the latin-1 character cache',
  'interned table': 'the interned strings table (its references are not counted in ob_refcnt)',
  'code constants': 'the constants of a code object (co_consts)',
  immortal: 'immortal: ob_refcnt is not counted',
};

/** the referrers by kind, with ob_refcnt broken down */
export function referrerGroups(d: ObjectDetails): Referrers {
  const groups: ReferrerGroup[] = [];
  const add = (title: ReferrerGroup['title'], rows: ReferrerRow[], count = rows.length): void => {
    if (count) groups.push({ title, count, rows });
  };
  const of = (kinds: string[]): ReferrerRow[] => d.referrers.filter((r) => kinds.includes(r.kind)).map((r) => ({ text: referrerText(r), id: r.id }));
  add('Frames', of(['local', 'global']));
  add('Containers', of(['item', 'value', 'key', 'referent']));
  add('Attributes', of(['attribute']));
  const more = d.referrersTotal - d.referrers.length;
  if (more > 0) {
    const last = groups[groups.length - 1];
    if (last) { last.rows.push({ text: `${formatCount(more)} more`, id: 0 }); last.count += more; }
  }
  const internalCount = d.internal.reduce((x, i) => x + i.count, 0);
  add('Interpreter', d.internal.map((i) => ({
    text: `${INTERNAL_TEXT[i.what] ?? i.what}${i.detail ? `: ${i.detail}` : ''}${i.count ? '' : ' (not counted)'}`, id: 0,
  })), d.internal.length);
  if (d.unexplained !== null && d.unexplained !== 0) {
    add('Unexplained', [{
      text: d.unexplained > 0
        ? `${plural(d.unexplained, 'reference')} the trace does not show (the evaluation stack, a str key of a dict, an interpreter's table)`
        : `${plural(-d.unexplained, 'reference')} more listed than ob_refcnt counts`,
      id: 0,
    }], Math.abs(d.unexplained));
  }
  let sum: string;
  if (d.immortal) sum = 'ob_refcnt is immortal: references are not counted';
  else if (d.refcntShared) sum = `ob_refcnt ${formatCount(d.refcnt)}: made before the program, its count includes the whole interpreter's references`;
  else if (d.refcnt < 0) sum = 'ob_refcnt is not known at this step';
  else sum = `ob_refcnt ${formatCount(d.refcnt)} = ${formatCount(d.referrersTotal)} listed + ${formatCount(internalCount)} interpreter + ${formatCount(d.unexplained ?? 0)} unexplained`;
  return { groups, sum };
}

function plural(n: number, one: string): string {
  return `${formatCount(n)} ${n === 1 ? one : `${one}s`}`;
}

export interface ChainStep {
  /** "a" for the root, "[0]", "['k']", ".peer" for a hop */
  via: string;
  /** "list at 0x..." */
  text: string;
  id: number;
}

export interface ChainModel {
  /** 'root': steps from the root; else a sentence */
  kind: 'root' | 'cycle' | 'none' | 'unknown';
  /** "global of the module", "local of f" */
  root: string;
  steps: ChainStep[];
  message: string;
}

/** the chain of references from a root, or why there is none */
export function chainModel(d: ObjectDetails): ChainModel {
  if (d.reach === 'root' && d.chain) {
    const c = d.chain;
    const steps: ChainStep[] = c.hops.map((h, i) => {
      let via: string;
      if (i === 0) via = c.name;
      else if (h.kind === 'attribute') via = `.${h.label ?? '?'}`;
      else if (h.kind === 'key') via = `key ${h.label ?? '?'}`;
      else via = h.label !== null ? `[${h.label}]` : '(referent)';
      return { via, text: `${h.type} at ${hex(h.id)}`, id: h.id };
    });
    const root = c.kind === 'global' ? 'global of the module' : `local of ${c.frame}`;
    return { kind: 'root', root, steps, message: `reached from ${c.kind === 'global' ? 'the global' : 'the local'} ${c.name}` };
  }
  const message = d.reach === 'cycle'
    ? 'unreachable: only a cycle holds it (the cyclic collector would free it)'
    : d.reach === 'unknown'
      ? 'the search for a root stopped: the heap is too large'
      : d.cache !== null
        ? 'no root of the program reaches it: the interpreter holds it'
        : 'no root the trace knows reaches it (a temporary, or the interpreter holds it)';
  return { kind: d.reach, root: '', steps: [], message };
}

const CACHE_TEXT: Record<string, string> = {
  singleton: 'a singleton of the interpreter',
  'small-int': 'a small int (-5..256) from the small-int cache: never allocated by the program',
  'latin1-char': 'a one-character latin-1 str from the interpreter\'s cache',
  interned: 'an interned str',
  constant: 'a constant of the program\'s code, made before the first line',
  preexisting: 'there before the first line (or statically allocated)',
};

/** the cache and free-list lines */
export function cacheLines(d: ObjectDetails): string[] {
  const out: string[] = [];
  if (d.cache) out.push(CACHE_TEXT[d.cache] ?? d.cache);
  if (d.immortal) out.push('immortal: never freed');
  if (d.fromFreeList) out.push(`its block was taken from the ${d.type} free list, not from pymalloc`);
  const o = d.onDeath;
  if (o) {
    const back = o.to === 'raw' ? 'freed to the C library (raw malloc)' : 'back to its pool in pymalloc';
    out.push(o.freeList
      ? `when it dies: onto the ${o.freeList} free list while it holds fewer than ${formatCount(o.max)}, else ${back}`
      : `when it dies: ${back}`);
  }
  if (d.gen >= 0) out.push(`tracked by the cyclic collector (generation ${d.gen === 3 ? 'permanent' : d.gen})`);
  else if (d.gen === -1) out.push('not tracked by the cyclic collector');
  return out;
}
