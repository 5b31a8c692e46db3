// The allocator map's view-model (model/allocmap.ts): the layout of arenas, pools and raw chunks,
// the pools' kinds, colours and shading, hit-testing through pan and zoom, the keyboard cursor, a
// pool's blocks with their owners and free-list order, and what changed at the step. The maps here
// are built by hand in the shape the engine sends (AllocMapView); their numbers are arbitrary.

import * as assert from 'assert';
import type { AllocMapPool, AllocMapView } from '../../src/shared/protocol';
import {
  MAP_METRICS, bitAt, poolsPerLine, blockAt, blockGrid, blockTooltip, blocksPerPool, changeText, classColor, countBits, fitTransform, fullnessShade,
  hitMap, layoutMap, legendText, moveCursor, panBy, poolBlocks, poolKind, sizeClassLines, toLayout, zoomAt, CLASS_COLORS, ownerText,
} from '../../src/webview/model/allocmap';

const POOL = 16384, ARENA = 1 << 20;

function map(extra: Partial<AllocMapView> = {}): AllocMapView {
  return {
    pythonVersion: '3.12', step: 5, exact: true, poolSize: POOL, arenaSize: ARENA, poolOverhead: 48, alignment: 16,
    smallRequestThreshold: 512, gcHeadSize: 16, preHeaderSize: 16,
    arenas: [
      // arena 0 at a pool boundary: 64 pools, 3 carved (class 3 in use, class 0 full, one empty)
      { index: 0, address: 0x7f0000000000, ntotalpools: 64, nfreepools: 62, szidx: [3, 0, 1], count: [10, 1021, 0], isNew: false },
      { index: 1, address: 0x7f0000100000, ntotalpools: 64, nfreepools: 63, szidx: [2], count: [5], isNew: true },
    ],
    freedArenas: [],
    raw: [{ address: 0x5500, size: 600, isNew: false }, { address: 0x6000, size: 300_000, isNew: true }],
    rawTotal: { count: 2, bytes: 300_600 },
    rawFreed: { count: 0, bytes: 0 },
    sizeClasses: [
      { szidx: 0, size: 16, numPools: 1, blocksInUse: 1021, availBlocks: 0 },
      { szidx: 3, size: 64, numPools: 1, blocksInUse: 10, availBlocks: 245 },
    ],
    changes: { address: [0x7f0000000000], allocated: [2], freed: [1] },
    changedPools: 1,
    pool: null,
    ...extra,
  };
}

