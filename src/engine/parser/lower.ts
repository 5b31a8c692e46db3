// Lowers Lezer's concrete syntax tree for Python into our AST (src/engine/ast.ts), the way CPython's
// grammar actions build `ast` nodes (Grammar/python.gram, Parser/action_helpers.c, Parser/string_parser.c).
// It also raises the errors CPython's grammar raises for invalid targets and argument lists
// (the `invalid_*` rules of Grammar/python.gram), and refuses constructs the simulator does not model.

import type { SyntaxNode } from '@lezer/common';
import * as A from '../ast';
import { PySyntaxError, UnsupportedError } from '../errors';
import { PyVersion } from '../versions';
import { getIntMaxStrDigits, literalLimitMessage } from '../format/ints';
import { FEATURES, MESSAGES, OFFSETS } from './messages';
import { LineIndex } from './tokenizer';

const SUPPORTED_MODULES = new Set(['sys', 'gc', 'weakref']);

const BINOPS: Record<string, A.BinOpKind> = {
  '+': 'Add', '-': 'Sub', '*': 'Mult', '@': 'MatMult', '/': 'Div', '%': 'Mod', '**': 'Pow',
  '<<': 'LShift', '>>': 'RShift', '|': 'BitOr', '^': 'BitXor', '&': 'BitAnd', '//': 'FloorDiv',
};
const CMPOPS: Record<string, A.CmpOpKind> = {
  '==': 'Eq', '!=': 'NotEq', '<': 'Lt', '<=': 'LtE', '>': 'Gt', '>=': 'GtE',
};

export class Lowerer {
  /** invalid escape sequences met in string literals (warn_invalid_escape_sequence) */
  readonly warnings: NonNullable<A.Module['warnings']> = [];

  constructor(
    private readonly src: string,
    private readonly version: PyVersion,
    private readonly lines: LineIndex,
  ) {}

  /** the first invalid escape of a literal: a DeprecationWarning (≤3.11) or SyntaxWarning (3.12+) */
  private escapeWarner(p: SyntaxNode): (seq: string, octal: boolean) => void {
    let warned = false;
    return (seq, octal) => {
      if (warned) return;
      warned = true;
      this.warnings.push({
        line: this.line(p), category: FEATURES.invalidEscapeSyntaxWarning[this.version] ? 'SyntaxWarning' : 'DeprecationWarning',
        message: octal ? `invalid octal escape sequence '${seq}'` : `invalid escape sequence '${seq}'`,
      });
    };
  }

  // ---- helpers -------------------------------------------------------------------------------

  span(from: number, to: number): A.Span {
    const a = this.lines.pos(from), b = this.lines.pos(to);
    return { line: a.line, col: a.col, endLine: b.line, endCol: b.col };
  }
  sp(n: SyntaxNode): A.Span { return this.span(n.from, n.to); }
  text(n: SyntaxNode): string {
    const t = this.src.slice(n.from, n.to);
    // identifiers are normalized to NFKC when parsed (PEP 3131; _PyPegen_new_identifier)
    if ((n.name === 'VariableName' || n.name === 'PropertyName') && /[^\x00-\x7f]/.test(t)) return t.normalize('NFKC');
    return t;
  }
  line(n: SyntaxNode | number): number { return this.lines.pos(typeof n === 'number' ? n : n.from).line; }

  kids(n: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
    return out;
  }
  unsupported(construct: string, at: SyntaxNode | number): never {
    throw new UnsupportedError(construct, this.line(at));
  }
  syntax(msg: string, at: A.Span | number, offset?: number, type: 'SyntaxError' | 'IndentationError' = 'SyntaxError'): never {
    const line = typeof at === 'number' ? this.lines.pos(at).line : at.line;
    const col = offset ?? (typeof at === 'number' ? this.lines.pos(at).col + 1 : at.col + 1);
    throw new PySyntaxError(type, msg, line, col, this.lines.text(line));
  }
  /** a literal the escape decoder refuses (FEATURES.literalDecodeErrorAt; from 3.12 an f-string's
   *  error points at its last character, the end of its FSTRING_MIDDLE) */
  literalError(msg: string, p: SyntaxNode, fstring: boolean): never {
    const span = this.sp(p);
    const at = FEATURES.literalDecodeErrorAt[this.version];
    const offset = at === 'after' ? span.endCol + 1 : fstring && FEATURES.pep701FStrings[this.version] ? span.endCol : span.col + 1;
    return this.syntax(msg, span, span.endLine === span.line || at === 'start' ? offset : undefined);
  }
  /** Splits children on "," into groups. */
  splitCommas(ns: SyntaxNode[]): { groups: SyntaxNode[][]; trailing: boolean } {
    const groups: SyntaxNode[][] = [[]];
    for (const c of ns) {
      if (c.name === ',') groups.push([]);
      else groups[groups.length - 1].push(c);
    }
    const trailing = groups.length > 1 && groups[groups.length - 1].length === 0;
    if (trailing) groups.pop();
    if (groups.length === 1 && groups[0].length === 0) groups.pop();
    return { groups, trailing };
  }

  // ---- module and statements -----------------------------------------------------------------

  module(top: SyntaxNode): A.Module {
    const body = this.stmts(this.kids(top));
    return { kind: 'Module', body, source: this.src, warnings: this.warnings };
  }

  stmts(ns: SyntaxNode[]): A.Stmt[] {
    const out: A.Stmt[] = [];
    for (const n of ns) {
      if (n.name === ':' || n.name === ';') continue;
      if (n.name === 'StatementGroup') { out.push(...this.stmts(this.kids(n))); continue; }
      out.push(this.stmt(n));
    }
    return out;
  }

  body(n: SyntaxNode | undefined): A.Stmt[] {
    if (!n || n.name !== 'Body') throw new Error('expected a body');
    return this.stmts(this.kids(n));
  }

