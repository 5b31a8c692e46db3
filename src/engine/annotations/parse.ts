// The annotations of a snippet (docs/annotations.md): `# @keyword ...` comments, read into the
// points of the program they apply to, each with its narration, expectations, names to focus on
// and questions, and the problems found on the way. Pure: no I/O, no vscode, no DOM.
//
// Comments are found by the project's parser (parser.ts sourceOutline, over Lezer's error-tolerant
// parse), never by matching lines: a `# @expect` inside a triple-quoted string is text of that
// string, and a trailing comment belongs to the statement of its line, however that statement is
// spread over lines. Where an annotation applies:
//
//   - on its own line: before the next line of code runs; when that line is a continuation of a
//     statement (inside its brackets), before that statement. An annotation indented deeper than
//     the next line of code, or followed by an `elif`/`else`/`except`/`finally`/`case` line, ends
//     a block instead: it applies after the statement of that block whose indentation is the
//     deepest not deeper than the annotation's (after the block's last statement ran); after the
//     last line of code, at column 0, it applies to the end of the run;
//   - at the end of a line of code: after the statement that line belongs to ran (its first line
//     names it, as the step trace does); on the header line of a block (`for x in items:`, `if`,
//     `while`, `with`, `try`, `else`...), at the start of the block, each time it is entered; on a
//     `def` or `class` line, after the definition; a compound statement written on one line
//     (`for x in items: total += x`) is one line: after it ran.
//
// Never throws, whatever the text; time linear in its length (the outline's, and one parse of
// each expectation's expression).

import { PY_VERSIONS, PyVersion, isPyVersion, DEFAULT_VERSION } from '../versions';
import { parse, sourceOutline, SourceOutline } from '../parser';
import { PySyntaxError, UnsupportedError } from '../errors';
import type * as A from '../ast';

export type AnnotationKeyword = 'snippet' | 'versions' | 'compare' | 'say' | 'expect' | 'focus' | 'question' | 'choice' | 'answer';
export const ANNOTATION_KEYWORDS: readonly AnnotationKeyword[] = ['snippet', 'versions', 'compare', 'say', 'expect', 'focus', 'question', 'choice', 'answer'];

export interface AnnotationProblem {
  severity: 'error' | 'warning';
  /** 1-based line of the annotation */
  line: number;
  /** 1-based column, when known */
  column?: number;
  /** one line */
  message: string;
}

export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'is' | 'is not' | 'in' | 'not in';

export interface Expectation {
  /** its index in AnnotatedSnippet.expectations (source order) */
  id: number;
  /** the annotation's line, and the 1-based column where the expression starts */
  line: number;
  column: number;
  /** the expression as written (without a trailing comment) */
  text: string;
  /** the versions a filter (`@expect[3.10+]`) limits it to; null: every version the snippet runs on */
  versions: PyVersion[] | null;
  /** the filter as written, without its brackets */
  filter: string | null;
  /** the two sides and the operator when the outermost operation is one comparison */
  comparison: { left: string; op: ComparisonOp; right: string } | null;
  /** it uses `mem`, which only the simulator has: checked by the simulator only */
  simulatorOnly: boolean;
}

export interface FocusName {
  line: number;
  /** as written: `node.next` */
  text: string;
  /** ['node', 'next'] */
  path: string[];
}

export interface QuestionChoice {
  line: number;
  text: string;
  /** `@choice*`: a right answer */
  right: boolean;
}

export interface Question {
  line: number;
  /** Markdown */
  text: string;
  choices: QuestionChoice[];
  /** Markdown, revealed on demand; null when the question has none */
  answer: string | null;
}

/** A moment of the run the annotations apply to. */
export interface AnnotationPoint {
  /** 'before': before `line` runs; 'after': after the statement starting on `line` ran (its
   *  callees returned); 'end': the end of the run, before the module is torn down */
  kind: 'before' | 'after' | 'end';
  /** the program line (the first line of its statement); null for 'end' */
  line: number | null;
  /** the lines of the annotations that apply here, in order */
  annotationLines: number[];
  /** the narration, Markdown (paragraphs separated by a blank line); '' when none */
  narration: string;
  expectations: Expectation[];
  focus: FocusName[];
  questions: Question[];
}

