// The compiler: our AST → code objects, once per run, as CPython's Python/compile.c (and the AST
// optimizer, Python/ast_opt.c, for constant folding) does it. Code generation mirrors CPython's
// choices where they are visible in memory: constants are folded and shared inside a compilation
// unit, constant list/set displays of more than two items become BUILD_LIST 0 + LIST_EXTEND of a
// constant tuple from 3.9, comprehensions are functions, and `try` uses an exception table.

import * as A from '../ast';
import { UnsupportedError } from '../errors';
import { longTrueDivide } from '../longdiv';
import {
  BIN_OPS, CMP_OPS, CO_GENERATOR, CO_NESTED, CO_NEWLOCALS, CO_OPTIMIZED, CO_VARARGS, CO_VARKEYWORDS,
  Code, Op,
} from './code';
import type { PyObject } from './objects';
import { Scope, SymbolTable, compName } from './symtable';
import { floatDivmod, floatPow, floatRem } from './floatops';

/** A constant value as the compiler sees it, before it becomes an object. */
export type ConstValue =
  | A.Constant['value']
  | { type: 'tuple'; items: ConstValue[] }
  | { type: 'frozenset'; items: ConstValue[] }
  | { type: 'code'; code: Code };

export interface CompilerHost {
  /** the object for a constant (shared inside the compilation unit, as CPython's const cache) */
  constant(v: ConstValue): PyObject;
  /** from 3.9: constant list/set displays of more than two items use LIST_EXTEND / SET_UPDATE */
  constDisplaysExtend: boolean;
  /** 3.12+: a generator's implicit StopIteration handler needs two stack slots */
  genMinStacksize: number;
  /** 3.13+: a class body stores `__firstlineno__` and `__static_attributes__` */
  classStaticAttributes: boolean;
  /** 3.8: list and tuple displays with starred items evaluate every item (runs of plain items as
   *  tuples) and join them with BUILD_LIST_UNPACK / BUILD_TUPLE_UNPACK (compile.c starunpack_helper) */
  starredDisplaysUnpack?: boolean;
  /** an item taken out of a folded constant tuple (fold_subscr): when its value is new to the unit,
   *  the object also has the folded tuple's reference and the arena's for the subscript's result */
  foldedTupleItem?(v: ConstValue): void;
  /** a SyntaxWarning the compiler issues (compiler_warn): `is` / `is not` with a literal */
  warnIsLiteral?(line: number, isNot: boolean, literalType: string): void;
}

interface Label { pc: number; depth: number; refs: number[]; }

type FBlock =
  | { kind: 'loop'; cont: Label; brk: Label; isFor: boolean }
  | { kind: 'finally'; body: A.Stmt[] }
  | { kind: 'handler'; name: string | null }
  | { kind: 'finally-end' };

const BINOP_INDEX: Record<A.BinOpKind, number> = Object.fromEntries(BIN_OPS.map((n, i) => [n, i])) as never;

/** the stack effect of an instruction (fallthrough) */
function stackEffect(op: Op, arg: number, code: Code): number {
  switch (op) {
    case Op.NOP: case Op.ROT_TWO: case Op.ROT_THREE: case Op.ROT_FOUR: case Op.JUMP: case Op.GET_ITER:
    case Op.LOAD_ATTR: case Op.UNARY_NEGATIVE: case Op.UNARY_POSITIVE: case Op.UNARY_INVERT: case Op.UNARY_NOT:
    case Op.LIST_TO_TUPLE: case Op.GET_YIELD_FROM_ITER: case Op.YIELD_VALUE: case Op.CHECK_EXC_MATCH: case Op.SWAP:
    case Op.DELETE_FAST: case Op.DELETE_DEREF: case Op.DELETE_NAME: case Op.DELETE_GLOBAL: case Op.SEND:
    case Op.END_FOR: case Op.SETUP_ANNOTATIONS:
      return 0;
    case Op.BUILD_LIST_UNPACK:
      return 1 - arg;
    case Op.POP_TOP: case Op.STORE_FAST: case Op.STORE_DEREF: case Op.STORE_NAME: case Op.STORE_GLOBAL:
    case Op.DELETE_ATTR: case Op.BINARY_SUBSCR: case Op.BINARY_OP: case Op.INPLACE_OP: case Op.COMPARE_OP:
    case Op.IS_OP: case Op.CONTAINS_OP: case Op.POP_JUMP_IF_FALSE: case Op.POP_JUMP_IF_TRUE:
    case Op.JUMP_IF_FALSE_OR_POP: case Op.JUMP_IF_TRUE_OR_POP: case Op.LIST_APPEND: case Op.SET_ADD:
    case Op.LIST_EXTEND: case Op.SET_UPDATE: case Op.DICT_UPDATE: case Op.DICT_MERGE: case Op.RETURN_VALUE:
    case Op.RERAISE: case Op.POP_EXCEPT: case Op.LOAD_LOCALS:
      return -1;
    case Op.DUP_TOP: case Op.PUSH_NULL: case Op.LOAD_CONST: case Op.LOAD_FAST: case Op.LOAD_DEREF:
    case Op.LOAD_CLOSURE: case Op.LOAD_CLASSDEREF: case Op.LOAD_NAME: case Op.LOAD_GLOBAL: case Op.LOAD_METHOD:
    case Op.PUSH_EXC_INFO: case Op.LOAD_ASSERTION_ERROR: case Op.LOAD_BUILD_CLASS: case Op.IMPORT_NAME:
    case Op.IMPORT_FROM: case Op.COPY: case Op.FOR_ITER:
      return 1;
    case Op.STORE_ATTR: case Op.DELETE_SUBSCR: case Op.MAP_ADD: return -2;
    case Op.STORE_SUBSCR: return -3;
    case Op.BUILD_SLICE: return 1 - arg;
    case Op.BUILD_TUPLE: case Op.BUILD_LIST: case Op.BUILD_SET: case Op.BUILD_STRING: return 1 - arg;
    case Op.BUILD_MAP: return 1 - 2 * arg;
    case Op.BUILD_CONST_KEY_MAP: return -arg;
    case Op.FORMAT_VALUE: return (arg & 4) ? -1 : 0;
    case Op.UNPACK_SEQUENCE: return arg - 1;
    case Op.UNPACK_EX: return (arg & 0xff) + (arg >> 8);
    case Op.CALL: return -(arg + 1);
    case Op.CALL_KW: return -(code.kwCalls[arg].nargs + 1);
    case Op.CALL_FUNCTION_EX: return -(2 + (arg & 1));
    case Op.MAKE_FUNCTION: return -((arg & 1 ? 1 : 0) + (arg & 2 ? 1 : 0) + (arg & 8 ? 1 : 0));
    case Op.RAISE_VARARGS: return -arg;
  }
  return 0;
}

class Unit {
  code: Code;
  ops: number[] = [];
  lines: number[] = [];
  excHandler: (Label | null)[] = [];
  handler: Label | null = null;
  depth = 0;
  maxDepth = 0;
  line = 0;
  fblocks: FBlock[] = [];
  names = new Map<string, number>();
  consts = new Map<PyObject, number>();
  varIndex = new Map<string, number>();
  derefIndex = new Map<string, number>();
  constList: PyObject[] = [];
  constant(o: PyObject): number {
    let i = this.consts.get(o);
    if (i === undefined) {
      i = this.constList.length;
      this.constList.push(o);
      this.consts.set(o, i);
    }
    return i;
  }
  name(n: string): number {
    let i = this.names.get(n);
    if (i === undefined) {
      i = this.code.names.length;
      this.code.names.push(n);
      this.names.set(n, i);
    }
    return i;
  }
  /** a class body's (3.13+): the X of the `self.X = ...` stores in it, nested functions included
   *  (Python/compile.c compiler_maybe_add_static_attribute_to_class) */
  staticAttributes: Set<string> | null = null;
  constructor(public scope: Scope, code: Code) { this.code = code; }
}

