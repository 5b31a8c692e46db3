// Playback against the clock: at N steps per second, the step due at a moment is where the play
// started plus the elapsed time times N, so when the panel draws slower than the speed it skips
// steps instead of falling behind. Pure: the caller passes the time.

export class PlayClock {
  private from = 0;
  private t0 = 0;
  private rate = 1;

  /** start (or restart, after a speed change or a jump) at `step` */
  start(step: number, now: number, stepsPerSecond: number): void {
    this.from = step;
    this.t0 = now;
    this.rate = Math.max(0.001, stepsPerSecond);
  }

  /** the step due at `now`, at most `last` */
  due(now: number, last: number): number {
    const n = Math.floor(((now - this.t0) * this.rate) / 1000 + 1e-9);
    return Math.min(last, this.from + Math.max(0, n));
  }

  /** milliseconds from `now` until the step after `shown` is due */
  delayAfter(shown: number, now: number): number {
    const at = this.t0 + ((shown + 1 - this.from) * 1000) / this.rate;
    return Math.max(0, at - now);
  }
}
