// The panel's frame: the timeline toolbar on top, the banners (simulation in progress, problem,
// notices), then a split: above, a tab strip whose first tab, "Objects", holds the drawing,
// "Allocator" pymalloc's arenas, pools and blocks (allocatorView.ts) and "Memory" the allocator's
// figures over every step (memoryChart.ts); below, the program's output.

import './app.css';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-split-layout/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { Actions } from '../actions';
import { formatCount } from '../model/format';
import type { Store } from '../store';
import { custom, h, setText } from './dom';
import { createMemoryChart } from './memoryChart';
import { createMemoryView } from './memoryView';
import { createAllocatorView } from './allocatorView';
import { createDetailsView } from './detailsView';
import { createCollectorView } from './collectorView';
import { createOutput } from './output';
import { createSnippetView } from './snippetView';
import { createStatus } from './status';
import { createTimeline } from './timeline';

export function createApp(store: Store, actions: Actions): HTMLElement {
  const count = custom('vscode-badge', { attrs: { variant: 'counter', 'aria-label': 'objects drawn' } });
  const objectsTab = custom('vscode-tab-header', { attrs: { slot: 'header' } }, ['Objects', count]);
  const objectsPanel = custom('vscode-tab-panel', { class: 'pm-tab-panel' }, [
    h('div', { class: 'pm-objects' }, [createMemoryView(store, actions), createDetailsView(store, actions)]),
  ]);
  const allocatorTab = custom('vscode-tab-header', { attrs: { slot: 'header', 'data-testid': 'allocator-tab' } }, ['Allocator']);
  const allocatorPanel = custom('vscode-tab-panel', { class: 'pm-tab-panel' }, [createAllocatorView(store, actions)]);
  const memoryChart = createMemoryChart(store, actions);
  const memoryTab = custom('vscode-tab-header', { attrs: { slot: 'header' } }, ['Memory']);
  const memoryPanel = custom('vscode-tab-panel', { class: 'pm-tab-panel' }, [memoryChart.el]);
  const collectorTab = custom('vscode-tab-header', { attrs: { slot: 'header', 'data-testid': 'collector-tab' } }, ['Collector']);
  const collectorPanel = custom('vscode-tab-panel', { class: 'pm-tab-panel' }, [createCollectorView(store, actions)]);
  const tabs = custom('vscode-tabs', { class: 'pm-tabs', attrs: { 'selected-index': '0', panel: '' } },
    [objectsTab, objectsPanel, allocatorTab, allocatorPanel, collectorTab, collectorPanel, memoryTab, memoryPanel]);
  // the allocator's maps and the collections are asked for, and the chart draws (and asks for its
  // series), only while their tab is shown
  tabs.addEventListener('vsc-tabs-select', (e) => {
    const i = (e as CustomEvent<{ selectedIndex: number }>).detail?.selectedIndex;
    const header = i === undefined ? undefined : tabs.querySelectorAll(':scope > vscode-tab-header')[i];
    actions.showAllocator(header === allocatorTab);
    actions.showCollector(header === collectorTab);
    if (header === memoryTab) memoryChart.shown();
    else memoryChart.hidden();
  });

  const split = custom('vscode-split-layout', {
    class: 'pm-split',
    attrs: { split: 'horizontal', 'initial-handle-position': '80%', 'fixed-pane': 'end', 'min-start': '120px', 'min-end': '48px' },
  }, [
    h('div', { class: 'pm-main', attrs: { slot: 'start' } }, [createSnippetView(store, actions), tabs]),
    h('div', { class: 'pm-bottom', attrs: { slot: 'end' } }, [createOutput(store)]),
  ]);

  store.subscribe((s, changed) => {
    if (!changed.has('view') && !changed.has('viewRun')) return;
    const view = s.view && s.viewRun === s.run?.runId ? s.view : null;
    count.hidden = !view;
    if (view) setText(count, formatCount(view.objects.length));
  });

  return h('div', { class: 'pm-app' }, [createTimeline(store, actions), createStatus(store, actions), split]);
}
