// Code objects and the simulator's bytecode. The instruction set follows CPython's own
// (Include/opcode.h, Python/bytecodes.c of 3.12): a stack machine with fast locals, cells and an
// exception table, so that a frame's value stack holds references exactly where CPython's does
// and `sys.getrefcount` sees what it sees in CPython. Instructions are (opcode, oparg) pairs in an
// Int32Array; `lines` maps each instruction to its source line.

import type { PyObject } from './objects';

export const enum Op {
  NOP,
  POP_TOP,
  /** COPY 1 */
  DUP_TOP,
  /** SWAP 2 */
  ROT_TWO,
  ROT_THREE,
  ROT_FOUR,
  /** push a NULL (the "no self" marker of method calls) */
  PUSH_NULL,
  LOAD_CONST,
  LOAD_FAST,
  STORE_FAST,
  DELETE_FAST,
  /** cells and free variables: oparg indexes code.cellvars ++ code.freevars */
  LOAD_DEREF,
  STORE_DEREF,
  DELETE_DEREF,
  LOAD_CLOSURE,
  /** in a class body: a free variable looked up in the class namespace first */
  LOAD_CLASSDEREF,
  LOAD_NAME,
  STORE_NAME,
  DELETE_NAME,
  LOAD_GLOBAL,
  STORE_GLOBAL,
  DELETE_GLOBAL,
  LOAD_ATTR,
  STORE_ATTR,
  DELETE_ATTR,
  /** pushes [method, self] or [NULL, attribute] */
  LOAD_METHOD,
  BINARY_SUBSCR,
  STORE_SUBSCR,
  DELETE_SUBSCR,
  /** oparg: 2 or 3 */
  BUILD_SLICE,
  /** oparg: BinOpKind index (see BIN_OPS) */
  BINARY_OP,
  /** oparg: BinOpKind index; the in-place variant (x op= y) */
  INPLACE_OP,
  UNARY_NEGATIVE,
  UNARY_POSITIVE,
  UNARY_INVERT,
  UNARY_NOT,
  /** oparg: CmpOp index (see CMP_OPS) for < <= == != > >= */
  COMPARE_OP,
  /** oparg 0: is, 1: is not */
  IS_OP,
  /** oparg 0: in, 1: not in */
  CONTAINS_OP,
  JUMP,
  POP_JUMP_IF_FALSE,
  POP_JUMP_IF_TRUE,
  JUMP_IF_FALSE_OR_POP,
  JUMP_IF_TRUE_OR_POP,
  GET_ITER,
  /** oparg: jump target when the iterator is exhausted (the iterator is popped) */
  FOR_ITER,
  BUILD_TUPLE,
  BUILD_LIST,
  BUILD_SET,
  /** oparg: number of key/value pairs on the stack */
  BUILD_MAP,
  /** oparg: number of values; TOS is a tuple of keys */
  BUILD_CONST_KEY_MAP,
  /** oparg: number of string pieces */
  BUILD_STRING,
  /** oparg: conversion (0 none, 1 str, 2 repr, 3 ascii) | 4 when a format spec is on the stack */
  FORMAT_VALUE,
  /** oparg: depth of the list below TOS */
  LIST_APPEND,
  SET_ADD,
  MAP_ADD,
  LIST_EXTEND,
  SET_UPDATE,
  DICT_UPDATE,
  /** like DICT_UPDATE but raises on duplicate keys (for **kwargs in calls) */
  DICT_MERGE,
  LIST_TO_TUPLE,
  UNPACK_SEQUENCE,
  /** oparg: before | (after << 8) */
  UNPACK_EX,
  /** oparg: number of positional arguments; stack: callable-or-method, self-or-NULL, args... */
  CALL,
  /** oparg: index into code.kwCalls */
  CALL_KW,
  /** oparg: 1 when a kwargs dict is on the stack; stack: callable, NULL, args tuple, [kwargs] */
  CALL_FUNCTION_EX,
  /** oparg: flags 1 defaults, 2 kwdefaults, 8 closure; TOS is the code object */
  MAKE_FUNCTION,
  RETURN_VALUE,
  YIELD_VALUE,
  GET_YIELD_FROM_ITER,
  /** yield from: TOS value to send, TOS1 the sub-iterator; oparg: jump target when done */
  SEND,
  /** oparg: 0 re-raise current, 1 raise TOS, 2 raise TOS1 from TOS */
  RAISE_VARARGS,
  /** re-raise the exception on TOS */
  RERAISE,
  /** handler entry: push the previous exc_info under the exception */
  PUSH_EXC_INFO,
  /** restore exc_info from TOS (popped) */
  POP_EXCEPT,
  /** TOS: type(s) to match, TOS1: exception; replaces TOS with a bool */
  CHECK_EXC_MATCH,
  LOAD_ASSERTION_ERROR,
  LOAD_BUILD_CLASS,
  /** oparg: name index; pushes the module */
  IMPORT_NAME,
  /** oparg: name index; TOS module stays, pushes the attribute */
  IMPORT_FROM,
  /** stores TOS into the class cell (__classcell__) and returns the namespace (class bodies) */
  LOAD_LOCALS,
  /** pushes a copy of the item n deep (COPY n) */
  COPY,
  /** swaps TOS with the item n deep (SWAP n) */
  SWAP,
  /** the return path of a generator expression / comprehension: nothing special, kept for dis */
  END_FOR,
  /** converts an unbound-local lookup into a NameError/UnboundLocalError check (internal) */
  SETUP_ANNOTATIONS,
  /** 3.8: a display with starred items: a new list extended by the oparg items below TOS in order */
  BUILD_LIST_UNPACK,
}