export class Compiler {
  private st: SymbolTable;
  private u!: Unit;
  private units: Unit[] = [];

  constructor(private mod: A.Module, private filename: string, private host: CompilerHost) {
    this.st = new SymbolTable(mod);
  }

  compileModule(): Code {
    const scope = this.st.get(this.mod);
    const code = new Code('<module>', '<module>', this.filename, 1);
    this.enter(scope, code);
    this.body(this.mod.body);
    this.loadConst({ type: 'None' });
    this.emit(Op.RETURN_VALUE, 0);
    return this.leave();
  }

  // --- units --------------------------------------------------------------------------------

  private enter(scope: Scope, code: Code): void {
    const u = new Unit(scope, code);
    if (scope.functionLike) {
      for (const p of scope.params) this.addVar(u, p);
      // co_varnames: the parameters, then the fast locals; a cell that is no parameter lives in
      // its cell alone (compiler_nameop adds only FAST names to u_varnames, 3.12.1
      // Python/compile.c:4176-4183)
      for (const n of scope.bound) {
        if (scope.symbols.get(n) === 'local') this.addVar(u, n);
      }
      code.flags |= CO_OPTIMIZED | CO_NEWLOCALS;
    }
    const cells = [...scope.cells].sort();
    if (scope.kind === 'class' && scope.needsClassCell && !cells.includes('__class__')) cells.push('__class__');
    code.cellvars = cells;
    code.cell2arg = cells.map((c) => (scope.functionLike ? scope.params.indexOf(c) : -1));
    code.freevars = [...scope.frees].sort();
    cells.forEach((c, i) => u.derefIndex.set(c, i));
    code.freevars.forEach((f, i) => u.derefIndex.set(f, cells.length + i));
    if (this.u) this.units.push(this.u);
    this.u = u;
  }

  private addVar(u: Unit, n: string): void {
    if (!u.varIndex.has(n)) {
      u.varIndex.set(n, u.code.varnames.length);
      u.code.varnames.push(n);
    }
  }

  private leave(): Code {
    const u = this.u;
    const code = u.code;
    const n = u.ops.length / 2;
    code.code = Int32Array.from(u.ops);
    code.lines = Int32Array.from(u.lines);
    code.lineStarts = new Uint8Array(n);
    code.excTarget = new Int32Array(n).fill(-1);
    code.excDepth = new Int32Array(n);
    let prev = -1;
    for (let i = 0; i < n; i++) {
      const ln = u.lines[i];
      if (ln !== prev && ln > 0) code.lineStarts[i] = 1;
      prev = ln;
      const h = u.excHandler[i];
      if (h) { code.excTarget[i] = h.pc; code.excDepth[i] = h.depth - 1; }
    }
    // a backward jump to a loop head starts a new line event at the head (2: only when reached by
    // that jump, not when falling into it), as CPython traces it
    for (let i = 0; i < n; i++) {
      const op = code.code[2 * i];
      const t = code.code[2 * i + 1];
      if (op === Op.JUMP && t <= i && code.lineStarts[t] === 0) code.lineStarts[t] = 2;
    }
    code.consts = u.constList;
    code.stacksize = u.maxDepth;
    if (code.flags & CO_GENERATOR) code.stacksize = Math.max(code.stacksize, this.host.genMinStacksize);
    this.u = this.units.pop()!;
    return code;
  }

  // --- emission -----------------------------------------------------------------------------

  private emit(op: Op, arg: number): number {
    const u = this.u;
    const at = u.ops.length / 2;
    u.ops.push(op, arg);
    u.lines.push(u.line);
    u.excHandler.push(u.handler);
    u.depth += stackEffect(op, arg, u.code);
    if (u.depth > u.maxDepth) u.maxDepth = u.depth;
    return at;
  }

  private newLabel(): Label { return { pc: -1, depth: -1, refs: [] }; }

  private jump(op: Op, l: Label): void {
    const u = this.u;
    // depth at the target
    let d = u.depth;
    if (op === Op.POP_JUMP_IF_FALSE || op === Op.POP_JUMP_IF_TRUE) d -= 1;
    else if (op === Op.FOR_ITER) d -= 1;
    const at = this.emit(op, -1);
    if (op === Op.FOR_ITER) {
      // FOR_ITER: fallthrough pushes the item; the target has the iterator popped
      d = u.depth - 2;
    }
    if (l.depth < 0) l.depth = d;
    if (l.pc >= 0) u.ops[2 * at + 1] = l.pc;
    else l.refs.push(at);
  }

  private place(l: Label): void {
    const u = this.u;
    l.pc = u.ops.length / 2;
    for (const r of l.refs) u.ops[2 * r + 1] = l.pc;
    if (l.depth >= 0) u.depth = l.depth;
  }

  private loadConst(v: ConstValue): void {
    const o = this.host.constant(v);
    this.emit(Op.LOAD_CONST, this.u.constant(o));
  }

  private unsupported(what: string, span: A.Span): never {
    throw new UnsupportedError(what, span.line);
  }

  // --- names --------------------------------------------------------------------------------

  private nameOp(name: string, ctx: A.ExprContext): void {
    const u = this.u;
    const sc = u.scope;
    const kind = sc.symbols.get(name) ?? 'global_implicit';
    if (sc.kind === 'module') {
      this.emit(ctx === 'load' ? Op.LOAD_NAME : ctx === 'store' ? Op.STORE_NAME : Op.DELETE_NAME, u.name(name));
      return;
    }
    if (sc.kind === 'class') {
      if (kind === 'global_explicit') {
        this.emit(ctx === 'load' ? Op.LOAD_GLOBAL : ctx === 'store' ? Op.STORE_GLOBAL : Op.DELETE_GLOBAL, u.name(name));
      } else if (kind === 'free' && ctx === 'load') {
        this.emit(Op.LOAD_CLASSDEREF, u.derefIndex.get(name)!);
      } else if (kind === 'free') {
        this.emit(ctx === 'store' ? Op.STORE_DEREF : Op.DELETE_DEREF, u.derefIndex.get(name)!);
      } else {
        this.emit(ctx === 'load' ? Op.LOAD_NAME : ctx === 'store' ? Op.STORE_NAME : Op.DELETE_NAME, u.name(name));
      }
      return;
    }
    switch (kind) {
      case 'local':
        this.emit(ctx === 'load' ? Op.LOAD_FAST : ctx === 'store' ? Op.STORE_FAST : Op.DELETE_FAST, u.varIndex.get(name)!);
        return;
      case 'cell': case 'free':
        this.emit(ctx === 'load' ? Op.LOAD_DEREF : ctx === 'store' ? Op.STORE_DEREF : Op.DELETE_DEREF, u.derefIndex.get(name)!);
        return;
      default:
        this.emit(ctx === 'load' ? Op.LOAD_GLOBAL : ctx === 'store' ? Op.STORE_GLOBAL : Op.DELETE_GLOBAL, u.name(name));
    }
  }

  // --- statements ---------------------------------------------------------------------------

  private body(stmts: A.Stmt[]): void {
    for (const s of stmts) this.stmt(s);
  }

