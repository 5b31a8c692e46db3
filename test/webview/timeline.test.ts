// The timeline's labels and which controls are enabled.

import * as assert from 'assert';
import { hasSteps, lineText, timelineModel } from '../../src/webview/model/timeline';
import { runInfo, view } from './fixtures';

describe('webview timeline', () => {
  it('reads "step N of M" and the line of the view drawn', () => {
    const t = timelineModel({ run: runInfo(), step: 1234, view: view([], [], { step: 1234, line: 7 }), playing: false });
    assert.strictEqual(t.stepLabel, 'step 1,234 of 12,345');
    assert.strictEqual(t.lineLabel, 'line 7');
    assert.strictEqual(t.sliderMax, 12_345);
    assert.strictEqual(t.sliderValue, 1234);
  });

  it('reads "end" past the last line, and the drawn step\'s line while the next is on its way', () => {
    assert.strictEqual(timelineModel({ run: runInfo(), step: 5, view: view([], [], { step: 5, line: 0 }), playing: false }).lineLabel, 'end');
    const pending = timelineModel({ run: runInfo(), step: 6, view: view([], [], { step: 5, line: 3 }), playing: false });
    assert.deepStrictEqual([pending.lineLabel, pending.linePending], ['line 3', true]);
    assert.strictEqual(timelineModel({ run: runInfo(), step: 6, view: null, playing: false }).lineLabel, '');
    assert.strictEqual(lineText(12_000), 'line 12,000');
  });

  it('enables back at step 0 never, forward at the last step never', () => {
    const at0 = timelineModel({ run: runInfo({ totalSteps: 10 }), step: 0, view: null, playing: false });
    assert.deepStrictEqual([at0.canBack, at0.canForward, at0.canPlay], [false, true, true]);
    const atEnd = timelineModel({ run: runInfo({ totalSteps: 10 }), step: 10, view: null, playing: false });
    assert.deepStrictEqual([atEnd.canBack, atEnd.canForward, atEnd.canPlay], [true, false, true]);
  });

  it('says Pause while playing', () => {
    const t = timelineModel({ run: runInfo(), step: 1, view: null, playing: true });
    assert.strictEqual(t.playLabel, 'Pause');
    assert.strictEqual(t.playIcon, 'debug-pause');
    assert.strictEqual(timelineModel({ run: runInfo(), step: 1, view: null, playing: false }).playLabel, 'Play');
  });

  it('is disabled for a run without steps', () => {
    const syntax = runInfo({ end: 'syntax', totalSteps: 0, problem: { kind: 'syntax', line: 3, message: 'SyntaxError: invalid syntax' } });
    assert.strictEqual(hasSteps(syntax), false);
    const t = timelineModel({ run: syntax, step: 0, view: null, playing: false });
    assert.deepStrictEqual([t.enabled, t.canBack, t.canForward, t.canPlay, t.stepLabel], [false, false, false, false, '']);
    assert.strictEqual(hasSteps(runInfo({ end: 'unsupported', totalSteps: 0 })), false);
    assert.strictEqual(hasSteps(runInfo({ end: 'unsupported', totalSteps: 40 })), true);
    assert.strictEqual(hasSteps(runInfo({ end: 'step-limit' })), true);
    assert.strictEqual(hasSteps(runInfo({ end: 'out-of-memory' })), false);
    assert.strictEqual(hasSteps(null), false);
  });

  it('clamps the step into the run', () => {
    assert.strictEqual(timelineModel({ run: runInfo({ totalSteps: 10 }), step: 99, view: null, playing: false }).stepLabel, 'step 10 of 10');
  });
});
