// Scope analysis, as CPython's Python/symtable.c does it: for every function, lambda, class and
// comprehension, which names are local, global (explicit or implicit), free, or cells that nested
// scopes close over, plus the implicit `__class__` cell that `super()` needs.

import * as A from '../ast';

export type ScopeKind = 'module' | 'function' | 'class' | 'comprehension';
export type SymbolKind = 'local' | 'cell' | 'free' | 'global_explicit' | 'global_implicit';

export type ScopeNode = A.Module | A.FunctionDef | A.Lambda | A.ClassDef | A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp;

export class Scope {
  /** parameters in order (function-like scopes) */
  params: string[] = [];
  /** names bound in this scope, in order of first binding */
  bound: string[] = [];
  private boundSet = new Set<string>();
  uses = new Set<string>();
  globals = new Set<string>();
  nonlocals = new Set<string>();
  children: Scope[] = [];
  cells = new Set<string>();
  frees = new Set<string>();
  symbols = new Map<string, SymbolKind>();
  /** a method that uses super() or __class__ */
  usesClassCell = false;
  /** a class body whose methods need the __class__ cell */
  needsClassCell = false;
  isGenerator = false;
  constructor(public kind: ScopeKind, public name: string, public parent: Scope | null) {}

  bind(name: string): void {
    if (!this.boundSet.has(name)) {
      this.boundSet.add(name);
      this.bound.push(name);
    }
  }
  isBound(name: string): boolean { return this.boundSet.has(name); }
  get functionLike(): boolean { return this.kind === 'function' || this.kind === 'comprehension'; }

  /** how a name used in this scope is reached */
  lookup(name: string): SymbolKind {
    const s = this.symbols.get(name);
    if (s) return s;
    return this.kind === 'module' ? 'global_implicit' : 'global_implicit';
  }
}

export class SymbolTable {
  scopes = new Map<ScopeNode, Scope>();
  constructor(mod: A.Module) {
    const top = new Scope('module', '<module>', null);
    this.scopes.set(mod, top);
    this.visitBody(mod.body, top);
    this.analyze(top);
  }

  get(node: ScopeNode): Scope {
    const s = this.scopes.get(node);
    if (!s) throw new Error('internal: no scope for node');
    return s;
  }

  // --- collection ---------------------------------------------------------------------------

  private visitBody(body: A.Stmt[], sc: Scope): void {
    for (const s of body) this.visitStmt(s, sc);
  }

  private bindTarget(t: A.Expr, sc: Scope): void {
    switch (t.kind) {
      case 'Name': sc.bind(t.id); break;
      case 'Tuple': case 'List': for (const e of t.elts) this.bindTarget(e, sc); break;
      case 'Starred': this.bindTarget(t.value, sc); break;
      case 'Attribute': this.visitExpr(t.value, sc); break;
      case 'Subscript': this.visitExpr(t.value, sc); this.visitExpr(t.slice, sc); break;
      default: this.visitExpr(t, sc);
    }
  }

  private visitArgs(args: A.Arguments, sc: Scope, inner: Scope): void {
    for (const d of args.defaults) this.visitExpr(d, sc);
    for (const d of args.kwDefaults) if (d) this.visitExpr(d, sc);
    const ps = [...args.posonlyargs, ...args.args];
    for (const p of ps) { inner.params.push(p.arg); inner.bind(p.arg); }
    for (const p of args.kwonlyargs) { inner.params.push(p.arg); inner.bind(p.arg); }
    if (args.vararg) { inner.params.push(args.vararg.arg); inner.bind(args.vararg.arg); }
    if (args.kwarg) { inner.params.push(args.kwarg.arg); inner.bind(args.kwarg.arg); }
  }

