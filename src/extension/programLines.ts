// A simulated program's lines and the document's: the lines of a selection without their
// common indentation, the mapping between a program's lines and its document's, and the first
// line where two versions of a text differ. Pure (no `vscode`), tested in plain Node.

/** where a program sits in its document: its line 1 is the document's line firstLine, and it has lineCount lines */
export interface LineSpan {
  firstLine: number;
  lineCount: number;
}

/** lines without the indentation they all share (blank lines do not count) */
export function dedent(lines: string[]): string[] {
  let common: string | null = null;
  for (const l of lines) {
    if (!l.trim()) continue;
    const ind = /^[ \t]*/.exec(l)![0];
    if (common === null) common = ind;
    else {
      let k = 0;
      while (k < common.length && k < ind.length && common[k] === ind[k]) k++;
      common = common.slice(0, k);
    }
  }
  const n = common?.length ?? 0;
  return n ? lines.map((l) => (l.trim() ? l.slice(n) : '')) : lines;
}

/** document line (1-based) of a program line; 0 stays 0 */
export function toDocLine(target: LineSpan, line: number): number {
  return line > 0 ? line + target.firstLine - 1 : 0;
}

/** program line of a document line (1-based), or 0 when it is outside the program */
export function toProgramLine(target: LineSpan, docLine: number): number {
  const l = docLine - target.firstLine + 1;
  return l >= 1 && l <= target.lineCount ? l : 0;
}

/** the first line (1-based) where two texts differ, or 0 when they have the same lines */
export function firstChangedLine(a: string, b: string): number {
  if (a === b) return 0;
  const x = a.split(/\r?\n/), y = b.split(/\r?\n/);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return i + 1;
  // the same lines (only their line ends differ), or one text goes on after the other
  return x.length === y.length ? 0 : n + 1;
}
