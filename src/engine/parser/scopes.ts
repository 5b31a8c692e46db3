// The compile-time errors CPython raises after parsing, from its symbol table (Python/symtable.c:
// global/nonlocal declarations, `yield` outside a function) and its compiler (Python/compile.c:
// `return`, `break` and `continue` in the wrong place). Checked in source order; the first wins.

import * as A from '../ast';
import { PySyntaxError } from '../errors';
import { PyVersion } from '../versions';
import { LineIndex } from './tokenizer';

interface Scope {
  kind: 'module' | 'function' | 'class';
  /** names bound in this scope (assigned, parameters, defs, imports) */
  bound: Set<string>;
  parent: Scope | null;
}

export function checkScopes(mod: A.Module, version: PyVersion, lines: LineIndex): void {
  void version;
  const fail = (msg: string, s: A.Span): never => {
    throw new PySyntaxError('SyntaxError', msg, s.line, s.col + 1, lines.text(s.line));
  };
  // First pass: the names each function binds (for nonlocal lookups).
  const boundOf = new Map<A.Stmt[], Set<string>>();
  const collect = (body: A.Stmt[], params: string[]): Set<string> => {
    const names = new Set<string>(params);
    const target = (e: A.Expr): void => {
      if (e.kind === 'Name') names.add(e.id);
      else if (e.kind === 'Tuple' || e.kind === 'List') e.elts.forEach(target);
      else if (e.kind === 'Starred') target(e.value);
    };
    const walkExpr = (x: unknown): void => {
      if (!x || typeof x !== 'object') return;
      if (Array.isArray(x)) { x.forEach(walkExpr); return; }
      const n = x as A.Expr;
      if (n.kind === 'NamedExpr') target(n.target);
      if (n.kind === 'Lambda' || n.kind === 'ListComp' || n.kind === 'SetComp' || n.kind === 'DictComp' || n.kind === 'GeneratorExp') return;
      for (const [k, v] of Object.entries(n)) if (k !== 'span') walkExpr(v);
    };
    const walk = (ss: A.Stmt[]): void => {
      for (const s of ss) {
        switch (s.kind) {
          case 'Assign': s.targets.forEach(target); walkExpr(s.value); break;
          case 'AugAssign': case 'AnnAssign': target(s.target); break;
          case 'For': target(s.target); walk(s.body); walk(s.orelse); break;
          case 'While': case 'If': walkExpr(s.test); walk(s.body); walk(s.orelse); break;
          case 'Try':
            walk(s.body); walk(s.orelse); walk(s.finalbody);
            for (const h of s.handlers) { if (h.name) names.add(h.name); walk(h.body); }
            break;
          case 'FunctionDef': case 'ClassDef': names.add(s.name); break;
          case 'Import': case 'ImportFrom':
            for (const a of s.names) names.add(a.asname ?? a.name.split('.')[0]);
            break;
          case 'Delete': s.targets.forEach(target); break;
          case 'Expr': walkExpr(s.value); break;
          default: break;
        }
      }
    };
    walk(body);
    return names;
  };

  const paramNames = (a: A.Arguments): string[] =>
    [...a.posonlyargs, ...a.args, ...(a.vararg ? [a.vararg] : []), ...a.kwonlyargs, ...(a.kwarg ? [a.kwarg] : [])].map((x) => x.arg);

  const exprs = (x: unknown, scope: Scope): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) { for (const e of x) exprs(e, scope); return; }
    const n = x as A.Expr;
    if ((n.kind === 'Yield' || n.kind === 'YieldFrom') && scope.kind !== 'function') fail("'yield' outside function", n.span);
    if (n.kind === 'Lambda') {
      exprs(n.args.defaults, scope); exprs(n.args.kwDefaults, scope);
      const inner: Scope = { kind: 'function', bound: new Set(paramNames(n.args)), parent: scope };
      exprs(n.body, inner);
      return;
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'span') exprs(v, scope);
  };

  const block = (body: A.Stmt[], scope: Scope, inLoop: boolean, declared: Map<string, 'global' | 'nonlocal'>, used: Map<string, 'assigned' | 'used'>): void => {
    const noteTarget = (e: A.Expr): void => {
      if (e.kind === 'Name') { if (!used.has(e.id)) used.set(e.id, 'assigned'); }
      else if (e.kind === 'Tuple' || e.kind === 'List') e.elts.forEach(noteTarget);
      else if (e.kind === 'Starred') noteTarget(e.value);
    };
    const noteUses = (x: unknown): void => {
      if (!x || typeof x !== 'object') return;
      if (Array.isArray(x)) { x.forEach(noteUses); return; }
      const n = x as A.Expr;
      if (n.kind === 'Name' && !used.has(n.id)) used.set(n.id, 'used');
      if (n.kind === 'Lambda') return;
      for (const [k, v] of Object.entries(n)) if (k !== 'span') noteUses(v);
    };
    for (const s of body) {
      switch (s.kind) {
        case 'Return':
          if (scope.kind !== 'function') fail("'return' outside function", s.span);
          break;
        case 'Break': if (!inLoop) fail("'break' outside loop", s.span); break;
        case 'Continue': if (!inLoop) fail("'continue' not properly in loop", s.span); break;
        case 'Global': case 'Nonlocal':
          for (const name of s.names) {
            if (s.kind === 'Nonlocal' && scope.kind === 'module') fail('nonlocal declaration not allowed at module level', s.span);
            const u = used.get(name);
            const what = s.kind === 'Global' ? 'global' : 'nonlocal';
            if (scope.kind === 'function' && scope.bound.has(name) && paramSet.get(scope)?.has(name)) {
              fail(`name '${name}' is parameter and ${what}`, s.span);
            }
            if (u === 'assigned') fail(`name '${name}' is assigned to before ${what} declaration`, s.span);
            if (u === 'used') fail(`name '${name}' is used prior to ${what} declaration`, s.span);
            if (s.kind === 'Nonlocal') {
              let p = scope.parent, ok = false;
              while (p) { if (p.kind === 'function' && p.bound.has(name)) { ok = true; break; } p = p.parent; }
              if (!ok) fail(`no binding for nonlocal '${name}' found`, s.span);
            }
            declared.set(name, what);
          }
          break;
        default: break;
      }
      // expressions and nested blocks
      switch (s.kind) {
        case 'FunctionDef': {
          exprs(s.decorators, scope); exprs(s.args.defaults, scope); exprs(s.args.kwDefaults, scope);
          noteTarget({ kind: 'Name', id: s.name, span: s.span });
          const params = paramNames(s.args);
          const inner: Scope = { kind: 'function', bound: boundOf.get(s.body) ?? collect(s.body, params), parent: scope };
          paramSet.set(inner, new Set(params));
          block(s.body, inner, false, new Map(), new Map());
          break;
        }
        case 'ClassDef': {
          exprs([s.decorators, s.bases, s.keywords], scope);
          noteTarget({ kind: 'Name', id: s.name, span: s.span });
          const inner: Scope = { kind: 'class', bound: new Set(), parent: scope };
          block(s.body, inner, false, new Map(), new Map());
          break;
        }
        case 'For': exprs([s.iter], scope); noteUses(s.iter); noteTarget(s.target); block(s.body, scope, true, declared, used); block(s.orelse, scope, inLoop, declared, used); break;
        case 'While': exprs(s.test, scope); noteUses(s.test); block(s.body, scope, true, declared, used); block(s.orelse, scope, inLoop, declared, used); break;
        case 'If': exprs(s.test, scope); noteUses(s.test); block(s.body, scope, inLoop, declared, used); block(s.orelse, scope, inLoop, declared, used); break;
        case 'Try':
          block(s.body, scope, inLoop, declared, used);
          for (const h of s.handlers) { exprs(h.type, scope); block(h.body, scope, inLoop, declared, used); }
          block(s.orelse, scope, inLoop, declared, used); block(s.finalbody, scope, inLoop, declared, used);
          break;
        case 'Assign': exprs([s.value, s.targets], scope); noteUses(s.value); s.targets.forEach(noteTarget); break;
        case 'AugAssign': case 'AnnAssign': exprs([s.value, s.target], scope); noteUses(s.value); noteTarget(s.target); break;
        case 'Import': case 'ImportFrom':
          for (const a of s.names) noteTarget({ kind: 'Name', id: a.asname ?? a.name.split('.')[0], span: s.span });
          break;
        case 'Global': case 'Nonlocal': break;
        default: exprs(s, scope); noteUses(s); break;
      }
    }
  };
  const paramSet = new Map<Scope, Set<string>>();
  block(mod.body, { kind: 'module', bound: new Set(), parent: null }, false, new Map(), new Map());
}
