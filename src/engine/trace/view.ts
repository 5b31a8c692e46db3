// What the memory panel shows of one step: a window onto a MemorySnapshot. A snapshot of a large
// run holds every live object (a million strs in a list is a million objects); a picture can show
// a few hundred. The window keeps what the frames reach first, breadth first, up to a budget,
// with each object's referents labelled as Python Tutor labels them (list/tuple indices, dict
// keys, attribute names), and groups everything else by type ("12,345 more str, 710 KiB"), so a
// step of any size is a message of bounded size. It also says what changed at this step: the
// objects allocated by the line that just ran, and those freed.
//
// Pure data and pure functions over snapshots; computed where the trace lives (the simulation
// worker), sent to the panel through the protocol.

import type { SnapshotFrame } from './snapshot';

/** A referent drawn as an arrow from its owner's box. */
export interface ViewRef {
  /** id() of the referent */
  id: number;
  /** what the arrow is labelled with: `0`, `1`, ... for a list or tuple item, a key's repr for a
   *  dict value ("'k'", "2"), an attribute name for an instance or a class ("peer"), a slot name,
   *  `__dict__`, `__class__`, a closure cell's variable; null when nothing better is known */
  label: string | null;
  /** for a dict value: id() of its key object (the key is shown in the label, not as a box); only
   *  for dicts with keys other than str, whose keys are referents (tp_traverse) */
  keyId?: number;
}

/** How an object came to exist, when it is not an ordinary heap allocation of the program. */
export type ViewCache =
  /** None, True, False, Ellipsis, NotImplemented, (), the empty frozenset/bytes/str */
  | 'singleton'
  /** an int from the small-int cache (-5..256), never allocated by the program */
  | 'small-int'
  /** a one-character latin-1 str from the interpreter's cache */
  | 'latin1-char'
  /** an interned str (identifiers among the constants, names, sys.intern) */
  | 'interned'
  /** a constant of the program's code objects (co_consts), made before the first line */
  | 'constant'
  /** any other object that was there before the first line or is statically allocated (a
   *  built-in type, a module) */
  | 'preexisting';

export interface ViewObject {
  id: number;
  /** the type's name (tp_name) */
  type: string;
  /** sys.getsizeof */
  size: number;
  /** ob_refcnt; -1 when not known at this step */
  refcnt: number;
  /** ob_refcnt is immortal (3.12+: the count that sys.getrefcount reports for immortal objects) */
  immortal: boolean;
  /** GC generation 0..2, 3 for the permanent generation (gc.freeze), -1 untracked, -2 not known */
  gen: number;
  /** a short repr that ran no Python code; null when none was recorded at this step */
  repr: string | null;
  /** the referents drawn, in their natural order (items, key/value pairs, attributes), at most
   *  itemCap of them; the interpreter's machinery (a function's code and globals, a class's
   *  namespace, mro and bases, a module's namespace: see NOT_FOLLOWED in window.ts) is left out.
   *  A referent may be an object that is not shown (over the budget, or not known to the trace,
   *  like a built-in type) */
  refs: ViewRef[];
  /** how many such referents the object has in all, a dict's key/value pairs counting one (refs
   *  may stop before: "... 999,976 more items") */
  refsTotal: number;
  /** why the object is not an ordinary heap allocation of the program, or null */
  cache: ViewCache | null;
  /** allocated by the line that ran into this step */
  isNew: boolean;
  /** breadth-first distance from the frames' names (1: bound to a name); 0 for objects shown
   *  because a group was expanded or an id was asked for */
  depth: number;
}

/** The live objects that are not shown, of one type (every live object the trace knows, the
 *  pre-existing ones too, is either shown or in exactly one group). */
export interface ViewGroup {
  type: string;
  count: number;
  /** sum of sys.getsizeof */
  bytes: number;
  /** how many of them were there before the first line or are statically allocated (counted in
   *  count and bytes; absent when none) */
  preexisting?: number;
}

/** An object freed by the line that ran into this step. */
export interface ViewFreed {
  id: number;
  type: string;
  /** sys.getsizeof when last known */
  size: number;
}

export interface ViewHeapSummary {
  /** live objects of the program (without the pre-existing ones) */
  liveObjects: number;
  /** sys.getallocatedblocks() of the simulated heap */
  allocatedBlocks: number;
  arenas: number;
  poolsInUse: number;
  poolSize: number;
  arenaSize: number;
  /** bytes in pymalloc blocks in use, and in raw malloc'd chunks (requests over 512 bytes) */
  pymallocBytes: number;
  rawBytes: number;
  rawChunks: number;
}

/** What the panel draws at one step. */
export interface StepView {
  pythonVersion: string;
  step: number;
  totalSteps: number;
  /** the next line to run; 0 at the end of the run */
  line: number;
  /** this is the state after the last step */
  finished: boolean;
  /** every field was read from the interpreter at this step (see MemorySnapshot.exact) */
  exact: boolean;
  /** outermost first; each local's id is 0 when the name is unbound */
  frames: SnapshotFrame[];
  /** the objects shown: those the frames reach, breadth first, then expanded groups and asked ids */
  objects: ViewObject[];
  /** the live objects not shown, by type, largest count first */
  groups: ViewGroup[];
  /** objects allocated during this step that are still alive: count, and the first ids (at most
   *  VIEW_LIMITS.changes), in allocation order */
  allocated: { count: number; ids: number[] };
  /** objects freed during this step that were alive before it: count, and the first of them (at
   *  most VIEW_LIMITS.changes), in allocation order; `temporary`: objects the step both allocated
   *  and freed (never seen at any step) */
  freed: { count: number; items: ViewFreed[]; temporary?: number };
  heap: ViewHeapSummary;
  gc: { count: [number, number, number]; threshold: [number, number, number] };
  /** what the program printed up to this step: its last `text`, with `skipped` characters before */
  output: { text: string; skipped: number };
}

/** What to show at a step, beyond the defaults. */
export interface ViewQuery {
  step: number;
  /** most objects reached from the frames to show (default 150, at most VIEW_LIMITS.budget) */
  budget?: number;
  /** most referents of one container to follow and draw (default 16, at most VIEW_LIMITS.itemCap) */
  itemCap?: number;
  /** show this many objects of these types besides, the first in allocation order (their groups
   *  shrink accordingly; at most VIEW_LIMITS.expand objects in all) */
  expand?: { type: string; limit: number }[];
  /** ids to include whatever their distance (a selected object; at most VIEW_LIMITS.include) */
  include?: number[];
  /** the output's tail to send, in characters (default 65,536, at most VIEW_LIMITS.outputTail) */
  outputTail?: number;
  /** when the trace's view of the step is not exact (a step between two sparse checkpoints), make
   *  it exact: the simulation worker replays the run to the step and reads the interpreter there
   *  (replay.ts). The reply is the same view with every field read at the step (exact: true) */
  exact?: boolean;
}

export const VIEW_DEFAULTS = { budget: 150, itemCap: 16, outputTail: 65_536 } as const;

/** the most a query can ask for, so that a view stays bounded whatever the run: objects reached,
 *  referents per object, referents listed by all objects together (the objects shown after that
 *  list none, their refsTotal still says how many they have), objects shown by expand (all types
 *  together) and types expanded, ids included, ids and freed objects listed, output characters */
export const VIEW_LIMITS = {
  budget: 2_000, itemCap: 256, refs: 10_000, expand: 2_000, expandTypes: 50, include: 100, changes: 300, outputTail: 1 << 20,
} as const;
