// Helpers for functions implemented by the simulator (CPython's "C" functions): argument parsing
// with CPython's error messages (Python/getargs.c, Argument Clinic), and registration of methods
// on built-in types.

import { NativeFn, PyFloat, PyInt, PyObject, PyStr, PyType } from './objects';
import { rt } from './runtime';
import * as ops from './ops';
import { textRules } from './methods/textrules';

/** positional-only arguments: min..max, no keywords */
export function noKw(name: string, kwnames: string[] | null): void {
  if (kwnames && kwnames.length) throw rt.raise('TypeError', `${name}() takes no keyword arguments`);
}

export function argCount(name: string, args: PyObject[], min: number, max: number, kwnames: string[] | null = null): void {
  noKw(name, kwnames);
  const n = args.length;
  if (n >= min && n <= max) return;
  if (min === max) {
    if (min === 0) throw rt.raise('TypeError', `${name}() takes no arguments (${n} given)`);
    if (min === 1) throw rt.raise('TypeError', `${name}() takes exactly one argument (${n} given)`);
    throw rt.raise('TypeError', `${name} expected ${min} arguments, got ${n}`);
  }
  if (n < min) throw rt.raise('TypeError', `${name} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${n}`);
  throw rt.raise('TypeError', `${name} expected at most ${max} argument${max === 1 ? '' : 's'}, got ${n}`);
}

/** split positional and keyword arguments; keyword names must be in `allowed` */
const NO_KEYWORDS: ReadonlyMap<string, PyObject> = new Map();

export function splitKw(name: string, args: PyObject[], kwnames: string[] | null, allowed: string[]): [PyObject[], ReadonlyMap<string, PyObject>] {
  if (!kwnames || kwnames.length === 0) return [args, NO_KEYWORDS];
  const kw = new Map<string, PyObject>();
  const npos = args.length - kwnames.length;
  for (let i = 0; i < kwnames.length; i++) {
    const k = kwnames[i];
    if (!allowed.includes(k)) throw rt.raise('TypeError', `${name}() got an unexpected keyword argument '${k}'`);
    kw.set(k, args[npos + i]);
  }
  return [args.slice(0, npos), kw];
}

export function def(t: PyType, name: string, fn: NativeFn): void {
  rt.defMethod(t, name, fn);
}

export function asStr(o: PyObject, what: string): PyStr {
  if (o instanceof PyStr) return o;
  throw rt.raise('TypeError', what.replace('%t', o.ob_type.name));
}

/** an int that fits a C Py_ssize_t, as a number (past 2**53 the nearest double: every size or
 *  index that large fails the same way its exact value does) */
export function ssize(o: PyInt): number {
  if (o.big === null) return o.v;
  if (o.big > 2n ** 63n - 1n || o.big < -(2n ** 63n)) throw rt.raise('OverflowError', 'Python int too large to convert to C ssize_t');
  return Number(o.big);
}

export function asInt(o: PyObject, what?: string): number {
  if (o instanceof PyInt) return ssize(o);
  throw rt.raise('TypeError', what ?? `'${o.ob_type.name}' object cannot be interpreted as an integer`);
}

export function asNumber(o: PyObject): number | null {
  if (o instanceof PyFloat) return o.v;
  if (o instanceof PyInt) return o.big === null ? o.v : Number(o.big);
  return null;
}

export function bool(b: boolean): PyObject {
  const o = b ? rt.True : rt.False;
  o.ob_refcnt++;
  return o;
}

export function none(): PyObject {
  rt.None.ob_refcnt++;
  return rt.None;
}

/** Argument Clinic with keywords: positional-or-keyword parameters `names` */
export function clinic(fname: string, args: PyObject[], kwnames: string[] | null, names: string[], min = 0): (PyObject | undefined)[] {
  const npos = args.length - (kwnames ? kwnames.length : 0);
  if (npos > names.length) {
    throw rt.raise('TypeError', `${fname}() takes at most ${names.length} argument${names.length === 1 ? '' : 's'} (${npos} given)`);
  }
  const out: (PyObject | undefined)[] = names.map((_, i) => (i < npos ? args[i] : undefined));
  if (kwnames) {
    kwnames.forEach((k, i) => {
      const j = names.indexOf(k);
      if (j < 0) {
        throw rt.raise('TypeError', textRules().unexpectedKeywordMessage ? `${fname}() got an unexpected keyword argument '${k}'`
          : `'${k}' is an invalid keyword argument for ${fname}()`);
      }
      if (j < npos) throw rt.raise('TypeError', `argument for ${fname}() given by name ('${k}') and position (${j + 1})`);
      out[j] = args[npos + i];
    });
  }
  const given = out.filter((x) => x !== undefined).length;
  if (given < min) {
    const miss = names.findIndex((_, i) => out[i] === undefined);
    throw rt.raise('TypeError', `${fname}() missing required argument '${names[miss]}' (pos ${miss + 1})`);
  }
  return out;
}

/** _PyArg_CheckPositional: "center expected at least 1 argument, got 0" */
export function positional(name: string, args: PyObject[], kw: string[] | null, min: number, max: number): void {
  if (kw && kw.length) throw rt.raise('TypeError', `${name}() takes no keyword arguments`);
  const n = args.length;
  if (n < min) throw rt.raise('TypeError', `${name} expected ${min === max ? '' : 'at least '}${min} argument${min === 1 ? '' : 's'}, got ${n}`);
  if (n > max) throw rt.raise('TypeError', `${name} expected ${min === max ? '' : 'at most '}${max} argument${max === 1 ? '' : 's'}, got ${n}`);
}

/** an index argument as a C Py_ssize_t (PyNumber_AsSsize_t) */
export function index(o: PyObject): number {
  if (o instanceof PyInt) return ssize(o);
  return ops.asIndex(o);
}

/** an argument of the `i` converter: a C int (_PyLong_AsInt) */
export function cInt(o: PyObject): number {
  const v = o instanceof PyInt ? (o.big === null ? o.v : Infinity) : index(o);
  if (v > 2147483647 || v < -2147483648) throw rt.raise('OverflowError', 'Python int too large to convert to C int');
  return v;
}

/** _PyEval_SliceIndex: None or an index (start/end arguments of find, count, ...) */
export function sliceIndex(o: PyObject | undefined, def: number): number {
  if (o === undefined || o === rt.None) return def;
  if (o instanceof PyInt) return o.big === null ? o.v : (o.big < 0n ? -Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER);
  return ops.asIndex(o, 'slice indices must be integers or None or have an __index__ method');
}

/** ADJUST_INDICES: clamp start/end to a sequence of length `len` */
export function adjust(start: number, end: number, len: number): [number, number] {
  if (end > len) end = len;
  else if (end < 0) { end += len; if (end < 0) end = 0; }
  if (start < 0) { start += len; if (start < 0) start = 0; }
  return [start, end];
}