  private visitStmt(s: A.Stmt, sc: Scope): void {
    switch (s.kind) {
      case 'Expr': this.visitExpr(s.value, sc); break;
      case 'Assign': this.visitExpr(s.value, sc); for (const t of s.targets) this.bindTarget(t, sc); break;
      case 'AugAssign':
        this.visitExpr(s.value, sc);
        if (s.target.kind === 'Name') { sc.uses.add(s.target.id); sc.bind(s.target.id); } else this.bindTarget(s.target, sc);
        break;
      case 'AnnAssign':
        if (s.value) this.visitExpr(s.value, sc);
        if (s.value || s.target.kind !== 'Name') this.bindTarget(s.target, sc);
        else sc.bind((s.target as A.Name).id);
        break;
      case 'If': this.visitExpr(s.test, sc); this.visitBody(s.body, sc); this.visitBody(s.orelse, sc); break;
      case 'While': this.visitExpr(s.test, sc); this.visitBody(s.body, sc); this.visitBody(s.orelse, sc); break;
      case 'For':
        this.visitExpr(s.iter, sc); this.bindTarget(s.target, sc);
        this.visitBody(s.body, sc); this.visitBody(s.orelse, sc);
        break;
      case 'Return': if (s.value) this.visitExpr(s.value, sc); break;
      case 'FunctionDef': {
        for (const d of s.decorators) this.visitExpr(d, sc);
        sc.bind(s.name);
        const inner = new Scope('function', s.name, sc);
        inner.isGenerator = s.isGenerator;
        this.scopes.set(s, inner);
        sc.children.push(inner);
        this.visitArgs(s.args, sc, inner);
        this.visitBody(s.body, inner);
        break;
      }
      case 'ClassDef': {
        for (const d of s.decorators) this.visitExpr(d, sc);
        for (const b of s.bases) this.visitExpr(b, sc);
        for (const k of s.keywords) this.visitExpr(k.value, sc);
        sc.bind(s.name);
        const inner = new Scope('class', s.name, sc);
        this.scopes.set(s, inner);
        sc.children.push(inner);
        this.visitBody(s.body, inner);
        break;
      }
      case 'Delete': for (const t of s.targets) this.bindTarget(t, sc); break;
      case 'Global': for (const n of s.names) sc.globals.add(n); break;
      case 'Nonlocal': for (const n of s.names) sc.nonlocals.add(n); break;
      case 'Try':
        this.visitBody(s.body, sc);
        for (const h of s.handlers) {
          if (h.type) this.visitExpr(h.type, sc);
          if (h.name) sc.bind(h.name);
          this.visitBody(h.body, sc);
        }
        this.visitBody(s.orelse, sc);
        this.visitBody(s.finalbody, sc);
        break;
      case 'Raise': if (s.exc) this.visitExpr(s.exc, sc); if (s.cause) this.visitExpr(s.cause, sc); break;
      case 'Assert': this.visitExpr(s.test, sc); if (s.msg) this.visitExpr(s.msg, sc); break;
      case 'Import': for (const a of s.names) sc.bind(a.asname ?? a.name.split('.')[0]); break;
      case 'ImportFrom': for (const a of s.names) sc.bind(a.asname ?? a.name); break;
      case 'Break': case 'Continue': case 'Pass': break;
    }
  }

  private visitComp(node: A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp, sc: Scope): void {
    // the first iterable is evaluated in the enclosing scope
    this.visitExpr(node.generators[0].iter, sc);
    const inner = new Scope('comprehension', compName(node), sc);
    inner.isGenerator = node.kind === 'GeneratorExp';
    this.scopes.set(node, inner);
    sc.children.push(inner);
    inner.params.push('.0');
    inner.bind('.0');
    node.generators.forEach((g, i) => {
      if (i > 0) this.visitExpr(g.iter, inner);
      this.bindTarget(g.target, inner);
      for (const c of g.ifs) this.visitExpr(c, inner);
    });
    if (node.kind === 'DictComp') { this.visitExpr(node.key, inner); this.visitExpr(node.value, inner); }
    else this.visitExpr(node.elt, inner);
  }

