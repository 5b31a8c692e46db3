// A Python tokenizer used to find the errors CPython's own tokenizer reports (Parser/tokenizer.c):
// unterminated strings, invalid characters and number literals, bad indentation (IndentationError,
// TabError), unmatched and unclosed brackets, stray backslashes. It also yields the token stream
// that the syntax-error classifier reads around the place where the Lezer parse failed.

import { PyVersion } from '../versions';
import { PySyntaxError, UnsupportedError } from '../errors';
import { FEATURES, MESSAGES, OFFSETS } from './messages';

export type TokType = 'NAME' | 'NUMBER' | 'STRING' | 'OP' | 'NEWLINE' | 'INDENT' | 'DEDENT' | 'ENDMARKER';

export interface Token {
  type: TokType;
  value: string;
  /** character offsets into the source */
  from: number;
  to: number;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  /** bracket depth before this token */
  depth: number;
}

/** Parser/tokenizer.c MAXINDENT: the indentation stack's size */
const MAX_INDENT = 100;

const OPS3 = ['**=', '//=', '>>=', '<<=', '...', '!='];
const OPS2 = ['**', '//', '>>', '<<', '<=', '>=', '==', '!=', '->', ':=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '@=', '<>'];
const OPS1 = '+-*/%@&|^~<>()[]{},:;.=!';
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

export class LineIndex {
  readonly starts: number[] = [0];
  constructor(readonly source: string) {
    for (let i = 0; i < source.length; i++) if (source[i] === '\n') this.starts.push(i + 1);
  }
  pos(offset: number): { line: number; col: number } {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo] };
  }
  text(line: number): string {
    const s = this.starts[line - 1] ?? this.source.length;
    let e = this.source.indexOf('\n', s);
    if (e < 0) e = this.source.length;
    return this.source.slice(s, e).replace(/\r$/, '');
  }
  /** The error for a bracket left open at the end of the source. */
  unclosedError(open: Unclosed, version: PyVersion): PySyntaxError {
    if (FEATURES.descriptiveErrors[version]) {
      return new PySyntaxError('SyntaxError', `'${open.ch}' was never closed`, open.line, open.col + 1, this.text(open.line));
    }
    let last = this.lineCount;
    while (last > 1 && this.text(last).trim() === '') last--;
    return new PySyntaxError('SyntaxError', MESSAGES.eofInMultiLine[version], last, this.text(last).length + 1, this.text(last));
  }
  get lineCount(): number { return this.starts.length; }
}

const ID_START = /[\p{ID_Start}_]/u;
const ID_CONT = /[\p{ID_Continue}_]/u;

/** The innermost bracket still open at the end of the source, if any (reported after the parse). */
export interface Unclosed { ch: string; line: number; col: number }