export interface AnnotatedSnippet {
  /** `@snippet` */
  title: string | null;
  /** `@versions`, in order; null when not given (the snippet is meant for DEFAULT_VERSION) */
  versions: PyVersion[] | null;
  /** `@compare` */
  compare: [PyVersion, PyVersion] | null;
  /** in the order of their first annotation */
  points: AnnotationPoint[];
  /** every expectation, in source order (each is also in its point) */
  expectations: Expectation[];
  /** errors and warnings, by line */
  problems: AnnotationProblem[];
}

/** The versions a snippet runs on when none are asked for: its `@versions`, else 3.12. */
export function snippetVersions(s: AnnotatedSnippet): PyVersion[] {
  return s.versions && s.versions.length ? s.versions : [DEFAULT_VERSION];
}

/** Whether an expectation is checked on a version (its filter, if any). */
export function appliesTo(e: Expectation, version: PyVersion): boolean {
  return e.versions === null || e.versions.includes(version);
}

/** 'before 12', 'after 7', 'end': a point's identity */
export function pointKey(p: { kind: AnnotationPoint['kind']; line: number | null }): string {
  return p.kind === 'end' ? 'end' : `${p.kind} ${p.line}`;
}

/** Whether a program may have annotations at all (a cheap look before reading them): a comment
 *  whose text starts with `@` and a letter. */
export function mayHaveAnnotations(source: string): boolean {
  return /#[ \t]*@[a-z]/i.test(source);
}

/** Reads the annotations of a snippet. Never throws. */
export function parseAnnotations(source: string): AnnotatedSnippet {
  const out: AnnotatedSnippet = { title: null, versions: null, compare: null, points: [], expectations: [], problems: [] };
  try {
    new Reader(typeof source === 'string' ? source : String(source), out).read();
  } catch (e) {
    // a bug of this module must not take its callers down: say so on line 1
    out.problems.push({ severity: 'error', line: 1, message: `the annotations could not be read (${e instanceof Error ? e.message : String(e)})` });
  }
  out.problems.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
  return out;
}

const COMPARE_OPS: Record<A.CmpOpKind, ComparisonOp> = {
  Eq: '==', NotEq: '!=', Lt: '<', LtE: '<=', Gt: '>', GtE: '>=', Is: 'is', IsNot: 'is not', In: 'in', NotIn: 'not in',
};

/** an identifier path: `self.items` */
const DOTTED = /^[\p{ID_Start}_][\p{ID_Continue}_]*(?:\s*\.\s*[\p{ID_Start}_][\p{ID_Continue}_]*)*$/u;

interface PointBuilder {
  point: AnnotationPoint;
  paragraphs: string[][];
  /** the line of the last `@say` with text, and whether an empty `@say` closed its paragraph */
  lastSay: number;
  sayOpen: boolean;
  lastAnswer: number;
}

class Reader {
  private outline!: SourceOutline;
  private firstCode = 0;
  private readonly points = new Map<string, PointBuilder>();
  private readonly seen: Partial<Record<'snippet' | 'versions' | 'compare', number>> = {};

  constructor(private readonly source: string, private readonly out: AnnotatedSnippet) {}

  private problem(severity: 'error' | 'warning', line: number, message: string, column?: number): void {
    this.out.problems.push(column !== undefined ? { severity, line, column, message } : { severity, line, message });
  }

  read(): void {
    this.outline = sourceOutline(this.source);
    // the first line of code, after the module's docstring (the header annotations may follow it)
    const st = this.outline.statements;
    const doc = st.length && st[0].parent < 0 && st[0].docstring ? st[0].endLine : 0;
    this.firstCode = this.outline.nextCodeLine(doc);
    for (const c of this.outline.comments) {
      const body = c.text.slice(1);
      const lead = body.length - body.trimStart().length;
      const rest = body.slice(lead).replace(/\s+$/, '');
      if (!rest.startsWith('@')) continue;
      this.annotation(c, rest, c.col + 1 + lead + 1);
    }
    for (const b of this.points.values()) {
      b.point.narration = b.paragraphs.filter((p) => p.length).map((p) => p.join('\n')).join('\n\n');
      this.out.points.push(b.point);
    }
  }