  stmt(n: SyntaxNode): A.Stmt {
    const k = this.kids(n);
    const span = this.sp(n);
    switch (n.name) {
      case 'ExpressionStatement': return { kind: 'Expr', value: this.exprList(k), span };
      case 'PassStatement': return { kind: 'Pass', span };
      case 'BreakStatement': return { kind: 'Break', span };
      case 'ContinueStatement': return { kind: 'Continue', span };
      case 'ReturnStatement': return { kind: 'Return', value: k.length > 1 ? this.exprList(k.slice(1)) : null, span };
      case 'YieldStatement': return { kind: 'Expr', value: this.yieldExpr(n, k), span };
      case 'AssignStatement': return this.assign(n, k);
      case 'UpdateStatement': return this.update(n, k);
      case 'DeleteStatement': {
        const targets = this.splitCommas(k.slice(1)).groups.map((g) => this.exprGroup(g));
        for (const t of targets) this.checkTarget(t, 'del');
        return { kind: 'Delete', targets, span };
      }
      case 'ScopeStatement': {
        const names = k.slice(1).filter((c) => c.name === 'VariableName').map((c) => this.text(c));
        return { kind: k[0].name === 'global' ? 'Global' : 'Nonlocal', names, span };
      }
      case 'AssertStatement': {
        const g = this.splitCommas(k.slice(1)).groups;
        return { kind: 'Assert', test: this.exprGroup(g[0]), msg: g[1] ? this.exprGroup(g[1]) : null, span };
      }
      case 'RaiseStatement': {
        if (k.some((c) => c.name === ',')) this.syntax(MESSAGES.invalidSyntax[this.version], this.sp(k.find((c) => c.name === ',')!));
        const fromAt = k.findIndex((c) => c.name === 'from');
        const exc = k.length > 1 ? this.expr(k[1]) : null;
        return { kind: 'Raise', exc, cause: fromAt > 0 ? this.expr(k[fromAt + 1]) : null, span };
      }
      case 'PrintStatement': {
        const arg = this.src.slice(k[1].from, n.to).trim();
        const off = FEATURES.descriptiveErrors[this.version] ? span.col + 1 : this.lines.pos(k[1].from).col + 1;
        return this.syntax(MESSAGES.printMissingParens[this.version](arg), span, off);
      }
      case 'ImportStatement': return this.importStmt(n, k);
      case 'IfStatement': return this.ifStmt(n, k);
      case 'WhileStatement': {
        const elseAt = k.findIndex((c) => c.name === 'else');
        return { kind: 'While', test: this.expr(k[1]), body: this.body(k[2]), orelse: elseAt > 0 ? this.body(k[elseAt + 1]) : [], span };
      }
      case 'ForStatement': {
        if (k[0].name === 'async') this.unsupported('`async for`', n);
        const inAt = k.findIndex((c) => c.name === 'in');
        const bodyAt = k.findIndex((c) => c.name === 'Body');
        const target = this.exprList(k.slice(1, inAt));
        this.checkTarget(target, 'for');
        const elseAt = k.findIndex((c) => c.name === 'else');
        return {
          kind: 'For', target, iter: this.exprList(k.slice(inAt + 1, bodyAt)), body: this.body(k[bodyAt]),
          orelse: elseAt > 0 ? this.body(k[elseAt + 1]) : [], span,
        };
      }
      case 'TryStatement': return this.tryStmt(n, k);
      case 'FunctionDefinition': return this.funcDef(n, k, []);
      case 'ClassDefinition': return this.classDef(n, k, []);
      case 'DecoratedStatement': {
        const decorators = k.filter((c) => c.name === 'Decorator').map((d) => this.decorator(d));
        const def = k[k.length - 1];
        const dk = this.kids(def);
        const s = def.name === 'ClassDefinition' ? this.classDef(def, dk, decorators) : this.funcDef(def, dk, decorators);
        return s;
      }
      case 'WithStatement':
        return this.unsupported(k[0].name === 'async' ? '`async with`' : '`with` statement', n);
      case 'MatchStatement': return this.unsupported('`match` statement', n);
      case 'TypeDefinition': return this.unsupported('`type` statement', n);
      default:
        return this.unsupported(`\`${this.text(n).split('\n')[0].trim()}\``, n);
    }
  }

  assign(n: SyntaxNode, k: SyntaxNode[]): A.Stmt {
    const span = this.sp(n);
    const typeAt = k.findIndex((c) => c.name === 'TypeDef');
    if (typeAt >= 0) {
      const target = this.exprList(k.slice(0, typeAt));
      if (target.kind === 'Tuple' && !target.parenthesized) {
        this.syntax('only single target (not tuple) can be annotated', target.span);
      }
      this.checkTarget(target, 'ann');
      const tk = this.kids(k[typeAt]);
      const annotation = this.expr(tk[tk.length - 1]);
      const rest = k.slice(typeAt + 2);
      return { kind: 'AnnAssign', target, annotation, value: rest.length ? this.exprList(rest) : null, span };
    }
    const parts: SyntaxNode[][] = [[]];
    for (const c of k) {
      if (c.name === 'AssignOp') parts.push([]);
      else parts[parts.length - 1].push(c);
    }
    const exprs = parts.map((p) => this.exprList(p));
    const value = exprs.pop()!;
    for (const t of exprs) this.checkTarget(t, exprs.length === 1 && FEATURES.assignHereHint[this.version] ? 'assign-hint' : 'assign');
    return { kind: 'Assign', targets: exprs, value, span };
  }

  update(n: SyntaxNode, k: SyntaxNode[]): A.Stmt {
    const opAt = k.findIndex((c) => c.name === 'UpdateOp');
    const target = this.exprList(k.slice(0, opAt));
    const ok = target.kind === 'Name' || target.kind === 'Attribute' || target.kind === 'Subscript';
    if (!ok) this.syntax(MESSAGES.augAssignTarget[this.version](this.exprName(target)), target.span);
    const op = BINOPS[this.text(k[opAt]).slice(0, -1)];
    return { kind: 'AugAssign', target, op, value: this.exprList(k.slice(opAt + 1)), span: this.sp(n) };
  }

  importStmt(n: SyntaxNode, k: SyntaxNode[]): A.Stmt {
    const span = this.sp(n);
    const line = span.line;
    if (k[0].name === 'import') {
      const names = this.aliases(k.slice(1));
      for (const a of names) {
        if (!SUPPORTED_MODULES.has(a.name)) this.unsupported(`\`import ${a.name}\``, n);
      }
      return { kind: 'Import', names, span };
    }
    const impAt = k.findIndex((c) => c.name === 'import');
    const modParts = k.slice(1, impAt);
    const modText = this.src.slice(k[0].to, k[impAt].from).trim();
    const level = modParts.filter((c) => c.name === '.' || c.name === 'Ellipsis').reduce((s, c) => s + (c.name === '.' ? 1 : 3), 0) +
      (/^\.+/.exec(modText)?.[0].length ?? 0) * 0;
    if (level > 0 || modText.startsWith('.')) this.unsupported('relative import', line);
    const module = modParts.filter((c) => c.name === 'VariableName').map((c) => this.text(c)).join('.');
    const rest = k.slice(impAt + 1);
    if (rest.length && rest[0].name === '*') this.unsupported(`\`from ${module} import *\``, n);
    if (!SUPPORTED_MODULES.has(module)) this.unsupported(`\`from ${module} import ...\``, n);
    const names = this.aliases(rest.filter((c) => c.name !== '(' && c.name !== ')'));
    return { kind: 'ImportFrom', module, names, level: 0, span };
  }

