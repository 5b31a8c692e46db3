// Execution frames: PyFrameObject (3.8-3.10) / _PyInterpreterFrame (3.11+). A frame holds its
// fast locals ("localsplus": locals, then cells and free variables), its value stack, the
// instruction pointer, and its globals/builtins/locals mappings.

import type { Code } from './code';
import type { PyDict, PyFunction, PyGen, PyObject } from './objects';

export class Frame {
  /** f_localsplus: fast locals, then cells (PyCell) for cellvars and freevars */
  fast: (PyObject | null)[];
  /** the value stack; `null` entries are the NULL markers of calls */
  stack: (PyObject | null)[];
  sp = 0;
  /** index of the next instruction */
  pc = 0;
  /** the instruction being executed (f_lasti), for line numbers in tracebacks */
  lasti = 0;
  back: Frame | null = null;
  gen: PyGen | null = null;
  /** in 3.8-3.10 the caller keeps the arguments on its stack during the call: the depth to clear */
  callerBase = -1;
  /** ≤3.10: the heap PyFrameObject's block and size (0: none, or frames on the data stack) */
  block = 0;
  blockSize = 0;
  /** a generator frame resumed by a FOR_ITER of its caller, in the same loop: where that FOR_ITER
   *  jumps when the generator is exhausted (-1: not running inline) */
  forIterTarget = -1;
  /** paused at a loop head reached by a backward jump: its line event is still due */
  pendingLine = false;
  /** this frame was entered from native code (a nested run), which returns when it finishes */
  entry = false;
  /** for class bodies and modules: the namespace; null for functions */
  locals: PyDict | null;
  /** for `__init__` called by type.__call__: the instance to return instead of the result */
  initSelf: PyObject | null = null;
  /** the recursion units an __init__ frame run inline holds for its type's call (recursion.ts) */
  initUnits = 0;
  /** the exception being handled when the frame was suspended (generators) */
  depth = 0;
  constructor(
    public code: Code,
    public globals: PyDict,
    public builtins: PyDict,
    locals: PyDict | null,
    public func: PyFunction | null,
  ) {
    this.locals = locals;
    const nfast = code.varnames.length + code.cellvars.length + code.freevars.length;
    this.fast = new Array(nfast).fill(null);
    this.stack = new Array(code.stacksize + 2).fill(null);
  }

  get lineno(): number {
    return this.code.lines[this.lasti] || this.code.firstlineno;
  }
}
