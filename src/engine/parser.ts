// The parser: Python source -> our AST (src/engine/ast.ts), or CPython's SyntaxError for that
// version. Stages, in CPython's order: the tokenizer's errors (Parser/tokenizer.c), the grammar
// (Grammar/python.gram; Lezer's Python grammar finds where a parse fails, our checks name the error
// as CPython would), lowering to the AST (parser/lower.ts), then the errors CPython's symbol table
// and compiler raise (Python/symtable.c, Python/compile.c). This is the only module that imports Lezer.

import { parser as lezerPython } from '@lezer/python';
import type { SyntaxNode, Tree } from '@lezer/common';
import { Module } from './ast';
import { PySyntaxError, UnsupportedError } from './errors';
import { PyVersion } from './versions';
import { FEATURES, MESSAGES } from './parser/messages';
import { LineIndex, Token, tokenize } from './parser/tokenizer';
import { Lowerer } from './parser/lower';
import { checkScopes } from './parser/scopes';
import { checkNullBytes } from './parser/source';
import { OutlineEvent, SourceOutline } from './parser/outline';
export { decodeSource } from './parser/source';
export { SourceOutline } from './parser/outline';
export type { OutlineStatement, OutlineClause, OutlineComment, CompoundKind } from './parser/outline';

export function parse(text: string, version: PyVersion): Module {
  const source = checkNullBytes(text, version);
  const lines = new LineIndex(source);
  const { toks, unclosed, parserError } = tokenize(source, version, lines);
  if (parserError) throw parserError;
  const err = (msg: string, t: { line: number; col: number }, type: 'SyntaxError' | 'IndentationError' = 'SyntaxError', offset?: number): never => {
    throw new PySyntaxError(type, msg, t.line, offset ?? t.col + 1, lines.text(t.line));
  };
  tokenChecks(toks, version, lines, err);
  const tree: Tree = printAsName(source, lezerPython.parse(source));
  const bad = firstError(tree);
  if (unclosed) {
    // CPython's parser fails first when a token before the end cannot follow; otherwise the
    // tokenizer reports the bracket left open at the end of the file.
    const at = bad ? toks.find((t) => t.to > bad.from) : undefined;
    if (!at || at.type === 'NEWLINE' || at.type === 'ENDMARKER' || at.type === 'DEDENT') throw lines.unclosedError(unclosed, version);
  }
  if (bad) {
    // Lezer gives up on a statement nested or chained past its own limits (a parse stack deeper
    // than 8,400 entries, left-associative chains of reductions over 2,000 characters) with an
    // error node where CPython's grammar has none: refuse such a statement rather than call it
    // "invalid syntax" (CPython may accept it, or fail with a RecursionError or a MemoryError)
    const stmt = logicalLines(toks).find((l) => l.toks[l.toks.length - 1].to >= bad.from);
    if (stmt && stmt.toks[stmt.toks.length - 1].to - stmt.toks[0].from >= LEZER_LONG_STATEMENT) {
      throw new UnsupportedError(`a statement of ${stmt.toks[stmt.toks.length - 1].to - stmt.toks[0].from} characters nested or chained this deep`, stmt.toks[0].line);
    }
    classify(bad, toks, version, source, err);
  }
  const mod = new Lowerer(source, version, lines).module(tree.topNode);
  checkScopes(mod, version, lines);
  return mod;
}

/** Lezer's grammar keeps Python 2's print statement: `print` opening a statement without a `(`
 *  after it is a PrintStatement, so `print = 5`, `print += 1`, `print[0] = 1` or `print -1` fail to
 *  parse. CPython has no print statement: there `print` is a name, and only a statement invalid
 *  either way gets the "Missing parentheses in call to 'print'" message. Each such statement that
 *  parses with `print` spelt as another name of the same length is parsed that way (positions
 *  hold, and the lowering reads the names from the original source). */