  aliases(ns: SyntaxNode[]): A.Alias[] {
    const out: A.Alias[] = [];
    for (const g of this.splitCommas(ns).groups) {
      const asAt = g.findIndex((c) => c.name === 'as');
      const nameParts = (asAt >= 0 ? g.slice(0, asAt) : g).filter((c) => c.name === 'VariableName');
      out.push({
        name: nameParts.map((c) => this.text(c)).join('.'),
        asname: asAt >= 0 ? this.text(g[asAt + 1]) : null,
        span: this.span(g[0].from, g[g.length - 1].to),
      });
    }
    return out;
  }

  ifStmt(n: SyntaxNode, k: SyntaxNode[]): A.If {
    // if test Body (elif test Body)* (else Body)?
    const clauses: { kw: SyntaxNode; test: SyntaxNode | null; body: SyntaxNode }[] = [];
    let i = 0;
    while (i < k.length) {
      const kw = k[i];
      if (kw.name === 'else') { clauses.push({ kw, test: null, body: k[i + 1] }); i += 2; }
      else { clauses.push({ kw, test: k[i + 1], body: k[i + 2] }); i += 3; }
    }
    let orelse: A.Stmt[] = [];
    let result: A.If | null = null;
    for (let c = clauses.length - 1; c >= 0; c--) {
      const cl = clauses[c];
      if (!cl.test) { orelse = this.body(cl.body); continue; }
      const end = result ? result.span : null;
      const lastBody = orelse.length ? orelse[orelse.length - 1].span : null;
      const bodyStmts = this.body(cl.body);
      const stop = end ?? lastBody ?? bodyStmts[bodyStmts.length - 1].span;
      const endSpan = this.endOf(bodyStmts, orelse, stop);
      result = {
        kind: 'If', test: this.expr(cl.test), body: bodyStmts, orelse: result ? [result] : orelse,
        span: { line: this.lines.pos(cl.kw.from).line, col: this.lines.pos(cl.kw.from).col, endLine: endSpan.endLine, endCol: endSpan.endCol },
      };
      orelse = [result];
    }
    return result!;
  }

  endOf(body: A.Stmt[], orelse: A.Stmt[], fallback: A.Span): A.Span {
    const last = orelse.length ? orelse[orelse.length - 1] : body[body.length - 1];
    return last ? last.span : fallback;
  }

  tryStmt(n: SyntaxNode, k: SyntaxNode[]): A.Try {
    const span = this.sp(n);
    const body = this.body(k[1]);
    const handlers: A.ExceptHandler[] = [];
    let orelse: A.Stmt[] = [];
    let finalbody: A.Stmt[] = [];
    let i = 2;
    while (i < k.length) {
      const kw = k[i];
      if (kw.name === 'except') {
        let j = i + 1;
        if (k[j]?.name === '*') this.unsupported('`except*`', kw);
        let type: A.Expr | null = null, name: string | null = null;
        if (k[j].name !== 'Body') { type = this.expr(k[j]); j++; }
        if (k[j].name === 'as') { name = this.text(k[j + 1]); j += 2; }
        else if (k[j].name === ',') this.syntax(MESSAGES.invalidSyntax[this.version], this.sp(k[j]));
        const hb = this.body(k[j]);
        const last = hb[hb.length - 1];
        const s = this.lines.pos(kw.from);
        handlers.push({ type, name, body: hb, span: { line: s.line, col: s.col, endLine: last.span.endLine, endCol: last.span.endCol } });
        i = j + 1;
      } else if (kw.name === 'else') { orelse = this.body(k[i + 1]); i += 2; }
      else if (kw.name === 'finally') { finalbody = this.body(k[i + 1]); i += 2; }
      else i++;
    }
    return { kind: 'Try', body, handlers, orelse, finalbody, span };
  }

  decorator(d: SyntaxNode): A.Expr {
    const k = this.kids(d).filter((c) => c.name !== 'At');
    let e: A.Expr | null = null;
    for (const c of k) {
      if (c.name === 'VariableName') {
        e = e ? { kind: 'Attribute', value: e, attr: this.text(c), span: this.span(k[0].from, c.to) }
          : { kind: 'Name', id: this.text(c), span: this.sp(c) };
      } else if (c.name === 'ArgList' && e) {
        e = this.call(e, c, this.span(k[0].from, c.to));
      }
    }
    return e!;
  }

  funcDef(n: SyntaxNode, k: SyntaxNode[], decorators: A.Expr[]): A.FunctionDef {
    if (k[0].name === 'async') this.unsupported('`async def`', n);
    if (k.some((c) => c.name === 'TypeParamList')) this.unsupported('type parameter list', n);
    const name = this.text(k[1]);
    const params = k.find((c) => c.name === 'ParamList')!;
    const args = this.params(params, true, n.from);
    const body = this.body(k[k.length - 1]);
    return { kind: 'FunctionDef', name, args, body, decorators, isGenerator: containsYield(body), span: this.sp(n) };
  }

  classDef(n: SyntaxNode, k: SyntaxNode[], decorators: A.Expr[]): A.ClassDef {
    if (k.some((c) => c.name === 'TypeParamList')) this.unsupported('type parameter list', n);
    const argList = k.find((c) => c.name === 'ArgList');
    let bases: A.Expr[] = [], keywords: A.Keyword[] = [];
    if (argList) {
      const c = this.call({ kind: 'Name', id: '', span: this.sp(argList) }, argList, this.sp(argList));
      bases = c.args; keywords = c.keywords;
    }
    return { kind: 'ClassDef', name: this.text(k[1]), bases, keywords, body: this.body(k[k.length - 1]), decorators, span: this.sp(n) };
  }