  /** one `@...` comment; `col`: the 1-based column of its '@' */
  private annotation(c: { line: number; col: number; trailing: boolean; from: number }, text: string, col: number): void {
    const line = c.line;
    const m = /^@([\p{L}\p{N}_]*)/u.exec(text)!;
    const word = m[1];
    let at = m[0].length;
    if (!word) {
      this.problem('warning', line, "an annotation needs a keyword after '@' (@say, @expect, ...)", col);
      return;
    }
    if (!(ANNOTATION_KEYWORDS as readonly string[]).includes(word)) {
      const close = closest(word);
      this.problem('warning', line, `unknown annotation '@${word}'${close ? ` (did you mean '@${close}'?)` : ''}`, col);
      return;
    }
    const kw = word as AnnotationKeyword;
    let star = false;
    let filter: string | null = null;
    let filterCol = 0;
    if (text[at] === '*') {
      star = true;
      at++;
      if (kw !== 'choice') {
        this.problem('error', line, `only @choice takes a '*' (marking a right answer), not @${kw}`, col + at - 1);
        return;
      }
    }
    if (text[at] === '[') {
      const close = text.indexOf(']', at);
      if (close < 0) {
        this.problem('error', line, `the version filter of @${kw} has no closing ']'`, col + at);
        return;
      }
      filter = text.slice(at + 1, close);
      filterCol = col + at + 1;
      at = close + 1;
      if (kw !== 'expect') {
        this.problem('error', line, `only @expect takes a version filter, not @${kw}`, filterCol - 1);
        return;
      }
    }
    if (at < text.length && !/\s/.test(text[at])) {
      this.problem('error', line, `expected a space after @${kw}${star ? '*' : ''}${filter !== null ? `[${filter}]` : ''}`, col + at);
      return;
    }
    const raw = text.slice(at);
    const arg = raw.trim();
    const argCol = col + at + (raw.length - raw.trimStart().length);
    if (!arg && kw !== 'say') {
      this.problem('error', line, `@${kw} needs ${WHAT[kw]}`, col);
      return;
    }
    switch (kw) {
      case 'snippet': case 'versions': case 'compare':
        this.header(kw, line, arg, argCol, col);
        return;
      default:
        this.pointAnnotation(kw, c, col, arg, argCol, star, filter, filterCol);
    }
  }

  private header(kw: 'snippet' | 'versions' | 'compare', line: number, arg: string, argCol: number, col: number): void {
    const first = this.seen[kw];
    if (first !== undefined) {
      this.problem('error', line, `a second @${kw} (the first is on line ${first})`, col);
      return;
    }
    this.seen[kw] = line;
    const late = this.firstCode > 0 && line >= this.firstCode;
    if (kw === 'snippet') {
      if (late) this.problem('warning', line, '@snippet belongs before the first line of code', col);
      this.out.title = arg;
      return;
    }
    if (kw === 'versions') {
      if (late) this.problem('error', line, '@versions must come before the first line of code', col);
      const v = this.versionList(arg, line, argCol, '@versions');
      if (v) {
        const dup = v.find((x, i) => v.indexOf(x) !== i);
        if (dup) this.problem('warning', line, `@versions names ${dup} twice`, argCol);
        this.out.versions = v.filter((x, i) => v.indexOf(x) === i);
      }
      return;
    }
    if (late) this.problem('warning', line, '@compare belongs before the first line of code', col);
    const v = this.versionList(arg, line, argCol, '@compare');
    if (!v) return;
    if (v.length !== 2 || v[0] === v[1]) {
      this.problem('error', line, `@compare needs two different versions (e.g. '@compare 3.8 3.12'), got '${arg}'`, argCol);
      return;
    }
    this.out.compare = [v[0], v[1]];
  }

  /** `3.8 3.12`, `3.8, 3.9`, `3.10+`, `3.8-3.11`: the versions named, in order; null after reporting a problem */
  private versionList(text: string, line: number, col: number, what: string): PyVersion[] | null {
    const items = text.split(/[\s,]+/).filter((x) => x);
    if (!items.length) {
      this.problem('error', line, `${what} names no version`, col);
      return null;
    }
    const out: PyVersion[] = [];
    for (const item of items) {
      const at = col + Math.max(0, text.indexOf(item));
      const r = versionItem(item);
      if (typeof r === 'string') {
        this.problem('error', line, `${what}: ${r}`, at);
        return null;
      }
      out.push(...r);
    }
    return out;
  }

