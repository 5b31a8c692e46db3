// Errors the simulator reports about a program before or outside its run: CPython's own syntax
// errors (type, message, line, as `python` prints them), constructs the simulator does not
// support yet, and runs that exceed the configured step budget; and an allocation that fails at the
// simulated process's memory limit, which the interpreter turns into the program's MemoryError.
// Exceptions raised *inside* the simulated program are Python objects (see the interpreter), not these.

/** A syntax error as CPython reports it: `SyntaxError`, `IndentationError` or `TabError`; or
 *  3.8's parser stack overflow (`MemoryError`, printed after "s_push: parser stack overflow"). */
export class PySyntaxError extends Error {
  constructor(
    public readonly type: 'SyntaxError' | 'IndentationError' | 'TabError' | 'MemoryError',
    public readonly msg: string,
    /** 1-based line */
    public readonly lineno: number,
    /** 1-based column of the caret, as CPython's `offset` */
    public readonly offset: number,
    /** the source line, without its newline */
    public readonly text: string,
  ) {
    super(`${type}: ${msg} (line ${lineno})`);
    this.name = type;
  }
}

/** A construct that is valid Python but that the simulator does not model. */
export class UnsupportedError extends Error {
  constructor(
    /** what is not supported, e.g. "`async def`" */
    public readonly construct: string,
    public readonly lineno: number,
  ) {
    super(`${construct} is not supported by the simulator (line ${lineno})`);
    this.name = 'UnsupportedError';
  }
}

/** The run went past its step budget (a likely infinite loop, or simply a long program). */
export class StepLimitError extends Error {
  constructor(
    public readonly limit: number,
    public readonly lineno: number,
  ) {
    super(`the program ran more than ${limit} steps and was stopped (line ${lineno}); raise the step limit to run it further`);
    this.name = 'StepLimitError';
  }
}

/** An allocation of the simulated heap would pass the process's memory limit: malloc or mmap
 *  returned NULL (Objects/obmalloc.c new_arena, PyMem_RawMalloc). The interpreter turns it into
 *  the program's MemoryError at the line that allocated, as PyErr_NoMemory does. Thrown before
 *  the allocator changes anything, so the heap stays as it was. */
export class NoMemoryError {
  // not an Error: thrown often near the limit, it should not capture a stack
  readonly name = 'NoMemoryError';
  readonly message: string;
  constructor(public readonly request: number) {
    this.message = `out of memory (a request of ${request} bytes)`;
  }
}

/** A JavaScript exception that means the engine's own representation of a Python object ran
 *  out (a string, array or typed array past V8's maximum length, a Map past its maximum size, a
 *  buffer the engine could not get): in the program, this is MemoryError too. */
/** V8's messages for a size past its limits (RangeError) */
const ENGINE_LIMIT_MESSAGES = [
  'Invalid string length', 'Invalid array length', 'Invalid typed array length', 'Array buffer allocation failed',
  'Map maximum size', 'Set maximum size', 'Invalid array buffer length',
];

export function isEngineOutOfMemory(e: unknown): boolean {
  if (e instanceof NoMemoryError) return true;
  if (!(e instanceof RangeError)) return false;
  // (plain string searches: at this point the heap may be too full to compile a regular
  // expression, and V8 aborts the whole process when it cannot)
  const m = e.message;
  for (const text of ENGINE_LIMIT_MESSAGES) if (m.includes(text)) return true;
  return false;
}