export const OP_NAMES: string[] = [
  'NOP', 'POP_TOP', 'DUP_TOP', 'ROT_TWO', 'ROT_THREE', 'ROT_FOUR', 'PUSH_NULL', 'LOAD_CONST', 'LOAD_FAST',
  'STORE_FAST', 'DELETE_FAST', 'LOAD_DEREF', 'STORE_DEREF', 'DELETE_DEREF', 'LOAD_CLOSURE', 'LOAD_CLASSDEREF',
  'LOAD_NAME', 'STORE_NAME', 'DELETE_NAME', 'LOAD_GLOBAL', 'STORE_GLOBAL', 'DELETE_GLOBAL', 'LOAD_ATTR',
  'STORE_ATTR', 'DELETE_ATTR', 'LOAD_METHOD', 'BINARY_SUBSCR', 'STORE_SUBSCR', 'DELETE_SUBSCR', 'BUILD_SLICE',
  'BINARY_OP', 'INPLACE_OP', 'UNARY_NEGATIVE', 'UNARY_POSITIVE', 'UNARY_INVERT', 'UNARY_NOT', 'COMPARE_OP',
  'IS_OP', 'CONTAINS_OP', 'JUMP', 'POP_JUMP_IF_FALSE', 'POP_JUMP_IF_TRUE', 'JUMP_IF_FALSE_OR_POP',
  'JUMP_IF_TRUE_OR_POP', 'GET_ITER', 'FOR_ITER', 'BUILD_TUPLE', 'BUILD_LIST', 'BUILD_SET', 'BUILD_MAP',
  'BUILD_CONST_KEY_MAP', 'BUILD_STRING', 'FORMAT_VALUE', 'LIST_APPEND', 'SET_ADD', 'MAP_ADD', 'LIST_EXTEND',
  'SET_UPDATE', 'DICT_UPDATE', 'DICT_MERGE', 'LIST_TO_TUPLE', 'UNPACK_SEQUENCE', 'UNPACK_EX', 'CALL', 'CALL_KW',
  'CALL_FUNCTION_EX', 'MAKE_FUNCTION', 'RETURN_VALUE', 'YIELD_VALUE', 'GET_YIELD_FROM_ITER', 'SEND',
  'RAISE_VARARGS', 'RERAISE', 'PUSH_EXC_INFO', 'POP_EXCEPT', 'CHECK_EXC_MATCH', 'LOAD_ASSERTION_ERROR',
  'LOAD_BUILD_CLASS', 'IMPORT_NAME', 'IMPORT_FROM', 'LOAD_LOCALS', 'COPY', 'SWAP', 'END_FOR',
  'SETUP_ANNOTATIONS', 'BUILD_LIST_UNPACK',
];

/** BINARY_OP / INPLACE_OP operand order, as CPython's NB_* constants */
export const BIN_OPS = [
  'Add', 'BitAnd', 'FloorDiv', 'LShift', 'MatMult', 'Mult', 'Mod', 'BitOr', 'Pow', 'RShift', 'Sub', 'Div', 'BitXor',
] as const;
export type BinOpName = (typeof BIN_OPS)[number];
export const CMP_OPS = ['Lt', 'LtE', 'Eq', 'NotEq', 'Gt', 'GtE'] as const;

/** co_flags */
export const CO_OPTIMIZED = 0x1;
export const CO_NEWLOCALS = 0x2;
export const CO_VARARGS = 0x4;
export const CO_VARKEYWORDS = 0x8;
export const CO_NESTED = 0x10;
export const CO_GENERATOR = 0x20;

export interface KwCall { nargs: number; names: string[]; }

/** PyCodeObject, as far as the simulator needs it. */
export class Code {
  /** co_code: (opcode, oparg) pairs */
  code!: Int32Array;
  /** source line of each instruction */
  lines!: Int32Array;
  /** 1 where an instruction starts a new line event (a step) */
  lineStarts!: Uint8Array;
  /** exception table, per instruction: handler pc (-1 none) and the stack depth to unwind to */
  excTarget!: Int32Array;
  excDepth!: Int32Array;
  /** per handler whose entry must push lasti (unused; kept for parity with CPython's table) */
  consts: PyObject[] = [];
  names: string[] = [];
  varnames: string[] = [];
  cellvars: string[] = [];
  freevars: string[] = [];
  /** for each cellvar that is also an argument, the argument index (CPython's cell2arg) */
  cell2arg: number[] = [];
  kwCalls: KwCall[] = [];
  argcount = 0;
  posonlyargcount = 0;
  kwonlyargcount = 0;
  flags = 0;
  stacksize = 0;
  /** ≤3.10 co_zombieframe: the block of this code's last frame, kept for its next call */
  zombie: { block: number; size: number } | null = null;
  /** per-instruction execution counts (the specializer's warm-up), created on demand */
  execCounts: Int32Array | null = null;
  /** the simulated PyCodeObject, created lazily when the code is used as a value */
  obj: PyObject | null = null;
  /** a list, set or dict comprehension's body (not a generator expression's): from 3.12 CPython
   *  runs it inside the enclosing frame (PEP 709); the simulator runs it as a frame of its own
   *  and the step trace shows it merged into the enclosing one (VersionProfile.inlinedComprehensions) */
  comprehension = false;
  constructor(
    public name: string,
    public qualname: string,
    public filename: string,
    public firstlineno: number,
  ) {}

  get nlocals(): number { return this.varnames.length; }
  /** co_nlocalsplus (3.11+): locals, then cells that are not arguments, then free variables */
  get nlocalsplus(): number {
    return this.varnames.length + this.cellvars.length - this.cell2arg.filter((a) => a >= 0).length + this.freevars.length;
  }
}