function printAsName(source: string, tree: Tree): Tree {
  const starts: number[] = [];
  tree.iterate({ enter: (n) => { if (n.name === 'PrintStatement' && source.startsWith('print', n.from)) starts.push(n.from); } });
  if (!starts.length) return tree;
  const alias = ['prinT', 'prInt', 'pRint', 'Print', 'PRINT', 'prinT_'.slice(0, 5)].find((a) => !source.includes(a));
  if (!alias) return tree;
  const spell = (at: number[]): string => {
    let out = '';
    let last = 0;
    for (const s of at) { out += source.slice(last, s) + alias; last = s + 5; }
    return out + source.slice(last);
  };
  let kept = starts;
  let t = lezerPython.parse(spell(kept));
  const errors: number[] = [];
  t.iterate({ enter: (n) => { if (n.type.isError) errors.push(n.from); } });
  const clean = kept.filter((s) => {
    let stmt: SyntaxNode = t.resolveInner(s, 1);
    while (stmt.parent && stmt.parent.name !== 'Script' && stmt.parent.name !== 'Body') stmt = stmt.parent;
    const eol = source.indexOf('\n', s);
    const end = Math.max(stmt.to, eol < 0 ? source.length : eol);
    return !errors.some((e) => e >= s && e <= end);
  });
  if (clean.length === 0) return tree;
  if (clean.length !== kept.length) { kept = clean; t = lezerPython.parse(spell(kept)); }
  return t;
}

/** statements at least this long may meet Lezer's limits on deep trees (Recover.MinBigReduction) */
const LEZER_LONG_STATEMENT = 2000;

type Err = (msg: string, t: { line: number; col: number }, type?: 'SyntaxError' | 'IndentationError', offset?: number) => never;

const HEADER_NAMES: Record<string, string> = {
  if: "'if' statement", elif: "'elif' statement", else: "'else' statement", while: "'while' statement",
  for: "'for' statement", try: "'try' statement", except: "'except' statement", finally: "'finally' statement",
  with: "'with' statement", def: 'function definition', class: 'class definition', match: "'match' statement",
  case: "'case' statement",
};
const COMPOUND = new Set(['if', 'elif', 'else', 'while', 'for', 'try', 'except', 'finally', 'with', 'def', 'class']);

/** Splits tokens into logical lines (tokens up to and including NEWLINE), skipping INDENT/DEDENT. */
function logicalLines(toks: Token[]): { toks: Token[]; indentBefore: boolean; indentLine: number; start: number }[] {
  const out: { toks: Token[]; indentBefore: boolean; indentLine: number; start: number }[] = [];
  let cur: Token[] = [];
  let indent = false;
  let indentLine = 0;
  let start = 0;
  toks.forEach((t, i) => {
    if (t.type === 'INDENT') { indent = true; indentLine = t.line; return; }
    if (t.type === 'DEDENT' || t.type === 'ENDMARKER') return;
    if (cur.length === 0) start = i;
    cur.push(t);
    if (t.type === 'NEWLINE') { out.push({ toks: cur, indentBefore: indent, indentLine, start }); cur = []; indent = false; }
  });
  return out;
}

