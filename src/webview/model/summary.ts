// The heap summary line under the drawing: live objects, allocated blocks, arenas and pools,
// bytes in pymalloc blocks and in raw allocations, and the collector's counts against its
// thresholds. Pure.

import type { StepView } from '../../shared/protocol';
import { formatBytes, formatCount, plural } from './format';

export interface SummaryItem {
  text: string;
  title: string;
}

export function heapSummary(view: StepView): SummaryItem[] {
  const h = view.heap;
  const [c0, c1, c2] = view.gc.count;
  const [t0, t1, t2] = view.gc.threshold;
  return [
    { text: `${plural(h.liveObjects, 'object')} of the program`, title: 'live objects the program allocated (the drawing also shows objects that were there before it, such as interned strings and modules)' },
    { text: plural(h.allocatedBlocks, 'block'), title: 'sys.getallocatedblocks(): pymalloc blocks in use' },
    {
      text: `${plural(h.arenas, 'arena')}, ${plural(h.poolsInUse, 'pool')}`,
      title: `pymalloc arenas of ${formatBytes(h.arenaSize)}, and pools of ${formatBytes(h.poolSize)} in use`,
    },
    { text: `pymalloc ${formatBytes(h.pymallocBytes)}`, title: 'bytes in pymalloc blocks in use' },
    {
      text: `raw ${formatBytes(h.rawBytes)}`,
      title: `bytes in ${plural(h.rawChunks, 'chunk')} of the C heap (requests over 512 bytes)`,
    },
    {
      text: `gc ${formatCount(c0)}/${formatCount(t0)} · ${formatCount(c1)}/${formatCount(t1)} · ${formatCount(c2)}/${formatCount(t2)}`,
      title: 'gc.get_count() against gc.get_threshold(), generations 0, 1 and 2',
    },
  ];
}
