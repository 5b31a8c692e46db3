// Syntax-error messages per CPython version. Every wording difference between versions lives in
// this table; the checks ask for a message by key and never compare version numbers themselves.
// Wordings follow Parser/tokenizer.c, Parser/pegen.c and Grammar/python.gram (3.9+), Parser/parser.c
// and Python/ast.c (3.8), Python/symtable.c and Python/compile.c.

import { PyVersion } from '../versions';

type PerVersion<T> = Record<PyVersion, T>;

function all<T>(v: T): PerVersion<T> {
  return { '3.8': v, '3.9': v, '3.10': v, '3.11': v, '3.12': v, '3.13': v };
}
function from<T>(old: T, newer: T, first: PyVersion): PerVersion<T> {
  const order: PyVersion[] = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13'];
  const out = {} as PerVersion<T>;
  let seen = false;
  for (const v of order) {
    if (v === first) seen = true;
    out[v] = seen ? newer : old;
  }
  return out;
}

/** Whether a version has a feature (true) or rejects it as "invalid syntax" (false). */
export const FEATURES = {
  /** the tokenizer's MAXLEVEL: an opening bracket at this nesting is "too many nested parentheses"
   *  (3.9+; 3.8's tokenizer has no such check, its parser stack overflows first) */
  maxParenLevel: from<number | null>(null, 200, '3.9'),
  /** 3.8's LL(1) parser: its stack (MAXSTACK 1500) overflows with "s_push: parser stack overflow"
   *  and a MemoryError at about 100 nested brackets (98-99 for parentheses, lists and calls in a
   *  module-level statement; fewer inside blocks): [refuse from this depth, MemoryError from this depth] */
  parserStackBrackets: from<[number, number] | null>([90, 100], null, '3.9'),
  matchStatement: from(false, true, '3.10'),
  exceptStar: from(false, true, '3.11'),
  typeStatement: from(false, true, '3.12'),
  /** PEP 701: f-strings are tokenized, so nested replacement fields may reuse the quote */
  pep701FStrings: from(false, true, '3.12'),
  /** the PEG parser's parenthesized `with (a as b, c as d):` */
  parenthesizedWith: from(false, true, '3.9'),
  /** 3.10+ messages name what is missing ("expected ':'", "'(' was never closed", ...) */
  descriptiveErrors: from(false, true, '3.10'),
  /** "cannot assign to literal here. Maybe you meant '==' instead of '='?" */
  assignHereHint: from(false, true, '3.10'),
  /** 3.13: "Expected one or more names after 'import'" */
  importNamesHint: from(false, true, '3.13'),
  /** A line that starts (after its indentation) with a line continuation: 'indent' gives the joined
   *  line that indentation (3.8), 'blank' makes it a blank line (3.9), 'blank-if-empty' only when
   *  the line it joins is empty (3.10+) (tok_get's blank-line check in Parser/tokenizer.c) */
  /** where "Non-UTF-8 code" is reported: a File line (3.8), no location (3.9+), the message's
   *  line one past the byte's (3.10) */
  nonUtf8Location: { '3.8': 'file-line', '3.9': 'none', '3.10': 'line-after', '3.11': 'none', '3.12': 'none',
    '3.13': 'none' } as PerVersion<'file-line' | 'none' | 'line-after'>,
  /** an invalid escape sequence in a literal is a SyntaxWarning (3.12+), not a DeprecationWarning */
  invalidEscapeSyntaxWarning: from(false, true, '3.12'),
  /** where the caret of a literal the escape decoder refuses goes: its first character (3.8, and
   *  3.12+ but for an f-string's last one), one past its end (3.9-3.11) */
  literalDecodeErrorAt: { '3.8': 'start', '3.9': 'after', '3.10': 'after', '3.11': 'after', '3.12': 'start',
    '3.13': 'start' } as PerVersion<'start' | 'after'>,
  /** a null byte ends its line, the rest of the line with its newline lost (3.8-3.10) */
  nullBytesEndLine: from(true, false, '3.11'),
  continuationLineIndent: { '3.8': 'indent', '3.9': 'blank', '3.10': 'blank-if-empty', '3.11': 'blank-if-empty',
    '3.12': 'blank-if-empty', '3.13': 'blank-if-empty' } as PerVersion<'indent' | 'blank' | 'blank-if-empty'>,
};

export const MESSAGES = {
  invalidSyntax: all('invalid syntax'),
  nonUtf8Code: {
    ...all((hex: string, file: string, line: number) => `Non-UTF-8 code starting with '\\x${hex}' in file ${file} on line ${line}, `
      + 'but no encoding declared; see https://peps.python.org/pep-0263/ for details'),
    ...Object.fromEntries((['3.8', '3.9', '3.10'] as const).map((v) => [v, (hex: string, file: string, line: number) =>
      `Non-UTF-8 code starting with '\\x${hex}' in file ${file} on line ${line}, `
      + `but no encoding declared; see ${v === '3.8' ? 'http' : 'https'}://python.org/dev/peps/pep-0263/ for details`])),
  } as PerVersion<(hex: string, file: string, line: number) => string>,
  eofInMultiLine: all('unexpected EOF while parsing'),
  unterminatedString: from<(line: number) => string>(
    () => 'EOL while scanning string literal',
    (line) => `unterminated string literal (detected at line ${line})`, '3.10'),
  unterminatedTriple: from<(line: number) => string>(
    () => 'EOF while scanning triple-quoted string literal',
    (line) => `unterminated triple-quoted string literal (detected at line ${line})`, '3.10'),
  invalidCharacter: from<(ch: string) => string>(
    () => 'invalid character in identifier',
    (ch) => `invalid character '${ch}' (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`, '3.9'),
  expectedIndentedBlock: from<(what: string, line: number) => string>(
    () => 'expected an indented block',
    (what, line) => `expected an indented block after ${what} on line ${line}`, '3.10'),
  augAssignTarget: from<(name: string) => string>(
    (name) => `cannot assign to ${name}`,
    (name) => `'${name}' is an illegal expression for augmented assignment`, '3.9'),
  keywordRepeated: from<(name: string) => string>(
    () => 'keyword argument repeated',
    (name) => `keyword argument repeated: ${name}`, '3.9'),
  nonDefaultAfterDefault: from(
    'non-default argument follows default argument',
    'parameter without a default follows parameter with a default', '3.12'),
  fstringEmpty: from("f-string: empty expression not allowed", "f-string: valid expression required before '}'", '3.12'),
  fstringExpectingBrace: all("f-string: expecting '}'"),
  printMissingParens: from<(args: string) => string>(
    (args) => `Missing parentheses in call to 'print'. Did you mean print(${args})?`,
    () => "Missing parentheses in call to 'print'. Did you mean print(...)?", '3.10'),
  /** the name CPython gives an expression in "cannot assign to ..." (Parser/pegen.c) */
  ellipsisName: from('Ellipsis', 'ellipsis', '3.9'),
  dictName: from('dict display', 'dict literal', '3.10'),
};

/** Where the caret goes for a few errors whose column moved between versions. */
export const OFFSETS = {
  /** `f(a=1, 2)`: at the positional argument's start (3.8) or just past its end (3.9+) */
  positionalAfterKeywordAtEnd: from(false, true, '3.9'),
  /** leading zeros: at the last digit (3.8, 3.9) or at the literal's start (3.10+) */
  leadingZeroAtStart: from(false, true, '3.10'),
  /** "unexpected character after line continuation character": end of line (3.8) or after the backslash */
  continuationAtLineEnd: from(true, false, '3.9'),
};