  private stmt(s: A.Stmt): void {
    const u = this.u;
    u.line = s.span.line;
    switch (s.kind) {
      case 'Expr':
        this.expr(s.value);
        this.emit(Op.POP_TOP, 0);
        return;
      case 'Assign': {
        this.expr(s.value);
        s.targets.forEach((t, i) => {
          if (i < s.targets.length - 1) this.emit(Op.DUP_TOP, 0);
          this.store(t);
        });
        return;
      }
      case 'AugAssign': return this.augAssign(s);
      case 'AnnAssign':
        if (s.value) { this.expr(s.value); this.store(s.target); }
        return;
      case 'If': {
        const orelse = this.newLabel();
        const end = this.newLabel();
        this.condJump(s.test, false, orelse);
        this.body(s.body);
        if (s.orelse.length) {
          this.jump(Op.JUMP, end);
          this.place(orelse);
          this.body(s.orelse);
          this.place(end);
        } else {
          this.place(orelse);
          end.pc = orelse.pc;
        }
        return;
      }
      case 'While': {
        const top = this.newLabel();
        const orelse = this.newLabel();
        const end = this.newLabel();
        this.place(top);
        top.depth = u.depth;
        u.line = s.span.line;
        this.condJump(s.test, false, orelse);
        u.fblocks.push({ kind: 'loop', cont: top, brk: end, isFor: false });
        this.body(s.body);
        u.fblocks.pop();
        u.line = s.span.line;
        this.jump(Op.JUMP, top);
        this.place(orelse);
        this.body(s.orelse);
        this.place(end);
        return;
      }
      case 'For': {
        const top = this.newLabel();
        const exit = this.newLabel();
        const end = this.newLabel();
        this.iterable(s.iter);
        this.emit(Op.GET_ITER, 0);
        this.place(top);
        top.depth = u.depth;
        u.line = s.span.line;
        this.jump(Op.FOR_ITER, exit);
        this.store(s.target);
        u.fblocks.push({ kind: 'loop', cont: top, brk: end, isFor: true });
        this.body(s.body);
        u.fblocks.pop();
        u.line = s.span.line;
        this.jump(Op.JUMP, top);
        this.place(exit);
        this.body(s.orelse);
        this.place(end);
        if (end.depth < 0) end.depth = u.depth;
        return;
      }
      case 'Break': case 'Continue': {
        let i = u.fblocks.length - 1;
        while (i >= 0 && u.fblocks[i].kind !== 'loop') i--;
        if (i < 0) this.unsupported(s.kind === 'Break' ? "`break` outside loop" : "`continue` outside loop", s.span);
        const loop = u.fblocks[i] as Extract<FBlock, { kind: 'loop' }>;
        this.unwind(i + 1, false);
        if (s.kind === 'Break') {
          if (loop.isFor) this.emit(Op.POP_TOP, 0);
          this.jump(Op.JUMP, loop.brk);
          if (loop.isFor) u.depth += 1;
        } else {
          this.jump(Op.JUMP, loop.cont);
        }
        return;
      }
      case 'Pass': this.emit(Op.NOP, 0); return;
      case 'Return': {
        if (s.value) this.expr(s.value); else this.loadConst({ type: 'None' });
        this.unwind(0, true);
        this.emit(Op.RETURN_VALUE, 0);
        return;
      }
      case 'FunctionDef': return this.functionDef(s);
      case 'ClassDef': return this.classDef(s);
      case 'Delete':
        for (const t of s.targets) this.del(t);
        return;
      case 'Global': case 'Nonlocal': this.emit(Op.NOP, 0); return;
      case 'Try': return this.tryStmt(s);
      case 'Raise': {
        let n = 0;
        if (s.exc) { this.expr(s.exc); n = 1; if (s.cause) { this.expr(s.cause); n = 2; } }
        this.emit(Op.RAISE_VARARGS, n);
        return;
      }
      case 'Assert': {
        const end = this.newLabel();
        this.condJump(s.test, true, end);
        this.emit(Op.LOAD_ASSERTION_ERROR, 0);
        if (s.msg) {
          this.emit(Op.PUSH_NULL, 0);
          this.expr(s.msg);
          this.emit(Op.CALL, 1);
        }
        this.emit(Op.RAISE_VARARGS, 1);
        this.place(end);
        return;
      }
      case 'Import':
        for (const a of s.names) {
          this.emit(Op.IMPORT_NAME, u.name(a.name));
          this.nameOp(a.asname ?? a.name, 'store');
        }
        return;
      case 'ImportFrom':
        this.emit(Op.IMPORT_NAME, u.name(s.module));
        for (const a of s.names) {
          this.emit(Op.IMPORT_FROM, u.name(a.name));
          this.nameOp(a.asname ?? a.name, 'store');
        }
        this.emit(Op.POP_TOP, 0);
        return;
    }
  }

  /** emit what leaving the blocks above `downTo` needs (break/continue/return through try/except) */
  private unwind(downTo: number, isReturn: boolean): void {
    const u = this.u;
    const saved = u.fblocks;
    for (let i = saved.length - 1; i >= downTo; i--) {
      const fb = saved[i];
      if (fb.kind === 'loop') {
        if (isReturn && fb.isFor) {
          // the return value is on top of the iterator
          this.emit(Op.ROT_TWO, 0);
          this.emit(Op.POP_TOP, 0);
        }
      } else if (fb.kind === 'handler') {
        if (isReturn) this.emit(Op.ROT_TWO, 0);
        this.emit(Op.POP_EXCEPT, 0);
        if (fb.name) {
          this.loadConst({ type: 'None' });
          this.nameOp(fb.name, 'store');
          this.nameOp(fb.name, 'del');
        }
      } else if (fb.kind === 'finally') {
        // run the finally body inline, outside this block
        u.fblocks = saved.slice(0, i);
        const savedHandler = u.handler;
        u.handler = this.handlerBelow(i);
        this.body(fb.body);
        u.handler = savedHandler;
        u.fblocks = saved;
      } else if (fb.kind === 'finally-end') {
        // inside a finally body on the exception path: drop the pending exception and exc_info
        if (isReturn) { this.emit(Op.ROT_THREE, 0); }
        this.emit(Op.POP_TOP, 0);
        this.emit(Op.POP_EXCEPT, 0);
      }
    }
  }

  private handlerStack: { fblockIndex: number; label: Label | null }[] = [];
  private handlerBelow(i: number): Label | null {
    for (let k = this.handlerStack.length - 1; k >= 0; k--) {
      if (this.handlerStack[k].fblockIndex < i) return this.handlerStack[k].label;
    }
    return null;
  }

  private tryStmt(s: A.Try): void {
    if (s.finalbody.length) {
      this.tryFinally(s);
    } else {
      this.tryExcept(s);
    }
  }

  private tryFinally(s: A.Try): void {
    const u = this.u;
    const handler = this.newLabel();
    const end = this.newLabel();
    const outer = u.handler;
    const depth0 = u.depth;
    handler.depth = depth0 + 1;
    const fbIndex = u.fblocks.length;
    u.fblocks.push({ kind: 'finally', body: s.finalbody });
    this.handlerStack.push({ fblockIndex: fbIndex, label: handler });
    u.handler = handler;
    if (s.handlers.length) this.tryExcept({ ...s, finalbody: [] });
    else this.body(s.body);
    u.handler = outer;
    this.handlerStack.pop();
    u.fblocks.pop();
    // normal path
    this.body(s.finalbody);
    this.jump(Op.JUMP, end);
    // exception path: [exc] → [prev_exc_info, exc]
    this.place(handler);
    u.line = s.finalbody[0].span.line;
    const cleanup = this.newLabel();
    this.emit(Op.PUSH_EXC_INFO, 0);
    // an exception in the finally body unwinds to [prev_exc_info] and pushes itself
    cleanup.depth = u.depth;
    u.handler = cleanup;
    u.fblocks.push({ kind: 'finally-end' });
    this.handlerStack.push({ fblockIndex: u.fblocks.length - 1, label: cleanup });
    this.body(s.finalbody);
    this.handlerStack.pop();
    u.fblocks.pop();
    u.handler = outer;
    this.emit(Op.SWAP, 2);
    this.emit(Op.POP_EXCEPT, 0);
    this.emit(Op.RERAISE, 0);
    this.place(cleanup);
    this.emit(Op.SWAP, 2);
    this.emit(Op.POP_EXCEPT, 0);
    this.emit(Op.RERAISE, 0);
    end.depth = depth0;
    this.place(end);
  }

