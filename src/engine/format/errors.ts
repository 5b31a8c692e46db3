// The error that Python's text formatting raises: a Python exception type name (ValueError,
// TypeError, OverflowError, KeyError ...) and its message, exactly as CPython words it. The
// interpreter turns it into a Python exception object.

export class FormatError extends Error {
  constructor(
    /** the Python exception type, e.g. "ValueError" */
    public readonly pyType: string,
    /** str() of the exception */
    message: string,
  ) {
    super(message);
    this.name = 'FormatError';
  }
}

export function valueError(message: string): FormatError {
  return new FormatError('ValueError', message);
}

export function typeError(message: string): FormatError {
  return new FormatError('TypeError', message);
}