  private pointAnnotation(kw: AnnotationKeyword, c: { line: number; col: number; trailing: boolean; from: number }, col: number, arg: string,
    argCol: number, star: boolean, filter: string | null, filterCol: number): void {
    const line = c.line;
    const where = this.pointOf(c);
    const key = pointKey(where);
    let b = this.points.get(key);
    if (!b) {
      b = {
        point: { kind: where.kind, line: where.line, annotationLines: [], narration: '', expectations: [], focus: [], questions: [] },
        paragraphs: [], lastSay: -2, sayOpen: false, lastAnswer: -2,
      };
      this.points.set(key, b);
    }
    const point = b.point;
    if (where.unreachable) {
      this.problem('warning', line, `this applies after \`${where.unreachable}\` on line ${where.line} ran, which is never reached: put it on the line before`, col);
    }
    switch (kw) {
      case 'say': {
        point.annotationLines.push(line);
        if (!arg) { b.sayOpen = false; return; }
        if (b.sayOpen && b.lastSay === line - 1) b.paragraphs[b.paragraphs.length - 1].push(arg);
        else b.paragraphs.push([arg]);
        b.sayOpen = true;
        b.lastSay = line;
        return;
      }
      case 'expect': {
        let versions: PyVersion[] | null = null;
        if (filter !== null) {
          versions = this.versionList(filter, line, filterCol, 'the version filter');
          if (!versions) return;
          versions = PY_VERSIONS.filter((v) => versions!.includes(v));
        }
        const e = this.expression(arg, line, argCol);
        if (!e) return;
        const x: Expectation = { id: this.out.expectations.length, line, column: argCol, text: e.text, versions, filter: filter === null ? null : filter.trim(), comparison: e.comparison, simulatorOnly: e.usesMem };
        this.out.expectations.push(x);
        point.expectations.push(x);
        point.annotationLines.push(line);
        return;
      }
      case 'focus': {
        const names: FocusName[] = [];
        let offset = 0;
        for (const part of arg.split(',')) {
          const name = part.trim();
          const at = argCol + offset + (part.length - part.trimStart().length);
          offset += part.length + 1;
          if (!DOTTED.test(name)) {
            this.problem('error', line, name ? `@focus takes names and attribute paths ('x', 'node.next'), not '${name}'` : '@focus has an empty name between commas', at);
            return;
          }
          const path = name.split('.').map((p) => p.trim());
          names.push({ line, text: path.join('.'), path });
        }
        point.focus.push(...names);
        point.annotationLines.push(line);
        return;
      }
      case 'question':
        point.questions.push({ line, text: arg, choices: [], answer: null });
        point.annotationLines.push(line);
        return;
      case 'choice': case 'answer': {
        const q = point.questions[point.questions.length - 1];
        if (!q) {
          this.problem('error', line, `@${kw} without a @question before it (at the same place in the program)`, col);
          return;
        }
        if (kw === 'choice') q.choices.push({ line, text: arg, right: star });
        else if (q.answer === null) q.answer = arg;
        else if (b.lastAnswer === line - 1) q.answer += '\n' + arg;
        else {
          this.problem('error', line, `a second @answer for the question of line ${q.line}`, col);
          return;
        }
        if (kw === 'answer') b.lastAnswer = line;
        point.annotationLines.push(line);
        return;
      }
      default:
        return;
    }
  }