  params(pl: SyntaxNode, isDef: boolean, defStart = pl.from): A.Arguments {
    const k = this.kids(pl).filter((c) => c.name !== '(' && c.name !== ')');
    const res: A.Arguments = { posonlyargs: [], args: [], vararg: null, kwonlyargs: [], kwDefaults: [], kwarg: null, defaults: [] };
    // Lezer keeps no node for the `/` marker: find it in the text between commas.
    const groups: SyntaxNode[][] = [[]];
    const slashAfter: number[] = [];
    let prevEnd = isDef ? pl.from + 1 : pl.from;
    for (const c of k) {
      const gap = this.src.slice(prevEnd, c.from).replace(/#[^\n]*/g, '');
      if (gap.includes('/')) slashAfter.push(groups.length - 1);
      if (c.name === ',') groups.push([]);
      else groups[groups.length - 1].push(c);
      prevEnd = c.to;
    }
    const tailGap = this.src.slice(prevEnd, isDef ? pl.to - 1 : pl.to);
    if (tailGap.includes('/')) slashAfter.push(groups.length - 1);
    let seenStar = false, seenDefault = false, starAt: A.Span | null = null, starNamed = true;
    const seen = new Set<string>();
    let funcStart = defStart;
    const all: { arg: A.Arg; kind: 'pos' | 'kwonly' }[] = [];
    for (let gi = 0; gi < groups.length; gi++) {
      const g = groups[gi];
      if (g.length === 0) {
        if (slashAfter.includes(gi)) {
          // a `/` alone in this slot: everything so far is positional-only
          res.posonlyargs.push(...res.args); res.args = [];
        }
        continue;
      }
      const first = g[0];
      const mkArg = (v: SyntaxNode): A.Arg => {
        const name = this.text(v);
        if (seen.has(name)) {
          this.syntax(`duplicate argument '${name}' in function definition`, this.sp(v),
            FEATURES.descriptiveErrors[this.version] ? undefined : this.lines.pos(funcStart).col + 1);
        }
        seen.add(name);
        return { arg: name, span: this.sp(v) };
      };
      if (first.name === '*') {
        seenStar = true;
        const v = g.find((c) => c.name === 'VariableName');
        if (v) res.vararg = mkArg(v); else { starAt = this.sp(first); starNamed = false; }
      } else if (first.name === '**') {
        res.kwarg = mkArg(g.find((c) => c.name === 'VariableName')!);
      } else {
        const arg = mkArg(first);
        const eq = g.findIndex((c) => c.name === 'AssignOp');
        const def = eq >= 0 ? this.expr(g[eq + 1]) : null;
        if (seenStar) {
          res.kwonlyargs.push(arg); res.kwDefaults.push(def);
          starNamed = true;
        } else {
          if (def) { res.defaults.push(def); seenDefault = true; }
          else if (seenDefault) {
            const off = this.version === '3.8' ? this.lines.pos(groups[0][0].from).col + 1
              : this.version === '3.9' ? arg.span.endCol + 1 : undefined;
            this.syntax(MESSAGES.nonDefaultAfterDefault[this.version], arg.span, off);
          }
          res.args.push(arg);
          all.push({ arg, kind: 'pos' });
        }
      }
      if (slashAfter.includes(gi)) { res.posonlyargs.push(...res.args); res.args = []; }
    }
    void funcStart; void all;
    if (starAt && !starNamed && !res.kwonlyargs.length) {
      this.syntax('named arguments must follow bare *', starAt, this.version === '3.9' ? starAt.col + 2 : undefined);
    }
    funcStart = 0;
    return res;
  }

  // ---- expressions ---------------------------------------------------------------------------

  /** A comma-separated list of expressions (with optional `*`): a tuple when there is a comma. */
  exprList(ns: SyntaxNode[]): A.Expr {
    const { groups, trailing } = this.splitCommas(ns);
    if (groups.length === 1 && !trailing) return this.exprGroup(groups[0]);
    const elts = groups.map((g) => this.exprGroup(g));
    return { kind: 'Tuple', elts, parenthesized: false, span: this.span(ns[0].from, ns[ns.length - 1].to) };
  }

  /** One element: `expr`, `*expr`, or a yield expression. */
  exprGroup(g: SyntaxNode[]): A.Expr {
    if (g.length === 2 && g[0].name === '*') {
      return { kind: 'Starred', value: this.expr(g[1]), span: this.span(g[0].from, g[1].to) };
    }
    if (g.length === 1) return this.expr(g[0]);
    return this.unsupported(`\`${this.src.slice(g[0].from, g[g.length - 1].to)}\``, g[0]);
  }

  expr(n: SyntaxNode): A.Expr {
    const span = this.sp(n);
    switch (n.name) {
      case 'VariableName': return { kind: 'Name', id: this.text(n), span };
      case 'Number': {
        const value = parseNumber(this.text(n));
        // a decimal literal past sys.get_int_max_str_digits(): the ValueError as a SyntaxError
        if (value.type === 'int' && !/^0[xXoObB]/.test(this.text(n))) {
          const digits = this.text(n).replace(/_/g, '').length;
          if (digits > getIntMaxStrDigits() && getIntMaxStrDigits() > 0) this.syntax(literalLimitMessage(digits, this.version), span);
        }
        return { kind: 'Constant', value, span };
      }
      case 'Boolean': return { kind: 'Constant', value: { type: 'bool', value: this.text(n) === 'True' }, span };
      case 'None': return { kind: 'Constant', value: { type: 'None' }, span };
      case 'Ellipsis': return { kind: 'Constant', value: { type: 'Ellipsis' }, span };
      case 'String': case 'FormatString': case 'ContinuedString': return this.strings(n);
      case 'ParenthesizedExpression': {
        const k = this.kids(n).filter((c) => c.name !== '(' && c.name !== ')');
        if (k.length === 1 && k[0].name === 'YieldExpression') return this.yieldExpr(k[0], this.kids(k[0]));
        const inner = this.exprGroup(k);
        PARENTHESIZED.add(inner);
        return inner;
      }
      case 'TupleExpression': {
        const k = this.kids(n).filter((c) => c.name !== '(' && c.name !== ')');
        return { kind: 'Tuple', elts: this.splitCommas(k).groups.map((g) => this.exprGroup(g)), parenthesized: true, span };
      }
      case 'ArrayExpression': {
        const k = this.kids(n).filter((c) => c.name !== '[' && c.name !== ']');
        return { kind: 'List', elts: this.splitCommas(k).groups.map((g) => this.exprGroup(g)), span };
      }
      case 'SetExpression': {
        const k = this.kids(n).filter((c) => c.name !== '{' && c.name !== '}');
        return { kind: 'Set', elts: this.splitCommas(k).groups.map((g) => this.exprGroup(g)), span };
      }
      case 'DictionaryExpression': {
        const k = this.kids(n).filter((c) => c.name !== '{' && c.name !== '}');
        const keys: (A.Expr | null)[] = [], values: A.Expr[] = [];
        for (const g of this.splitCommas(k).groups) {
          if (g[0].name === '**') { keys.push(null); values.push(this.expr(g[1])); }
          else { keys.push(this.expr(g[0])); values.push(this.expr(g[2])); }
        }
        return { kind: 'Dict', keys, values, span };
      }
      case 'ComprehensionExpression': case 'ArrayComprehensionExpression': case 'SetComprehensionExpression': {
        const k = this.kids(n).slice(1, -1);
        const forAt = k.findIndex((c) => c.name === 'for' || c.name === 'async');
        const elt = this.exprGroup(k.slice(0, forAt));
        const generators = this.comprehension(k.slice(forAt), n);
        const kind = n.name === 'ComprehensionExpression' ? 'GeneratorExp' : n.name === 'ArrayComprehensionExpression' ? 'ListComp' : 'SetComp';
        return { kind, elt, generators, span } as A.Expr;
      }
      case 'DictionaryComprehensionExpression': {
        const k = this.kids(n).slice(1, -1);
        const forAt = k.findIndex((c) => c.name === 'for' || c.name === 'async');
        if (k[0].name === '**') this.syntax('dict unpacking cannot be used in dict comprehension', this.sp(k[0]));
        return { kind: 'DictComp', key: this.expr(k[0]), value: this.expr(k[2]), generators: this.comprehension(k.slice(forAt), n), span };
      }
      case 'UnaryExpression': {
        const k = this.kids(n);
        const op = this.text(k[0]);
        const kind: A.UnaryOpKind = op === 'not' ? 'Not' : op === '-' ? 'USub' : op === '+' ? 'UAdd' : 'Invert';
        const operand = this.expr(k[1]);
        // Lezer's grammar lets `not` take a whole `and`/`or` chain; Python's `not` binds tighter
        if (kind === 'Not') return notOf(operand, span);
        return { kind: 'UnaryOp', op: kind, operand, span };
      }
      case 'BinaryExpression': return this.binary(n);
      case 'ConditionalExpression': {
        const k = this.kids(n);
        return { kind: 'IfExp', body: this.expr(k[0]), test: this.expr(k[2]), orelse: this.expr(k[4]), span };
      }
      case 'LambdaExpression': {
        const k = this.kids(n);
        const pl = k.find((c) => c.name === 'ParamList');
        const args = pl ? this.params(pl, false, n.from) : emptyArgs();
        return { kind: 'Lambda', args, body: this.expr(k[k.length - 1]), span };
      }
      case 'NamedExpression': {
        const k = this.kids(n);
        const target = this.expr(k[0]);
        if (target.kind !== 'Name') this.syntax(`cannot use assignment expressions with ${this.exprName(target)}`, target.span);
        return { kind: 'NamedExpr', target: target as A.Name, value: this.expr(k[2]), span };
      }
      case 'CallExpression': {
        const k = this.kids(n);
        return this.call(this.expr(k[0]), k[1], span);
      }
      case 'MemberExpression': {
        const k = this.kids(n);
        const value = this.expr(k[0]);
        if (k[1].name === '.') return { kind: 'Attribute', value, attr: this.text(k[2]), span };
        return { kind: 'Subscript', value, slice: this.subscript(k.slice(2, -1)), span };
      }
      case 'YieldExpression': return this.yieldExpr(n, this.kids(n));
      case 'AwaitExpression': return this.unsupported('`await`', n);
      default:
        return this.unsupported(`\`${this.text(n).split('\n')[0]}\``, n);
    }
  }

  yieldExpr(n: SyntaxNode, k: SyntaxNode[]): A.Expr {
    const span = this.sp(n);
    k = k.filter((c) => !c.type.isError);
    if (k[1]?.name === 'from') return { kind: 'YieldFrom', value: this.expr(k[2]), span };
    return { kind: 'Yield', value: k.length > 1 ? this.exprList(k.slice(1)) : null, span };
  }

  binary(n: SyntaxNode): A.Expr {
    const k = this.kids(n);
    const span = this.sp(n);
    const left = k[0], right = k[k.length - 1];
    const opNodes = k.slice(1, -1);
    const opText = opNodes.map((c) => this.text(c)).join(' ');
    if (opText === 'and' || opText === 'or') {
      const op = opText === 'and' ? 'And' : 'Or';
      const l = this.expr(left);
      const values = l.kind === 'BoolOp' && l.op === op && left.name === 'BinaryExpression' ? [...l.values] : [l];
      values.push(this.expr(right));
      return { kind: 'BoolOp', op, values, span };
    }
    let cmp: A.CmpOpKind | undefined = CMPOPS[opText];
    if (opText === 'in') cmp = 'In';
    else if (opText === 'not in') cmp = 'NotIn';
    else if (opText === 'is') cmp = 'Is';
    else if (opText === 'is not') cmp = 'IsNot';
    else if (opText === '<>') this.syntax(MESSAGES.invalidSyntax[this.version], this.sp(opNodes[0]));
    if (cmp) {
      const l = this.expr(left);
      const r = this.expr(right);
      if (l.kind === 'Compare' && left.name === 'BinaryExpression') {
        return { kind: 'Compare', left: l.left, ops: [...l.ops, cmp], comparators: [...l.comparators, r], span };
      }
      return { kind: 'Compare', left: l, ops: [cmp], comparators: [r], span };
    }
    const op = BINOPS[opText];
    if (!op) return this.unsupported(`\`${opText}\``, n);
    return { kind: 'BinOp', left: this.expr(left), op, right: this.expr(right), span };
  }

  comprehension(k: SyntaxNode[], owner: SyntaxNode): A.Comprehension[] {
    const gens: A.Comprehension[] = [];
    let i = 0;
    while (i < k.length) {
      const c = k[i];
      if (c.name === 'async') this.unsupported('`async for` in a comprehension', c);
      if (c.name === 'for') {
        const inAt = k.findIndex((x, j) => j > i && x.name === 'in');
        const target = this.exprList(k.slice(i + 1, inAt));
        this.checkTarget(target, 'for');
        const iter = this.expr(k[inAt + 1]);
        gens.push({ target, iter, ifs: [], span: this.span(c.from, k[inAt + 1].to) });
        i = inAt + 2;
      } else if (c.name === 'if') {
        const g = gens[gens.length - 1];
        g.ifs.push(this.expr(k[i + 1]));
        g.span = { ...g.span, endLine: this.lines.pos(k[i + 1].to).line, endCol: this.lines.pos(k[i + 1].to).col };
        i += 2;
      } else {
        this.unsupported(`\`${this.text(owner)}\``, owner);
      }
    }
    return gens;
  }

  subscript(k: SyntaxNode[]): A.Expr {
    const { groups, trailing } = this.splitCommas(k);
    const item = (g: SyntaxNode[]): A.Expr => {
      if (!g.some((c) => c.name === ':')) return this.exprGroup(g);
      const parts: (SyntaxNode | null)[] = [null];
      for (const c of g) {
        if (c.name === ':') parts.push(null);
        else parts[parts.length - 1] = c;
      }
      const e = (x: SyntaxNode | null | undefined): A.Expr | null => (x ? this.expr(x) : null);
      return { kind: 'Slice', lower: e(parts[0]), upper: e(parts[1]), step: e(parts[2]), span: this.span(g[0].from, g[g.length - 1].to) };
    };
    if (groups.length === 1 && !trailing) return item(groups[0]);
    const elts = groups.map(item);
    return { kind: 'Tuple', elts, parenthesized: false, span: this.span(k[0].from, k[k.length - 1].to) };
  }

  call(func: A.Expr, argList: SyntaxNode, span: A.Span): A.Call {
    const k = this.kids(argList).filter((c) => c.name !== '(' && c.name !== ')');
    const args: A.Expr[] = [];
    const keywords: A.Keyword[] = [];
    const names = new Set<string>();
    // a generator expression argument runs to the end: its targets may hold commas
    const forAt = k.findIndex((c) => c.name === 'for' || c.name === 'async');
    let groups: SyntaxNode[][];
    if (forAt >= 0) {
      groups = this.splitCommas(k.slice(0, forAt)).groups;
      if (groups.length) groups[groups.length - 1] = [...groups[groups.length - 1], ...k.slice(forAt)];
      else groups = [k.slice(forAt)];
    } else {
      groups = this.splitCommas(k).groups;
    }
    let sawKw = false, sawKwUnpack = false;
    for (const g of groups) {
      const gSpan = this.span(g[0].from, g[g.length - 1].to);
      if (g[0].name === '**') {
        keywords.push({ arg: null, value: this.expr(g[1]), span: gSpan });
        sawKwUnpack = true;
      } else if (g[0].name === '*') {
        if (sawKwUnpack) this.syntax('iterable argument unpacking follows keyword argument unpacking', gSpan);
        args.push({ kind: 'Starred', value: this.expr(g[1]), span: gSpan });
      } else if (g.length >= 3 && g[1].name === 'AssignOp' && this.text(g[1]) === '=') {
        const name = this.text(g[0]);
        if (names.has(name)) this.syntax(MESSAGES.keywordRepeated[this.version](name), gSpan);
        names.add(name);
        keywords.push({ arg: name, value: this.expr(g[2]), span: gSpan });
        sawKw = true;
      } else {
        let e: A.Expr;
        if (g.length >= 3 && g[1].name === 'AssignOp') {
          e = { kind: 'NamedExpr', target: this.expr(g[0]) as A.Name, value: this.expr(g[2]), span: gSpan };
        } else if (g.length > 1 && (g[1].name === 'for' || g[1].name === 'async')) {
          if (groups.length > 1) this.syntax('Generator expression must be parenthesized', gSpan);
          e = { kind: 'GeneratorExp', elt: this.expr(g[0]), generators: this.comprehension(g.slice(1), argList), span: this.sp(argList) };
        } else {
          e = this.exprGroup(g);
        }
        if (sawKwUnpack) this.syntax('positional argument follows keyword argument unpacking', e.span);
        if (sawKw) {
          this.syntax('positional argument follows keyword argument', e.span,
            OFFSETS.positionalAfterKeywordAtEnd[this.version] ? e.span.endCol + 1 : undefined);
        }
        args.push(e);
      }
    }
    return { kind: 'Call', func, args, keywords, span };
  }

  // ---- strings -------------------------------------------------------------------------------

  strings(n: SyntaxNode): A.Expr {
    const parts = n.name === 'ContinuedString' ? this.kids(n) : [n];
    const span = this.sp(n);
    const isBytes = parts.map((p) => /^[a-zA-Z]*[bB]/.test(/^[a-zA-Z]*/.exec(this.text(p))![0]));
    if (isBytes.some((b) => b) && !isBytes.every((b) => b)) this.syntax('cannot mix bytes and nonbytes literals', span);
    if (isBytes[0]) {
      const chunks: number[] = [];
      for (const p of parts) {
        const { prefix, body } = this.splitLiteral(p);
        const s = /r/i.test(prefix) ? body : decodeEscapes(body, true, () => this.unsupported('`\\N{...}` escape', p), this.escapeWarner(p), (msg) => this.literalError(msg, p, false));
        for (let i = 0; i < s.length; i++) {
          const code = s.charCodeAt(i);
          if (code > 0xff || (code > 0x7f && /r/i.test(prefix))) this.syntax('bytes can only contain ASCII literal characters', this.sp(p));
          chunks.push(code);
        }
      }
      return { kind: 'Constant', value: { type: 'bytes', value: Uint8Array.from(chunks) }, span };
    }
    const values: (A.Constant | A.FormattedValue)[] = [];
    let isF = false;
    const addText = (t: string, s: A.Span): void => {
      if (!t) return;
      const last = values[values.length - 1];
      if (last && last.kind === 'Constant' && last.value.type === 'str') last.value = { type: 'str', value: last.value.value + t };
      else values.push({ kind: 'Constant', value: { type: 'str', value: t }, span: s });
    };
    for (const p of parts) {
      if (p.name === 'FormatString') { isF = true; this.fstring(p, values, addText, span); }
      else {
        const { prefix, body } = this.splitLiteral(p);
        const s = /r/i.test(prefix) ? body : decodeEscapes(body, false, () => this.unsupported('`\\N{...}` escape', p), this.escapeWarner(p), (msg) => this.literalError(msg, p, false));
        if (s === '' && isF) continue;
        addText(s, span);
        if (!isF && values.length === 0) values.push({ kind: 'Constant', value: { type: 'str', value: '' }, span });
      }
    }
    if (!isF) {
      const v = values.map((x) => (x as A.Constant).value).map((c) => (c.type === 'str' ? c.value : '')).join('');
      return { kind: 'Constant', value: { type: 'str', value: v }, span };
    }
    for (const v of values) if (v.kind === 'Constant') v.span = span;
    return { kind: 'JoinedStr', values, span };
  }

  splitLiteral(p: SyntaxNode): { prefix: string; body: string; quote: string } {
    const t = this.text(p);
    const prefix = /^[a-zA-Z]*/.exec(t)![0];
    const q = t.slice(prefix.length, prefix.length + 3);
    const quote = q === '"""' || q === "'''" ? q : q[0];
    return { prefix, quote, body: t.slice(prefix.length + quote.length, t.length - quote.length) };
  }

  fstring(p: SyntaxNode, values: (A.Constant | A.FormattedValue)[], addText: (t: string, s: A.Span) => void, span: A.Span): void {
    const { prefix, quote } = this.splitLiteral(p);
    const raw = /r/i.test(prefix);
    const start = p.from + prefix.length + quote.length;
    const end = p.to - quote.length;
    const warn = this.escapeWarner(p);
    const lit = (a: number, b: number): string => {
      let s = this.src.slice(a, b);
      if (!raw) s = decodeEscapesKeepingBraces(s, () => this.unsupported('`\\N{...}` escape', p), warn, (msg) => this.literalError(msg, p, true));
      return s.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    };
    let pos = start;
    for (const r of this.kids(p)) {
      if (r.name !== 'FormatReplacement') continue;
      addText(lit(pos, r.from), span);
      const fv = this.replacement(r, addText, span);
      values.push(fv);
      pos = r.to;
    }
    addText(lit(pos, end), span);
  }

  replacement(r: SyntaxNode, addText: (t: string, s: A.Span) => void, span: A.Span): A.FormattedValue {
    const k = this.kids(r);
    const inner = k.filter((c) => !['{', '}', 'FormatSelfDoc', 'FormatConversion', 'FormatSpec'].includes(c.name));
    if (inner.length === 0) {
      const close = k.find((c) => c.name === '}' || c.name === 'FormatSpec' || c.name === 'FormatConversion');
      const s = this.sp(r);
      this.syntax(MESSAGES.fstringEmpty[this.version], s,
        this.version === '3.8' ? undefined : FEATURES.pep701FStrings[this.version] ? this.lines.pos(close ? close.from : r.to).col + 1 : undefined);
    }
    const value = inner.length === 1 && inner[0].name === 'YieldExpression' ? this.yieldExpr(inner[0], this.kids(inner[0])) : this.exprList(inner);
    const selfDoc = k.find((c) => c.name === 'FormatSelfDoc');
    const conv = k.find((c) => c.name === 'FormatConversion');
    const spec = k.find((c) => c.name === 'FormatSpec');
    let conversion: A.FormattedValue['conversion'] = conv ? (this.text(conv).slice(1) as 's' | 'r' | 'a') : -1;
    if (selfDoc) {
      addText(this.src.slice(r.from + 1, selfDoc.to), span);
      if (!conv && !spec) conversion = 'r';
    }
    let formatSpec: A.JoinedStr | null = null;
    if (spec) {
      const parts: (A.Constant | A.FormattedValue)[] = [];
      const add = (t: string, s: A.Span): void => {
        if (!t) return;
        const last = parts[parts.length - 1];
        if (last && last.kind === 'Constant' && last.value.type === 'str') last.value = { type: 'str', value: last.value.value + t };
        else parts.push({ kind: 'Constant', value: { type: 'str', value: t }, span: s });
      };
      let pos = spec.from + 1;
      for (const c of this.kids(spec)) {
        if (c.name !== 'FormatReplacement') continue;
        add(this.src.slice(pos, c.from), span);
        parts.push(this.replacement(c, add, span));
        pos = c.to;
      }
      add(this.src.slice(pos, spec.to), span);
      formatSpec = { kind: 'JoinedStr', values: parts, span: this.sp(spec) };
    }
    return { kind: 'FormattedValue', value, conversion, formatSpec, span };
  }

  // ---- targets -------------------------------------------------------------------------------

  exprName(e: A.Expr): string {
    switch (e.kind) {
      case 'Call': return 'function call';
      case 'Constant':
        if (e.value.type === 'None') return 'None';
        if (e.value.type === 'bool') return e.value.value ? 'True' : 'False';
        if (e.value.type === 'Ellipsis') return MESSAGES.ellipsisName[this.version];
        return 'literal';
      case 'Compare': return 'comparison';
      case 'BinOp': case 'UnaryOp': case 'BoolOp': return 'expression';
      case 'Lambda': return 'lambda';
      case 'IfExp': return 'conditional expression';
      case 'NamedExpr': return 'named expression';
      case 'Dict': return MESSAGES.dictName[this.version];
      case 'Set': return 'set display';
      case 'JoinedStr': case 'FormattedValue': return 'f-string expression';
      case 'ListComp': return 'list comprehension';
      case 'SetComp': return 'set comprehension';
      case 'DictComp': return 'dict comprehension';
      case 'GeneratorExp': return 'generator expression';
      case 'Yield': case 'YieldFrom': return 'yield expression';
      case 'Tuple': return 'tuple';
      case 'List': return 'list';
      case 'Starred': return 'starred';
      case 'Name': return 'name';
      case 'Attribute': return 'attribute';
      case 'Subscript': return 'subscript';
      case 'Slice': return 'slice';
    }
  }

  /** Raises CPython's "cannot assign to ..." / "cannot delete ..." for an invalid target. */
  checkTarget(t: A.Expr, how: 'assign' | 'assign-hint' | 'for' | 'del' | 'ann'): void {
    const bad = this.invalidTarget(t, how === 'del');
    if (!bad) {
      if (t.kind === 'Starred' && how !== 'del') this.syntax('starred assignment target must be in a list or tuple', t.span);
      return;
    }
    const name = this.exprName(bad);
    if (how === 'del') this.syntax(`cannot delete ${name}`, bad.span);
    const hintable = how === 'assign-hint' && bad === t && !(bad.kind === 'Constant' && ['None', 'bool', 'Ellipsis'].includes(bad.value.type)) &&
      !['Compare', 'BoolOp', 'IfExp', 'Lambda', 'NamedExpr', 'Yield', 'YieldFrom'].includes(bad.kind) &&
      !(bad.kind === 'UnaryOp' && bad.op === 'Not');
    this.syntax(hintable ? `cannot assign to ${name} here. Maybe you meant '==' instead of '='?` : `cannot assign to ${name}`, bad.span);
  }

  invalidTarget(t: A.Expr, del: boolean): A.Expr | null {
    switch (t.kind) {
      case 'Name': case 'Attribute': case 'Subscript': return null;
      case 'Starred': return del ? t : this.invalidTarget(t.value, del);
      case 'Tuple': case 'List':
        for (const e of t.elts) {
          const b = this.invalidTarget(e, del);
          if (b) return b;
        }
        return null;
      default: return t;
    }
  }
}

export function emptyArgs(): A.Arguments {
  return { posonlyargs: [], args: [], vararg: null, kwonlyargs: [], kwDefaults: [], kwarg: null, defaults: [] };
}

/** Does this body contain yield, not counting nested functions, lambdas and classes? */
export function containsYield(body: A.Stmt[]): boolean {
  let found = false;
  const visit = (x: unknown): void => {
    if (found || x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) { for (const e of x) visit(e); return; }
    const node = x as { kind?: string };
    if (node.kind === 'Yield' || node.kind === 'YieldFrom') { found = true; return; }
    if (node.kind === 'FunctionDef' || node.kind === 'ClassDef') {
      const d = node as A.FunctionDef | A.ClassDef;
      visit(d.decorators);
      if (d.kind === 'ClassDef') { visit(d.bases); visit(d.keywords); }
      else { visit(d.args.defaults); visit(d.args.kwDefaults); }
      return;
    }
    if (node.kind === 'Lambda') { visit((node as A.Lambda).args.defaults); visit((node as A.Lambda).args.kwDefaults); return; }
    for (const [key, v] of Object.entries(node)) if (key !== 'span') visit(v);
  };
  visit(body);
  return found;
}

export function parseNumber(text: string): A.Constant['value'] {
  const t = text.replace(/_/g, '');
  if (/^0[xXoObB]/.test(t)) return { type: 'int', value: BigInt(t.toLowerCase()) };
  if (/[jJ]$/.test(t)) return { type: 'complex', imag: Number(t.slice(0, -1)) };
  if (/[.eE]/.test(t)) return { type: 'float', value: Number(t) };
  return { type: 'int', value: BigInt(t) };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** Decodes backslash escapes as Parser/string_parser.c does; bytes literals know no \u, \U, \N. */
export function decodeEscapes(s: string, bytes: boolean, onNamed: () => never,
  onInvalid?: (seq: string, octal: boolean) => void, onBad?: (msg: string) => never): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') { out += c; continue; }
    const e = s[i + 1];
    if (e === undefined) { out += '\\'; break; }
    if (e === '\r') { i += s[i + 2] === '\n' ? 2 : 1; continue; }
    if (e in SIMPLE_ESCAPES) { out += SIMPLE_ESCAPES[e]; i++; continue; }
    if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(s.slice(i + 1))![0];
      if (parseInt(m, 8) > 0o377) onInvalid?.('\\' + m, true);
      out += String.fromCharCode(parseInt(m, 8) & (bytes ? 0xff : 0xffff)); i += m.length; continue;
    }
    const hexLen = e === 'x' ? 2 : !bytes && e === 'u' ? 4 : !bytes && e === 'U' ? 8 : 0;
    if (hexLen) {
      const h = /^[0-9a-fA-F]*/.exec(s.slice(i + 2, i + 2 + hexLen))![0];
      if (h.length < hexLen) {
        // _PyBytes_DecodeEscape / _PyUnicode_DecodeUnicodeEscapeInternal: the literal is refused
        if (bytes) onBad?.(`(value error) invalid \\x escape at position ${i}`);
        const what = e === 'x' ? '\\xXX' : e === 'u' ? '\\uXXXX' : '\\UXXXXXXXX';
        onBad?.(`(unicode error) ${escapeDecodeError(s, i, i + 1 + h.length, `truncated ${what} escape`)}`);
      } else {
        const cp = parseInt(h, 16);
        if (cp > 0x10ffff) onBad?.(`(unicode error) ${escapeDecodeError(s, i, i + 1 + hexLen, 'illegal Unicode character')}`);
        out += String.fromCodePoint(cp); i += 1 + hexLen; continue;
      }
    }
    if (!bytes && e === 'N') onNamed();
    if (!hexLen) onInvalid?.('\\' + e, false);
    out += '\\' + e; i++;
  }
  return out;
}