  private tryExcept(s: A.Try): void {
    const u = this.u;
    const handler = this.newLabel();
    const end = this.newLabel();
    const outer = u.handler;
    const depth0 = u.depth;
    handler.depth = depth0 + 1;
    u.handler = handler;
    this.handlerStack.push({ fblockIndex: u.fblocks.length, label: handler });
    this.body(s.body);
    this.handlerStack.pop();
    u.handler = outer;
    this.body(s.orelse);
    this.jump(Op.JUMP, end);
    this.place(handler);
    u.line = s.handlers[0].span.line;
    this.emit(Op.PUSH_EXC_INFO, 0);
    const cleanup = this.newLabel();
    // an exception in a handler unwinds to [prev_exc_info] and pushes itself
    cleanup.depth = u.depth;
    u.handler = cleanup;
    this.handlerStack.push({ fblockIndex: u.fblocks.length, label: cleanup });
    for (const h of s.handlers) {
      u.line = h.span.line;
      const next = this.newLabel();
      if (h.type) {
        this.expr(h.type);
        this.emit(Op.CHECK_EXC_MATCH, 0);
        this.jump(Op.POP_JUMP_IF_FALSE, next);
      }
      let nameCleanup: Label | null = null;
      if (h.name) {
        this.nameOp(h.name, 'store');
        nameCleanup = this.newLabel();
        nameCleanup.depth = u.depth + 1;
        u.handler = nameCleanup;
        this.handlerStack.push({ fblockIndex: u.fblocks.length, label: nameCleanup });
      } else {
        this.emit(Op.POP_TOP, 0);
      }
      u.fblocks.push({ kind: 'handler', name: h.name });
      this.body(h.body);
      u.fblocks.pop();
      if (h.name) this.handlerStack.pop();
      u.handler = cleanup;
      this.emit(Op.POP_EXCEPT, 0);
      if (h.name) {
        this.loadConst({ type: 'None' });
        this.nameOp(h.name, 'store');
        this.nameOp(h.name, 'del');
      }
      this.jump(Op.JUMP, end);
      if (nameCleanup) {
        // an exception inside `except E as name:` clears the name, then goes on to cleanup
        this.place(nameCleanup);
        this.loadConst({ type: 'None' });
        this.nameOp(h.name!, 'store');
        this.nameOp(h.name!, 'del');
        this.emit(Op.SWAP, 2);
        this.emit(Op.POP_EXCEPT, 0);
        u.handler = outer;
        this.emit(Op.RERAISE, 0);
        u.handler = cleanup;
      }
      this.place(next);
      if (next.depth < 0) next.depth = depth0 + 2;
      u.depth = depth0 + 2;
    }
    // no handler matched: re-raise (cleanup restores exc_info)
    this.emit(Op.RERAISE, 0);
    this.handlerStack.pop();
    u.handler = outer;
    this.place(cleanup);
    this.emit(Op.SWAP, 2);
    this.emit(Op.POP_EXCEPT, 0);
    this.emit(Op.RERAISE, 0);
    end.depth = depth0;
    this.place(end);
  }

  private augAssign(s: A.AugAssign): void {
    const op = BINOP_INDEX[s.op];
    const t = s.target;
    if (t.kind === 'Name') {
      this.nameOp(t.id, 'load');
      this.expr(s.value);
      this.emit(Op.INPLACE_OP, op);
      this.nameOp(t.id, 'store');
    } else if (t.kind === 'Attribute') {
      this.expr(t.value);
      this.emit(Op.DUP_TOP, 0);
      this.emit(Op.LOAD_ATTR, this.u.name(t.attr));
      this.expr(s.value);
      this.emit(Op.INPLACE_OP, op);
      this.emit(Op.ROT_TWO, 0);
      this.emit(Op.STORE_ATTR, this.u.name(t.attr));
    } else if (t.kind === 'Subscript') {
      this.expr(t.value);
      this.expr(t.slice);
      this.emit(Op.COPY, 2);
      this.emit(Op.COPY, 2);
      this.emit(Op.BINARY_SUBSCR, 0);
      this.expr(s.value);
      this.emit(Op.INPLACE_OP, op);
      this.emit(Op.ROT_THREE, 0);
      this.emit(Op.STORE_SUBSCR, 0);
    } else {
      this.unsupported('this augmented assignment target', s.span);
    }
  }

  private store(t: A.Expr): void {
    switch (t.kind) {
      case 'Name': this.nameOp(t.id, 'store'); return;
      case 'Attribute':
        if (t.value.kind === 'Name' && t.value.id === 'self') this.staticAttribute(t.attr);
        this.expr(t.value);
        this.emit(Op.STORE_ATTR, this.u.name(t.attr));
        return;
      case 'Subscript':
        this.expr(t.value);
        this.expr(t.slice);
        this.emit(Op.STORE_SUBSCR, 0);
        return;
      case 'Tuple': case 'List': {
        const star = t.elts.findIndex((e) => e.kind === 'Starred');
        if (star >= 0) {
          this.emit(Op.UNPACK_EX, star | ((t.elts.length - star - 1) << 8));
        } else {
          this.emit(Op.UNPACK_SEQUENCE, t.elts.length);
        }
        for (const e of t.elts) this.store(e.kind === 'Starred' ? e.value : e);
        return;
      }
      default:
        this.unsupported('assignment to this target', t.span);
    }
  }

  /** `self.X = ...`: X is a static attribute of the innermost enclosing class (3.13+) */
  private staticAttribute(attr: string): void {
    if (!this.host.classStaticAttributes) return;
    for (let i = this.units.length; i >= 0; i--) {
      const u = i === this.units.length ? this.u : this.units[i];
      if (u.staticAttributes) {
        u.staticAttributes.add(attr);
        return;
      }
    }
  }

  private del(t: A.Expr): void {
    switch (t.kind) {
      case 'Name': this.nameOp(t.id, 'del'); return;
      case 'Attribute':
        this.expr(t.value);
        this.emit(Op.DELETE_ATTR, this.u.name(t.attr));
        return;
      case 'Subscript':
        this.expr(t.value);
        this.expr(t.slice);
        this.emit(Op.DELETE_SUBSCR, 0);
        return;
      case 'Tuple': case 'List':
        for (const e of t.elts) this.del(e);
        return;
      default:
        this.unsupported('`del` of this target', t.span);
    }
  }

  // --- functions and classes ------------------------------------------------------------------

  private qualname(name: string): string {
    const u = this.u;
    if (u.scope.kind === 'module') return name;
    return u.code.qualname + (u.scope.kind === 'class' ? '.' : '.<locals>.') + name;
  }

  /** MAKE_FUNCTION for a code object whose scope is `scope`; defaults already emitted per flags */
  private makeClosure(code: Code, flags: number): void {
    if (code.freevars.length) {
      for (const f of code.freevars) {
        const idx = this.u.derefIndex.get(f);
        if (idx === undefined) throw new Error(`internal: no cell for free variable ${f}`);
        this.emit(Op.LOAD_CLOSURE, idx);
      }
      this.emit(Op.BUILD_TUPLE, code.freevars.length);
      flags |= 8;
    }
    this.loadConst({ type: 'code', code });
    this.emit(Op.MAKE_FUNCTION, flags);
  }

  private defaults(args: A.Arguments): number {
    let flags = 0;
    if (args.defaults.length) {
      for (const d of args.defaults) this.expr(d);
      this.emit(Op.BUILD_TUPLE, args.defaults.length);
      flags |= 1;
    }
    const kw = args.kwonlyargs.map((a, i) => [a, args.kwDefaults[i]] as const).filter(([, d]) => d);
    if (kw.length) {
      for (const [a, d] of kw) { this.loadConst({ type: 'str', value: a.arg }); this.expr(d!); }
      this.emit(Op.BUILD_MAP, kw.length);
      flags |= 2;
    }
    return flags;
  }