function tokenChecks(toks: Token[], version: PyVersion, lines: LineIndex, err: Err): void {
  const ll = logicalLines(toks);
  for (let li = 0; li < ll.length; li++) {
    const { toks: lt, indentBefore, indentLine } = ll[li];
    const first = lt[0];
    const prev = ll[li - 1];
    const prevIsHeader = prev && prev.toks.length >= 2 && prev.toks[prev.toks.length - 2].value === ':' &&
      prev.toks[prev.toks.length - 2].type === 'OP' && prev.toks[prev.toks.length - 2].depth === 0 && isHeader(prev.toks);
    const prevStartsHeader = prev && isHeader(prev.toks);
    if (indentBefore && !prevIsHeader && !prevStartsHeader) {
      // the line the indentation was measured on (3.8: a line opening with a continuation)
      const at = indentLine && indentLine < first.line && FEATURES.continuationLineIndent[version] === 'indent'
        ? { line: indentLine, col: 0 } : first;
      err('unexpected indent', at, 'IndentationError', lines.text(at.line).length - lines.text(at.line).trimStart().length);
    }
    if (prevIsHeader && !indentBefore) {
      const kw = headerKeyword(prev.toks);
      err(MESSAGES.expectedIndentedBlock[version](HEADER_NAMES[kw] ?? `'${kw}' statement`, prev.toks[0].line), first, 'IndentationError');
    }
    // `try:` whose block is followed by neither `except` nor `finally`
    if (first.value === 'try' && first.type === 'NAME' && lt.length === 3) {
      for (let j = li + 1; j < ll.length; j++) {
        const o = ll[j].toks[0];
        if (o.col > first.col) continue;
        if (o.col === first.col && o.value !== 'except' && o.value !== 'finally') {
          err(FEATURES.descriptiveErrors[version] ? "expected 'except' or 'finally' block" : MESSAGES.invalidSyntax[version], o);
        }
        break;
      }
    }
    // version gates for soft keywords and newer syntax
    if (first.type === 'NAME' && first.value === 'match' && lt[1] && lt[1].type !== 'OP' && !FEATURES.matchStatement[version] &&
        lt[lt.length - 2].value === ':') err(MESSAGES.invalidSyntax[version], lt[1]);
    if (first.type === 'NAME' && first.value === 'type' && lt[1]?.type === 'NAME' && !FEATURES.typeStatement[version]) {
      err(MESSAGES.invalidSyntax[version], lt[1]);
    }
    if (first.value === 'except' && lt[1]?.value === '*' && !FEATURES.exceptStar[version]) err(MESSAGES.invalidSyntax[version], lt[1]);
    if (first.value === 'with' && lt[1]?.value === '(' && !FEATURES.parenthesizedWith[version]) {
      const as = lt.find((t) => t.value === 'as' && t.depth === 1);
      if (as) err(MESSAGES.invalidSyntax[version], as);
    }
    if (FEATURES.pep701FStrings[version]) {
      for (const t of lt) {
        if (t.type !== 'STRING' || !/^[a-zA-Z]*[fF]/.test(/^[a-zA-Z]*/.exec(t.value)![0])) continue;
        const m = /\{\s*([}!:=])/.exec(t.value.replace(/\{\{/g, '  '));
        if (m) err(MESSAGES.fstringEmpty[version], t, 'SyntaxError', t.col + m.index + m[0].length);
      }
    }
    // f-strings before PEP 701: the replacement fields are parsed from the string's text
    if (!FEATURES.pep701FStrings[version]) {
      for (let i = 0; i < lt.length; i++) {
        const t = lt[i];
        if (t.type !== 'STRING' || !/^[a-zA-Z]*[fF]/.test(/^[a-zA-Z]*/.exec(t.value)![0])) continue;
        const problem = fstringProblem(t.value);
        if (problem === 'unclosed') {
          if (version === '3.8') err(MESSAGES.invalidSyntax[version], lt[i + 1] ?? t);
          err(MESSAGES.fstringExpectingBrace[version], t, 'SyntaxError', t.endCol + 1);
        }
        if (problem === 'empty') {
          err(MESSAGES.fstringEmpty[version], t, 'SyntaxError', version === '3.8' ? t.col + 1 : t.endCol + 1);
        }
      }
    }
  }
}

function isHeader(lt: Token[]): boolean {
  return COMPOUND.has(headerKeyword(lt)) || (['match', 'case'].includes(lt[0].value) && lt[0].type === 'NAME');
}
function headerKeyword(lt: Token[]): string {
  return lt[0].value === 'async' ? lt[1]?.value ?? '' : lt[0].value;
}

function fstringProblem(tokText: string): 'unclosed' | 'empty' | null {
  const prefix = /^[a-zA-Z]*/.exec(tokText)![0];
  const q = tokText.slice(prefix.length, prefix.length + 3);
  const ql = q === '"""' || q === "'''" ? 3 : 1;
  const body = tokText.slice(prefix.length + ql, tokText.length - ql);
  let depth = 0, content = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (depth === 0) {
      if (c === '{') { if (body[i + 1] === '{') { i++; continue; } depth = 1; content = ''; }
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0 && /^\s*(?:[!:=].*)?$/s.test(content) && !/^\s*$/.test(content) === false) return 'empty';
      if (depth === 0 && /^\s*$/.test(content)) return 'empty';
    } else if (depth === 1 && (c === '!' || c === ':') && /^\s*$/.test(content)) return 'empty';
    if (depth > 0) content += c;
  }
  return depth > 0 ? 'unclosed' : null;
}

function firstError(tree: Tree): SyntaxNode | null {
  let found: SyntaxNode | null = null;
  tree.iterate({
    enter: (n) => {
      if (found) return false;
      if (n.type.isError) {
        // Lezer's grammar wants an expression after `yield`; a bare `yield` statement is valid Python
        const prev = n.node.prevSibling;
        if (n.from === n.to && prev && prev.name === 'yield' && n.node.parent?.name === 'YieldStatement') return false;
        found = n.node;
        return false;
      }
      return undefined;
    },
  });
  return found;
}