describe('allocator map view-model: layout', () => {
  it('draws an arena as a row of every pool it can hold, carved or not', () => {
    const l = layoutMap(map());
    const arenaRows = l.rows.filter((r) => r.kind === 'arena');
    assert.strictEqual(arenaRows.length, 2);
    assert.strictEqual(arenaRows[0].slots, 64);
    assert.strictEqual(l.pools.length, 128);
    const step = MAP_METRICS.cell + MAP_METRICS.gap;
    assert.strictEqual(l.pools[1].x - l.pools[0].x, step);
    assert.strictEqual(l.rowW, 64 * step - MAP_METRICS.gap);
    // pool k of an arena is at its first pool address + k * POOL_SIZE
    assert.strictEqual(l.pools[2].address, 0x7f0000000000 + 2 * POOL);
    assert.strictEqual(l.pools[64].address, 0x7f0000100000);
    assert.ok(arenaRows[1].y > arenaRows[0].y);
    assert.ok(arenaRows[1].isNew);
  });

  it('tells used, full, empty and never-carved pools apart, coloured by size class and shaded by fullness', () => {
    const l = layoutMap(map());
    assert.deepStrictEqual(l.pools.slice(0, 4).map((p) => p.kind), ['used', 'full', 'empty', 'uncarved']);
    assert.strictEqual(l.pools[0].nblocks, 255); // (16384 - 48) / 64
    assert.strictEqual(l.pools[1].nblocks, 1021);
    assert.strictEqual(l.pools[0].color, 3 % CLASS_COLORS.length);
    assert.strictEqual(l.pools[3].color, -1);
    assert.strictEqual(l.pools[0].shade, 1);
    assert.strictEqual(l.pools[1].shade, 4);
    assert.strictEqual(l.pools[2].shade, 0);
    assert.strictEqual(poolKind(-1, 0, 0, true), 'unused');
    assert.strictEqual(fullnessShade(128, 255), 3);
    assert.strictEqual(classColor(CLASS_COLORS.length), 0);
    assert.strictEqual(blocksPerPool({ poolSize: 4096, poolOverhead: 48, alignment: 16 }, 0), 253);
  });

  it('marks the blocks allocated and freed at this step on their pool', () => {
    const l = layoutMap(map());
    assert.strictEqual(l.pools[0].allocated, 2);
    assert.strictEqual(l.pools[0].freed, 1);
    assert.strictEqual(l.pools[1].allocated, 0);
    assert.strictEqual(countBits('f1'), 5);
    assert.ok(bitAt('0008', 15) && !bitAt('0008', 14) && !bitAt('0008', 99));
  });

  it('puts the raw chunks after the arenas, as bars at the arenas\' byte scale', () => {
    const l = layoutMap(map());
    assert.strictEqual(l.raws.length, 2);
    const rawRow = l.rows.find((r) => r.kind === 'raw')!;
    assert.ok(rawRow.y > l.rows.filter((r) => r.kind === 'arena').pop()!.y);
    assert.strictEqual(l.raws[0].w, MAP_METRICS.minRaw, 'a chunk thinner than the minimum is drawn at the minimum');
    assert.ok(Math.abs(l.raws[1].w - 300_000 * (l.rowW / ARENA)) < 1e-9, 'sized by its bytes');
    // a chunk larger than an arena row wraps to a row of its own, at most the row's width
    const big = layoutMap(map({ raw: [{ address: 1, size: 600, isNew: false }, { address: 2, size: 5 << 20, isNew: false }] }));
    assert.strictEqual(big.raws[1].w, big.rowW);
    assert.ok(big.raws[1].y > big.raws[0].y);
  });

  it('shows an arena given back at this step as a row of its own', () => {
    const l = layoutMap(map({ freedArenas: [{ index: 4, address: 0x7f0000400000 }] }));
    const r = l.rows.find((x) => x.kind === 'freed-arena')!;
    assert.strictEqual(r.label, 'arena 4');
    assert.match(changeText(map({ freedArenas: [{ index: 4, address: 0 }] })), /arena 4 given back/);
  });

  it('lays out 100 arenas in one pass, every pool a cell', () => {
    const arenas = Array.from({ length: 100 }, (_, i) => ({
      index: i, address: 0x7f0000000000 + i * ARENA, ntotalpools: 64, nfreepools: 0,
      szidx: Array.from({ length: 64 }, (_, k) => k % 32), count: Array.from({ length: 64 }, (_, k) => k), isNew: false,
    }));
    const l = layoutMap(map({ arenas, changes: { address: [], allocated: [], freed: [] } }));
    assert.strictEqual(l.pools.length, 6400);
    assert.strictEqual(l.rows.filter((r) => r.kind === 'arena').length, 100);
  });
});