  /** where an annotation comment applies (see the header of this file) */
  private pointOf(c: { line: number; col: number; trailing: boolean; from: number }): { kind: AnnotationPoint['kind']; line: number | null; unreachable?: string } {
    const o = this.outline;
    const st = o.statements;
    const after = (i: number): { kind: 'after'; line: number; unreachable?: string } => {
      const s = st[i];
      const simple = s.simple;
      // (a statement in a one-line block stands for its compound statement, which may go on)
      return !s.inline && (simple === 'return' || simple === 'raise' || simple === 'break' || simple === 'continue')
        ? { kind: 'after', line: s.line, unreachable: simple } : { kind: 'after', line: s.line };
    };
    if (c.trailing) {
      const p = o.lastCodeOffset(c.line);
      const i = p >= 0 ? o.statementAt(p) : -1;
      if (i < 0) return { kind: 'after', line: c.line };
      const s = st[i];
      if (s.kind === 'simple') return after(i);
      // the clause whose header holds that code
      let clause = -1;
      for (let k = 0; k < s.clauses.length; k++) if (s.clauses[k].from <= p) clause = k;
      const cl = clause >= 0 ? s.clauses[clause] : null;
      if (!cl || p > cl.colon || cl.inline || s.kind === 'def' || s.kind === 'class' || s.kind === 'match' || cl.keyword === 'match' || !cl.body.length) {
        return after(i);
      }
      return { kind: 'before', line: st[cl.body[0]].line };
    }
    const n = o.nextCodeLine(c.line);
    const col = SourceOutline.column(this.source.slice(o.lines.starts[c.line - 1], c.from));
    let target = n > 0 ? o.statementStartingAt(n) : -1;
    const clause = n > 0 && target < 0 ? o.clauseStartingAt(n) : null;
    if (n > 0 && target < 0 && !clause) {
      // a continuation line: before the statement it continues
      const i = o.statementAt(o.firstCodeOffset(n));
      return { kind: 'before', line: i >= 0 ? st[i].line : n };
    }
    // the block-end rule: an annotation indented deeper than the next line, or before a clause
    const nextCol = target >= 0 ? SourceOutline.column(st[target].indent)
      : clause ? SourceOutline.column(/^[ \t\f]*/.exec(o.lines.text(n))![0]) : 0;
    const endsBlock = clause !== null || col > nextCol;
    if (!endsBlock) return n > 0 ? { kind: 'before', line: n } : { kind: 'end', line: null };
    const prev = o.prevCodeLine(c.line);
    const pOff = prev > 0 ? o.lastCodeOffset(prev) : -1;
    let p = pOff >= 0 ? o.statementAt(pOff) : -1;
    const limit = n > 0 ? o.firstCodeOffset(n) : Infinity;
    // the statements that end before the next line, from the innermost out (a statement in a
    // one-line block stands for its compound statement)
    const chain: number[] = [];
    for (; p >= 0; p = st[p].parent) {
      if (st[p].to > limit) break;
      if (!st[p].inline) chain.push(p);
    }
    if (!chain.length) {
      if (clause) return after(clause.statement);
      return n > 0 ? { kind: 'before', line: n } : { kind: 'end', line: null };
    }
    const outer = chain[chain.length - 1];
    let chosen = chain.find((i) => SourceOutline.column(st[i].indent) <= col) ?? outer;
    if (chosen === outer && !clause) {
      // after the last statement before the next line at its own level: the same moment
      if (n > 0) return { kind: 'before', line: n };
      if (st[outer].parent < 0) return { kind: 'end', line: null };
      chosen = outer;
    }
    return after(chosen);
  }

  /** the expression of an @expect: its text without a trailing comment, its comparison, whether it uses `mem` */
  private expression(text: string, line: number, col: number): { text: string; comparison: Expectation['comparison']; usesMem: boolean } | null {
    const r = checkExpression(text, PY_VERSIONS[PY_VERSIONS.length - 1]);
    if ('error' in r) {
      this.problem('error', line, r.error, col + Math.max(0, (r.offset ?? 1) - 1));
      return null;
    }
    return { text: r.text, comparison: r.comparison, usesMem: r.names.some((n) => n.id === 'mem' && !r.bound.has('mem')) };
  }
}

const WHAT: Record<AnnotationKeyword, string> = {
  snippet: 'a title', versions: 'the versions (e.g. 3.8 3.12)', compare: 'two versions (e.g. 3.8 3.12)', say: 'text',
  expect: 'an expression', focus: 'the names to focus on', question: 'the question', choice: 'the choice', answer: 'the answer',
};

/** one item of a version list: `3.10`, `3.10+`, `3.8-3.11`; the versions, or why not */
function versionItem(item: string): PyVersion[] | string {
  const known = `known: ${PY_VERSIONS[0]} to ${PY_VERSIONS[PY_VERSIONS.length - 1]}`;
  const one = (v: string): PyVersion | string => (isPyVersion(v) ? v : /^\d+\.\d+$/.test(v) ? `unknown version ${v} (${known})` : `'${v}' is not a version`);
  let m = /^(\d+\.\d+)\+$/.exec(item);
  if (m) {
    const v = one(m[1]);
    if (!isPyVersion(v)) return v;
    return PY_VERSIONS.slice(PY_VERSIONS.indexOf(v));
  }
  m = /^(\d+\.\d+)-(\d+\.\d+)$/.exec(item);
  if (m) {
    const a = one(m[1]), b = one(m[2]);
    if (!isPyVersion(a)) return a;
    if (!isPyVersion(b)) return b;
    const i = PY_VERSIONS.indexOf(a), j = PY_VERSIONS.indexOf(b);
    if (i > j) return `the range ${item} is empty (write the older version first)`;
    return PY_VERSIONS.slice(i, j + 1);
  }
  const v = one(item);
  if (isPyVersion(v)) return [v];
  return /^\d+\.\d+$/.test(item) ? v : `${v}; write versions as 3.8, ranges as 3.8-3.11 or 3.10+`;
}