function decodeEscapesKeepingBraces(s: string, onNamed: () => never, onInvalid?: (seq: string, octal: boolean) => void,
  onBad?: (msg: string) => never): string {
  return decodeEscapes(s, false, onNamed, onInvalid, onBad);
}

/** The UnicodeDecodeError of the unicode_escape decoder for the escape at s[start..last]: the
 *  parser has turned each non-ASCII character of the literal into a `\UXXXXXXXX` escape of 10
 *  bytes before decoding (decode_unicode_with_escapes, 3.12.1 Parser/string_parser.c:100-150),
 *  so positions count those. */
function escapeDecodeError(s: string, start: number, last: number, reason: string): string {
  const pos = (k: number): number => {
    let n = 0;
    for (const ch of s.slice(0, k)) n += ch.charCodeAt(0) < 0x80 ? 1 : 10;
    return n;
  };
  return `'unicodeescape' codec can't decode bytes in position ${pos(start)}-${pos(start) + (last - start)}: ${reason}`;
}

/** expressions that were written in parentheses (so precedence fixes must not look inside) */
const PARENTHESIZED = new WeakSet<A.Expr>();

/** `not X`, re-associated so that `not` applies to the leftmost operand of an unparenthesized
 *  and/or chain: `not a or b` is `(not a) or b`, as in Grammar/python.gram (inversion > conjunction). */
function notOf(e: A.Expr, span: A.Span): A.Expr {
  if (e.kind === 'BoolOp' && !PARENTHESIZED.has(e)) {
    const first = notOf(e.values[0], { ...span, endLine: e.values[0].span.endLine, endCol: e.values[0].span.endCol });
    return { ...e, values: [first, ...e.values.slice(1)], span: { ...e.span, line: span.line, col: span.col } };
  }
  return { kind: 'UnaryOp', op: 'Not', operand: e, span };
}
