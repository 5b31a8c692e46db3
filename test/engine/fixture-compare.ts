// How a fixture's output is compared with its recording (shared by the fixture tests and tools).

/**
 * A fixture that measures the allocator (sys.getallocatedblocks() deltas, which also count the
 * interpreter's own small allocations) may declare `# tolerance: N` on a line of its own: then an
 * output line that starts with `~` matches when its words are equal and each number is within N
 * of the recorded one. Every other line still matches exactly.
 */
export function toleranceOf(source: string): number {
  const m = /^# tolerance: (\d+)\s*$/m.exec(source);
  return m ? Number(m[1]) : 0;
}

export function sameOutput(got: string, want: string, tolerance: number): boolean {
  if (got === want) return true;
  if (!tolerance) return false;
  const a = got.split('\n');
  const b = want.split('\n');
  if (a.length !== b.length) return false;
  return a.every((line, i) => {
    if (line === b[i]) return true;
    if (!line.startsWith('~') || !b[i].startsWith('~')) return false;
    const x = line.split(/\s+/);
    const y = b[i].split(/\s+/);
    return x.length === y.length && x.every((w, j) => {
      if (w === y[j]) return true;
      const n = Number(w), m = Number(y[j]);
      return Number.isFinite(n) && Number.isFinite(m) && Math.abs(n - m) <= tolerance;
    });
  });
}


/** What the recorder keeps of an uncaught exception: the last line of the traceback that is not
 *  blank, so a message with line breaks ("TypeError: \n") compares by its last printed line. */
export function tracebackLastLine(type: string, message: string): string {
  const text = message ? `${type}: ${message}` : type;
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.length ? lines[lines.length - 1] : text;
}