describe('allocator map view-model: hit-testing, pan and zoom, keyboard', () => {
  const l = layoutMap(map());

  it('finds the pool or raw chunk under a point, and nothing between cells', () => {
    const p = l.pools[2];
    const hit = hitMap(l, p.x + 1, p.y + 1);
    assert.ok(hit && hit.kind === 'pool' && hit.index === 2);
    assert.strictEqual(hitMap(l, p.x + p.w + 0.5, p.y + 1), null, 'the gap after a cell');
    assert.strictEqual(hitMap(l, 2, p.y + 1), null, 'the label column');
    const c = l.raws[1];
    const rh = hitMap(l, c.x + c.w / 2, c.y + 1);
    assert.ok(rh && rh.kind === 'raw' && rh.raw.size === 300_000);
  });

  it('maps screen points through the transform, zooming around the pointer and panning', () => {
    let t = { scale: 1, x: 0, y: 0 };
    t = zoomAt(t, 2, 100, 50);
    // the layout point under (100, 50) stays there
    assert.deepStrictEqual(toLayout(t, 100, 50), { x: 100, y: 50 });
    assert.strictEqual(t.scale, 2);
    t = panBy(t, 30, -10);
    assert.deepStrictEqual(toLayout(t, 130, 40), { x: 100, y: 50 });
    const p = l.pools[64 + 0];
    const sx = p.x * t.scale + t.x + 2, sy = p.y * t.scale + t.y + 2;
    const q = toLayout(t, sx, sy);
    const hit = hitMap(l, q.x, q.y);
    assert.ok(hit && hit.kind === 'pool' && hit.pool.address === 0x7f0000100000);
    // zoom is bounded
    assert.strictEqual(zoomAt({ scale: 1, x: 0, y: 0 }, 1000, 0, 0).scale, 8);
    assert.strictEqual(zoomAt({ scale: 1, x: 0, y: 0 }, 0.001, 0, 0).scale, 0.1);
    assert.ok(Math.abs(fitTransform(l, l.width / 2).scale - 0.5) < 1e-9);
  });

  it('moves the cursor along a row and between arenas in the same column', () => {
    assert.strictEqual(moveCursor(l, -1, 'right'), 0);
    assert.strictEqual(moveCursor(l, 0, 'right'), 1);
    assert.strictEqual(moveCursor(l, 0, 'left'), 0);
    assert.strictEqual(moveCursor(l, 5, 'down'), 69);
    assert.strictEqual(moveCursor(l, 69, 'up'), 5);
    assert.strictEqual(moveCursor(l, 69, 'down'), 69, 'no arena below');
    assert.strictEqual(moveCursor(l, 10, 'end'), 127);
    assert.strictEqual(moveCursor(l, 10, 'home'), 0);
  });
});

describe('allocator map view-model: a pool\'s blocks', () => {
  const pool: AllocMapPool = {
    address: 0x7f0000000000, arenaIndex: 0, szidx: 3, blockSize: 64, nblocks: 255, count: 3, state: 'used',
    // blocks 0, 1, 3 in use; 2 and 4 on the free list (4 first); 5.. never carved
    bitmap: 'b'.padEnd(64, '0'), allocatedNow: '8', freedNow: '1', carved: 5, nextoffset: 48 + 5 * 64, maxnextoffset: 16384 - 64, carvedExact: true,
    freeList: [4, 2],
    owners: [
      { block: 0, id: 0x7f0000000000 + 48 + 16, type: 'tuple', request: 56, buffer: false, offset: 16 },
      { block: 3, id: 0x7f00000a0000, type: 'list', request: 64, buffer: true, offset: 0 },
    ],
  };
  const m = map({ pool });

  it('has every block in use, on the free list (in its order) or never carved, with its owner', () => {
    const cells = poolBlocks(pool, 48);
    assert.strictEqual(cells.length, 255);
    assert.deepStrictEqual(cells.slice(0, 6).map((c) => c.state), ['used', 'used', 'free', 'used', 'free', 'uncarved']);
    assert.strictEqual(cells[4].freeIndex, 0, 'the head of the free list');
    assert.strictEqual(cells[2].freeIndex, 1);
    assert.strictEqual(cells[0].owner?.type, 'tuple');
    assert.strictEqual(cells[1].owner, null, 'a block in use that no object of the trace owns');
    assert.strictEqual(cells[3].address, pool.address + 48 + 3 * 64);
    assert.ok(cells[3].isNew && !cells[3].isFreed);
    assert.ok(cells[0].isFreed);
  });

  it('says what a block is: address, size class, request, owner and the header before id()', () => {
    const cells = poolBlocks({ ...pool, allocatedNow: '', freedNow: '' }, 48);
    const t0 = blockTooltip(m, pool, cells[0]);
    assert.strictEqual(t0[0], `block 0 at 0x${(pool.address + 48).toString(16)}`);
    assert.strictEqual(t0[1], 'size class 3 (64 B blocks)');
    assert.ok(t0.includes('request 56 B'));
    assert.ok(t0.includes(`owner tuple at 0x${(pool.address + 64).toString(16)}`));
    assert.ok(t0.some((l) => /16 B into the block/.test(l)));
    assert.ok(blockTooltip(m, pool, cells[3]).includes('owner buffer of list at 0x7f00000a0000'));
    assert.ok(blockTooltip(m, pool, cells[4]).includes('free: on the free list, 1st'));
    assert.ok(blockTooltip(m, pool, cells[7]).includes('never carved (past nextoffset)'));
    const approx = { ...pool, freeList: null, carvedExact: false };
    assert.ok(blockTooltip(m, approx, poolBlocks(approx, 48)[4]).some((l) => /not known at this step/.test(l)));
    assert.strictEqual(ownerText({ block: 0, id: 0, type: 'dict', request: 100, buffer: true, offset: 0 }), 'buffer of a dict');
  });

  it('hit-tests the blocks\' grid', () => {
    const g = blockGrid(255, 600);
    assert.ok(g.cols <= 32 && g.cols >= 1);
    assert.strictEqual(g.rows, Math.ceil(255 / g.cols));
    const step = g.cell + g.gap;
    assert.strictEqual(blockAt(g, 255, g.x0 + 1, g.y0 + 1), 0);
    assert.strictEqual(blockAt(g, 255, g.x0 + step + 1, g.y0 + step + 1), g.cols + 1);
    assert.strictEqual(blockAt(g, 255, g.x0 + g.cell + 0.5, g.y0 + 1), -1, 'the gap');
    assert.strictEqual(blockAt(g, 255, g.x0 + (g.cols - 1) * step + 1, g.y0 + (g.rows - 1) * step + 1), (255 % g.cols === 0) ? 254 : -1);
  });
});

