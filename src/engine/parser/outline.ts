// The outline of a source: its statements (with the clauses of compound statements and the
// blocks they own) and its comments, as plain data. Built from Lezer's error-tolerant parse
// (parser.ts sourceOutline), so it exists for any text at all, broken or not, in time linear in
// its length: the annotations of a snippet (annotations/parse.ts) are found and placed with it, and
// the checker inserts its probes with it.

import { LineIndex } from './tokenizer';

export type CompoundKind = 'if' | 'for' | 'while' | 'try' | 'with' | 'def' | 'class' | 'match';

/** One clause of a compound statement: its header and its block. */
export interface OutlineClause {
  /** 'if', 'elif', 'else', 'for', 'while', 'try', 'except', 'finally', 'with', 'def', 'class', 'case' */
  keyword: string;
  /** the header's first character (the statement's own start for its first clause: decorators, `async`) */
  from: number;
  line: number;
  /** the ':' that ends the header */
  colon: number;
  colonLine: number;
  /** the statements of its block (indices into SourceOutline.statements) */
  body: number[];
  /** the block is on the header's line (`if x: y = 1`) */
  inline: boolean;
}

export interface OutlineStatement {
  /** the compound statement's keyword (`async def` is 'def', a decorated class 'class'), or 'simple' */
  kind: CompoundKind | 'simple';
  /** for a simple statement: 'return', 'raise', 'break', 'continue', 'pass', 'import', 'expression',
   *  'scope' (global, nonlocal) or 'other' */
  simple: string | null;
  /** offsets of its first character and past its last one (a compound statement: its last block's end) */
  from: number;
  to: number;
  /** 1-based lines of its first and last characters */
  line: number;
  endLine: number;
  /** the indentation of its block: the leading white space of the line its logical line starts on */
  indent: string;
  /** the enclosing statement, -1 at module level */
  parent: number;
  /** it is in a block written on its header's line */
  inline: boolean;
  /** the first statement of a module, class or function body, and a string: a docstring */
  docstring: boolean;
  /** `from __future__ import ...` */
  future: boolean;
  clauses: OutlineClause[];
}

export interface OutlineComment {
  from: number;
  to: number;
  line: number;
  /** 0-based column (UTF-16 code units, as the editor counts) */
  col: number;
  /** the text, starting with '#' */
  text: string;
  /** code precedes it on its line */
  trailing: boolean;
}

/** What parser.ts reads of Lezer's tree, in document order (a node's start before its children's). */
export type OutlineEvent =
  | { type: 'statement'; name: string; from: number; to: number; docstringLike: boolean; future: boolean }
  | { type: 'end-statement' }
  | { type: 'group'; from: number }
  | { type: 'end-group' }
  | { type: 'body'; keyword: string; keywordFrom: number; colon: number; end: number }
  | { type: 'comment'; from: number; to: number };

const KINDS: Record<string, CompoundKind> = {
  IfStatement: 'if', ForStatement: 'for', WhileStatement: 'while', TryStatement: 'try', WithStatement: 'with',
  FunctionDefinition: 'def', ClassDefinition: 'class', MatchStatement: 'match',
};
const SIMPLE: Record<string, string> = {
  ReturnStatement: 'return', RaiseStatement: 'raise', BreakStatement: 'break', ContinueStatement: 'continue',
  PassStatement: 'pass', ImportStatement: 'import', ExpressionStatement: 'expression', ScopeStatement: 'scope',
};

export class SourceOutline {
  readonly statements: OutlineStatement[] = [];
  readonly comments: OutlineComment[] = [];
  readonly lines: LineIndex;
  /** per line (index line - 1): the offsets of its first and last characters of code (not white
   *  space, not in a comment), -1 when it has none */
  private readonly firstCode: Int32Array;
  private readonly lastCode: Int32Array;
  /** per line: the nearest line with code before it and after it (0: none) */
  private readonly prevCode: Int32Array;
  private readonly nextCode: Int32Array;
  /** the outermost statement starting on each line */
  private readonly startsAt = new Map<number, number>();
  /** the clause (not a statement's first) whose header starts on each line */
  private readonly clausesAt = new Map<number, { statement: number; clause: number }>();