  private visitExpr(e: A.Expr, sc: Scope): void {
    switch (e.kind) {
      case 'Name':
        sc.uses.add(e.id);
        if ((e.id === 'super' || e.id === '__class__') && sc.kind === 'function') sc.usesClassCell = true;
        break;
      case 'Constant': break;
      case 'JoinedStr': for (const v of e.values) this.visitExpr(v, sc); break;
      case 'FormattedValue': this.visitExpr(e.value, sc); if (e.formatSpec) this.visitExpr(e.formatSpec, sc); break;
      case 'List': case 'Tuple': case 'Set': for (const x of e.elts) this.visitExpr(x, sc); break;
      case 'Dict':
        e.keys.forEach((k) => { if (k) this.visitExpr(k, sc); });
        for (const v of e.values) this.visitExpr(v, sc);
        break;
      case 'Starred': this.visitExpr(e.value, sc); break;
      case 'BinOp': this.visitExpr(e.left, sc); this.visitExpr(e.right, sc); break;
      case 'UnaryOp': this.visitExpr(e.operand, sc); break;
      case 'BoolOp': for (const v of e.values) this.visitExpr(v, sc); break;
      case 'Compare': this.visitExpr(e.left, sc); for (const c of e.comparators) this.visitExpr(c, sc); break;
      case 'IfExp': this.visitExpr(e.test, sc); this.visitExpr(e.body, sc); this.visitExpr(e.orelse, sc); break;
      case 'NamedExpr': {
        this.visitExpr(e.value, sc);
        // PEP 572: the target binds in the nearest enclosing non-comprehension scope
        let t: Scope = sc;
        while (t.kind === 'comprehension' && t.parent) t = t.parent;
        t.bind(e.target.id);
        if (t !== sc) {
          sc.nonlocals.add(e.target.id);
          if (t.kind === 'module') sc.globals.add(e.target.id);
        }
        break;
      }
      case 'Call':
        this.visitExpr(e.func, sc);
        for (const a of e.args) this.visitExpr(a, sc);
        for (const k of e.keywords) this.visitExpr(k.value, sc);
        break;
      case 'Attribute': this.visitExpr(e.value, sc); break;
      case 'Subscript': this.visitExpr(e.value, sc); this.visitExpr(e.slice, sc); break;
      case 'Slice':
        if (e.lower) this.visitExpr(e.lower, sc);
        if (e.upper) this.visitExpr(e.upper, sc);
        if (e.step) this.visitExpr(e.step, sc);
        break;
      case 'Lambda': {
        const inner = new Scope('function', '<lambda>', sc);
        this.scopes.set(e, inner);
        sc.children.push(inner);
        this.visitArgs(e.args, sc, inner);
        this.visitExpr(e.body, inner);
        break;
      }
      case 'ListComp': case 'SetComp': case 'DictComp': case 'GeneratorExp': this.visitComp(e, sc); break;
      case 'Yield': if (e.value) this.visitExpr(e.value, sc); break;
      case 'YieldFrom': this.visitExpr(e.value, sc); break;
    }
  }

  // --- analysis -----------------------------------------------------------------------------

  private analyze(sc: Scope): void {
    for (const child of sc.children) this.analyze(child);
    if (sc.kind === 'module') {
      for (const n of sc.bound) sc.symbols.set(n, 'local');
      return;
    }
    for (const n of sc.globals) sc.symbols.set(n, 'global_explicit');
    for (const n of sc.nonlocals) {
      if (sc.globals.has(n)) continue;
      this.resolveFree(n, sc);
    }
    for (const n of sc.bound) {
      if (!sc.symbols.has(n)) sc.symbols.set(n, 'local');
    }
    if (sc.usesClassCell) {
      // a method using super(): free __class__, a cell in the enclosing class
      this.resolveClassCell(sc);
    }
    for (const n of sc.uses) {
      if (sc.symbols.has(n)) continue;
      if (!this.resolveFree(n, sc)) sc.symbols.set(n, 'global_implicit');
    }
  }

  private resolveClassCell(sc: Scope): void {
    let p = sc.parent;
    const path: Scope[] = [sc];
    while (p && p.kind !== 'class') {
      if (p.kind === 'module') return;
      path.push(p);
      p = p.parent;
    }
    if (!p) return;
    p.needsClassCell = true;
    p.cells.add('__class__');
    for (const s of path) { s.frees.add('__class__'); if (!s.symbols.has('__class__')) s.symbols.set('__class__', 'free'); }
  }

  /** a name used (or declared nonlocal) in sc: find it in an enclosing function scope */
  private resolveFree(name: string, sc: Scope): boolean {
    const path: Scope[] = [sc];
    let p = sc.parent;
    while (p) {
      if (p.kind === 'module') return false;
      if (p.functionLike) {
        if (p.globals.has(name)) return false;
        if (p.isBound(name) || p.nonlocals.has(name) || p.frees.has(name)) {
          if (p.nonlocals.has(name) || (p.frees.has(name) && !p.isBound(name))) {
            // pass-through: p itself has it free
            p.frees.add(name);
            p.symbols.set(name, 'free');
          } else {
            p.cells.add(name);
            p.symbols.set(name, 'cell');
          }
          for (const s of path) {
            s.frees.add(name);
            if (s.kind !== 'class' || s === sc) s.symbols.set(name, 'free');
          }
          return true;
        }
      }
      path.push(p);
      p = p.parent;
    }
    return false;
  }
}

export function compName(node: A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp): string {
  switch (node.kind) {
    case 'ListComp': return '<listcomp>';
    case 'SetComp': return '<setcomp>';
    case 'DictComp': return '<dictcomp>';
    default: return '<genexpr>';
  }
}
