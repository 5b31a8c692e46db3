// The timeline toolbar: first / previous / play / next / last, the playback speed, a slider over
// all steps, "step N of M" and "line L", previous / next heap change, the CPython version picker
// and "Simulate again". Native buttons, select and range input, styled with VS Code's colours.

import './timeline.css';
import { PANEL_VERSIONS, PyVersion } from '../../shared/protocol';
import type { Actions } from '../actions';
import { PLAY_SPEEDS, timelineModel } from '../model/timeline';
import type { AppState, Store } from '../store';
import { h, iconButton, setIcon, setText } from './dom';

export function createTimeline(store: Store, actions: Actions): HTMLElement {
  const first = iconButton('debug-reverse-continue', 'First step', () => actions.first());
  const back = iconButton('arrow-left', 'Previous step', () => actions.previous());
  const play = iconButton('play', 'Play', () => actions.togglePlay(), 'tl-play');
  const forward = iconButton('arrow-right', 'Next step', () => actions.next());
  const last = iconButton('debug-continue', 'Last step', () => actions.last());

  const speed = h('select', { class: 'pm-select tl-speed', title: 'Playback speed', attrs: { 'aria-label': 'Playback speed' } });
  for (const s of PLAY_SPEEDS) speed.append(h('option', { text: s.label, attrs: { value: String(s.value) } }));
  speed.addEventListener('change', () => actions.setSpeed(Number(speed.value)));

  const slider = h('input', { class: 'tl-slider', attrs: { type: 'range', min: '0', max: '0', step: '1', value: '0', 'aria-label': 'Step' } });
  slider.addEventListener('input', () => actions.goTo(Number(slider.value)));
  // while the pointer drags the thumb, the thumb is where the pointer is, not the step drawn
  let dragging = false;
  slider.addEventListener('pointerdown', () => { dragging = true; actions.scrub(true); });
  const release = () => {
    if (dragging) actions.scrub(false);
    dragging = false;
  };
  slider.addEventListener('pointerup', release);
  slider.addEventListener('pointercancel', release);
  slider.addEventListener('change', release);

  const stepLabel = h('span', { class: 'tl-step', attrs: { 'data-testid': 'step-label', 'aria-live': 'off' } });
  const lineLabel = h('span', { class: 'tl-line', attrs: { 'data-testid': 'line-label' } });

  const prevChange = iconButton('arrow-circle-left', 'Previous heap change', () => actions.heapChange(-1));
  const nextChange = iconButton('arrow-circle-right', 'Next heap change', () => actions.heapChange(1));

  const version = h('select', { class: 'pm-select tl-version', title: 'CPython version to simulate', attrs: { 'aria-label': 'CPython version' } });
  for (const v of PANEL_VERSIONS) version.append(h('option', { text: `CPython ${v}`, attrs: { value: v } }));
  version.addEventListener('change', () => actions.selectVersion(version.value as PyVersion));
  const rerun = iconButton('debug-rerun', 'Simulate again', () => actions.rerun());

  const el = h('div', { class: 'timeline', attrs: { role: 'toolbar', 'aria-label': 'Timeline' } }, [
    h('div', { class: 'tl-buttons' }, [first, back, play, forward, last]),
    speed,
    h('div', { class: 'tl-slider-wrap' }, [slider]),
    h('div', { class: 'tl-labels' }, [stepLabel, lineLabel]),
    h('div', { class: 'tl-buttons' }, [prevChange, nextChange]),
    h('div', { class: 'tl-end' }, [version, rerun]),
  ]);

  const render = (s: AppState) => {
    const t = timelineModel({ run: s.run, step: s.step, view: s.view && s.viewRun === s.run?.runId ? s.view : null, playing: s.playing });
    first.disabled = !t.canBack;
    back.disabled = !t.canBack;
    forward.disabled = !t.canForward;
    last.disabled = !t.canForward;
    play.disabled = !t.canPlay;
    play.setAttribute('aria-label', t.playLabel);
    play.title = t.playLabel;
    play.setAttribute('aria-pressed', String(s.playing));
    setIcon(play.firstElementChild as HTMLElement, t.playIcon);
    prevChange.disabled = !t.canBack;
    nextChange.disabled = !t.canForward;
    slider.disabled = !t.enabled;
    slider.max = String(t.sliderMax);
    if (!dragging && Number(slider.value) !== t.sliderValue) slider.value = String(t.sliderValue);
    slider.setAttribute('aria-valuetext', [t.stepLabel, t.lineLabel].filter(Boolean).join(', '));
    speed.value = String(s.speed);
    speed.disabled = !t.canPlay;
    setText(stepLabel, t.stepLabel);
    setText(lineLabel, t.lineLabel);
    lineLabel.classList.toggle('is-end', t.lineLabel === 'end');
    // while a step is on its way its line is not known: the label keeps its place but reads
    // nothing (its text would belong to the step before), except in playback, where it would
    // flicker at every step
    lineLabel.classList.toggle('is-pending', t.linePending && !s.playing);
    const v = s.version ?? s.run?.version ?? null;
    if (v && version.value !== v) version.value = v;
    version.disabled = !s.run && !s.running;
    rerun.disabled = !s.run && !s.running;
  };
  store.subscribe((s, changed) => {
    if (changed.has('run') || changed.has('step') || changed.has('view') || changed.has('playing') || changed.has('speed') || changed.has('version')
      || changed.has('running') || changed.has('loading') || changed.has('viewRun')) render(s);
  });
  return el;
}
