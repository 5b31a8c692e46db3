// The `mem` module: the allocator's view of an object, which real CPython has no module for. It is
// offered only to a run started with RunOptions.memHelpers (the checks of annotated snippets,
// docs/annotations.md), as a name of the builtins module and as an importable module; any other
// run has no `mem` at all, as CPython.
//
//   mem.blocks(o)      the blocks o holds: its own and its buffers' (a list's ob_item, a dict's
//                      keys table, a set's table, an instance's values array, a bytearray's bytes)
//   mem.held(o)        the bytes of those blocks (each pymalloc block its size class's size, a raw
//                      chunk its malloc_usable_size)
//   mem.block_size(o)  the size of o's own block (0 when o has none: a static object)
//   mem.size_class(o)  its own block's size class index (szidx); -1 for a raw chunk or no block
//   mem.arenas()       arenas mapped now
//   mem.pools()        pools in use now (used or full)
//   mem.collections()  collections the cyclic collector made so far
//
// Every value is read from the simulated allocator (memory/obmalloc.ts) at the moment of the
// call: an object's own block is id() less its PyGC_Head and pre-header, its buffers are the blocks
// the runtime reported allocating for it (the same reports the step trace keeps for the details
// pane), and each block counts only while the allocator holds it in use. An object made before
// the program's first line (by the interpreter's start-up) counts its own block, and those of its
// buffers that changed since.

import type { PyObject, NativeFn } from './objects';
import type { Tracer, Runtime } from './runtime';
import { rt } from './runtime';
import { argCount } from './native';
import * as ops from './ops';

/** Follows which object owns which buffer block, from the runtime's allocation reports. */
export class BufferLedger implements Tracer {
  /** buffer block -> its owner */
  private readonly owners = new Map<number, PyObject>();
  /** owner -> its buffer blocks */
  private readonly buffers = new Map<PyObject, Set<number>>();
  /** bytes before id() in an object's own block (GC head, pre-header), from its allocation */
  private readonly pre = new WeakMap<PyObject, number>();

  line(): void { /* nothing */ }
  output(): void { /* nothing */ }
  gcPhase(): void { /* nothing */ }

  alloc(o: PyObject, block: number): void {
    this.pre.set(o, o.addr - block);
  }

  free(o: PyObject): void {
    const own = this.buffers.get(o);
    if (!own) return;
    for (const b of own) if (this.owners.get(b) === o) this.owners.delete(b);
    this.buffers.delete(o);
  }

  buffer(owner: PyObject, oldBlock: number, newBlock: number): void {
    if (oldBlock) this.drop(oldBlock);
    if (newBlock) {
      this.drop(newBlock);
      this.owners.set(newBlock, owner);
      let own = this.buffers.get(owner);
      if (!own) this.buffers.set(owner, (own = new Set()));
      own.add(newBlock);
    }
  }

  private drop(block: number): void {
    const o = this.owners.get(block);
    if (o === undefined) return;
    this.owners.delete(block);
    const own = this.buffers.get(o);
    if (own) { own.delete(block); if (own.size === 0) this.buffers.delete(o); }
  }

  /** the address of o's own block, 0 when it has none */
  ownBlock(r: Runtime, o: PyObject): number {
    if (!o.allocSize) return 0;
    return o.addr - (this.pre.get(o) ?? r.preSize(o));
  }

  /** o's buffer blocks, by address */
  buffersOf(o: PyObject): number[] {
    const own = this.buffers.get(o);
    return own ? [...own].sort((a, b) => a - b) : [];
  }
}

/** the blocks o holds that the allocator has in use: its own first, then its buffers */
function heldBlocks(r: Runtime, ledger: BufferLedger, o: PyObject): { szidx: number; size: number }[] {
  const out: { szidx: number; size: number }[] = [];
  const own = ledger.ownBlock(r, o);
  if (own) { const b = r.heap.blockAt(own); if (b) out.push(b); }
  for (const block of ledger.buffersOf(o)) {
    const b = r.heap.blockAt(block);
    if (b) out.push(b);
  }
  return out;
}

/** creates the `mem` module and binds it in builtins and sys.modules */
export function installMemModule(r: Runtime, ledger: BufferLedger): void {
  const m = r.newModule('mem');
  const def = (name: string, f: NativeFn): void => ops.dictSetStrSteal(m.dict, name, r.newBuiltin(name, f, m));
  const one = (name: string, f: (o: PyObject) => number): void => def(name, (args, kw) => {
    argCount(name, args, 1, 1, kw);
    return rt.newInt(f(args[0]));
  });
  const none = (name: string, f: () => number): void => def(name, (args, kw) => {
    argCount(name, args, 0, 0, kw);
    return rt.newInt(f());
  });
  one('blocks', (o) => heldBlocks(rt, ledger, o).length);
  one('held', (o) => heldBlocks(rt, ledger, o).reduce((n, b) => n + b.size, 0));
  one('block_size', (o) => {
    const own = ledger.ownBlock(rt, o);
    return (own && rt.heap.blockAt(own)?.size) || 0;
  });
  one('size_class', (o) => {
    const own = ledger.ownBlock(rt, o);
    const b = own ? rt.heap.blockAt(own) : null;
    return b ? b.szidx : -1;
  });
  none('arenas', () => rt.heap.arenasInUse);
  none('pools', () => rt.heap.poolsInUse());
  none('collections', () => rt.gcState.collections);
  r.modules.set('mem', m);
  m.ob_refcnt++;
  ops.dictSetStrSteal(r.builtins, 'mem', m);
}

/** A tracer that also keeps the ledger up to date, for a run with `mem` that is recorded too. */
export function teeTracer(ledger: BufferLedger, t: Tracer): Tracer {
  const tee: Tracer = {
    line: (f, l) => t.line(f, l),
    alloc: (o, b, s) => { ledger.alloc(o, b); t.alloc(o, b, s); },
    free: (o, b) => { ledger.free(o); t.free(o, b); },
    buffer: (o, a, b, s, w) => { ledger.buffer(o, a, b); t.buffer(o, a, b, s, w); },
    output: (text) => t.output(text),
    gcPhase: (p, g, n) => t.gcPhase(p, g, n),
  };
  if (t.gcCollectionStart) tee.gcCollectionStart = (g, reason) => t.gcCollectionStart!(g, reason);
  if (t.gcCollectionEnd) tee.gcCollectionEnd = (b) => t.gcCollectionEnd!(b);
  if (t.cached) tee.cached = (o) => t.cached!(o);
  if (t.resized) tee.resized = (o, a, s) => t.resized!(o, a, s);
  if (t.reused) tee.reused = (o) => t.reused!(o);
  return tee;
}
