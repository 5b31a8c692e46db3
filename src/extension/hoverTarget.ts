// The name under the mouse in a line of Python: the identifier at a character and the dotted
// path that leads to it (`self.items` when the mouse is on `items`), or nothing when the
// character is in a comment, inside a string, on a keyword or a number, or on an attribute of
// something that is not a name (`f().x`, `a[0].x`). Pure (no `vscode`), tested in plain Node.

export interface HoverTarget {
  /** the dotted path up to the hovered identifier */
  path: string[];
  /** the hovered identifier's columns (0-based, end exclusive) */
  start: number;
  end: number;
}

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise',
  'return', 'try', 'while', 'with', 'yield',
]);

const ID_CHAR = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u;
const ID_START = /[\p{L}\p{Nl}_]/u;

/** the columns of `line` that are code: false inside a string literal or a comment (a string
 *  that a previous line opened is not known here: a triple-quoted string's inner lines count as
 *  code, which at worst gives a hover that finds no name) */
export function codeColumns(line: string): boolean[] {
  const code = new Array<boolean>(line.length).fill(true);
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '#') {
      for (let k = i; k < line.length; k++) code[k] = false;
      break;
    }
    if (c === '"' || c === '\'') {
      const q = line.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      let k = i + q.length;
      while (k < line.length && !line.startsWith(q, k)) k += line[k] === '\\' ? 2 : 1;
      const end = Math.min(line.length, k + q.length);
      for (let j = i; j < end; j++) code[j] = false;
      i = end;
      continue;
    }
    i++;
  }
  return code;
}

export function hoverTarget(line: string, character: number): HoverTarget | null {
  const code = codeColumns(line);
  if (character < 0 || character > line.length) return null;
  // the identifier around the character (the mouse may sit just after its last letter)
  let at = character;
  if (at === line.length || !ID_CHAR.test(line[at])) at--;
  if (at < 0 || !ID_CHAR.test(line[at]) || !code[at]) return null;
  let start = at, end = at + 1;
  while (start > 0 && ID_CHAR.test(line[start - 1])) start--;
  while (end < line.length && ID_CHAR.test(line[end])) end++;
  const word = line.slice(start, end);
  if (!ID_START.test(word[0]) || KEYWORDS.has(word)) return null;
  // a number's letters (`1e5`, `0x1f`) are not a name
  let r = start;
  while (r > 0 && /[0-9A-Za-z_.]/.test(line[r - 1])) r--;
  if (/[0-9]/.test(line[r]) || /^[0-9]/.test(word)) return null;
  const path = [word];
  let k = start;
  for (;;) {
    let j = k - 1;
    while (j >= 0 && (line[j] === ' ' || line[j] === '\t')) j--;
    if (j < 0 || line[j] !== '.') break;
    let e = j - 1;
    while (e >= 0 && (line[e] === ' ' || line[e] === '\t')) e--;
    if (e < 0) return null;
    if (!ID_CHAR.test(line[e])) {
      // `f().x`, `a[0].x`, `"s".join`: the thing before the dot is not a name
      return null;
    }
    let s = e;
    while (s > 0 && ID_CHAR.test(line[s - 1])) s--;
    const name = line.slice(s, e + 1);
    if (!ID_START.test(name[0]) || KEYWORDS.has(name)) return null;
    path.unshift(name);
    k = s;
  }
  return { path, start, end };
}