describe('allocator map view-model: texts', () => {
  it('the legend\'s sizes come from the map (the version\'s pools and arenas)', () => {
    assert.match(legendText(map()), /^pool 16 KiB, arena 1 MiB, pool header 48 B/);
    assert.match(legendText(map({ poolSize: 4096, arenaSize: 256 << 10 })), /^pool 4 KiB, arena 256 KiB/);
  });

  it('what changed: blocks, raw chunks and arenas', () => {
    assert.strictEqual(changeText(map()), '2 blocks allocated, 1 block freed, 1 raw chunk allocated, arena 1 mapped');
    assert.strictEqual(changeText(map({ changes: { address: [], allocated: [], freed: [] }, changedPools: 0, raw: [], arenas: [], rawFreed: { count: 0, bytes: 0 } })), '');
  });

  it('prints the size-class table as sys._debugmallocstats() does', () => {
    assert.deepStrictEqual(sizeClassLines(map().sizeClasses), [
      'class   size   num pools   blocks in use  avail blocks',
      '-----   ----   ---------   -------------  ------------',
      '    0     16           1            1021             0',
      '    3     64           1              10           245',
    ]);
  });
});

describe('allocator map view-model: a narrow map', () => {
  it('wraps an arena\'s pools on 32 or 16 a line when the width is short, and hit-tests and moves on the lines', () => {
    assert.strictEqual(poolsPerLine(2000, 64), 64);
    assert.strictEqual(poolsPerLine(600, 64), 32);
    assert.strictEqual(poolsPerLine(300, 64), 16);
    assert.strictEqual(poolsPerLine(100, 64), 16);
    const l = layoutMap(map(), MAP_METRICS, 32);
    assert.strictEqual(l.wrap, 32);
    const arena0 = l.rows[0];
    assert.strictEqual(arena0.h, 2 * (MAP_METRICS.cellH + MAP_METRICS.gap) - MAP_METRICS.gap);
    const p33 = l.pools[33];
    assert.strictEqual(p33.x, l.pools[1].x);
    assert.ok(p33.y > l.pools[1].y);
    const hit = hitMap(l, p33.x + 1, p33.y + 1);
    assert.ok(hit && hit.kind === 'pool' && hit.index === 33);
    assert.strictEqual(moveCursor(l, 1, 'down'), 33, 'a line down within the arena');
    assert.strictEqual(moveCursor(l, 33, 'down'), 65, 'then the next arena\'s first line');
    assert.strictEqual(moveCursor(l, 65, 'up'), 33, 'up: the previous arena\'s last line');
    // the raw chunks keep the arenas' byte scale: two lines of rowW are one arena
    assert.ok(Math.abs(l.pxPerByte - (2 * l.rowW) / ARENA) < 1e-12);
  });
});
