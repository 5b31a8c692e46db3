// The Memory tab's part of `npm run bench` (also `npm run bench:chart`): the panel's webview as it
// ships, with the development harness's stand-in for the host (the real engine in the page), in
// headless Chromium, on the bench's million-step workload: the series' computation (as the worker
// does it), the time from the tab's click to the drawn chart, the chart's own drawing of the
// whole run's series (points built, uPlot's setData and draw), a zoom from the drag let go to the
// finer series drawn, and a step change redrawing the step's line. It reports, it does not enforce.
//
// Targets: a drawing under 16 ms (one frame) at any run length; the series under 150 ms.

import * as os from 'os';
import { runMemoryHarness } from '../test/webview/harness/memory';

async function main(): Promise<number> {
  const width = 1600;
  const { problems, timings: t } = await runMemoryHarness({ build: true, program: 'million', width, bench: true });
  console.log(`\npymemsim Memory tab bench: headless Chromium, ${width} px wide, node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}\n`);
  if (!t) {
    console.log(`the bench did not finish: ${problems.join('; ')}`);
    return 1;
  }
  const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;
  console.log([
    `million strs in a list (${t.totalSteps.toLocaleString('en-US')} steps; ${t.buckets.toLocaleString('en-US')} points of ${t.stride} steps)`,
    `  series computed (in the page; the worker's is in the bench above): ${ms(t.seriesMs)}`,
    `  Memory tab clicked to the chart drawn: ${ms(t.tabToChartMs)}`,
    `  the chart's drawing (median of 9): ${ms(t.drawMs)}   (target < 16 ms)`,
    `  a drag let go to the zoomed series drawn: ${ms(t.zoomMs)}`,
    `  a step change, the step's line redrawn (to the next frame, median): ${ms(t.stepRedrawMs)}`,
  ].join('\n'));
  if (problems.length) console.log(`\nproblems: ${problems.join('; ')}`);
  return problems.length ? 1 : 0;
}

main().then((c) => process.exit(c), (e) => {
  console.error(e);
  process.exit(1);
});