/** Names the error at a place where Lezer's parse failed, as CPython's parser of `version` would. */
function classify(bad: SyntaxNode, toks: Token[], version: PyVersion, source: string, err: Err): void {
  let i = toks.findIndex((t) => t.to > bad.from || (t.from >= bad.from && t.type !== 'DEDENT' && t.type !== 'INDENT'));
  if (i < 0) i = toks.length - 1;
  while (toks[i].type === 'DEDENT' || toks[i].type === 'INDENT') i++;
  const t = toks[i];
  const ll = logicalLines(toks);
  const lineIdx = ll.findIndex((l) => l.toks.includes(t));
  const line = ll[lineIdx];
  const desc = FEATURES.descriptiveErrors[version];
  const invalid = MESSAGES.invalidSyntax[version];
  // `with` statements are refused anyway; report that rather than a parse failure of their forms
  const stmtFirst = line?.toks[0];
  if (stmtFirst && (stmtFirst.value === 'with' || (stmtFirst.value === 'async' && line.toks[1]?.value === 'with'))) {
    throw new UnsupportedError(stmtFirst.value === 'async' ? '`async with`' : '`with` statement', stmtFirst.line);
  }
  if (line) {
    const lt = line.toks;
    const nl = lt[lt.length - 1];
    // a statement that is invalid with `print` as a name: Python 2's print statement
    // (invalid_legacy_expression from 3.10; _set_legacy_print_statement_msg before)
    if (lt[0].type === 'NAME' && lt[0].value === 'print' && lt.length > 2 && lt[1].value !== '(' && lt[1].type !== 'OP') {
      const arg = source.slice(lt[1].from, nl.from).trim().replace(/;$/, '').trim();
      err(MESSAGES.printMissingParens[version](arg), lt[0], 'SyntaxError', desc ? lt[0].col + 1 : lt[1].col + 1);
    }
    // a compound statement's header without its colon
    if (isHeader(lt) && !lt.some((x) => x.value === ':' && x.depth === 0 && x.type === 'OP') &&
        (t === nl || lt.indexOf(t) >= lt.length - 2)) {
      err(desc ? "expected ':'" : invalid, nl);
    }
    // `import` / `from m import` with nothing after it
    if ((lt[0].value === 'import' || lt[0].value === 'from') && lt[lt.length - 2].value === 'import' && t === nl) {
      err(FEATURES.importNamesHint[version] ? "Expected one or more names after 'import'" : invalid, nl);
    }
    // `x if cond` without else
    const ifAt = lt.findIndex((x, k) => k > 0 && x.value === 'if' && x.type === 'NAME');
    if (ifAt > 0 && !lt.some((x, k) => k > ifAt && x.value === 'else') && !['for', 'async'].includes(lt[ifAt - 1].value) &&
        !lt.some((x) => x.value === 'for' && x.depth > 0)) {
      if (desc) err("expected 'else' after 'if' expression", lt[ifAt - 1]);
      err(invalid, nl);
    }
    // two expressions side by side inside brackets: a forgotten comma
    const k = lt.indexOf(t);
    const p = lt[k - 1];
    if (p && t.depth > 0 && endsAtom(p) && startsAtom(t) && !(p.type === 'NAME' && t.type === 'STRING')) {
      if (desc) err('invalid syntax. Perhaps you forgot a comma?', p);
      err(invalid, t);
    }
    // a statement after a `try:` block that is neither `except` nor `finally`
    if (k === 0 && lineIdx > 0 && !['except', 'finally'].includes(t.value)) {
      for (let j = lineIdx - 1; j >= 0; j--) {
        const o = ll[j].toks[0];
        if (o.col < t.col) break;
        if (o.col === t.col) {
          if (o.value === 'try' && ll[j].toks.length === 3) err(desc ? "expected 'except' or 'finally' block" : invalid, t);
          break;
        }
      }
    }
  }
  void source;
  err(invalid, t);
}

const KEYWORDS = new Set(['False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def',
  'del', 'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not',
  'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield']);

function endsAtom(t: Token): boolean {
  if (t.type === 'NUMBER' || t.type === 'STRING') return true;
  if (t.type === 'NAME') return !KEYWORDS.has(t.value) || ['True', 'False', 'None'].includes(t.value);
  return t.value === ')' || t.value === ']' || t.value === '}';
}
function startsAtom(t: Token): boolean {
  if (t.type === 'NUMBER' || t.type === 'STRING') return true;
  if (t.type === 'NAME') return !KEYWORDS.has(t.value) || ['True', 'False', 'None', 'lambda', 'not'].includes(t.value);
  return t.value === '(' || t.value === '[' || t.value === '{';
}