/** the keyword closest to a misspelt one, if close enough */
function closest(word: string): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  const w = word.toLowerCase();
  for (const k of ANNOTATION_KEYWORDS) {
    const d = editDistance(w, k);
    if (d < bestD) { bestD = d; best = k; }
  }
  return best !== null && bestD <= Math.max(1, Math.min(2, Math.floor(best.length / 3))) ? best : null;
}

/** the edit distance with transpositions (optimal string alignment): 'sya' is one edit from 'say' */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3 || a.length > 40) return 99;
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    d.push(new Array(b.length + 1).fill(0));
    d[i][0] = i;
  }
  for (let j = 0; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** An expectation's expression read by the project's parser for a version: its text (up to its
 *  last character: a trailing comment is not part of it) and where in `text` it starts, the
 *  comparison when the outermost operation is one, and the names it uses (columns in `text`) (free or bound inside it: lambda parameters,
 *  comprehension targets, `:=` targets). Or why it is not an expression, with the 1-based offset
 *  in `text`. Never throws. */
export function checkExpression(text: string, version: PyVersion):
  | { text: string; start: number; comparison: Expectation['comparison']; names: { id: string; col: number; endCol: number }[]; bound: Set<string> }
  | { error: string; offset?: number } {
  let mod: A.Module;
  try {
    mod = parse(text, version);
  } catch (e) {
    if (e instanceof PySyntaxError) {
      return { error: `not a valid Python ${version} expression: ${e.type === 'SyntaxError' ? '' : e.type + ': '}${e.msg}`, offset: e.lineno === 1 ? e.offset : undefined };
    }
    if (e instanceof UnsupportedError) return { error: `not an expression the simulator can check: ${e.construct}` };
    return { error: `not a valid Python expression (${e instanceof Error ? e.message : String(e)})` };
  }
  const body = mod.body;
  if (body.length !== 1) return { error: body.length ? 'one expression, not several statements' : 'an expression is missing' };
  const s = body[0];
  if (s.kind !== 'Expr') {
    return { error: s.kind === 'Assign' || s.kind === 'AugAssign' || s.kind === 'AnnAssign' ? 'an assignment, not an expression (compare with ==)' : 'a statement, not an expression', offset: s.span.col + 1 };
  }
  const e = s.value;
  if (e.span.line !== 1 || e.span.endLine !== 1) return { error: 'an expression on one line' };
  const slice = (x: A.Expr): string => text.slice(x.span.col, x.span.endCol);
  const names: { id: string; col: number; endCol: number }[] = [];
  const bound = new Set<string>();
  // every Name node, and the names bound inside the expression
  const stack: { v: unknown; binds: boolean }[] = [{ v: e, binds: false }];
  while (stack.length) {
    const { v, binds } = stack.pop()!;
    if (Array.isArray(v)) { for (const x of v) stack.push({ v: x, binds }); continue; }
    if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) continue;
    const o = v as Record<string, unknown>;
    if (o.kind === 'Name') {
      const n = o as unknown as A.Name;
      names.push({ id: n.id, col: n.span.col, endCol: n.span.endCol });
      if (binds) bound.add(n.id);
      continue;
    }
    if (typeof o.arg === 'string' && o.span && !('value' in o)) bound.add(o.arg);
    for (const k of Object.keys(o)) {
      if (k === 'span') continue;
      stack.push({ v: o[k], binds: binds || k === 'target' });
    }
  }
  let comparison: Expectation['comparison'] = null;
  if (e.kind === 'Compare' && e.ops.length === 1) {
    // the sides with their brackets: the text up to the operator, and from it to the end
    const right = e.comparators[0];
    const gap = /^([\s)]*)(?:==|!=|<=|>=|<|>|is\s+not|is|not\s+in|in)([\s(]*)$/.exec(text.slice(e.left.span.endCol, right.span.col));
    comparison = gap
      ? { left: text.slice(e.span.col, e.left.span.endCol + gap[1].length).trim(), op: COMPARE_OPS[e.ops[0]], right: text.slice(right.span.col - gap[2].length, e.span.endCol).trim() }
      : { left: slice(e.left), op: COMPARE_OPS[e.ops[0]], right: slice(right) };
  }
  return { text: slice(e), start: e.span.col, comparison, names, bound };
}
