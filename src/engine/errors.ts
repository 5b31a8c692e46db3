// Errors the simulator reports about a program before or outside its run: CPython's own syntax
// errors (type, message, line, as `python` prints them), constructs the simulator does not
// support yet, and runs that exceed the configured step budget. Exceptions raised *inside* the
// simulated program are Python objects (see the interpreter), not these.

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
