// The allocator map's part of `npm run bench` (also `npm run bench:allocmap`): the time to draw one
// frame of the Allocator tab's map with 100 arenas (every pool carved, a third of them changed at
// the step, 2,000 raw chunks), in headless Chromium, as the panel draws it (allocatorCanvas.ts
// drawMap on a layout from model/allocmap.ts) at the panel's usual size: zoomed out to show every
// arena, fitted to the width (the first frame), zoomed in, and panned. Each frame is followed by a one-pixel read back, so that the time includes the
// rasterizing. A frame that shows most of the map is the map drawn once per step (a cache) scaled;
// one zoomed in is drawn anew. Target: under 16 ms a frame. It reports, it does not enforce.
//
// Chromium is /usr/bin/chromium unless CHROMIUM_PATH says otherwise.

import * as fs from 'fs';
import * as path from 'path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..');

const ENTRY = `
import { layoutMap, fitTransform, zoomAt, panBy } from './src/webview/model/allocmap';
import { cacheScale, drawMap, readColors, renderMapCache, wantsCache } from './src/webview/components/allocatorCanvas';

const POOL = 16384, ARENA = 1 << 20, ARENAS = 100;
let seed = 1;
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const arenas = [];
const changes = { address: [], allocated: [], freed: [] };
for (let i = 0; i < ARENAS; i++) {
  const address = 0x7f0000000000 + i * ARENA;
  const szidx = [], count = [];
  for (let k = 0; k < 64; k++) {
    const z = Math.floor(rnd() * 32);
    const nb = Math.floor((POOL - 48) / ((z + 1) * 16));
    szidx.push(z);
    count.push(rnd() < 0.1 ? 0 : Math.max(1, Math.floor(rnd() * nb)));
    if (rnd() < 0.33) { changes.address.push(address + k * POOL); changes.allocated.push(1); changes.freed.push(1); }
  }
  arenas.push({ index: i, address, ntotalpools: 64, nfreepools: 0, szidx, count, isNew: i === ARENAS - 1 });
}
const raw = [];
for (let i = 0; i < 2000; i++) raw.push({ address: 0x5000 + i * 8192, size: 513 + Math.floor(rnd() * 60000), isNew: i % 50 === 0 });
const map = {
  pythonVersion: '3.12', step: 1, exact: true, poolSize: POOL, arenaSize: ARENA, poolOverhead: 48, alignment: 16,
  smallRequestThreshold: 512, gcHeadSize: 16, preHeaderSize: 16, arenas, freedArenas: [{ index: 100, address: 0 }], raw,
  rawTotal: { count: raw.length, bytes: 0 }, rawFreed: { count: 0, bytes: 0 }, sizeClasses: [], changes, changedPools: changes.address.length, pool: null,
};

window.runBench = (frames) => {
  const canvas = document.createElement('canvas');
  const W = 900, H = 560, dpr = window.devicePixelRatio || 1;
  canvas.width = W * dpr; canvas.height = H * dpr;
  document.body.append(canvas);
  const ctx = canvas.getContext('2d');
  const t0 = performance.now();
  const layout = layoutMap(map);
  const layoutMs = performance.now() - t0;
  const colors = readColors(document.body);
  const whole = { scale: Math.min(W / layout.width, H / layout.height), x: 0, y: 0 };
  const fitted = fitTransform(layout, W);
  const make = (w, h) => { const c = document.createElement('canvas'); c.width = w; c.height = h; return c; };
  // the caches the panel draws for these two views (once per step)
  const caches = {};
  const cacheMs = {};
  for (const [name, t] of Object.entries({ whole, fitted })) {
    // (as the panel: a cache only where it pays)
    if (!wantsCache(layout, t, W, H, dpr)) { caches[name] = null; cacheMs[name] = 0; continue; }
    const t1 = performance.now();
    caches[name] = renderMapCache(layout, colors, cacheScale(t.scale, dpr), make);
    caches[name].canvas.getContext('2d').getImageData(0, 0, 1, 1);
    cacheMs[name] = performance.now() - t1;
  }
  const views = { 'all 100 arenas in view': whole, 'fitted to the width': fitted, zoomed: zoomAt(fitted, 4, 300, 200), panned: panBy(zoomAt(fitted, 2, 0, 0), -400, -300) };
  const out = { layoutMs, cacheMs, pools: layout.pools.length, frames: {}, how: {} };
  const cacheOf = { 'all 100 arenas in view': caches.whole, 'fitted to the width': caches.fitted, zoomed: caches.fitted, panned: caches.fitted };
  for (const [name, transform] of Object.entries(views)) {
    const times = [];
    for (let i = 0; i < frames; i++) {
      const s = performance.now();
      out.how[name] = drawMap(ctx, { layout, transform, width: W, height: H, dpr, colors, cursor: i % layout.pools.length, focused: true }, cacheOf[name]);
      ctx.getImageData(0, 0, 1, 1);
      times.push(performance.now() - s);
    }
    out.frames[name] = times;
  }
  return out;
};
`;

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(2)} ms, p90 ${q(0.9).toFixed(2)} ms, max ${s[s.length - 1].toFixed(2)} ms (n=${s.length})`;
}

async function main(): Promise<void> {
  const built = await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'bench-allocmap-entry.ts' },
    bundle: true, write: false, format: 'iife', target: 'es2022', logLevel: 'silent',
  });
  const js = built.outputFiles[0].text;
  const themes = fs.readFileSync(path.join(ROOT, 'test', 'webview', 'harness', 'themes.css'), 'utf8');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await page.setContent(`<!doctype html><html><head><style>${themes}</style></head><body class="vscode-dark"></body></html>`);
    await page.addScriptTag({ content: js });
    // a warm-up run, then the measured one
    await page.evaluate(() => (window as unknown as { runBench(n: number): unknown }).runBench(20));
    const r = await page.evaluate(() => (window as unknown as { runBench(n: number): unknown }).runBench(200)) as {
      layoutMs: number; cacheMs: Record<string, number>; pools: number; frames: Record<string, number[]>; how: Record<string, string>;
    };
    console.log(`allocator map, 100 arenas (${r.pools} pool cells, 2,000 raw chunks), 900x560 canvas; target < 16 ms a frame`);
    console.log(`  a new step's map: layout ${r.layoutMs.toFixed(2)} ms; the whole map drawn once (the cache of the frames that show most of it) `
      + `at the scale of all arenas in view ${r.cacheMs.whole.toFixed(2)} ms${r.cacheMs.fitted ? `, fitted to the width ${r.cacheMs.fitted.toFixed(2)} ms` : ' (fitted to the width, the rows in view are drawn anew)'}`);
    for (const [name, times] of Object.entries(r.frames)) console.log(`  frame, ${name} (drawn ${r.how[name] === 'cache' ? 'from the cache' : 'anew'}): ${stats(times)}`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