  constructor(readonly source: string, events: Iterable<OutlineEvent>) {
    this.lines = new LineIndex(source);
    const stack: number[] = [];
    /** the indentation of each StatementGroup (`a = 1; b = 2`) the walk is in */
    const groups: string[] = [];
    let topLevel = 0;
    for (const e of events) {
      switch (e.type) {
        case 'statement': {
          const parent = stack.length ? stack[stack.length - 1] : -1;
          const pos = this.lines.pos(e.from);
          const p = parent >= 0 ? this.statements[parent] : null;
          const clause = p && p.clauses.length ? p.clauses[p.clauses.length - 1] : null;
          const inline = !!clause && clause.colonLine === pos.line;
          const lineText = this.lines.text(pos.line);
          const indent = groups.length ? groups[groups.length - 1] : inline ? p!.indent : /^[ \t\f]*/.exec(lineText)![0];
          const kind: CompoundKind | 'simple' = (KINDS[e.name] as CompoundKind | undefined) ?? 'simple';
          const index = this.statements.length;
          const siblings = clause ? clause.body : null;
          this.statements.push({
            kind, simple: kind === 'simple' ? SIMPLE[e.name] ?? 'other' : null,
            from: e.from, to: e.to, line: pos.line, endLine: this.lines.pos(Math.max(e.from, lastCode(source, e.from, e.to))).line,
            indent, parent, inline,
            docstring: e.docstringLike && (siblings ? siblings.length === 0 && (p!.kind === 'def' || p!.kind === 'class') : topLevel === 0),
            future: e.future,
            clauses: [],
          });
          if (siblings) siblings.push(index);
          if (parent < 0) topLevel++;
          if (!this.startsAt.has(pos.line)) this.startsAt.set(pos.line, index);
          stack.push(index);
          break;
        }
        case 'end-statement': {
          const i = stack.pop();
          if (i === undefined) break;
          const s = this.statements[i];
          if (s.kind !== 'simple') {
            let end = s.clauses.length ? s.clauses[s.clauses.length - 1].colon + 1 : s.from;
            for (const c of s.clauses) for (const b of c.body) end = Math.max(end, this.statements[b].to);
            s.to = Math.max(end, s.from);
            s.endLine = this.lines.pos(Math.max(s.from, s.to - 1)).line;
          }
          break;
        }
        case 'group': {
          const lineText = this.lines.text(this.lines.pos(e.from).line);
          groups.push(/^[ \t\f]*/.exec(lineText)![0]);
          break;
        }
        case 'end-group':
          groups.pop();
          break;
        case 'body': {
          const owner = stack.length ? stack[stack.length - 1] : -1;
          if (owner < 0) break;
          const s = this.statements[owner];
          const first = s.clauses.length === 0;
          const from = first ? s.from : e.keywordFrom;
          const line = this.lines.pos(from).line;
          const colonLine = this.lines.pos(e.colon).line;
          const bodyEnd = lastCode(source, e.colon + 1, e.end);
          s.clauses.push({
            keyword: e.keyword, from, line, colon: e.colon, colonLine, body: [],
            inline: bodyEnd > e.colon + 1 && this.lines.pos(bodyEnd).line === colonLine && !/^\s*#/.test(source.slice(e.colon + 1, bodyEnd)),
          });
          if (!first && !this.clausesAt.has(line)) this.clausesAt.set(line, { statement: owner, clause: s.clauses.length - 1 });
          break;
        }
        case 'comment': {
          const pos = this.lines.pos(e.from);
          const before = source.slice(this.lines.starts[pos.line - 1], e.from);
          this.comments.push({ from: e.from, to: e.to, line: pos.line, col: pos.col, text: source.slice(e.from, e.to), trailing: /\S/.test(before) });
          break;
        }
      }
    }
    // the lines with code: any character outside white space and comments; where its code
    // begins and ends (one pass over the text: each line's characters once from each side)
    const n = this.lines.lineCount;
    this.firstCode = new Int32Array(n).fill(-1);
    this.lastCode = new Int32Array(n).fill(-1);
    const comments = this.comments;
    const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
    let ci = 0;
    for (let line = 0; line < n; line++) {
      const start = this.lines.starts[line];
      const end = line + 1 < n ? this.lines.starts[line + 1] : source.length;
      while (ci < comments.length && comments[ci].to <= start) ci++;
      // the comments that begin on this line (at most a few: one, or pieces Lezer split)
      let cj = ci;
      while (cj < comments.length && comments[cj].from < end) cj++;
      let i = start;
      let k = ci;
      while (i < end) {
        if (k < cj && comments[k].from <= i) { i = Math.max(i, comments[k].to); k++; continue; }
        if (!isSpace(source.charCodeAt(i))) break;
        i++;
      }
      if (i >= end) continue;
      this.firstCode[line] = i;
      let e = end - 1;
      k = cj - 1;
      while (e >= i) {
        if (k >= ci && comments[k].to > e) { e = Math.min(e, comments[k].from - 1); k--; continue; }
        if (!isSpace(source.charCodeAt(e))) break;
        e--;
      }
      this.lastCode[line] = e;
      ci = cj;
    }
    this.prevCode = new Int32Array(n + 2);
    this.nextCode = new Int32Array(n + 2);
    for (let l = 1, last = 0; l <= n + 1; l++) { this.prevCode[l] = last; if (l <= n && this.lastCode[l - 1] >= 0) last = l; }
    for (let l = n, next = 0; l >= 1; l--) { this.nextCode[l] = next; if (this.lastCode[l - 1] >= 0) next = l; }
    this.nextCode[0] = n >= 1 ? (this.lastCode[0] >= 0 ? 1 : this.nextCode[1]) : 0;
  }

