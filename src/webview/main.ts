// The memory panel's browser code (dist/webview.js, with dist/webview.css): it asks the extension
// host for the steps of a simulated run and draws them: the timeline, the stack and the heap, the
// output. Modules: messaging.ts (the only code that talks to the host), store.ts (the state),
// controller.ts (the behaviour), components/ (one widget per file, its CSS beside it), model/
// (pure view-models, tested in Node).
//
// DOM hooks for the UI tests (keep them stable):
//   buttons, by aria-label: "First step", "Previous step", "Next step", "Last step", "Play"
//     (aria-label "Pause" while playing), "Previous heap change", "Next heap change",
//     "Simulate again", "Cancel simulation" (in the running banner), "Expand" (in a heap group row;
//     then "Show N more" and "Collapse <type>");
//   select[aria-label="Playback speed"], select[aria-label="CPython version"] (values "3.8".."3.13"),
//   input[type=range][aria-label="Step"];
//   [data-testid="step-label"]: "step N of M" (thousands separators); [data-testid="line-label"]:
//     "line L", or "end";
//   [data-testid="stack"]: .frame elements newest first (.frame.is-current is the innermost), each
//     with .frame-name ("f", "<module>") and .frame-line ("line 7"), and .local rows with
//     .local-name and data-target-id="<id>" (no data-target-id, class is-unbound, when unbound);
//   [data-testid="heap"]: [data-testid="heap-object"] boxes with data-id, data-type, class is-new
//     when allocated by the step, is-freed for the ghost of an object freed by the step, is-selected
//     when selected; their text has the type, the repr, "NN B", "rc N" (or "immortal"), "gen N" (or
//     "untracked", "permanent"); [data-testid="heap-group"] rows ("12,345 more str, 710 KiB") with
//     data-type; [data-testid="freed"] ("freed at this step: ..."); [data-testid="inexact"] when
//     some values of the step come from an earlier checkpoint (its text starts "Approximate:
//     refining" while the exact view of the step is on its way);
//   [data-testid="output"] (stdout), [data-testid="traceback"], [data-testid="problem"] (with a
//     button whose name holds "line N", which reveals the line), [data-testid="running"].
//   The banners, the traceback and the freed line are always in the DOM, hidden (display: none)
//   when they do not apply; the line label is blank (visibility: hidden: its innerText is "")
//   while a step is on its way, so that it never reads the line of another step than the step
//   label's.
//   the "Memory" tab (vscode-tab-header): [data-testid="memory-chart"] (focusable; data-from,
//     data-to, data-stride of the series drawn, data-draw-ms), its plot area .u-over (a click goes
//     to the step under it), [data-testid="memory-readout"], the button "Reset zoom".
//   The heap element's data-layout-ms, data-paint-ms, data-layout-cached and data-dagre-nodes say
//   what the last drawing cost.
//   The Allocator tab: [data-testid="allocator-tab"] (its header), [data-testid="allocator"];
//   [data-testid="alloc-map"] the map's canvas (focusable: arrows move the cursor over the pools,
//   Enter opens the pool; data-arenas, data-draw-ms, data-drawn-from "direct" or "cache");
//   [data-testid="alloc-legend"] ("CPython 3.12: pool 16 KiB, arena 1 MiB, ..."),
//   [data-testid="alloc-changes"], [data-testid="alloc-inexact"], [data-testid="size-classes"]
//   (a table: class, size, num pools, blocks in use, avail blocks); a pool zoomed into:
//   [data-testid="alloc-pool"], [data-testid="alloc-pool-title"], [data-testid="alloc-pool-header"],
//   [data-testid="alloc-pool-blocks"] (the blocks' canvas: arrows move, Enter selects the owner,
//   Escape goes back), [data-testid="alloc-block-info"] (the block's lines; data-owner-id when an
//   object owns it), [data-testid="alloc-free-list"].
//   The Collector tab: [data-testid="collector-tab"] (its header), [data-testid="collector"];
//   [data-testid="collector-generations"] (a table: generation, count / threshold, the count's
//   meaning); [data-testid="collector-list-title"], [data-testid="collector-item"] buttons (data-index,
//   data-step; "Step N", "gc.collect(), generation 2", "2 collected of ..."); a collection opened:
//   [data-testid="collector-detail"] (focusable: Left/Right, Home/End move between phases),
//   [data-testid="collector-detail-title"], [data-testid="collector-phase-prev"] / -next,
//   [data-testid="collector-phase-position"] ("Phase 3 of 8: subtract_refs"),
//   [data-testid="collector-phase-item"] buttons, [data-testid="collector-phase-title"], -explain,
//   -facts, [data-testid="collector-phase-table"] (id, type, then the phase's columns),
//   [data-testid="collector-highlight-note"], [data-testid="collector-step-before"],
//   [data-testid="collector-after-step"]. The heap's boxes of the phase's objects have the class
//   is-gc-highlight.

import './styles/base.css';
import type { AppState } from './store';
import { Store } from './store';
import { Controller } from './controller';
import { HostConnection } from './messaging';
import { createApp } from './components/app';
import { keyAction } from './model/keyboard';
import { DEFAULT_SPEED } from './model/timeline';

const initial: AppState = {
  run: null,
  running: null,
  step: 0,
  view: null,
  previousView: null,
  viewRun: null,
  viewError: null,
  loading: false,
  refining: false,
  selected: null,
  expand: [],
  playing: false,
  speed: DEFAULT_SPEED,
  notice: null,
  version: null,
  allocatorOpen: false,
  allocMap: null,
  allocMapRun: null,
  allocPool: null,
  memory: null,
  collectorOpen: false,
  collections: null,
  collectionsRun: null,
  collectionOpen: null,
  collectionPhase: 0,
  highlight: null,
};

function main(): void {
  const store = new Store(initial);
  const controller = new Controller(store);
  const root = document.getElementById('app') ?? document.body;
  root.replaceChildren(createApp(store, controller));

  window.addEventListener('keydown', (e) => {
    const t = e.target instanceof Element ? e.target : null;
    const focus = {
      tag: t ? t.tagName.toLowerCase() : 'body',
      type: t instanceof HTMLInputElement ? t.type : undefined,
      editable: t instanceof HTMLElement && (t.isContentEditable || /^(textbox|combobox|listbox|option|searchbox)$/.test(t.getAttribute('role') ?? '')),
      button: t?.getAttribute('role') === 'button',
    };
    const action = keyAction(e, focus);
    if (!action) return;
    e.preventDefault();
    switch (action) {
      case 'previous': return controller.previous();
      case 'next': return controller.next();
      case 'first': return controller.first();
      case 'last': return controller.last();
      case 'togglePlay': return controller.togglePlay();
      case 'clearSelection': return controller.select(null);
    }
  });

  controller.start(new HostConnection((m) => controller.push(m)));
}

main();