// ---------------------------------------------------------------------------------------------
// The outline of any text (parser/outline.ts): Lezer's parse recovers from every error, so broken
// code has an outline too; never throws, linear in the text's length

const STATEMENT_NODES = new Set([
  'AssignStatement', 'UpdateStatement', 'ExpressionStatement', 'DeleteStatement', 'PassStatement', 'BreakStatement',
  'ContinueStatement', 'ReturnStatement', 'YieldStatement', 'PrintStatement', 'RaiseStatement', 'ImportStatement',
  'ScopeStatement', 'AssertStatement', 'TypeDefinition', 'IfStatement', 'WhileStatement', 'ForStatement',
  'TryStatement', 'WithStatement', 'FunctionDefinition', 'ClassDefinition', 'DecoratedStatement', 'MatchStatement',
]);
const CLAUSE_KEYWORDS = new Set(['if', 'elif', 'else', 'for', 'while', 'try', 'except', 'finally', 'with', 'def', 'class']);

/** The statements, clauses and comments of `text` (any text: a broken program has an outline too). */
export function sourceOutline(text: string): SourceOutline {
  return new SourceOutline(text, outlineEvents(text));
}

function* outlineEvents(text: string): Generator<OutlineEvent> {
  const tree = lezerPython.parse(text);
  const cursor = tree.cursor();
  // the nodes entered, each with what leaving it ends (a statement, a group, nothing)
  const ends: ('statement' | 'group' | null)[] = [];
  for (;;) {
    const name = cursor.name;
    const from = cursor.from, to = cursor.to;
    let end: 'statement' | 'group' | null = null;
    let descend = true;
    if (name === 'Comment') {
      yield { type: 'comment', from, to };
      descend = false;
    } else if (name === 'StatementGroup') {
      yield { type: 'group', from };
      end = 'group';
    } else if (STATEMENT_NODES.has(name)) {
      const node = cursor.node;
      const decorated = (name === 'FunctionDefinition' || name === 'ClassDefinition') && node.parent?.name === 'DecoratedStatement';
      if (!decorated) {
        let stmtName = name;
        if (name === 'DecoratedStatement') {
          let inner = node.lastChild;
          while (inner && inner.name !== 'FunctionDefinition' && inner.name !== 'ClassDefinition') inner = inner.prevSibling;
          stmtName = inner ? inner.name : 'FunctionDefinition';
        }
        const first = node.firstChild;
        const docstringLike = name === 'ExpressionStatement' && !!first && first.from === from && first.to === to &&
          (first.name === 'String' || first.name === 'ContinuedString') && !/^[a-zA-Z]*[bBfF]/.test(text.slice(from, from + 3));
        yield { type: 'statement', name: stmtName, from, to, docstringLike, future: name === 'ImportStatement' && /^from\s+__future__\b/.test(text.slice(from, from + 40)) };
        end = 'statement';
      }
    } else if (name === 'Body' || name === 'MatchBody') {
      const node = cursor.node;
      let keyword = name === 'MatchBody' ? 'match' : '';
      let keywordFrom = from;
      if (!keyword && node.parent?.name === 'MatchClause') { keyword = 'case'; keywordFrom = node.parent.from; }
      for (let k = node.prevSibling; !keyword && k; k = k.prevSibling) {
        if (CLAUSE_KEYWORDS.has(k.name)) { keyword = k.name; keywordFrom = k.from; }
      }
      // a match statement's header: a clause without a block of its own (its cases follow)
      yield { type: 'body', keyword: keyword || 'else', keywordFrom, colon: from, end: name === 'MatchBody' ? from + 1 : to };
    }
    if (descend && cursor.firstChild()) { ends.push(end); continue; }
    if (end === 'statement') yield { type: 'end-statement' };
    if (end === 'group') yield { type: 'end-group' };
    // leave the nodes that have no next sibling
    for (;;) {
      if (cursor.nextSibling()) break;
      if (!cursor.parent()) return;
      const e = ends.pop();
      if (e === 'statement') yield { type: 'end-statement' };
      if (e === 'group') yield { type: 'end-group' };
    }
  }
}
