// Free lists: blocks of dead objects kept for reuse instead of going back to pymalloc, per version
// (Objects/floatobject.c free_list, Objects/tupleobject.c free_list[] per length, Objects/
// listobject.c free_list, Objects/dictobject.c free_list and keys_free_list, Objects/
// frameobject.c free_list and co_zombieframe up to 3.10; consolidated in 3.13's
// struct _Py_object_freelists). A block on a free list stays allocated in pymalloc (so it counts in
// sys.getallocatedblocks()), and an object taken from it reuses its address. Reuse and parking do
// not touch the cyclic GC's generation-0 count; clearing the lists at a full collection does
// (PyObject_GC_Del).

import type { PyObject } from './objects';
import type { Runtime } from './runtime';

export class FreeLists {
  float: number[] = [];
  /** tuple blocks by length */
  tuple: number[][] = [];
  list: number[] = [];
  dict: number[] = [];
  /** 8-slot dict keys tables (PyDictKeysObject) */
  keys: number[] = [];
  /** ≤3.10 frame objects: block and its size */
  frames: { block: number; size: number }[] = [];
}

/** take a block from a free list for `o` (the object's start is `pre` bytes into it) */
export function reuseBlock(r: Runtime, o: PyObject, block: number, nbytes: number, pre: number): void {
  o.addr = block + pre;
  o.allocSize = nbytes;
  r.liveObjects++;
  if (r.tracer !== null) { r.tracer.alloc(o, block, nbytes); if (r.tracer.reused) r.tracer.reused(o); }
}

/** put a dead object's block on a free list: it stays allocated; returns the block */
export function parkBlock(r: Runtime, o: PyObject, pre: number): number {
  const block = o.addr - pre;
  if (o.gcTracked) r.gcUntrack(o);
  if (r.tracer !== null) r.tracer.free(o, block);
  o.allocSize = 0;
  r.liveObjects--;
  return block;
}

/** a dead object's block goes on free list `fl` while it holds fewer than `max`, else back to
 *  pymalloc (the shape of every *_dealloc that keeps a free list) */
export function parkOrFree(r: Runtime, o: PyObject, fl: number[], max: number, pre: number): void {
  if (fl.length < max) fl.push(parkBlock(r, o, pre));
  else r.free(o);
}

/** _PyGC_ClearFreeLists / clear_freelists at a full collection: the blocks go back to pymalloc */
export function clearFreeLists(r: Runtime): void {
  const fl = r.freelists;
  const gcFree = (block: number) => {
    r.heap.free(block);
    const st = r.gcState;
    if (st.count[0] > 0) st.count[0]--;
  };
  for (const b of fl.float) r.heap.free(b);
  fl.float = [];
  for (const list of fl.tuple) if (list) for (const b of list) gcFree(b);
  fl.tuple = [];
  for (const b of fl.list) gcFree(b);
  fl.list = [];
  for (const b of fl.dict) gcFree(b);
  fl.dict = [];
  for (const b of fl.keys) r.heap.free(b);
  fl.keys = [];
  for (const f of fl.frames) gcFree(f.block);
  fl.frames = [];
}