  private functionCode(node: A.FunctionDef | A.Lambda, name: string, body: () => void): Code {
    const scope = this.st.get(node);
    const code = new Code(name, this.qualname(name), this.filename, node.span.line);
    const args = node.args;
    code.argcount = args.posonlyargs.length + args.args.length;
    code.posonlyargcount = args.posonlyargs.length;
    code.kwonlyargcount = args.kwonlyargs.length;
    if (args.vararg) code.flags |= CO_VARARGS;
    if (args.kwarg) code.flags |= CO_VARKEYWORDS;
    if (scope.isGenerator) code.flags |= CO_GENERATOR;
    if (this.u.scope.kind !== 'module') code.flags |= CO_NESTED;
    this.enter(scope, code);
    this.u.line = node.span.line;
    body();
    return this.leave();
  }

  private functionDef(s: A.FunctionDef): void {
    for (const d of s.decorators) this.expr(d);
    const flags = this.defaults(s.args);
    const code = this.functionCode(s, s.name, () => {
      // a docstring is the first constant of the code object, as in CPython
      const first = s.body[0];
      const hasDoc = first && first.kind === 'Expr' && first.value.kind === 'Constant' && first.value.value.type === 'str';
      if (hasDoc) {
        this.u.constant(this.host.constant((first.value as A.Constant).value));
      } else {
        this.u.constant(this.host.constant({ type: 'None' }));
      }
      this.body(hasDoc ? s.body.slice(1) : s.body);
      const last = s.body[s.body.length - 1];
      if (!last || last.kind !== 'Return') {
        this.u.line = last ? lastLine(last) : s.span.line;
        this.loadConst({ type: 'None' });
        this.emit(Op.RETURN_VALUE, 0);
      }
    });
    this.u.line = s.span.line;
    this.makeClosure(code, flags);
    for (let i = 0; i < s.decorators.length; i++) this.applyDecorator();
    this.nameOp(s.name, 'store');
  }

  /** stack: decorator, value → decorator(value) */
  private applyDecorator(): void {
    this.emit(Op.PUSH_NULL, 0);
    this.emit(Op.SWAP, 2);
    this.emit(Op.CALL, 1);
  }

  private classDef(s: A.ClassDef): void {
    const u = this.u;
    for (const d of s.decorators) this.expr(d);
    this.emit(Op.LOAD_BUILD_CLASS, 0);
    this.emit(Op.PUSH_NULL, 0);
    const scope = this.st.get(s);
    const code = new Code(s.name, this.qualname(s.name), this.filename, s.span.line);
    this.enter(scope, code);
    this.u.line = s.span.line;
    this.nameOp('__name__', 'load');
    this.nameOp('__module__', 'store');
    this.loadConst({ type: 'str', value: code.qualname });
    this.nameOp('__qualname__', 'store');
    if (this.host.classStaticAttributes) {
      // (Python/compile.c compiler_class_body: the first decorator's line, else the class's)
      const firstlineno = s.decorators.length ? s.decorators[0].span.line : s.span.line;
      this.loadConst({ type: 'int', value: BigInt(firstlineno) });
      this.nameOp('__firstlineno__', 'store');
      this.u.staticAttributes = new Set();
    }
    this.body(s.body);
    if (this.u.staticAttributes) {
      const items: ConstValue[] = [...this.u.staticAttributes].sort(codePointOrder).map((value) => ({ type: 'str', value }));
      this.loadConst({ type: 'tuple', items });
      this.nameOp('__static_attributes__', 'store');
    }
    if (scope.needsClassCell || scope.cells.has('__class__')) {
      this.emit(Op.LOAD_CLOSURE, this.u.derefIndex.get('__class__')!);
      this.emit(Op.DUP_TOP, 0);
      this.nameOp('__classcell__', 'store');
      this.emit(Op.RETURN_VALUE, 0);
    } else {
      this.loadConst({ type: 'None' });
      this.emit(Op.RETURN_VALUE, 0);
    }
    const body = this.leave();
    u.line = s.span.line;
    this.makeClosure(body, 0);
    this.loadConst({ type: 'str', value: s.name });
    for (const b of s.bases) this.expr(b);
    if (s.keywords.length) {
      for (const k of s.keywords) {
        if (k.arg === null) this.unsupported('`**` in a class definition', k.span);
        this.expr(k.value);
      }
      const idx = u.code.kwCalls.push({ nargs: 2 + s.bases.length + s.keywords.length, names: s.keywords.map((k) => k.arg!) }) - 1;
      this.emit(Op.CALL_KW, idx);
    } else {
      this.emit(Op.CALL, 2 + s.bases.length);
    }
    for (let i = 0; i < s.decorators.length; i++) this.applyDecorator();
    this.nameOp(s.name, 'store');
  }

  // --- expressions --------------------------------------------------------------------------

  private condJump(e: A.Expr, jumpIf: boolean, target: A.Expr extends never ? never : Label): void {
    if (e.kind === 'UnaryOp' && e.op === 'Not') return this.condJump(e.operand, !jumpIf, target);
    if (e.kind === 'BoolOp') {
      const isAnd = e.op === 'And';
      if (isAnd !== jumpIf) {
        // and/jump-if-false or or/jump-if-true: any operand decides
        for (const v of e.values) this.condJump(v, jumpIf, target);
      } else {
        const skip = this.newLabel();
        for (let i = 0; i < e.values.length - 1; i++) this.condJump(e.values[i], !jumpIf, skip);
        this.condJump(e.values[e.values.length - 1], jumpIf, target);
        this.place(skip);
      }
      return;
    }
    this.expr(e);
    this.jump(jumpIf ? Op.POP_JUMP_IF_TRUE : Op.POP_JUMP_IF_FALSE, target);
  }

  /** constant folding (Python/ast_opt.c); returns null when the expression is not constant */
  private fold(e: A.Expr): ConstValue | null {
    switch (e.kind) {
      case 'Constant': return e.value;
      case 'UnaryOp': {
        const v = this.fold(e.operand);
        if (!v) return null;
        if (e.op === 'USub') {
          if (v.type === 'int') return { type: 'int', value: -v.value };
          if (v.type === 'float') return { type: 'float', value: -v.value };
          if (v.type === 'complex') return { type: 'complex', imag: -v.imag, real: -((v as { real?: number }).real ?? 0) } as ConstValue;
        } else if (e.op === 'UAdd') {
          if (v.type === 'int' || v.type === 'float' || v.type === 'complex') return v;
        } else if (e.op === 'Invert' && v.type === 'int') {
          return { type: 'int', value: ~v.value };
        }
        return null;
      }
      case 'BinOp': return this.foldBinOp(e);
      case 'Subscript': {
        // fold_subscr: a constant subscripted by a constant index (never a slice)
        if (e.slice.kind === 'Slice') return null;
        const v = this.fold(e.value);
        const k = this.fold(e.slice);
        if (!v || !k || (k.type !== 'int' && k.type !== 'bool')) return null;
        const i = k.type === 'int' ? Number(k.value) : Number(k.value);
        const seq: ConstValue[] | null = v.type === 'tuple' ? v.items
          : v.type === 'str' ? Array.from(v.value).map((c): ConstValue => ({ type: 'str', value: c }))
          : v.type === 'bytes' ? Array.from(v.value).map((b): ConstValue => ({ type: 'int', value: BigInt(b) }))
          : null;
        if (!seq) return null;
        const j = i < 0 ? i + seq.length : i;
        return j >= 0 && j < seq.length ? seq[j] : null;
      }
      case 'Tuple': {
        if (e.elts.some((x) => x.kind === 'Starred')) return null;
        const items: ConstValue[] = [];
        for (const x of e.elts) {
          const v = this.fold(x);
          if (!v) return null;
          items.push(v);
        }
        return { type: 'tuple', items };
      }
    }
    return null;
  }