  get lineCount(): number { return this.lines.lineCount; }

  /** a character of code is on this 1-based line */
  isCode(line: number): boolean { return line >= 1 && line <= this.lastCode.length && this.lastCode[line - 1] >= 0; }

  /** the first line with code after `line` (0: before the first line), or 0 */
  nextCodeLine(line: number): number {
    if (line < 0 || line > this.lastCode.length) return 0;
    return this.nextCode[line];
  }

  /** the last line with code before `line`, or 0 */
  prevCodeLine(line: number): number {
    return this.prevCode[Math.max(0, Math.min(line, this.lastCode.length + 1))];
  }

  /** the offset of the first / last character of code on a line with code (-1 otherwise) */
  firstCodeOffset(line: number): number { return line >= 1 && line <= this.firstCode.length ? this.firstCode[line - 1] : -1; }
  lastCodeOffset(line: number): number { return line >= 1 && line <= this.lastCode.length ? this.lastCode[line - 1] : -1; }

  /** the outermost statement starting on this line, or -1 */
  statementStartingAt(line: number): number {
    return this.startsAt.get(line) ?? -1;
  }

  /** the clause after a statement's first whose header starts on this line (`else:`), or null */
  clauseStartingAt(line: number): { statement: number; clause: number } | null {
    return this.clausesAt.get(line) ?? null;
  }

  /** the innermost statement containing offset p (from <= p < to), or -1 */
  statementAt(p: number): number {
    const st = this.statements;
    // statements are in document order of their starts, nested intervals: the last one starting at
    // or before p, or one of its ancestors, is the innermost that contains p
    let lo = 0, hi = st.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (st[mid].from <= p) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    for (let i = found; i >= 0; i = st[i].parent) if (p < st[i].to) return i;
    return -1;
  }

  /** the statements of the block each statement is in (its parent's clause, or the module), and
   *  its index there */
  siblings(): { list: number[]; at: number }[] {
    const out: { list: number[]; at: number }[] = new Array(this.statements.length);
    const top: number[] = [];
    this.statements.forEach((s, i) => {
      if (s.parent < 0) { out[i] = { list: top, at: top.length }; top.push(i); }
    });
    for (const s of this.statements) {
      for (const c of s.clauses) c.body.forEach((b, k) => { out[b] = { list: c.body, at: k }; });
    }
    for (let i = 0; i < out.length; i++) if (!out[i]) out[i] = { list: [i], at: 0 };
    return out;
  }

  /** the statement's indentation as a column (tabs to the next multiple of 8, as CPython's tokenizer) */
  static column(indent: string): number {
    let col = 0;
    for (const c of indent) col = c === '\t' ? (Math.floor(col / 8) + 1) * 8 : c === '\f' ? 0 : col + 1;
    return col;
  }
}

/** the offset past the last character of [from, to) that is not white space */
function lastCode(source: string, from: number, to: number): number {
  let e = Math.min(to, source.length);
  while (e > from && /\s/.test(source[e - 1])) e--;
  return e;
}