function isIdStart(c: string): boolean {
  const k = c.charCodeAt(0);
  if (k < 128) return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || k === 95;
  return ID_START.test(c) || (k >= 0xd800 && k < 0xdc00);
}
function isIdCont(c: string): boolean {
  const k = c.charCodeAt(0);
  if (k < 128) return (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || k === 95 || (k >= 48 && k <= 57);
  return ID_CONT.test(c) || (k >= 0xdc00 && k < 0xe000);
}

export function tokenize(source: string, version: PyVersion, lines: LineIndex): { toks: Token[]; unclosed: Unclosed | null; parserError: PySyntaxError | null } {
  const toks: Token[] = [];
  const src = source;
  const n = src.length;
  const err = (type: 'SyntaxError' | 'IndentationError' | 'TabError', msg: string, line: number, offset: number): never => {
    throw new PySyntaxError(type, msg, line, offset, lines.text(line));
  };
  const push = (type: TokType, value: string, from: number, to: number, depth: number): void => {
    const a = lines.pos(from), b = lines.pos(to);
    toks.push({ type, value, from, to, line: a.line, col: a.col, endLine: b.line, endCol: b.col, depth });
  };
  const indents: number[] = [0];
  const altIndents: number[] = [0];
  const brackets: { ch: string; line: number; col: number }[] = [];
  let deepBrackets: UnsupportedError | null = null;
  // the parser's error at a number followed by a name (`3.index`), which CPython's parser raises
  // once it gets there: the tokenizer goes on, and an error of its own further on wins, as
  // _PyPegen_tokenize_full_source_to_check_for_errors makes it (3.12.1 Parser/pegen_errors.c:154-213)
  let parserError: PySyntaxError | null = null;
  const parserErr = (msg: string, line: number, offset: number): void => {
    if (!parserError) parserError = new PySyntaxError('SyntaxError', msg, line, offset, lines.text(line));
  };
  let i = 0;
  let atLineStart = true;
  let contLine = false;
  const contRule = FEATURES.continuationLineIndent[version];
  /** a line continuation at `j`, where a line's indentation ends: does the line count as blank? */
  const continuationIsBlank = (j: number): boolean => {
    const nx = src[j + 1];
    if (nx !== '\n' && nx !== '\r') return false;
    if (contRule === 'blank') return true;
    if (contRule === 'indent') return false;
    let k = j + 2 + (nx === '\r' && src[j + 2] === '\n' ? 1 : 0);
    while (k < n && (src[k] === ' ' || src[k] === '\t' || src[k] === '\f')) k++;
    return k >= n || src[k] === '\n' || src[k] === '\r';
  };

  while (i < n) {
    if (atLineStart && brackets.length === 0 && !contLine) {
      // measure indentation
      let col = 0, alt = 0, j = i;
      for (; j < n; j++) {
        const c = src[j];
        if (c === ' ') { col++; alt++; }
        else if (c === '\t') { col = (Math.floor(col / 8) + 1) * 8; alt++; }
        else if (c === '\f') { col = 0; alt = 0; }
        else break;
      }
      atLineStart = false;
      const c = src[j];
      if (j >= n || c === '\n' || c === '\r' || c === '#' || (c === '\\' && continuationIsBlank(j))) {
        // blank line: no indentation processing
        i = j;
      } else {
        const { line } = lines.pos(j);
        const top = indents[indents.length - 1];
        const altTop = altIndents[altIndents.length - 1];
        if (col === top) {
          if (alt !== altTop) tabError(line);
        } else if (col > top) {
          if (alt <= altTop) tabError(line);
          // MAXINDENT (Parser/tokenizer.c): E_TOODEEP
          if (indents.length >= MAX_INDENT) err('IndentationError', 'too many levels of indentation', line, col + 1);
          indents.push(col); altIndents.push(alt);
          push('INDENT', src.slice(i, j), i, j, 0);
        } else {
          while (indents.length > 1 && col < indents[indents.length - 1]) {
            indents.pop(); altIndents.pop();
            push('DEDENT', '', j, j, 0);
          }
          if (col !== indents[indents.length - 1]) {
            // 3.10+ reads the line a leading continuation joins before it checks the indentation
            const at = c === '\\' && contRule === 'blank-if-empty' ? line + 1 : line;
            err('IndentationError', 'unindent does not match any outer indentation level', at, lines.text(at).length + 1);
          }
          if (alt !== altIndents[altIndents.length - 1]) tabError(line);
        }
        i = j;
      }
      continue;
    }
    const c = src[i];
    contLine = false;
    if (c === ' ' || c === '\t' || c === '\f') { i++; continue; }
    if (c === '#') { while (i < n && src[i] !== '\n') i++; continue; }
    if (c === '\r' && src[i + 1] === '\n') { i++; continue; }
    if (c === '\n' || c === '\r') {
      const last = toks[toks.length - 1];
      if (brackets.length === 0 && last && last.type !== 'NEWLINE' && last.type !== 'INDENT' && last.type !== 'DEDENT') {
        push('NEWLINE', '', i, i, 0);
      }
      i++;
      atLineStart = true;
      continue;
    }
    if (c === '\\') {
      const nx = src[i + 1];
      if (nx === '\n' || nx === '\r') {
        i += nx === '\r' && src[i + 2] === '\n' ? 3 : 2;
        contLine = true;
        atLineStart = false;
        continue;
      }
      if (i + 1 >= n) err('SyntaxError', MESSAGES.eofInMultiLine[version], lines.pos(i).line, lines.pos(i).col + 1);
      const p = lines.pos(i);
      err('SyntaxError', 'unexpected character after line continuation character', p.line,
        OFFSETS.continuationAtLineEnd[version] ? lines.text(p.line).length + 1 : p.col + 2);
    }
    // strings (with prefix)
    const sm = c === '"' || c === "'" || 'rRbBuUfF'.includes(c) ? /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(src.slice(i, i + 5)) : null;
    if (sm && validPrefix(sm[1])) {
      i = scanString(i, sm[1], sm[2]);
      continue;
    }
    // numbers
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:[0-9](?:_?[0-9])*\.?(?:[0-9](?:_?[0-9])*)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?[jJ]?)/.exec(src.slice(i, i + 400))!;
      const text = m[0];
      const p = lines.pos(i);
      if (/^0[0-9_]*[1-9]/.test(text) && !/[.eEjJ]/.test(text)) {
        err('SyntaxError', 'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
          p.line, OFFSETS.leadingZeroAtStart[version] ? p.col + 1 : p.col + text.length);
      }
      const after = src[i + text.length] ?? '';
      if (after && ID_START.test(after) && !/^0[xXoObB]/.test(text)) {
        // verify_end_of_number: a literal followed by what begins like and, else, for, if, in, is,
        // not or or is let through (a prefix only); then unless that is the keyword itself, the
        // parser meets a number and a name side by side (`3.index`: `3.` then `index`)
        const rest = src.slice(i + text.length);
        const word = /^[A-Za-z_0-9]*/.exec(rest)![0];
        if (!/^(and|or|in|is|if|else|not|for)/.test(rest)) {
          if (FEATURES.descriptiveErrors[version]) err('SyntaxError', 'invalid decimal literal', p.line, p.col + text.length);
        } else if (!['and', 'or', 'in', 'is', 'if', 'else', 'not', 'for'].includes(word)) {
          // inside brackets from 3.10 the parser's invalid_expression names the expression before
          // (from the start of the bracket's current item); otherwise "invalid syntax" at the name
          if (FEATURES.descriptiveErrors[version] && brackets.length > 0) {
            const at = lines.pos(itemStart(src, i));
            parserErr('invalid syntax. Perhaps you forgot a comma?', at.line, at.col + 1);
          }
          parserErr('invalid syntax', p.line, p.col + text.length + 1);
        }
      }
      push('NUMBER', text, i, i + text.length, brackets.length);
      i += text.length;
      continue;
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isIdCont(src[j])) j++;
      push('NAME', src.slice(i, j), i, j, brackets.length);
      i = j;
      continue;
    }
    const three = src.slice(i, i + 3), two = src.slice(i, i + 2);
    let op: string | null = null;
    if (OPS3.includes(three)) op = three; else if (OPS2.includes(two)) op = two; else if (OPS1.includes(c)) op = c;
    if (op === null || op === '!') {
      const p = lines.pos(i);
      const ch = String.fromCodePoint(src.codePointAt(i)!);
      if (op === '!' || c === '$' || c === '?' || c === '`') err('SyntaxError', MESSAGES.invalidSyntax[version], p.line, p.col + 1);
      err('SyntaxError', MESSAGES.invalidCharacter[version](ch), p.line, p.col + 1);
    }
    const p = lines.pos(i);
    if (op === '(' || op === '[' || op === '{') {
      const maxLevel = FEATURES.maxParenLevel[version];
      if (maxLevel !== null && brackets.length >= maxLevel) err('SyntaxError', 'too many nested parentheses', p.line, p.col + 1);
      const stack = FEATURES.parserStackBrackets[version];
      if (stack !== null && brackets.length + 1 >= stack[0]) {
        if (brackets.length + 1 >= stack[1]) throw new PySyntaxError('MemoryError', 's_push: parser stack overflow', p.line, p.col + 1, lines.text(p.line));
        // refused at the end, unless the nesting reaches the overflow itself
        if (!deepBrackets) deepBrackets = new UnsupportedError(`brackets nested ${stack[0]} or more deep (where CPython 3.8's parser stack overflows depends on the grammar's path)`, p.line);
      }
      push('OP', op, i, i + 1, brackets.length);
      brackets.push({ ch: op, line: p.line, col: p.col });
    } else if (op === ')' || op === ']' || op === '}') {
      const open = brackets.pop();
      if (!open) err('SyntaxError', `unmatched '${op}'`, p.line, p.col + 1);
      else if (open.ch !== CLOSERS[op!]) {
        const where = open.line !== p.line ? ` on line ${open.line}` : '';
        err('SyntaxError', `closing parenthesis '${op}' does not match opening parenthesis '${open.ch}'${where}`, p.line, p.col + 1);
      }
      push('OP', op!, i, i + 1, brackets.length);
    } else {
      push('OP', op!, i, i + op!.length, brackets.length);
    }
    i += op!.length;
  }
  if (deepBrackets) throw deepBrackets;
  const unclosed = brackets.length ? brackets[brackets.length - 1] : null;
  const last = toks[toks.length - 1];
  if (last && last.type !== 'NEWLINE' && last.type !== 'DEDENT' && last.type !== 'INDENT') push('NEWLINE', '', n, n, 0);
  for (let k = 1; k < indents.length; k++) push('DEDENT', '', n, n, 0);
  push('ENDMARKER', '', n, n, 0);
  return { toks, unclosed, parserError };

  function tabError(line: number): never {
    return err('TabError', 'inconsistent use of tabs and spaces in indentation', line,
      version === '3.8' ? lines.text(line).length + 1 : 1);
  }

  function validPrefix(p: string): boolean {
    const l = p.toLowerCase();
    return ['', 'r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf'].includes(l);
  }

  /** Scans a string literal starting at `start`; returns the offset after it. */
  function scanString(start: number, prefix: string, quote: string): number {
    const raw = /r/i.test(prefix);
    const fmt = /f/i.test(prefix) && FEATURES.pep701FStrings[version];
    const long = quote.length === 3;
    let j = start + prefix.length + quote.length;
    const end = scanBody(j, quote, raw, fmt, long, start);
    push('STRING', src.slice(start, end), start, end, brackets.length);
    return end;
  }

  function scanBody(j: number, quote: string, raw: boolean, fmt: boolean, long: boolean, start: number): number {
    let braceDepth = 0;
    for (;;) {
      if (j >= n || (!long && (src[j] === '\n' || src[j] === '\r'))) {
        const p = lines.pos(start);
        if (long) {
          const detected = lines.pos(n).line - (/\n$/.test(src) ? 1 : 0);
          if (FEATURES.descriptiveErrors[version]) err('SyntaxError', MESSAGES.unterminatedTriple[version](detected), p.line, p.col + 1);
          err('SyntaxError', MESSAGES.unterminatedTriple[version](detected), detected, lines.text(detected).length + 1);
        }
        if (FEATURES.descriptiveErrors[version]) err('SyntaxError', MESSAGES.unterminatedString[version](p.line), p.line, p.col + 1);
        err('SyntaxError', MESSAGES.unterminatedString[version](p.line), p.line, lines.text(p.line).length + 1);
      }
      const ch = src[j];
      if (ch === '\\') { j += 2; continue; }
      if (fmt && braceDepth > 0) {
        // inside a replacement field (PEP 701): nested strings may reuse the quote
        const sm = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(src.slice(j, j + 5));
        if (sm && validPrefix(sm[1]) && (j === 0 || !ID_CONT.test(src[j - 1]) || sm[1] !== '')) {
          const r = /r/i.test(sm[1]);
          j = scanBody(j + sm[0].length, sm[2], r, /f/i.test(sm[1]), sm[2].length === 3, j);
          continue;
        }
        if (ch === '{' || ch === '[' || ch === '(') braceDepth++;
        else if (ch === '}' || ch === ']' || ch === ')') braceDepth--;
        j++;
        continue;
      }
      if (fmt && ch === '{') {
        if (src[j + 1] === '{') { j += 2; continue; }
        braceDepth++; j++; continue;
      }
      if (src.startsWith(quote, j)) return j + quote.length;
      j++;
    }
    void raw;
  }
}

/** where the bracketed item that reaches `at` begins: after the nearest unmatched opening bracket,
 *  or the comma, colon or keyword `=` at its level, skipping blanks (strings are not looked into) */
function itemStart(src: string, at: number): number {
  let depth = 0;
  let j = at - 1;
  for (; j >= 0; j--) {
    const c = src[j];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && (c === ',' || c === ':' || (c === '=' && !'=!<>'.includes(src[j - 1] ?? '') && src[j + 1] !== '='))) break;
  }
  j++;
  while (j < at && (src[j] === ' ' || src[j] === '\t')) j++;
  return j;
}