  private foldBinOp(e: A.BinOp): ConstValue | null {
    const l = this.fold(e.left);
    const r = this.fold(e.right);
    if (!l || !r) return null;
    const MAX_INT_SIZE = 128n; // bits
    const MAX_STR_SIZE = 4096;
    const MAX_COLLECTION_SIZE = 256;
    if (l.type === 'int' && r.type === 'int') {
      const a = l.value;
      const b = r.value;
      const bits = (x: bigint) => BigInt((x < 0n ? -x : x).toString(2).length);
      let v: bigint;
      switch (e.op) {
        case 'Add': v = a + b; break;
        case 'Sub': v = a - b; break;
        case 'Mult':
          if (a !== 0n && b !== 0n && bits(a) + bits(b) > MAX_INT_SIZE) return null;
          v = a * b; break;
        case 'Pow': {
          if (b < 0n) {
            // long_pow with a negative exponent is float_pow of the two as doubles
            const r = floatPow(Number(a), Number(b));
            return typeof r === 'number' && Number.isFinite(Number(a)) ? { type: 'float', value: r } : null;
          }
          if (a !== 0n && b > 0n && bits(a) * b > MAX_INT_SIZE) return null;
          v = a ** b; break;
        }
        case 'LShift':
          if (b < 0n || (a !== 0n && (b > MAX_INT_SIZE || bits(a) > MAX_INT_SIZE - b))) return null;
          v = a << b; break;
        case 'RShift': if (b < 0n) return null; v = a >> b; break;
        case 'BitAnd': v = a & b; break;
        case 'BitOr': v = a | b; break;
        case 'BitXor': v = a ^ b; break;
        case 'FloorDiv': {
          if (b === 0n) return null;
          let q = a / b;
          if ((a % b !== 0n) && ((a < 0n) !== (b < 0n))) q -= 1n;
          v = q; break;
        }
        case 'Mod': {
          if (b === 0n) return null;
          let m = a % b;
          if (m !== 0n && ((m < 0n) !== (b < 0n))) m += b;
          v = m; break;
        }
        case 'Div': {
          if (b === 0n) return null;
          // long_true_divide; an overflow is left to the run, which raises it
          const q = longTrueDivide(a, b);
          return q === null ? null : { type: 'float', value: q };
        }
        default: return null;
      }
      return { type: 'int', value: v };
    }
    const num = (c: ConstValue): number | null =>
      c.type === 'int' ? Number(c.value) : c.type === 'float' ? c.value : c.type === 'bool' ? Number(c.value) : null;
    if ((l.type === 'float' || r.type === 'float') && (l.type === 'int' || l.type === 'float') && (r.type === 'int' || r.type === 'float')) {
      const a = num(l)!;
      const b = num(r)!;
      // an int too large for a float raises OverflowError at run time: not folded
      if ((l.type === 'int' && !Number.isFinite(a)) || (r.type === 'int' && !Number.isFinite(b))) return null;
      switch (e.op) {
        case 'Add': return { type: 'float', value: a + b };
        case 'Sub': return { type: 'float', value: a - b };
        case 'Mult': return { type: 'float', value: a * b };
        case 'Div': return b === 0 ? null : { type: 'float', value: a / b };
        case 'FloorDiv': return b === 0 ? null : { type: 'float', value: floatDivmod(a, b)[0] };
        case 'Mod': return b === 0 ? null : { type: 'float', value: floatRem(a, b) };
        case 'Pow': {
          const r = floatPow(a, b);
          return typeof r === 'number' ? { type: 'float', value: r } : null;
        }
        default: return null;
      }
    }
    // complex operands: complex_add, complex_sub, complex_mul (_Py_c_sum, _Py_c_diff, _Py_c_prod)
    const cpx = (c: ConstValue): [number, number] | null => {
      if (c.type === 'complex') return [(c as { real?: number }).real ?? 0, c.imag];
      const n = num(c);
      return n === null ? null : [n, 0];
    };
    if ((l.type === 'complex' || r.type === 'complex') && (e.op === 'Add' || e.op === 'Sub' || e.op === 'Mult')) {
      const a = cpx(l), b = cpx(r);
      if (!a || !b) return null;
      const [re, im] = e.op === 'Add' ? [a[0] + b[0], a[1] + b[1]]
        : e.op === 'Sub' ? [a[0] - b[0], a[1] - b[1]]
        : [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
      return { type: 'complex', real: re, imag: im } as ConstValue;
    }
    if (l.type === 'str' && r.type === 'str' && e.op === 'Add') {
      if (l.value.length + r.value.length > MAX_STR_SIZE) return null;
      return { type: 'str', value: l.value + r.value };
    }
    if (e.op === 'Mult' && ((l.type === 'str' && r.type === 'int') || (l.type === 'int' && r.type === 'str'))) {
      const s = l.type === 'str' ? l.value : (r as { value: string }).value;
      const n = Number(l.type === 'int' ? l.value : (r as { value: bigint }).value);
      if (n < 0 || s.length * n > MAX_STR_SIZE) return null;
      return { type: 'str', value: s.repeat(n) };
    }
    if (e.op === 'Mult' && l.type === 'tuple' && r.type === 'int') {
      const n = Number(r.value);
      if (n < 0 || l.items.length * n > MAX_COLLECTION_SIZE) return null;
      const items: ConstValue[] = [];
      for (let i = 0; i < n; i++) items.push(...l.items);
      return { type: 'tuple', items };
    }
    return null;
  }

  private expr(e: A.Expr): void {
    const u = this.u;
    const savedLine = u.line;
    if (e.span.line > u.line) u.line = e.span.line;
    this.expr1(e);
    u.line = savedLine;
  }

  private expr1(e: A.Expr): void {
    const u = this.u;
    switch (e.kind) {
      case 'Constant': this.loadConst(e.value); return;
      case 'Name': this.nameOp(e.id, 'load'); return;
      case 'UnaryOp': case 'BinOp': case 'Tuple': {
        const c = this.fold(e);
        if (c) { this.loadConst(c); return; }
        if (e.kind === 'UnaryOp') {
          this.expr(e.operand);
          this.emit(e.op === 'USub' ? Op.UNARY_NEGATIVE : e.op === 'UAdd' ? Op.UNARY_POSITIVE : e.op === 'Invert' ? Op.UNARY_INVERT : Op.UNARY_NOT, 0);
        } else if (e.kind === 'BinOp') {
          this.expr(e.left);
          this.expr(e.right);
          u.line = e.span.line;
          this.emit(Op.BINARY_OP, BINOP_INDEX[e.op]);
        } else {
          this.sequence(e.elts, 'tuple');
        }
        return;
      }
      case 'List': return this.sequence(e.elts, 'list');
      case 'Set': return this.sequence(e.elts, 'set');
      case 'Dict': return this.dict(e);
      case 'JoinedStr': {
        if (e.values.length === 1 && e.values[0].kind === 'FormattedValue') { this.expr(e.values[0]); return; }
        if (e.values.length === 0) { this.loadConst({ type: 'str', value: '' }); return; }
        for (const v of e.values) this.expr(v);
        if (e.values.length > 1) this.emit(Op.BUILD_STRING, e.values.length);
        return;
      }
      case 'FormattedValue': {
        this.expr(e.value);
        let flags = e.conversion === -1 ? 0 : e.conversion === 's' ? 1 : e.conversion === 'r' ? 2 : 3;
        if (e.formatSpec) { this.expr(e.formatSpec); flags |= 4; }
        this.emit(Op.FORMAT_VALUE, flags);
        return;
      }
      case 'Starred': this.unsupported('a starred expression here', e.span); return;
      case 'BoolOp': {
        const end = this.newLabel();
        for (let i = 0; i < e.values.length - 1; i++) {
          this.expr(e.values[i]);
          this.jump(e.op === 'And' ? Op.JUMP_IF_FALSE_OR_POP : Op.JUMP_IF_TRUE_OR_POP, end);
        }
        this.expr(e.values[e.values.length - 1]);
        this.place(end);
        return;
      }
      case 'Compare': return this.compare(e);
      case 'IfExp': {
        const orelse = this.newLabel();
        const end = this.newLabel();
        this.condJump(e.test, false, orelse);
        this.expr(e.body);
        this.jump(Op.JUMP, end);
        this.place(orelse);
        this.expr(e.orelse);
        this.place(end);
        return;
      }
      case 'NamedExpr':
        this.expr(e.value);
        this.emit(Op.DUP_TOP, 0);
        this.namedStore(e.target.id);
        return;
      case 'Call': return this.call(e);
      case 'Attribute':
        this.expr(e.value);
        this.emit(Op.LOAD_ATTR, u.name(e.attr));
        return;
      case 'Subscript': {
        const c = this.fold(e);
        if (c) {
          if (e.value.kind === 'Tuple') this.host.foldedTupleItem?.(c);
          this.loadConst(c);
          return;
        }
        this.expr(e.value);
        this.expr(e.slice);
        this.emit(Op.BINARY_SUBSCR, 0);
        return;
      }
      case 'Slice': {
        let n = 2;
        if (e.lower) this.expr(e.lower); else this.loadConst({ type: 'None' });
        if (e.upper) this.expr(e.upper); else this.loadConst({ type: 'None' });
        if (e.step) { this.expr(e.step); n = 3; }
        this.emit(Op.BUILD_SLICE, n);
        return;
      }
      case 'Lambda': {
        const flags = this.defaults(e.args);
        const code = this.functionCode(e, '<lambda>', () => {
          this.u.constant(this.host.constant({ type: 'None' }));
          this.expr(e.body);
          this.emit(Op.RETURN_VALUE, 0);
        });
        this.makeClosure(code, flags);
        return;
      }
      case 'ListComp': case 'SetComp': case 'DictComp': case 'GeneratorExp': return this.comprehension(e);
      case 'Yield':
        if (e.value) this.expr(e.value); else this.loadConst({ type: 'None' });
        this.emit(Op.YIELD_VALUE, 0);
        return;
      case 'YieldFrom': {
        this.expr(e.value);
        this.emit(Op.GET_YIELD_FROM_ITER, 0);
        this.loadConst({ type: 'None' });
        const top = this.newLabel();
        const exit = this.newLabel();
        this.place(top);
        top.depth = u.depth;
        this.emit(Op.SEND, -1);
        const sendAt = u.ops.length / 2 - 1;
        exit.refs.push(sendAt);
        exit.depth = u.depth - 1;
        this.emit(Op.YIELD_VALUE, 0);
        this.jump(Op.JUMP, top);
        this.place(exit);
        return;
      }
    }
  }

  private namedStore(name: string): void {
    // a walrus inside a comprehension binds in the enclosing scope
    this.nameOp(name, 'store');
  }

  /** check_compare: `is` / `is not` with an operand that is a constant other than None, True,
   *  False or Ellipsis (after constant folding) */
  private checkCompare(e: A.Compare): void {
    if (!this.host.warnIsLiteral) return;
    const literal = (x: A.Expr): string | null => {
      const v = this.fold(x);
      if (!v || v.type === 'None' || v.type === 'bool' || v.type === 'Ellipsis') return null;
      return v.type === 'code' ? null : v.type;
    };
    let left = literal(e.left);
    for (let i = 0; i < e.ops.length; i++) {
      const right = literal(e.comparators[i]);
      const op = e.ops[i];
      if ((op === 'Is' || op === 'IsNot') && (left || right)) {
        this.host.warnIsLiteral(e.span.line, op === 'IsNot', (left ?? right)!);
        return;
      }
      left = right;
    }
  }

  private compare(e: A.Compare): void {
    const u = this.u;
    this.checkCompare(e);
    this.expr(e.left);
    const cmp = (op: A.CmpOpKind) => {
      switch (op) {
        case 'Is': this.emit(Op.IS_OP, 0); break;
        case 'IsNot': this.emit(Op.IS_OP, 1); break;
        case 'In': this.emit(Op.CONTAINS_OP, 0); break;
        case 'NotIn': this.emit(Op.CONTAINS_OP, 1); break;
        default: this.emit(Op.COMPARE_OP, (CMP_OPS as readonly string[]).indexOf(op));
      }
    };
    if (e.ops.length === 1) {
      this.comparand(e.comparators[0], e.ops[0]);
      u.line = e.span.line;
      cmp(e.ops[0]);
      return;
    }
    const cleanup = this.newLabel();
    const end = this.newLabel();
    for (let i = 0; i < e.ops.length - 1; i++) {
      this.expr(e.comparators[i]);
      this.emit(Op.DUP_TOP, 0);
      this.emit(Op.ROT_THREE, 0);
      cmp(e.ops[i]);
      this.jump(Op.JUMP_IF_FALSE_OR_POP, cleanup);
    }
    this.comparand(e.comparators[e.ops.length - 1], e.ops[e.ops.length - 1]);
    cmp(e.ops[e.ops.length - 1]);
    this.jump(Op.JUMP, end);
    this.place(cleanup);
    u.depth = cleanup.depth;
    this.emit(Op.ROT_TWO, 0);
    this.emit(Op.POP_TOP, 0);
    this.place(end);
  }

  /** the iterable of a `for` or a comprehension: a constant list / set display becomes a constant
   *  tuple / frozenset (fold_iter, Python/ast_opt.c) */
  private iterable(e: A.Expr): void {
    this.comparand(e, 'In');
  }

  /** `x in [1, 2, 3]` / `x in {1, 2}`: a constant tuple / frozenset, as the AST optimizer makes it */
  private comparand(e: A.Expr, op: A.CmpOpKind): void {
    if ((op === 'In' || op === 'NotIn') && (e.kind === 'List' || e.kind === 'Set')) {
      const items: ConstValue[] = [];
      let ok = !e.elts.some((x) => x.kind === 'Starred');
      for (const x of e.elts) {
        if (!ok) break;
        const v = this.fold(x);
        if (!v) ok = false; else items.push(v);
      }
      if (ok) {
        this.loadConst(e.kind === 'List' ? { type: 'tuple', items } : { type: 'frozenset', items });
        return;
      }
    }
    this.expr(e);
  }

  /** tuple/list/set displays, with starred items and the 3.9+ constant-display path */
  private sequence(elts: A.Expr[], kind: 'tuple' | 'list' | 'set'): void {
    const build = kind === 'tuple' ? Op.BUILD_TUPLE : kind === 'list' ? Op.BUILD_LIST : Op.BUILD_SET;
    const hasStar = elts.some((x) => x.kind === 'Starred');
    if (!hasStar && kind !== 'tuple' && elts.length > 2 && this.host.constDisplaysExtend) {
      const items: ConstValue[] = [];
      let ok = true;
      for (const x of elts) {
        const v = this.fold(x);
        if (!v) { ok = false; break; }
        items.push(v);
      }
      if (ok) {
        this.emit(build, 0);
        this.loadConst(kind === 'list' ? { type: 'tuple', items } : { type: 'frozenset', items });
        this.emit(kind === 'list' ? Op.LIST_EXTEND : Op.SET_UPDATE, 1);
        return;
      }
    }
    if (!hasStar) {
      for (const x of elts) this.expr(x);
      this.emit(build, elts.length);
      return;
    }
    if (kind !== 'set' && this.host.starredDisplaysUnpack) {
      let nseen = 0;
      let nsub = 0;
      for (const x of elts) {
        if (x.kind === 'Starred') {
          if (nseen) { this.emit(Op.BUILD_TUPLE, nseen); nseen = 0; nsub++; }
          this.expr(x.value);
          nsub++;
        } else {
          this.expr(x);
          nseen++;
        }
      }
      if (nseen) { this.emit(Op.BUILD_TUPLE, nseen); nsub++; }
      this.emit(Op.BUILD_LIST_UNPACK, nsub);
      if (kind === 'tuple') this.emit(Op.LIST_TO_TUPLE, 0);
      return;
    }
    // starred: build a list, extend, convert
    let pending = 0;
    let started = false;
    for (const x of elts) {
      if (x.kind === 'Starred') {
        if (!started) {
          this.emit(kind === 'set' ? Op.BUILD_SET : Op.BUILD_LIST, pending);
          started = true;
        } else if (pending) {
          throw new Error('internal: pending items');
        }
        pending = 0;
        this.expr(x.value);
        this.emit(kind === 'set' ? Op.SET_UPDATE : Op.LIST_EXTEND, 1);
      } else {
        this.expr(x);
        if (started) this.emit(kind === 'set' ? Op.SET_ADD : Op.LIST_APPEND, 1);
        else pending++;
      }
    }
    if (kind === 'tuple') this.emit(Op.LIST_TO_TUPLE, 0);
  }

  private dict(e: A.DictExpr): void {
    const n = e.keys.length;
    const hasSplat = e.keys.some((k) => k === null);
    if (!hasSplat) {
      // all-constant keys: BUILD_CONST_KEY_MAP, as CPython
      const keys: ConstValue[] = [];
      let constKeys = n > 1;
      for (const k of e.keys) {
        const v = constKeys ? this.fold(k!) : null;
        if (!v) { constKeys = false; break; }
        keys.push(v);
      }
      if (constKeys && n <= 16) {
        for (const v of e.values) this.expr(v);
        this.loadConst({ type: 'tuple', items: keys });
        this.emit(Op.BUILD_CONST_KEY_MAP, n);
        return;
      }
      if (n <= 16) {
        for (let i = 0; i < n; i++) { this.expr(e.keys[i]!); this.expr(e.values[i]); }
        this.emit(Op.BUILD_MAP, n);
        return;
      }
    }
    // large or with **: build incrementally
    let started = false;
    let pending = 0;
    const flush = () => {
      if (!started) { this.emit(Op.BUILD_MAP, pending); started = true; }
      else if (pending) { this.emit(Op.BUILD_MAP, pending); this.emit(Op.DICT_UPDATE, 1); }
      pending = 0;
    };
    for (let i = 0; i < n; i++) {
      const k = e.keys[i];
      if (k === null) {
        flush();
        this.expr(e.values[i]);
        this.emit(Op.DICT_UPDATE, 1);
      } else {
        this.expr(k);
        this.expr(e.values[i]);
        pending++;
        if (pending === 16) flush();
      }
    }
    if (!started || pending) flush();
  }

  private call(e: A.Call): void {
    const u = this.u;
    const line = e.span.line;
    // method call: obj.name(...)
    const hasStar = e.args.some((a) => a.kind === 'Starred') || e.keywords.some((k) => k.arg === null);
    if (e.func.kind === 'Attribute' && !hasStar) {
      this.expr(e.func.value);
      u.line = e.func.span.endLine;
      this.emit(Op.LOAD_METHOD, u.name(e.func.attr));
    } else {
      this.expr(e.func);
      this.emit(Op.PUSH_NULL, 0);
    }
    if (hasStar) {
      // CALL_FUNCTION_EX: a positional tuple and a kwargs dict
      this.sequence(e.args, 'tuple');
      if (e.args.length === 0 || !e.args.some((a) => a.kind === 'Starred')) {
        // sequence() built a tuple already
      }
      let kw = 0;
      if (e.keywords.length) {
        kw = 1;
        let started = false;
        let pending = 0;
        const flush = () => {
          if (!started) { this.emit(Op.BUILD_MAP, pending); started = true; }
          else if (pending) { this.emit(Op.BUILD_MAP, pending); this.emit(Op.DICT_MERGE, 1); }
          pending = 0;
        };
        for (const k of e.keywords) {
          if (k.arg === null) {
            flush();
            this.expr(k.value);
            this.emit(Op.DICT_MERGE, 1);
          } else {
            this.loadConst({ type: 'str', value: k.arg });
            this.expr(k.value);
            pending++;
          }
        }
        if (pending) flush();
      }
      u.line = line;
      this.emit(Op.CALL_FUNCTION_EX, kw);
      return;
    }
    for (const a of e.args) this.expr(a);
    for (const k of e.keywords) this.expr(k.value);
    u.line = line;
    if (e.keywords.length) {
      const idx = u.code.kwCalls.push({ nargs: e.args.length + e.keywords.length, names: e.keywords.map((k) => k.arg!) }) - 1;
      this.emit(Op.CALL_KW, idx);
    } else {
      this.emit(Op.CALL, e.args.length);
    }
  }

  private comprehension(e: A.ListComp | A.SetComp | A.DictComp | A.GeneratorExp): void {
    const scope = this.st.get(e);
    const name = compName(e);
    const code = new Code(name, this.qualname(name), this.filename, e.span.line);
    code.argcount = 1;
    if (e.kind === 'GeneratorExp') code.flags |= CO_GENERATOR;
    else code.comprehension = true;
    code.flags |= CO_NESTED;
    const outerLine = this.u.line;
    this.enter(scope, code);
    this.u.line = outerLine;
    const u = this.u;
    if (e.kind !== 'GeneratorExp') {
      this.emit(e.kind === 'ListComp' ? Op.BUILD_LIST : e.kind === 'SetComp' ? Op.BUILD_SET : Op.BUILD_MAP, 0);
    }
    const depthOfResult = 1;
    const gen = (i: number) => {
      const g = e.generators[i];
      const top = this.newLabel();
      const exit = this.newLabel();
      if (i === 0) this.emit(Op.LOAD_FAST, u.varIndex.get('.0')!);
      else { this.iterable(g.iter); this.emit(Op.GET_ITER, 0); }
      this.place(top);
      top.depth = u.depth;
      this.jump(Op.FOR_ITER, exit);
      this.store(g.target);
      const skip = this.newLabel();
      for (const c of g.ifs) this.condJump(c, false, skip);
      if (i + 1 < e.generators.length) gen(i + 1);
      else {
        const depth = e.generators.length + depthOfResult;
        if (e.kind === 'GeneratorExp') {
          this.expr(e.elt);
          this.emit(Op.YIELD_VALUE, 0);
          this.emit(Op.POP_TOP, 0);
        } else if (e.kind === 'DictComp') {
          this.expr(e.key);
          this.expr(e.value);
          this.emit(Op.MAP_ADD, depth);
        } else {
          this.expr(e.elt);
          this.emit(e.kind === 'ListComp' ? Op.LIST_APPEND : Op.SET_ADD, depth);
        }
      }
      this.place(skip);
      skip.depth = top.depth;
      u.depth = top.depth;
      this.jump(Op.JUMP, top);
      this.place(exit);
    };
    gen(0);
    if (e.kind === 'GeneratorExp') this.loadConst({ type: 'None' });
    this.emit(Op.RETURN_VALUE, 0);
    const c = this.leave();
    this.makeClosure(c, 0);
    this.iterable(e.generators[0].iter);
    this.emit(Op.GET_ITER, 0);
    this.emit(Op.PUSH_NULL, 0);
    this.emit(Op.SWAP, 2);
    // stack: function, NULL, iterator → reorder to function, NULL, iter
    this.emit(Op.CALL, 1);
  }
}

function lastLine(s: A.Stmt): number {
  return s.span.endLine;
}

/** str order as Python's list.sort compares str: by code point (not by UTF-16 unit) */
function codePointOrder(a: string, b: string): number {
  const x = [...a], y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
