// CPython's recursion guards: Py_EnterRecursiveCall(where) / Py_LeaveRecursiveCall() around the C
// calls that may recurse (Include/internal/pycore_ceval.h _Py_EnterRecursiveCall[Tstate],
// Python/ceval.c _Py_CheckRecursiveCall), where the simulator runs the same calls:
//   " while calling a Python object": calling a C function or method (Objects/methodobject.c
//     cfunction_enter_call, Objects/descrobject.c method_enter_call, 3.8 Objects/call.c
//     _PyMethodDef_RawFastCall*) or a type without tp_vectorcall (Objects/call.c
//     _PyObject_MakeTpCall), and the specialized CALLs that keep it (3.11 Python/ceval.c
//     PRECALL_NO_KW_BUILTIN_O, 3.12+ Python/bytecodes.c CALL_NO_KW_BUILTIN_O / _CALL_BUILTIN_O)
//   " while getting the repr of an object" (Objects/object.c PyObject_Repr)
//   " while getting the str of an object" (Objects/object.c PyObject_Str)
//   " in comparison" (Objects/object.c PyObject_RichCompare)
// Up to 3.11 the guards count in the frames' own depth (tstate->recursion_depth, 3.11
// recursion_remaining, which every Python frame also takes at start_frame); from 3.12 they count
// in c_recursion_remaining against Py_C_RECURSION_LIMIT, which each run of
// _PyEval_EvalFrameDefault also takes PY_EVAL_C_STACK_UNITS (2) of, while Python frames count in
// py_recursion_remaining against sys.getrecursionlimit() (3.12.1 Python/ceval.c:651-720).

import { Code } from './code';
import { PyBuiltin, PyFunction, PyMethod, PyObject, PyType } from './objects';
import { callObject } from './ops';
import { rt } from './runtime';

/** the guard a C function's or a type's call enters */
export const CALLING = ' while calling a Python object';

/** _Py_EnterRecursiveCallTstate: raises RecursionError("maximum recursion depth exceeded" + where)
 *  when the count is at its limit, else takes one unit (give it back with leaveRecursiveCall) */
export function enterRecursiveCall(where: string): void {
  if (rt.cRecursionShared) {
    if (rt.recursionDepth >= rt.recursionLimit) throw rt.raise('RecursionError', rt.profile.recursionErrorMessage + where);
    rt.recursionDepth++;
  } else {
    if (rt.cRecursionDepth >= rt.cRecursionLimit) throw rt.raise('RecursionError', rt.profile.recursionErrorMessage + where);
    rt.cRecursionDepth++;
  }
}

/** _Py_LeaveRecursiveCallTstate */
export function leaveRecursiveCall(): void {
  if (rt.cRecursionShared) rt.recursionDepth--;
  else rt.cRecursionDepth--;
}

/** a guarded call that returns at once (the guard taken and given back): raises only at the limit */
export function checkRecursiveCall(where: string): void {
  if (rt.cRecursionShared ? rt.recursionDepth >= rt.recursionLimit : rt.cRecursionDepth >= rt.cRecursionLimit) {
    throw rt.raise('RecursionError', rt.profile.recursionErrorMessage + where);
  }
}

/** 3.12+: a run of _PyEval_EvalFrameDefault entered from C takes PY_EVAL_C_STACK_UNITS of the C
 *  recursion count: one less first, then a guard with an empty `where` (its RecursionError has the
 *  plain message); returns the units taken (0 up to 3.11) */
export function enterEvalFrame(): number {
  const units = rt.profile.evalFrameCUnits;
  if (units === 0) return 0;
  if (rt.inlinedCall) { rt.inlinedCall = false; return 0; }
  if (rt.cRecursionDepth + units - 1 >= rt.cRecursionLimit) throw rt.raise('RecursionError', rt.profile.recursionErrorMessage);
  rt.cRecursionDepth += units;
  return units;
}

/** how many " while calling a Python object" guards the CALL instruction `i` of `code` calling
 *  `func` (a builtin function, method, type or callable instance) enters: the generic call enters
 *  one for a C function (two for 3.8's METH_VARARGS functions, which have no vectorcall:
 *  _PyObject_MakeTpCall, then cfunction_call_varargs, 3.8.18 Objects/call.c:728-760) and for a type
 *  without tp_vectorcall (type() itself has one from 3.10, used for one argument only); the
 *  specialized CALL (3.11+, from the warm-up on) calls most C functions and type constructors
 *  directly, keeping the guard for METH_O, METH_NOARGS and METH_VARARGS functions */
export function callGuards(func: PyObject, nargs: number, code: Code, i: number): number {
  const spec = rt.profile.callSpecialization;
  let specialized = false;
  if (spec !== null) {
    const counts = code.execCounts ?? (code.execCounts = new Int32Array(code.code.length / 2));
    specialized = counts[i]++ >= spec.warmup;
  }
  if (func instanceof PyType) {
    if (func.flags.heap) return 1;
    if (func === rt.T.type) return nargs !== 1 || !rt.vectorcallTypes.has('type') ? 1 : 0;
    if (rt.vectorcallTypes.has(func.name)) return 0;
    // CALL_NO_KW_STR_1 (PRECALL_NO_KW_STR_1 in 3.11) calls PyObject_Str directly
    return specialized && func === rt.T.str && nargs === 1 ? 0 : 1;
  }
  if (!(func instanceof PyBuiltin) || func.specializedGuard === null) return 1;
  // a function of the builtins module specializes by its METH_ flags; other C functions and
  // methods are left to the generic call here
  if (!specialized) return func.callGuards;
  return func.specializedGuard ? 1 : 0;
}

/** enter `n` (1 or 2) " while calling a Python object" guards */
export function enterCallGuards(n: number): void {
  enterRecursiveCall(CALLING);
  if (n === 2) {
    try { enterRecursiveCall(CALLING); } catch (e) { leaveRecursiveCall(); throw e; }
  }
}

/** give back `n` guards */
export function leaveCallGuards(n: number): void {
  if (rt.cRecursionShared) rt.recursionDepth -= n;
  else rt.cRecursionDepth -= n;
}

/** a call made by C code through the vectorcall protocol (PyObject_CallOneArg, PyObject_Vectorcall:
 *  a sort key, map's or filter's function, min's key): a Python function or method runs without a
 *  guard of its own; a C function, a callable instance or a type without tp_vectorcall enters
 *  " while calling a Python object" (Objects/methodobject.c, Objects/call.c _PyObject_MakeTpCall) */
export function callFromC(func: PyObject, args: PyObject[]): PyObject {
  if (func instanceof PyFunction || (func instanceof PyMethod && func.func instanceof PyFunction) ||
    (func instanceof PyType && !func.flags.heap && func !== rt.T.type && rt.vectorcallTypes.has(func.name))) {
    return callObject(func, args);
  }
  enterRecursiveCall(CALLING);
  try {
    return callObject(func, args);
  } finally {
    leaveRecursiveCall();
  }
}
