// The timeline toolbar's state: "step N of M", "line L" or "end", which buttons are enabled, the
// slider's range, play or pause. Pure.

import type { RunInfo, StepView } from '../../shared/protocol';
import { formatCount } from './format';

/** does the run have steps to show? (a syntax error, an unsupported construct found before the
 *  run, a worker out of memory or a crash before the first step leave none) */
export function hasSteps(run: RunInfo | null): boolean {
  if (!run) return false;
  if (run.end === 'syntax' || run.end === 'out-of-memory') return false;
  if (run.totalSteps === 0 && (run.end === 'unsupported' || run.end === 'crashed')) return false;
  return true;
}

export interface TimelineModel {
  /** "step 12 of 1,234", "" without steps */
  stepLabel: string;
  /** "line 7", "end" past the last line, "" while not known */
  lineLabel: string;
  /** the line label is that of the step drawn, while the step asked for is on its way */
  linePending: boolean;
  sliderMax: number;
  sliderValue: number;
  enabled: boolean;
  canBack: boolean;
  canForward: boolean;
  canPlay: boolean;
  /** the play button's accessible name and codicon */
  playLabel: 'Play' | 'Pause';
  playIcon: string;
}

export interface TimelineInput {
  run: RunInfo | null;
  /** the step the panel is at (or moving to) */
  step: number;
  /** the view drawn, which may still be of an earlier step */
  view: StepView | null;
  playing: boolean;
}

export function timelineModel(t: TimelineInput): TimelineModel {
  const enabled = hasSteps(t.run);
  const total = enabled ? t.run!.totalSteps : 0;
  const step = Math.max(0, Math.min(t.step, total));
  const lineLabel = enabled && t.view ? lineText(t.view.line) : '';
  return {
    stepLabel: enabled ? `step ${formatCount(step)} of ${formatCount(total)}` : '',
    lineLabel,
    linePending: enabled && !!t.view && t.view.step !== step,
    sliderMax: total,
    sliderValue: step,
    enabled,
    canBack: enabled && step > 0,
    canForward: enabled && step < total,
    canPlay: enabled && total > 0,
    playLabel: t.playing ? 'Pause' : 'Play',
    playIcon: t.playing ? 'debug-pause' : 'play',
  };
}

/** "line 7", or "end" when no line is next */
export function lineText(line: number): string {
  return line > 0 ? `line ${formatCount(line)}` : 'end';
}

/** the playback speeds offered, in steps per second */
export const PLAY_SPEEDS: readonly { value: number; label: string }[] = [
  { value: 1, label: '1 step/s' },
  { value: 2, label: '2 steps/s' },
  { value: 5, label: '5 steps/s' },
  { value: 10, label: '10 steps/s' },
  { value: 30, label: '30 steps/s' },
  { value: 100, label: '100 steps/s' },
];

export const DEFAULT_SPEED = 2;
