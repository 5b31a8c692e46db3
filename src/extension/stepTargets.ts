// Where the editor offers "Step to Line" as a code lens: above each function definition (to the
// function's next call: the first line of its body) and above each loop (to its next iteration:
// the loop's own line). Found from the program's text alone, so that the lenses appear as soon
// as a run is shown; pure (no `vscode`), tested in plain Node.

export interface StepTarget {
  /** the line the lens sits on (the `def`, `for` or `while` line), 1-based, in the program */
  line: number;
  kind: 'def' | 'loop';
  /** the function's name, or the loop's keyword */
  name: string;
  /** the line whose next run the lens steps to: the function's first body line, or the loop line */
  target: number;
}

const HEADER = /^([ \t]*)(?:async[ \t]+)?(def|for|while)\b[ \t]*([A-Za-z_][A-Za-z0-9_]*)?/;

export function stepTargets(source: string): StepTarget[] {
  const lines = source.split(/\r?\n/);
  const out: StepTarget[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = HEADER.exec(lines[i]);
    if (!m) continue;
    const indent = m[1].length;
    const kw = m[2];
    if (kw !== 'def') {
      out.push({ line: i + 1, kind: 'loop', name: kw, target: i + 1 });
      continue;
    }
    const end = headerEnd(lines, i);
    if (end < 0) continue;
    // a body on the header's own line (`def f(): return 1`) runs at that line
    const rest = afterColon(lines[end]);
    if (rest !== null && rest.trim() && !rest.trim().startsWith('#')) {
      out.push({ line: i + 1, kind: 'def', name: m[3] ?? '?', target: end + 1 });
      continue;
    }
    for (let j = end + 1; j < lines.length; j++) {
      const t = lines[j];
      if (!t.trim() || t.trim().startsWith('#')) continue;
      const ind = /^[ \t]*/.exec(t)![0].length;
      if (ind > indent) out.push({ line: i + 1, kind: 'def', name: m[3] ?? '?', target: j + 1 });
      break;
    }
  }
  return out;
}

/** the index of the line where a header that starts at line i ends (its colon at bracket depth 0) */
function headerEnd(lines: string[], i: number): number {
  let depth = 0;
  for (let j = i; j < lines.length && j < i + 200; j++) {
    const t = lines[j];
    let quote: string | null = null;
    for (let k = 0; k < t.length; k++) {
      const c = t[k];
      if (quote) {
        if (c === '\\') k++;
        else if (c === quote) quote = null;
        continue;
      }
      if (c === '#') break;
      if (c === '"' || c === "'") quote = c;
      else if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
      else if (c === ':' && depth === 0) return j;
    }
  }
  return -1;
}

/** what follows the header's colon on its line, or null */
function afterColon(line: string): string | null {
  let depth = 0;
  let quote: string | null = null;
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (quote) {
      if (c === '\\') k++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '#') return null;
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ':' && depth === 0) return line.slice(k + 1);
  }
  return null;
}
