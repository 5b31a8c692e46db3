// The builtins module (Python/bltinmodule.c) and the constructors of the built-in types
// (tp_new of int, float, str, list, dict, ... in Objects/*object.c), `__build_class__` and
// type.__new__ for classes defined in Python (Objects/typeobject.c type_new), and the methods of
// `object` and `type`.

import { Code } from './code';
import { UnsupportedError } from '../errors';
import {
  NativeFn, PyBaseException, PyBuiltin, PyByteArray, PyBytes, PyComplex, PyDict, PyFloat, PyFunction, PyGen, PyInstance,
  PyInt, PyList, PyMethod, PyModule, PyObject, PyProperty, PyRange, PySet, PySlice, PyStr, PySuper, PyTuple, PyType,
  PyWrapper, PyNativeIter, PySeqIter, PyRangeIter, PyCell, PyDescr,
} from './objects';
import { Frame } from './frame';
import { PyExc, Runtime, rt } from './runtime';
import * as ops from './ops';
import { argCount, bool, none, noKw, splitKw } from './native';
import { execute, genSend, genReturnValue, frameAlloc } from './vm';
import { bytearrayResize, newByteArray, PyView, codePoints, addrHex, instanceItems, EXCEPTION_TREE, frameDepthExceeded } from './types';
import { CALLING, callFromC, checkRecursiveCall, enterEvalFrame, enterRecursiveCall, leaveRecursiveCall } from './recursion';
import * as layout from '../layout';
import { viewReversed, dictCopy } from './methods/dict';
import { checkSortReverse, listSort } from './methods/list';
import { encodeText, decodeData } from './methods/bytes';
import { cpythonModuleDir, cpythonTypeDict, refuseUnmodelledAttribute } from './unmodelled';
import { parseIntText, parseFloatText, intToHex, intToOct, intToBin } from '../format/ints';
import { FormatError } from '../format/errors';
import { roundFloat, roundInt } from '../format/round';
import { SetTable } from '../setobject';
import { ClassLayout, DictTable } from '../dictobject';

function incref<T extends PyObject>(o: T): T { o.ob_refcnt++; return o; }
function decref(o: PyObject): void { if (--o.ob_refcnt === 0) rt.dealloc(o); }

function fmtErr<T>(f: () => T): T {
  try { return f(); } catch (e) {
    if (e instanceof FormatError) throw rt.raise(e.pyType, e.message);
    throw e;
  }
}

export function installBuiltins(): void {
  const T = rt.T;
  const b = rt.newModule('builtins');
  b.ob_refcnt = 2 ** 50;
  rt.builtins = b.dict;
  rt.modules.set('builtins', b);
  const fn = (name: string, f: NativeFn) => {
    const o = rt.newBuiltin(name, f, b);
    o.specializedGuard = rt.profile.callSpecialization?.guardedBuiltins.includes(name) ?? true;
    if (rt.profile.doubleGuardBuiltins.includes(name)) o.callGuards = 2;
    ops.dictSetStrSteal(b.dict, name, o);
  };
  const setType = (name: string, t: PyType) => ops.dictSetStrSteal(b.dict, name, incref(t));
  for (const n of ['object', 'type', 'int', 'bool', 'float', 'complex', 'str', 'bytes', 'bytearray', 'tuple', 'list',
    'dict', 'set', 'frozenset', 'range', 'slice', 'property', 'staticmethod', 'classmethod', 'super', 'enumerate',
    'zip', 'map', 'filter', 'reversed']) setType(n, T[n]);
  for (const [n] of EXCEPTION_TREE) setType(n, T[n]);
  ops.dictSetStrSteal(b.dict, 'None', incref(rt.None));
  ops.dictSetStrSteal(b.dict, 'True', incref(rt.True));
  ops.dictSetStrSteal(b.dict, 'False', incref(rt.False));
  ops.dictSetStrSteal(b.dict, 'NotImplemented', incref(rt.NotImplemented));
  ops.dictSetStrSteal(b.dict, 'Ellipsis', incref(rt.Ellipsis));
  ops.dictSetStrSteal(b.dict, '__name__', rt.newStr('builtins'));

  fn('print', (args, kwnames) => {
    const [pos, kw] = splitKw('print', args, kwnames, ['sep', 'end', 'file', 'flush']);
    const sepO = kw.get('sep'), endO = kw.get('end');
    const sep = sepO === undefined || sepO === rt.None ? ' ' : strArg(sepO, 'sep must be None or a string, not %t');
    const end = endO === undefined || endO === rt.None ? '\n' : strArg(endO, 'end must be None or a string, not %t');
    const file = kw.get('file');
    const toErr = !!file && file !== rt.None && file === rt.stderrObj;
    // builtin_print: each argument, separator and the end is its own write, so what was written
    // before a failing str() or encoding stays written
    const write = (text: string): void => {
      if (text === '') return;
      encodeUtf8Strict(text);
      if (toErr) rt.err.push(text);
      else {
        if (rt.stdoutSink !== null) rt.stdoutSink(text);
        else rt.out.push(text);
        if (rt.tracer !== null) rt.tracer.output(text);
      }
    };
    for (let i = 0; i < pos.length; i++) {
      if (i) write(sep);
      write(ops.str(pos[i]));
    }
    write(end);
    return none();
  });
  fn('len', (args, kw) => {
    argCount('len', args, 1, 1, kw);
    const o = args[0];
    if (o instanceof PyRange) { ops.rangeLength(o); return rt.newIntBig(o.lengthBig); }
    return rt.newInt(ops.pyLen(o));
  });
  fn('repr', (args, kw) => { argCount('repr', args, 1, 1, kw); return rt.newStr(ops.repr(args[0])); });
  fn('ascii', (args, kw) => { argCount('ascii', args, 1, 1, kw); return rt.newStr(rt.asciiOf(ops.repr(args[0]))); });
  fn('id', (args, kw) => { argCount('id', args, 1, 1, kw); return rt.newInt(args[0].addr); });
  fn('hash', (args, kw) => {
    argCount('hash', args, 1, 1, kw);
    const h = ops.hash(args[0]);
    return typeof h === 'number' ? rt.newInt(h) : rt.newIntBig(h);
  });
  fn('abs', (args, kw) => {
    argCount('abs', args, 1, 1, kw);
    const o = args[0];
    if (o instanceof PyInt) {
      // long_abs: long_long returns an exact int that is not negative itself (Objects/longobject.c)
      if (o.ob_type === T.int && (o.big === null ? o.v >= 0 : o.big >= 0n)) return incref(o);
      return o.big === null ? rt.newInt(Math.abs(o.v)) : rt.newIntBig(o.big < 0n ? -o.big : o.big);
    }
    if (o instanceof PyFloat) return rt.newFloat(Math.abs(o.v));
    if (o instanceof PyComplex) return rt.newFloat(Math.hypot(o.re, o.im));
    const m = o.ob_type.flags.heap ? ops.typeLookup(o.ob_type, '__abs__') : null;
    if (m) return ops.callObject(m, [o]);
    throw rt.raise('TypeError', `bad operand type for abs(): '${o.ob_type.name}'`);
  });
  fn('isinstance', (args, kw) => {
    argCount('isinstance', args, 2, 2, kw);
    return bool(isinstanceOf(args[0], args[1], 'isinstance'));
  });
  fn('issubclass', (args, kw) => {
    argCount('issubclass', args, 2, 2, kw);
    if (!(args[0] instanceof PyType)) throw rt.raise('TypeError', 'issubclass() arg 1 must be a class');
    const cls = args[0];
    const check = (t: PyObject): boolean => {
      if (t instanceof PyTuple) return t.items.some(check);
      if (!(t instanceof PyType)) throw rt.raise('TypeError', 'issubclass() arg 2 must be a class, a tuple of classes, or a union');
      return ops.isSubtype(cls, t);
    };
    return bool(check(args[1]));
  });
  fn('callable', (args, kw) => {
    argCount('callable', args, 1, 1, kw);
    const o = args[0];
    return bool(o instanceof PyFunction || o instanceof PyBuiltin || o instanceof PyMethod || o instanceof PyType ||
      (o.ob_type.flags.heap && ops.typeLookup(o.ob_type, '__call__') !== null));
  });
  fn('getattr', (args, kw) => {
    argCount('getattr', args, 2, 3, kw);
    const name = strArg(args[1], "attribute name must be string, not '%t'");
    if (args.length === 3) {
      const r = ops.getAttrOrNull(args[0], name);
      if (r !== null) return r;
      refuseUnmodelledAttribute(args[0], name);
      return incref(args[2]);
    }
    return ops.getAttr(args[0], name);
  });
  fn('setattr', (args, kw) => {
    argCount('setattr', args, 3, 3, kw);
    ops.setAttr(args[0], strArg(args[1], "attribute name must be string, not '%t'"), args[2]);
    return none();
  });
  fn('delattr', (args, kw) => {
    argCount('delattr', args, 2, 2, kw);
    ops.delAttr(args[0], strArg(args[1], "attribute name must be string, not '%t'"));
    return none();
  });
  fn('hasattr', (args, kw) => {
    argCount('hasattr', args, 2, 2, kw);
    const name = strArg(args[1], "attribute name must be string, not '%t'");
    let r: PyObject | null;
    try { r = ops.getAttrOrNull(args[0], name); } catch (e) {
      if (e instanceof PyExc && ops.isInstance(e.exc, rt.T.AttributeError)) { decref(e.exc); return bool(false); }
      throw e;
    }
    if (r === null) refuseUnmodelledAttribute(args[0], name);
    else decref(r);
    return bool(r !== null);
  });
  fn('iter', (args, kw) => {
    argCount('iter', args, 1, 2, kw);
    if (args.length === 2) {
      const callable = args[0], sentinel = args[1];
      let done = false;
      return rt.nativeIter(rt.T.callable_iterator, () => {
        if (done) return null;
        const v = callFromC(callable, []);
        if (ops.eq(v, sentinel)) { decref(v); done = true; return null; }
        return v;
      }, [incref(callable), incref(sentinel)]);
    }
    return ops.getIter(args[0]);
  });
  fn('next', (args, kw) => {
    argCount('next', args, 1, 2, kw);
    const it = args[0];
    if (!isIterator(it)) throw rt.raise('TypeError', `'${it.ob_type.name}' object is not an iterator`);
    const v = it instanceof PyGen ? genSendForNext(it) : ops.iterNext(it);
    if (v !== null) return v;
    if (args.length === 2) return incref(args[1]);
    if (it instanceof PyGen && genReturnValue && genReturnValue !== rt.None) {
      const e = rt.newExc(rt.T.StopIteration, null);
      decref(e.args);
      e.args = rt.newTuple([genReturnValue]);
      throw new PyExc(e);
    }
    throw new PyExc(rt.newExc(rt.T.StopIteration, null));
  });
  fn('sorted', (args, kwnames) => {
    const [pos, kw] = splitKw('sorted', args, kwnames, ['key', 'reverse']);
    if (pos.length !== 1) throw rt.raise('TypeError', `sorted expected 1 argument, got ${pos.length}`);
    const src = pos[0];
    const hint = ops.objectLengthHint(src, 8);
    // PySequence_List: list_extend resizes to the length hint before it takes an item
    if (rt.heap.wouldFail(8 * hint)) throw rt.noMemory();
    const items = ops.toArray(src);
    const l = rt.newList([], 0);
    const n = items.length;
    l.items = items;
    rt.setListCapacity(l, layout.listSorted(rt.profile, n, src instanceof PyList || src instanceof PyTuple ? 'seq' : ops.isSetDictSource(src) ? 'setdict' : 'iter', hint));
    try {
      // builtin_sorted calls the new list's sort method (a C method's call: its guard)
      enterRecursiveCall(CALLING);
      try { sortList(l, kw.get('key') ?? null, kw.get('reverse') ?? null); } finally { leaveRecursiveCall(); }
    } catch (e) { decref(l); throw e; }
    return l;
  });
  fn('sum', (args, kwnames) => {
    const [pos, kw] = splitKw('sum', args, kwnames, ['start']);
    if (pos.length < 1 || pos.length > 2) throw rt.raise('TypeError', `sum() takes at most 2 arguments (${pos.length} given)`);
    const start = pos[1] ?? kw.get('start') ?? rt.smallInts[5];
    if (start instanceof PyStr) throw rt.raise('TypeError', "sum() can't sum strings [use ''.join(seq) instead]");
    if (start instanceof PyBytes) throw rt.raise('TypeError', "sum() can't sum bytes [use b''.join(seq) instead]");
    if (start instanceof PyByteArray) throw rt.raise('TypeError', "sum() can't sum bytearray [use b''.join(seq) instead]");
    return sumIter(pos[0], start);
  });
  const minmax = (name: 'min' | 'max', op: number): NativeFn => (args, kwnames) => {
    const [pos, kw] = splitKw(name, args, kwnames, ['key', 'default']);
    const key = kw.get('key');
    const dflt = kw.get('default');
    let items: PyObject[];
    if (pos.length === 0) throw rt.raise('TypeError', rt.profile.minMaxNoArgsMessage.replace('%s', name));
    if (pos.length === 1) items = ops.toArray(pos[0]);
    else {
      if (dflt) throw rt.raise('TypeError', `Cannot specify a default for ${name}() with multiple positional arguments`);
      items = pos.map((x) => incref(x));
    }
    if (items.length === 0) {
      if (dflt) return incref(dflt);
      throw rt.raise('ValueError', `${name}() ${rt.profile.minMaxEmptyArg}`);
    }
    let best = items[0];
    let bestKey = key && key !== rt.None ? callFromC(key, [best]) : incref(best);
    for (let i = 1; i < items.length; i++) {
      const k = key && key !== rt.None ? callFromC(key, [items[i]]) : incref(items[i]);
      const c = ops.richCompare(k, bestKey, op);
      const better = ops.truthy(c);
      decref(c);
      if (better) { decref(bestKey); bestKey = k; best = items[i]; } else decref(k);
    }
    decref(bestKey);
    incref(best);
    for (const x of items) decref(x);
    return best;
  };
  fn('min', minmax('min', 0));
  fn('max', minmax('max', 4));
  fn('any', (args, kw) => {
    argCount('any', args, 1, 1, kw);
    const it = ops.getIter(args[0]);
    try {
      for (let v = ops.iterNext(it); v !== null; v = ops.iterNext(it)) {
        const t = ops.truthy(v);
        decref(v);
        if (t) return bool(true);
      }
    } finally { decref(it); }
    return bool(false);
  });
  fn('all', (args, kw) => {
    argCount('all', args, 1, 1, kw);
    const it = ops.getIter(args[0]);
    try {
      for (let v = ops.iterNext(it); v !== null; v = ops.iterNext(it)) {
        const t = ops.truthy(v);
        decref(v);
        if (!t) return bool(false);
      }
    } finally { decref(it); }
    return bool(true);
  });
  fn('divmod', (args, kw) => {
    argCount('divmod', args, 2, 2, kw);
    const [a, c] = args;
    if (a.ob_type.flags.heap) {
      const m = ops.typeLookup(a.ob_type, '__divmod__');
      if (m) return ops.callObject(m, [a, c]);
    }
    if (!((a instanceof PyInt || a instanceof PyFloat) && (c instanceof PyInt || c instanceof PyFloat))) {
      throw rt.raise('TypeError', `unsupported operand type(s) for divmod(): '${a.ob_type.name}' and '${c.ob_type.name}'`);
    }
    if (a instanceof PyFloat || c instanceof PyFloat) {
      const x = a instanceof PyFloat ? a.v : Number(ops.intValue(a as PyInt));
      const y = c instanceof PyFloat ? c.v : Number(ops.intValue(c as PyInt));
      if (y === 0) throw rt.raise('ZeroDivisionError', rt.profile.floatDivmodZeroMessage);
      const [q, r] = ops.floatDivmod(x, y);
      return rt.newTuple([rt.newFloat(q), rt.newFloat(r)]);
    }
    const q = ops.binaryOp(2, a, c, false);
    let r: PyObject;
    try { r = ops.binaryOp(6, a, c, false); } catch (e) { decref(q); throw e; }
    return rt.newTuple([q, r]);
  });
  fn('pow', (args, kw) => {
    argCount('pow', args, 2, 3, kw);
    if (args.length === 3 && args[2] !== rt.None) return ternaryPow(args[0], args[1], args[2]);
    return ops.binaryOp(8, args[0], args[1], false);
  });
  /** PyNumber_Power(v, w, z): ternary_op tries the nb_power of v's type, then w's, then z's, each
   *  type once (3.12.1 Objects/abstract.c:1024-1095): long_pow computes when all three are ints,
   *  float_pow refuses a modulus (TypeError), complex_pow too (ValueError), a class's __pow__ is
   *  called with the modulus when it is v's */
  const ternaryPow = (v: PyObject, w: PyObject, z: PyObject): PyObject => {
    const seen: PyType[] = [];
    for (const o of [v, w, z]) {
      const t = o.ob_type;
      if (seen.includes(t)) continue;
      seen.push(t);
      if (o instanceof PyInt && !t.flags.heap) {
        if (v instanceof PyInt && w instanceof PyInt && z instanceof PyInt) return longPowMod(ops.intValue(v), ops.intValue(w), ops.intValue(z));
      } else if (o instanceof PyFloat && !t.flags.heap) {
        throw rt.raise('TypeError', 'pow() 3rd argument not allowed unless all arguments are integers');
      } else if (o instanceof PyComplex && !t.flags.heap) {
        throw rt.raise('ValueError', 'complex modulo');
      } else if (t.flags.heap && o === v) {
        const m = ops.typeLookup(t, '__pow__');
        if (m) {
          const r = ops.callObject(m, [v, w, z]);
          if (r !== rt.NotImplemented) return r;
          decref(r);
        }
      }
    }
    throw rt.raise('TypeError', `unsupported operand type(s) for ${rt.profile.ternaryPowOperator}: '${v.ob_type.name}', '${w.ob_type.name}', '${z.ob_type.name}'`);
  };
  /** long_pow with a modulus: 0 refused, a negative modulus gives a result in (c, 0], a negative
   *  exponent takes the base's inverse modulo |c| (3.8+), modulus 1 gives 0 before that
   *  (3.12.1 Objects/longobject.c:4380-4450) */
  const longPowMod = (a: bigint, b: bigint, c: bigint): PyObject => {
    if (c === 0n) throw rt.raise('ValueError', 'pow() 3rd argument cannot be 0');
    const negativeOutput = c < 0n;
    const m = negativeOutput ? -c : c;
    if (m === 1n) return rt.newInt(0);
    let base = ((a % m) + m) % m;
    let e = b;
    if (e < 0n) {
      e = -e;
      const inv = modInverse(base, m);
      if (inv === null) throw rt.raise('ValueError', 'base is not invertible for the given modulus');
      base = inv;
    }
    let res = 1n;
    while (e > 0n) { if (e & 1n) res = res * base % m; base = base * base % m; e >>= 1n; }
    if (negativeOutput && res !== 0n) res -= m;
    return rt.newIntBig(res);
  };
  const modInverse = (a: bigint, n: bigint): bigint | null => {
    let [r0, r1, s0, s1] = [n, a, 0n, 1n];
    while (r1 !== 0n) {
      const q = r0 / r1;
      [r0, r1] = [r1, r0 - q * r1];
      [s0, s1] = [s1, s0 - q * s1];
    }
    if (r0 !== 1n) return null;
    return ((s0 % n) + n) % n;
  };
  fn('round', (args, kwnames) => {
    const [pos, kw] = splitKw('round', args, kwnames, ['number', 'ndigits']);
    const x = pos[0] ?? kw.get('number');
    if (!x) throw rt.raise('TypeError', "round() missing required argument 'number' (pos 1)");
    const nd = pos[1] ?? kw.get('ndigits');
    const ndigits = nd === undefined || nd === rt.None ? null : Number(ops.intValue(nd as PyInt));
    if (x instanceof PyFloat) {
      const r = fmtErr(() => roundFloat(x.v, ndigits));
      if (ndigits === null) return typeof r === 'bigint' ? rt.newIntBig(r) : rt.newIntFromDouble(r);
      return rt.newFloat(r as number);
    }
    if (x instanceof PyInt) {
      if (ndigits === null) return x.ob_type === rt.T.bool ? rt.newInt(x.v) : incref(x);
      const r = roundInt(x.big ?? x.v, ndigits);
      return typeof r === 'bigint' ? rt.newIntBig(r) : rt.newInt(r);
    }
    if (x.ob_type.flags.heap) {
      const m = ops.typeLookup(x.ob_type, '__round__');
      if (m) return ops.callObject(m, nd === undefined ? [x] : [x, nd]);
    }
    throw rt.raise('TypeError', `type ${x.ob_type.name} doesn't define __round__ method`);
  });
  const baseConv = (name: string, conv: (v: number | bigint) => string): NativeFn => (args, kw) => {
    argCount(name, args, 1, 1, kw);
    return rt.newStr(conv(ops.indexValue(args[0])));
  };
  fn('hex', baseConv('hex', intToHex));
  fn('oct', baseConv('oct', intToOct));
  fn('bin', baseConv('bin', intToBin));
  fn('ord', (args, kw) => {
    argCount('ord', args, 1, 1, kw);
    const o = args[0];
    if (o instanceof PyStr) {
      if (o.len !== 1) throw rt.raise('TypeError', `ord() expected a character, but string of length ${o.len} found`);
      return rt.newInt(o.s.codePointAt(0)!);
    }
    if (o instanceof PyBytes || o instanceof PyByteArray) {
      const n = o instanceof PyBytes ? o.b.length : o.size;
      if (n !== 1) throw rt.raise('TypeError', `ord() expected a character, but string of length ${n} found`);
      return rt.newInt(o.b[0]);
    }
    throw rt.raise('TypeError', `ord() expected string of length 1, but ${o.ob_type.name} found`);
  });
  fn('chr', (args, kw) => {
    argCount('chr', args, 1, 1, kw);
    const o = args[0];
    if (!(o instanceof PyInt)) throw rt.raise('TypeError', `an integer is required (got type ${o.ob_type.name})`.replace(/^.*$/, rt.profile.chrTypeErrorMessage.replace('%t', o.ob_type.name)));
    const v = o.big === null ? o.v : -1;
    if ((o.big !== null || v > 2147483647 || v < -2147483648) && !rt.profile.chrOverflowIsRangeError) {
      throw rt.raise('OverflowError', 'Python int too large to convert to C int');
    }
    if (v < 0 || v > 0x10ffff) throw rt.raise('ValueError', 'chr() arg not in range(0x110000)');
    return rt.newStr(String.fromCodePoint(v));
  });
  fn('vars', (args, kw) => {
    argCount('vars', args, 0, 1, kw);
    if (args.length === 0) return incref(rt.frame!.locals ?? rt.frame!.globals);
    const d = ops.getAttrOrNull(args[0], '__dict__');
    if (!d) throw rt.raise('TypeError', rt.profile.varsNoDictMessage);
    return d;
  });
  fn('globals', (args, kw) => { argCount('globals', args, 0, 0, kw); return incref(rt.frame!.globals); });
  fn('__import__', (args, kwnames) => {
    // builtin___import__ and PyImport_ImportModuleLevelObject (Python/import.c) for the modules the
    // simulator has: an absolute import of a module already in sys.modules returns it (the top-level
    // package when fromlist is empty), allocating nothing but, up to 3.10 (METH_VARARGS |
    // METH_KEYWORDS), the tuple its positional arguments arrive in
    const names = ['name', 'globals', 'locals', 'fromlist', 'level'];
    const npos = args.length - (kwnames ? kwnames.length : 0);
    for (const k of kwnames ?? []) {
      if (!names.includes(k)) {
        throw rt.raise('TypeError', rt.profile.version === '3.13' ? `__import__() got an unexpected keyword argument '${k}'`
          : `'${k}' is an invalid keyword argument for __import__()`);
      }
    }
    if (npos > 5) throw rt.raise('TypeError', `__import__() takes at most 5 arguments (${npos} given)`);
    if (rt.profile.importArgsTuple && npos > 0) decref(rt.newTuple(args.slice(0, npos).map((a) => incref(a)), false));
    const get = (i: number): PyObject | undefined => {
      if (i < npos) return args[i];
      const k = kwnames ? kwnames.indexOf(names[i]) : -1;
      return k >= 0 ? args[npos + k] : undefined;
    };
    const name = get(0);
    if (name === undefined) throw rt.raise('TypeError', "__import__() missing required argument 'name' (pos 1)");
    if (!(name instanceof PyStr)) {
      throw rt.raise('TypeError', rt.profile.importArgsTuple ? `__import__() argument 1 must be str, not ${name.ob_type.name}` : 'module name must be a string');
    }
    const levelObj = get(4);
    const level = levelObj === undefined ? 0 : ops.asIndex(levelObj);
    if (level < 0) throw rt.raise('ValueError', 'level must be >= 0');
    if (level > 0) {
      const g = get(1);
      if (g === undefined || !(g instanceof PyDict)) throw rt.raise('TypeError', 'globals must be a dict');
      throw rt.raise('ImportError', 'attempted relative import with no known parent package');
    }
    if (name.s === '') throw rt.raise('ValueError', 'Empty module name');
    const fromlist = get(3);
    const top = name.s.split('.')[0];
    decref(ops.importModule(top));
    const m = ops.importModule(name.s);
    if (fromlist === undefined || !ops.truthy(fromlist)) {
      if (top === name.s) return m;
      decref(m);
      return ops.importModule(top);
    }
    return m;
  });
  fn('locals', (args, kw) => {
    argCount('locals', args, 0, 0, kw);
    const f = rt.frame!;
    if (f.locals) return incref(f.locals);
    const d = rt.newDict();
    f.code.varnames.forEach((n, i) => { const v = f.fast[i]; if (v) ops.dictSetStrSteal(d, n, incref(v)); });
    return d;
  });
  fn('dir', (args, kw) => {
    argCount('dir', args, 0, 1, kw);
    const names = new Set<string>();
    if (args.length === 0) {
      const f = rt.frame!;
      for (const [k] of ops.dictItems(f.locals ?? f.globals)) names.add(ops.str(k));
      if (!f.locals) f.code.varnames.forEach((n, i) => { if (f.fast[i]) names.add(n); });
    } else {
      for (const n of rt.dirOf(args[0])) names.add(n);
    }
    const l = rt.newList([...names].sort().map((n) => rt.newStr(n)));
    return l;
  });
    fn('format', (args, kw) => {
    argCount('format', args, 1, 2, kw);
    const spec = args.length > 1 ? strArg(args[1], "format() argument 2 must be str, not %t") : '';
    const v = args[0];
    const text = ops.format(v, spec);
    // str.__format__ returns the object itself when the text is unchanged
    if (v instanceof PyStr && v.ob_type === rt.T.str && text === v.s) return incref(v);
    return rt.newStr(text);
  });
  fn('__build_class__', buildClass);
  fn('exit', (args, kwnames) => {
    // site.Quitter.__call__(code=None): raise SystemExit(code)
    const [pos, kw] = splitKw('exit', args, kwnames, ['code']);
    const code = pos[0] ?? kw.get('code') ?? rt.None;
    throw new PyExc(ops.callObject(T.SystemExit, [code]) as PyBaseException);
  });
  fn('input', () => { throw rt.raise('EOFError', 'EOF when reading a line'); });
  // (CPython would open the file: the simulator has no files, and says so rather than raise an
  // OSError a program could catch and go on differently)
  fn('open', () => { throw new UnsupportedError('`open()` (files)', 0); });

  installConstructors();
  installObjectMethods();
}

function strArg(o: PyObject, msg: string): string {
  if (o instanceof PyStr) return o.s;
  throw rt.raise('TypeError', msg.replace('%t', o.ob_type.name));
}

function isIterator(o: PyObject): boolean {
  return o instanceof PyGen || o instanceof PyNativeIter ||
    o instanceof PySeqIter ||
    o instanceof PyRangeIter ||
    (o.ob_type.flags.heap && ops.typeLookup(o.ob_type, '__next__') !== null);
}

function genSendForNext(g: PyGen): PyObject | null {
  return genSend(g, rt.None);
}

export function isinstanceOf(o: PyObject, t: PyObject, fname: string): boolean {
  if (t instanceof PyTuple) return t.items.some((x) => isinstanceOf(o, x, fname));
  if (!(t instanceof PyType)) {
    throw rt.raise('TypeError', `${fname}() arg 2 must be a type, a tuple of types, or a union`.replace(/.*/, rt.profile.isinstanceArg2Message.replace('%f', fname)));
  }
  return ops.isInstance(o, t);
}

// ---------------------------------------------------------------------------------------------
// sorted(): PySequence_List, then list.sort with the same key and reverse (Python/bltinmodule.c
// builtin_sorted): the same timsort, comparisons in the same order
// ---------------------------------------------------------------------------------------------

export function sortList(l: PyList, key: PyObject | null, reverse: PyObject | null): void {
  if (reverse !== null) checkSortReverse(reverse);
  listSort(l, key === null || key === rt.None ? null : key, reverse !== null && ops.truthy(reverse));
}

// ---------------------------------------------------------------------------------------------
// constructors of built-in types
// ---------------------------------------------------------------------------------------------

function installConstructors(): void {
  const T = rt.T;
  T.object.newFn = (args, kw, t) => {
    void kw;
    if (args.length) throw rt.raise('TypeError', rt.profile.objectTakesNoArgsMessage.replace('%s', (t as PyType).name));
    const o = new PyInstance(T.object);
    rt.alloc(o, 16, 0);
    return o;
  };
  T.type.newFn = (args, kw) => {
    noKw('type', kw);
    if (args.length === 1) return incref(args[0].ob_type);
    if (args.length !== 3) throw rt.raise('TypeError', 'type() takes 1 or 3 arguments');
    const [name, bases, ns] = args;
    return makeClass((name as PyStr).s, bases as PyTuple, ns as PyDict, null);
  };
  T.int.newFn = (args, kwnames) => {
    const [pos, kw] = splitKw('int', args, kwnames, ['base']);
    if (pos.length > 2) throw rt.raise('TypeError', `int() takes at most 2 arguments (${pos.length} given)`);
    const baseO = pos[1] ?? kw.get('base');
    if (pos.length === 0) {
      if (baseO) throw rt.raise('TypeError', "int() missing string argument");
      return rt.newInt(0);
    }
    const x = pos[0];
    if (baseO !== undefined) {
      const base = Number(ops.intValue(baseO as PyInt));
      if (!(x instanceof PyStr || x instanceof PyBytes || x instanceof PyByteArray)) throw rt.raise('TypeError', "int() can't convert non-string with explicit base");
      const text = x instanceof PyStr ? x.s : String.fromCharCode(...(x instanceof PyBytes ? x.b : x.b.subarray(0, x.size)));
      return rt.newIntBig(fmtErr(() => parseIntText(text, base, rt.version)));
    }
    if (x instanceof PyInt) return x.ob_type === T.int ? incref(x) : rt.newIntBig(ops.intValue(x));
    if (x instanceof PyFloat) {
      if (!Number.isFinite(x.v)) throw rt.raise(Number.isNaN(x.v) ? 'ValueError' : 'OverflowError', Number.isNaN(x.v) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
      const t = Math.trunc(x.v);
      return Number.isSafeInteger(t) ? rt.newInt(t) : rt.newIntBig(BigInt(t));
    }
    if (x instanceof PyStr) return rt.newIntBig(fmtErr(() => parseIntText(x.s, 10, rt.version)));
    if (x instanceof PyBytes || x instanceof PyByteArray) {
      const text = String.fromCharCode(...(x instanceof PyBytes ? x.b : x.b.subarray(0, x.size)));
      try { return rt.newIntBig(fmtErr(() => parseIntText(text, 10, rt.version))); } catch (e) {
        if (e instanceof PyExc) { decref(e.exc); throw rt.raise('ValueError', `invalid literal for int() with base 10: ${ops.repr(x)}`); }
        throw e;
      }
    }
    if (x.ob_type.flags.heap) {
      for (const m of ['__int__', '__index__', '__trunc__']) {
        const f = ops.typeLookup(x.ob_type, m);
        if (f) return ops.callObject(f, [x]);
      }
    }
    throw rt.raise('TypeError', `int() argument must be a string, a bytes-like object or a ${rt.profile.intArgNumberWord}, not '${x.ob_type.name}'`);
  };
  T.NoneType.newFn = (args, kw) => { argCount('NoneType', args, 0, 0, kw); return none(); };
  T.NotImplementedType.newFn = (args, kw) => { argCount('NotImplementedType', args, 0, 0, kw); return incref(rt.NotImplemented); };
  T.ellipsis.newFn = (args, kw) => { argCount('ellipsis', args, 0, 0, kw); return incref(rt.Ellipsis); };
  T.bool.newFn = (args, kw) => {
    argCount('bool', args, 0, 1, kw);
    return bool(args.length ? ops.truthy(args[0]) : false);
  };
  T.float.newFn = (args, kw) => {
    argCount('float', args, 0, 1, kw);
    if (!args.length) return rt.newFloat(0);
    const x = args[0];
    if (x instanceof PyFloat) return x.ob_type === T.float ? incref(x) : rt.newFloat(x.v);
    if (x instanceof PyInt) {
      const v = x.big === null ? x.v : Number(x.big);
      if (!Number.isFinite(v)) throw rt.raise('OverflowError', 'int too large to convert to float');
      return rt.newFloat(v);
    }
    if (x instanceof PyStr) return rt.newFloat(fmtErr(() => parseFloatText(x.s, rt.version)));
    if (x.ob_type.flags.heap) {
      const f = ops.typeLookup(x.ob_type, '__float__');
      if (f) return ops.callObject(f, [x]);
    }
    throw rt.raise('TypeError', `float() argument must be a string or a ${rt.profile.floatArgNumberWord}, not '${x.ob_type.name}'`);
  };
  T.complex.newFn = (args, kwnames) => {
    const [pos, kw] = splitKw('complex', args, kwnames, ['real', 'imag']);
    const re = pos[0] ?? kw.get('real');
    const im = pos[1] ?? kw.get('imag');
    const parts = (o: PyObject | undefined): [number, number] => {
      if (!o) return [0, 0];
      if (o instanceof PyComplex) return [o.re, o.im];
      if (o instanceof PyFloat) return [o.v, 0];
      if (o instanceof PyInt) return [Number(ops.intValue(o)), 0];
      throw rt.raise('TypeError', `complex() first argument must be a string or a number, not '${o.ob_type.name}'`);
    };
    if (re instanceof PyStr) return parseComplex(re.s);
    const [a, bb] = parts(re);
    const [c, d] = parts(im);
    return ops.newComplex(a - d, bb + c);
  };
  T.str.newFn = (args, kwnames) => {
    const [pos, kw] = splitKw('str', args, kwnames, ['object', 'encoding', 'errors']);
    const o = pos[0] ?? kw.get('object');
    if (!o) return rt.newStr('');
    const enc = pos[1] ?? kw.get('encoding');
    if (enc && (o instanceof PyBytes || o instanceof PyByteArray)) {
      const data = o instanceof PyBytes ? o.b : o.b.subarray(0, o.size);
      const errs = pos[2] ?? kw.get('errors');
      return rt.newStr(decodeData(data, (enc as PyStr).s, errs instanceof PyStr ? errs.s : 'strict'));
    }
    if (o instanceof PyStr && o.ob_type === T.str) return incref(o);
    return ops.strObject(o);
  };
  /** bytes(n) and bytearray(n): PyNumber_AsSsize_t(n, PyExc_OverflowError), not negative */
  const countArg = (o: PyInt): number => {
    if (o.big !== null && (o.big > 2n ** 63n - 1n || o.big < -(2n ** 63n))) throw rt.raise('OverflowError', "cannot fit 'int' into an index-sized integer");
    const n = o.big === null ? o.v : Number(o.big);
    if (n < 0) throw rt.raise('ValueError', 'negative count');
    return n;
  };
  T.bytes.newFn = (args, kwnames) => {
    const [pos, kw] = splitKw('bytes', args, kwnames, ['source', 'encoding', 'errors']);
    const src = pos[0] ?? kw.get('source');
    const enc = pos[1] ?? kw.get('encoding');
    if (src instanceof PyInt && (src.v > 0 || src.big !== null)) {
      // PyNumber_AsSsize_t(x, PyExc_OverflowError), then PyBytes_FromStringAndSize(NULL, n): a
      // new object even for one byte
      const n = countArg(src);
      if (rt.heap.wouldFail(layout.allocSizeBytes(n))) throw rt.noMemory();
      const o = new PyBytes(T.bytes, new Uint8Array(n));
      rt.alloc(o, layout.allocSizeBytes(n), 0);
      return o;
    }
    return rt.newBytes(bytesFrom(src, enc, 'bytes'));
  };
  T.bytearray.newFn = (args, kwnames) => {
    const [pos, kw] = splitKw('bytearray', args, kwnames, ['source', 'encoding', 'errors']);
    const src = pos[0] ?? kw.get('source');
    const enc = pos[1] ?? kw.get('encoding');
    if (src instanceof PyInt) {
      const n = countArg(src);
      if (rt.heap.wouldFail(n + 1)) throw rt.noMemory();
      const o = newByteArray(new Uint8Array(0));
      bytearrayResize(o, n);
      o.b.fill(0, 0, n);
      return o;
    }
    return newByteArray(bytesFrom(src, enc, 'bytearray'));
  };
  T.tuple.newFn = (args, kwnames) => {
    argCount('tuple', args, 0, 1, kwnames);
    if (!args.length) return rt.emptyTupleRef();
    const o = args[0];
    if (o instanceof PyTuple && o.ob_type === T.tuple) return incref(o);
    // PySequence_Tuple: PyTuple_New of the length hint before the first item
    if (rt.heap.wouldFail(8 * ops.lengthHint(o) + 40 + rt.profile.gcHeadSize)) throw rt.noMemory();
    return rt.newTuple(ops.toArray(o));
  };
  T.list.newFn = (args, kwnames) => {
    argCount('list', args, 0, 1, kwnames);
    const l = rt.newList([], 0, true);
    if (!args.length) return l;
    const src = args[0];
    const hasLen = src instanceof PyList || src instanceof PyTuple || src instanceof PyStr || src instanceof PyDict ||
      src instanceof PySet || src instanceof PyRange || src instanceof PyBytes || src instanceof PyByteArray ||
      src instanceof PyView || (src.ob_type.flags.heap && ops.typeLookup(src.ob_type, '__len__') !== null);
    const hint = ops.objectLengthHint(src, 8);
    // list_preallocate_exact / list_extend's resize to the length hint come before the first item
    if (rt.heap.wouldFail(8 * hint)) { decref(l); throw rt.noMemory(); }
    let items: PyObject[];
    try { items = ops.toArray(src); } catch (e) { decref(l); throw e; }
    const n = items.length;
    const source = src instanceof PyList || src instanceof PyTuple ? 'seq' : ops.isSetDictSource(src) ? 'setdict' : 'iter';
    l.items = items;
    const grown = { allocated: 0 };
    const allocated = layout.listFromIterable(rt.profile, n, source, hasLen, hasLen ? n : hint, grown);
    ops.listResizeThrough(l, grown.allocated, allocated);
    return l;
  };
  T.dict.newFn = (args, kwnames) => {
    const [pos, kw] = splitKw('dict', args, kwnames, [...(kwnames ?? [])]);
    if (pos.length > 1) throw rt.raise('TypeError', `dict expected at most 1 argument, got ${pos.length}`);
    const d = rt.newDict(DictTable.fromCall(rt.version, rt.dictHooks), true);
    try {
      if (pos.length) ops.dictUpdate(d, pos[0], false);
      for (const [k, v] of kw) ops.dictSetStrSteal(d, k, incref(v));
    } catch (e) { decref(d); throw e; }
    return d;
  };
  const setNew = (frozen: boolean): NativeFn => (args, kwnames) => {
    const name = frozen ? 'frozenset' : 'set';
    argCount(name, args, 0, 1, kwnames);
    if (frozen && args.length && args[0].ob_type === T.frozenset) return incref(args[0]);
    if (frozen && rt.profile.emptyFrozensetSingleton && (!args.length || ops.pyLen(args[0]) === 0)) {
      if (!rt.emptyFrozenset) {
        rt.emptyFrozenset = rt.newSet(true);
        rt.emptyFrozenset.ob_refcnt = 2 ** 50;
        if (rt.tracer !== null && rt.tracer.cached) rt.tracer.cached(rt.emptyFrozenset);
      }
      return incref(rt.emptyFrozenset);
    }
    const s = rt.newSet(frozen);
    if (args.length) {
      try { ops.setUpdate(s, args[0]); } catch (e) { decref(s); throw e; }
    }
    return s;
  };
  T.set.newFn = setNew(false);
  T.frozenset.newFn = setNew(true);
  T.range.newFn = (args, kw) => {
    noKw('range', kw);
    const ints = args.map((a) => {
      if (a instanceof PyInt) return a;
      ops.asIndex(a);
      return a as PyInt;
    });
    if (ints.length === 0) throw rt.raise('TypeError', 'range expected at least 1 argument, got 0');
    if (ints.length > 3) throw rt.raise('TypeError', `range expected at most 3 arguments, got ${ints.length}`);
    let start: PyInt, stop: PyInt, step: PyInt;
    if (ints.length === 1) { start = rt.smallInts[5]; stop = ints[0]; step = rt.smallInts[6]; }
    else { start = ints[0]; stop = ints[1]; step = ints[2] ?? rt.smallInts[6]; }
    if (ops.intValue(step) === 0n) throw rt.raise('ValueError', 'range() arg 3 must not be zero');
    return rt.newRange(start, stop, step);
  };
  T.slice.newFn = (args, kw) => {
    argCount('slice', args, 1, 3, kw);
    const a = args.length === 1 ? [rt.None, args[0], rt.None] : [args[0], args[1], args[2] ?? rt.None];
    return ops.newSlice(a[0], a[1], a[2]);
  };
  T.property.newFn = (args, kwnames) => {
    const [pos, kw] = splitKw('property', args, kwnames, ['fget', 'fset', 'fdel', 'doc']);
    const g = pos[0] ?? kw.get('fget') ?? null, s = pos[1] ?? kw.get('fset') ?? null, d = pos[2] ?? kw.get('fdel') ?? null;
    const p = new PyProperty(T.property, g && g !== rt.None ? incref(g) : null, s && s !== rt.None ? incref(s) : null, d && d !== rt.None ? incref(d) : null);
    rt.alloc(p, 16 + 64, 16);
    return p;
  };
  const wrapper = (t: PyType): NativeFn => (args, kw) => {
    argCount(t.name, args, 1, 1, kw);
    const w = new PyWrapper(t, incref(args[0]));
    rt.alloc(w, 16 + 32, 16);
    return w;
  };
  T.staticmethod.newFn = wrapper(T.staticmethod);
  T.classmethod.newFn = wrapper(T.classmethod);
  T.super.newFn = (args, kw) => {
    noKw('super', kw);
    let thisType: PyType, obj: PyObject;
    if (args.length === 0) {
      const f = rt.frame!;
      const code = f.code;
      const ci = code.freevars.indexOf('__class__');
      if (ci < 0) throw rt.raise('RuntimeError', 'super(): __class__ cell not found');
      const cell = f.fast[code.varnames.length + code.cellvars.length + ci] as import('./objects').PyCell;
      if (!cell.ref) throw rt.raise('RuntimeError', 'super(): empty __class__ cell');
      thisType = cell.ref as PyType;
      if (code.argcount === 0) throw rt.raise('RuntimeError', 'super(): no arguments');
      let first = f.fast[0];
      if (first === null && code.cell2arg.includes(0)) {
        first = (f.fast[code.varnames.length + code.cell2arg.indexOf(0)] as import('./objects').PyCell).ref;
      }
      if (first === null) throw rt.raise('RuntimeError', 'super(): arg[0] deleted');
      obj = first;
    } else {
      thisType = args[0] as PyType;
      obj = args[1] ?? rt.None;
    }
    const objType = obj instanceof PyType && ops.isSubtype(obj, thisType) ? obj : obj.ob_type;
    if (!ops.isSubtype(objType, thisType)) throw rt.raise('TypeError', 'super(type, obj): obj must be an instance or subtype of type');
    const s = new PySuper(T.super, incref(thisType), incref(obj), incref(objType));
    rt.alloc(s, 16 + 40, 16);
    return s;
  };
  // iterator types usable as constructors
  T.enumerate.newFn = (args, kwnames) => {
    const [pos, kw] = splitKw('enumerate', args, kwnames, ['iterable', 'start']);
    const src = pos[0] ?? kw.get('iterable');
    if (!src) throw rt.raise('TypeError', "enumerate() missing required argument 'iterable' (pos 1)");
    const st = pos[1] ?? kw.get('start');
    let i = st ? ops.intValue(st as PyInt) : 0n;
    const it = ops.getIter(src);
    const result = ops.newResultTuple(2);
    return rt.nativeIter(T.enumerate, () => {
      const v = ops.iterNext(it);
      if (v === null) return null;
      const n = rt.newIntBig(i++);
      return ops.recycleResultTuple(result, [n, v]);
    }, [it, result], rt.profile.enumObjectSize + 16);
  };
  T.zip.newFn = (args, kwnames) => {
    const [pos, kw] = splitKw('zip', args, kwnames, rt.profile.zipStrict ? ['strict'] : []);
    void kw;
    const its = pos.map((a, i) => {
      try { return ops.getIter(a); } catch (e) {
        if (e instanceof PyExc && e.exc.ob_type === T.TypeError && rt.profile.zipArgMessage) {
          decref(e.exc);
          throw rt.raise('TypeError', `zip argument #${i + 1} must support iteration`);
        }
        throw e;
      }
    });
    let done = false;
    const result = ops.newResultTuple(its.length);
    return rt.nativeIter(T.zip, () => {
      if (done || its.length === 0) return null;
      const vals: PyObject[] = [];
      for (const it of its) {
        const v = ops.iterNext(it);
        if (v === null) { done = true; for (const x of vals) decref(x); return null; }
        vals.push(v);
      }
      return ops.recycleResultTuple(result, vals);
    }, [...its, result], rt.profile.zipObjectSize + 16);
  };
  T.map.newFn = (args, kw) => {
    noKw('map', kw);
    if (args.length < 2) throw rt.raise('TypeError', 'map() must have at least two arguments.');
    const f = incref(args[0]);
    const its = args.slice(1).map((a) => ops.getIter(a));
    return rt.nativeIter(T.map, () => {
      const vals: PyObject[] = [];
      for (const it of its) {
        const v = ops.iterNext(it);
        if (v === null) { for (const x of vals) decref(x); return null; }
        vals.push(v);
      }
      try { return callFromC(f, vals); } finally { for (const x of vals) decref(x); }
    }, [f, ...its], 16 + 32);
  };
  T.filter.newFn = (args, kw) => {
    argCount('filter', args, 2, 2, kw);
    const f = incref(args[0]);
    const it = ops.getIter(args[1]);
    return rt.nativeIter(T.filter, () => {
      for (;;) {
        const v = ops.iterNext(it);
        if (v === null) return null;
        let keep: boolean;
        if (f === rt.None || f === rt.T.bool) keep = ops.truthy(v); // filter_next tests bool's own items itself
        else { const r = callFromC(f, [v]); keep = ops.truthy(r); decref(r); }
        if (keep) return v;
        decref(v);
      }
    }, [f, it], 16 + 32);
  };
  T.reversed.newFn = (args, kw) => {
    argCount('reversed', args, 1, 1, kw);
    const o = args[0];
    if (o instanceof PyView && (o.ob_type === T.dict_keys || o.ob_type === T.dict_values || o.ob_type === T.dict_items)) {
      return viewReversed(o);
    }
    if (o.ob_type.flags.heap) {
      const m = ops.typeLookup(o.ob_type, '__reversed__');
      if (m) return ops.callObject(m, [o]);
    }
    if (o instanceof PyList) {
      let i = o.items.length - 1;
      return rt.nativeIter(T.list_reverseiterator, () => {
        if (i >= 0 && i < o.items.length) return incref(o.items[i--]);
        i = -1;
        return null;
      }, [incref(o)], 16 + 32, () => Math.max(0, i + 1));
    }
    if (o instanceof PyDict && rt.profile.dictReversed) {
      const keys = ops.dictItems(o).map(([k]) => k).reverse();
      let i = 0;
      return rt.nativeIter(T.dict_reversekeyiterator, () => (i < keys.length ? incref(keys[i++]) : null), [incref(o)], 16 + 56,
        () => keys.length - i);
    }
    if (o instanceof PyRange) {
      const n = o.length;
      const last = ops.intValue(o.start) + BigInt(n - 1) * ops.intValue(o.step);
      let cur = last;
      let left = n;
      const step = ops.intValue(o.step);
      return rt.nativeIter(T.range_iterator, () => {
        if (left <= 0) return null;
        left--;
        const v = rt.newIntBig(cur);
        cur -= step;
        return v;
      }, [], rt.profile.rangeIterObjectSize, () => left);
    }
    let n: number;
    try { n = ops.pyLen(o); } catch (e) {
      if (e instanceof PyExc) { decref(e.exc); throw rt.raise('TypeError', `'${o.ob_type.name}' object is not reversible`); }
      throw e;
    }
    let i = n - 1;
    return rt.nativeIter(T.reversed, () => {
      if (i < 0) return null;
      const k = rt.newInt(i--);
      try { return ops.getItem(o, k); } finally { decref(k); }
    }, [incref(o)], 16 + 32, () => i + 1);
  };
  for (const [name] of EXCEPTION_TREE) {
    T[name].newFn = null;
  }
  T.BaseException.newFn = null;
}

/** The UTF-8 encoder of sys.stdout and sys.stderr (-X utf8, errors 'strict' on stdout): a lone
 *  surrogate raises UnicodeEncodeError naming the run of surrogates (unicode_encode_utf8) */
function encodeUtf8Strict(text: string): void {
  if (!/[\ud800-\udfff]/.test(text)) return;
  const cps = Array.from(text);
  const isSur = (c: string | undefined) => c !== undefined && c.length === 1 && c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff;
  const start = cps.findIndex((c) => isSur(c));
  if (start < 0) return;
  let end = start + 1;
  while (isSur(cps[end])) end++;
  throw ops.unicodeError('UnicodeEncodeError', 'utf-8', rt.newStr(text), start, end, 'surrogates not allowed');
}

function parseComplex(s: string): PyObject {
  const t = s.trim().replace(/^\((.*)\)$/, '$1');
  const m = /^([+-]?(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|inf|nan))?(?:([+-](?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|inf|nan)?)j)?$/i.exec(t);
  const m2 = /^([+-]?(?:\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|inf|nan)?)j$/i.exec(t);
  if (m2) {
    const im = m2[1] === '' || m2[1] === '+' ? 1 : m2[1] === '-' ? -1 : Number(m2[1].replace(/inf/i, 'Infinity'));
    return ops.newComplex(0, im);
  }
  if (!m || t === '') throw rt.raise('ValueError', 'complex() arg is a malformed string');
  const re = m[1] ? Number(m[1].replace(/inf/i, 'Infinity')) : 0;
  let im = 0;
  if (m[2] !== undefined) im = m[2] === '+' ? 1 : m[2] === '-' ? -1 : Number(m[2].replace(/inf/i, 'Infinity'));
  return ops.newComplex(re, im);
}

function bytesFrom(src: PyObject | undefined, enc: PyObject | undefined, name: string): Uint8Array {
  if (!src) return new Uint8Array(0);
  if (src instanceof PyStr) {
    if (!enc) throw rt.raise('TypeError', 'string argument without an encoding');
    return encodeText(src.s, (enc as PyStr).s);
  }
  if (src instanceof PyInt) {
    if (src.v < 0) throw rt.raise('ValueError', 'negative count');
    // the object's block is allocated before it is zeroed: fail before the engine's buffer is made
    rt.needMemory(src.v + 1);
    return new Uint8Array(src.v);
  }
  if (src instanceof PyBytes) return src.b.slice();
  if (src instanceof PyByteArray) return src.b.slice(0, src.size);
  let items: PyObject[];
  try { items = ops.toArray(src); } catch (e) {
    if (e instanceof PyExc && e.exc.ob_type === rt.T.TypeError) {
      decref(e.exc);
      throw rt.raise('TypeError', `cannot convert '${src.ob_type.name}' object to ${name}`);
    }
    throw e;
  }
  const out = new Uint8Array(items.length);
  items.forEach((x, i) => {
    const v = ops.asIndex(x);
    decref(x);
    if (v < 0 || v > 255) throw rt.raise('ValueError', 'bytes must be in range(0, 256)');
    out[i] = v;
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// classes
// ---------------------------------------------------------------------------------------------

/** __build_class__(func, name, *bases, **kw): run the body, then type(name, bases, ns) */
const buildClass: NativeFn = (args, kwnames) => {
  if (kwnames && kwnames.length) {
    const k = kwnames.filter((n) => n !== 'metaclass');
    if (k.length) throw rt.raise('TypeError', `${k[0]}() is not supported by the simulator's class statement`);
    throw rt.raise('TypeError', 'metaclasses are not supported by the simulator');
  }
  const [func, nameO, ...bases] = args as [PyFunction, PyStr, ...PyObject[]];
  // the tuple of the bases comes first (builtin___build_class__), then the namespace
  const basesTuple = bases.length ? rt.newTuple(bases.map((b) => incref(b))) : null;
  const ns = rt.newDict();
  const f = new Frame(func.code, func.globals as PyDict, rt.builtins, ns, func);
  frameAlloc(f);
  incref(ns);
  const nv = func.code.varnames.length;
  if (func.code.cellvars.length) {
    for (let i = 0; i < func.code.cellvars.length; i++) f.fast[nv + i] = ops.newCell(null);
  }
  if (func.closure) {
    const base = nv + func.code.cellvars.length;
    func.closure.items.forEach((c, i) => { f.fast[base + i] = incref(c); });
  }
  f.back = rt.frame;
  f.entry = true;
  let units = 0;
  try {
    units = enterEvalFrame();
  } catch (e) {
    decref(ns);
    if (basesTuple) decref(basesTuple);
    throw e;
  }
  if (++rt.recursionDepth > rt.frameDepthLimit) {
    rt.recursionDepth--;
    rt.cRecursionDepth -= units;
    decref(ns);
    if (basesTuple) decref(basesTuple);
    throw frameDepthExceeded(rt);
  }
  rt.frame = f;
  let cell: PyObject;
  try {
    cell = execute(f);
  } catch (e) {
    decref(ns);
    if (basesTuple) decref(basesTuple);
    throw e;
  } finally {
    rt.cRecursionDepth -= units;
  }
  decref(ns);
  let cls: PyObject;
  try {
    cls = makeClass(nameO.s, basesTuple, ns, cell instanceof PyCell ? cell : null);
  } finally {
    decref(cell);
    decref(ns);
    if (basesTuple) decref(basesTuple);
  }
  return cls;
};

/** PyDict_SetItem of a str key (a new reference to v), with MAINTAIN_TRACKING */
function setStr(d: PyDict, name: string, v: PyObject): void {
  ops.dictSetStrSteal(d, name, v);
  if (!d.gcTracked && ops.mayBeTracked(v)) rt.gcTrack(d);
}

/**
 * type_new (Objects/typeobject.c) for a class statement or type(name, bases, ns): what CPython
 * allocates, in its order. `basesTuple`: the tuple __build_class__ made of the bases (null: none,
 * type_new packs (object,)). The heap type (raw-malloc'd, GC-tracked) gets
 * - tp_bases (that tuple) and tp_base (the best base, a reference of its own);
 * - tp_dict: PyDict_Copy of the namespace, __module__ set, __qualname__ and __classcell__ removed,
 *   __new__ wrapped in a staticmethod, __init_subclass__ and __class_getitem__ in a classmethod;
 * - ht_slots: the sorted names of __slots__ (a list sorted, then PyList_AsTuple);
 * - tp_mro (type_ready_mro): a tuple holding the type itself, the cycle the GC breaks;
 * - in tp_dict (type_ready_fill_dict): a member_descriptor per slot (add_members), the __dict__
 *   and __weakref__ getset_descriptors of what the class adds (add_getset), __doc__ None;
 *   each descriptor holds a reference to the type (d_type);
 * - __hash__ None when __eq__ is defined without __hash__ (type_ready_set_hash);
 * - one entry per base in the base's tp_subclasses: {PyLong of the address: weakref to the
 *   type} (add_subclass), the dict made by the first subclass of a class of the program;
 * - ht_cached_keys (_PyDict_NewKeysForClass) when instances have a __dict__ it manages;
 * - a copy of tp_dict that type_new_set_names walks for __set_name__ and frees.
 */
export function makeClass(name: string, basesTuple: PyTuple | null, ns: PyDict, cell: import('./objects').PyCell | null): PyType {
  const T = rt.T;
  const bases = basesTuple ? basesTuple.items : [];
  for (const b of bases) {
    if (!(b instanceof PyType)) throw rt.raise('TypeError', `bases must be types`);
    if (!b.flags.baseType) throw rt.raise('TypeError', `type '${b.name}' is not an acceptable base type`);
  }
  const bs = bases.length ? (bases as PyType[]) : [T.object];
  // the solid base: the most derived built-in layout
  let solid: PyType = T.object;
  for (const b of bs) {
    const s = b.flags.heap ? b.solidBase! : b;
    if (ops.isSubtype(s, solid)) solid = s;
    else if (!ops.isSubtype(solid, s)) throw rt.raise('TypeError', 'multiple bases have instance lay-out conflict');
  }
  // tp_base: best_base, the base whose solid_base (the nearest type adding instance variables:
  // a class with __slots__ names of its own counts) derives from the others'
  let best = bs[0];
  let winner: PyType | null = null;
  for (const b of bs) {
    const cand = layoutBase(b);
    if (winner === null || (ops.isSubtype(cand, winner) && cand !== winner)) { winner = cand; best = b; }
  }
  // instances of built-in types other than object and the exceptions are not modelled as bases:
  // stop the run here, at the class statement, rather than let the program catch a TypeError
  if (solid !== T.object && !ops.isSubtype(solid, T.BaseException)) {
    throw new UnsupportedError(`a class derived from the built-in type \`${solid.name}\``, rt.frame ? rt.frame.lineno : 0);
  }
  // attribute lookup through a __getattribute__ of the class is not modelled: refuse it rather
  // than look attributes up as object.__getattribute__ would
  if (ops.dictGetStr(ns, '__getattribute__') !== undefined) {
    throw new UnsupportedError('a class that defines `__getattribute__`', rt.frame ? rt.frame.lineno : 0);
  }
  const mro = computeMro(null, bs);
  // tp_bases: type_new_get_bases packs (object,) when the class statement names no base
  const tpBases = basesTuple && bases.length ? incref(basesTuple) : rt.newTuple([incref(T.object)]);
  const t = new PyType(T.type, name, { gc: true, heap: true, baseType: true });
  t.tp_bases = tpBases;
  t.bases = bs;
  t.solidBase = solid;
  // __slots__
  const slotsO = ops.dictGetStr(ns, '__slots__');
  const inheritedDict = bs.some((b) => b.hasDict);
  const inheritedWeakref = bs.some((b) => b.hasWeakref);
  const baseSlots: string[] = [];
  for (const b of [...bs].reverse()) for (const s of b.allSlots) if (!baseSlots.includes(s)) baseSlots.push(s);
  let addDict = false;
  let addWeak = false;
  let ownSlots: string[] = [];
  if (slotsO !== undefined) {
    const names = slotsO instanceof PyStr ? [slotsO.s] : ops.toArray(slotsO).map((x) => { const s = ops.str(x); decref(x); return s; });
    t.slotNames = names;
    addDict = !inheritedDict && names.includes('__dict__');
    addWeak = !inheritedWeakref && names.includes('__weakref__');
    t.hasDict = inheritedDict || addDict;
    t.hasWeakref = inheritedWeakref || addWeak;
    ownSlots = names.filter((n) => n !== '__dict__' && n !== '__weakref__');
    t.allSlots = [...baseSlots, ...ownSlots];
  } else {
    addDict = !inheritedDict;
    addWeak = !inheritedWeakref;
    t.hasDict = true;
    t.hasWeakref = true;
    t.allSlots = baseSlots;
  }
  if (ops.isSubtype(solid, T.BaseException)) { t.hasDict = true; addDict = false; }
  // tp_dict: a copy of the namespace
  t.dict = dictCopy(ns);
  const p = rt.profile;
  rt.alloc(t, p.heapTypeObjectSize + p.gcHeadSize, p.gcHeadSize);
  rt.gcTrack(t);
  // type_new_set_attrs
  const mod = ops.dictGetStr(t.dict, '__module__');
  if (mod === undefined) {
    const g = rt.frame ? ops.dictGetStr(rt.frame.globals, '__name__') : undefined;
    if (g) ops.dictSetStrSteal(t.dict, '__module__', incref(g));
  } else if (mod instanceof PyStr) t.module = mod.s;
  const modNow = ops.dictGetStr(t.dict, '__module__');
  if (modNow instanceof PyStr) t.module = modNow.s;
  const qn = ops.dictGetStr(t.dict, '__qualname__');
  if (qn instanceof PyStr) { t.qualname = qn.s; ops.dictDelStr(t.dict, '__qualname__'); }
  const newF = ops.dictGetStr(t.dict, '__new__');
  if (newF instanceof PyFunction) {
    const w = new PyWrapper(T.staticmethod, incref(newF));
    rt.alloc(w, 48, 16);
    rt.gcTrack(w);
    setStr(t.dict, '__new__', w);
  }
  for (const key of ['__init_subclass__', '__class_getitem__']) {
    const v = ops.dictGetStr(t.dict, key);
    if (v instanceof PyFunction) {
      const w = new PyWrapper(T.classmethod, incref(v));
      rt.alloc(w, 48, 16);
      rt.gcTrack(w);
      setStr(t.dict, key, w);
    }
  }
  // ht_slots: type_new_copy_slots sorts a list of the names and makes it a tuple
  let memberNames: string[] = [];
  if (slotsO !== undefined) {
    memberNames = ownSlots.slice().sort();
    const l = rt.newList(memberNames.map((n) => rt.intern(n)));
    t.ht_slots = rt.newTuple(l.items.map((x) => incref(x)));
    decref(l);
  }
  if (ops.dictGetStr(t.dict, '__classcell__') !== undefined) ops.dictDelStr(t.dict, '__classcell__');
  // type_ready: tp_base, tp_mro
  t.tp_base = incref(best);
  mro[0] = t;
  t.mro = mro;
  t.tp_mro = rt.newTuple(mro.map((x) => incref(x)));
  // type_ready_fill_dict: add_members, add_getset, __doc__
  const descr = (type: PyType, n: string, slot: number) => {
    const dsc = new PyDescr(type, incref(t), rt.intern(n), slot);
    rt.alloc(dsc, p.descrObjectSize + p.gcHeadSize, p.gcHeadSize);
    rt.gcTrack(dsc);
    setStr(t.dict!, n, dsc);
  };
  for (const n of memberNames) descr(T.member_descriptor, n, t.allSlots.indexOf(n));
  if (addDict) descr(T.getset_descriptor, '__dict__', -1);
  if (addWeak) descr(T.getset_descriptor, '__weakref__', -2);
  if (ops.dictGetStr(t.dict, '__doc__') === undefined) ops.dictSetStrSteal(t.dict, '__doc__', incref(rt.None));
  // a class that defines __eq__ but not __hash__ gets __hash__ = None
  if (ops.dictGetStr(t.dict, '__eq__') !== undefined && ops.dictGetStr(t.dict, '__hash__') === undefined) {
    ops.dictSetStrSteal(t.dict, '__hash__', incref(rt.None));
  }
  // add_subclass: the weakref to the type, keyed by its address, in each base's tp_subclasses
  for (const b of t.tp_bases.items as PyType[]) {
    const key = rt.newIntBig(BigInt(t.addr));
    const ref = ops.callObject(T.weakref, [t]);
    if (b.flags.heap) {
      if (!b.tp_subclasses) b.tp_subclasses = rt.newDict();
      ops.dictSetItem(b.tp_subclasses, key, ref, false);
      decref(key);
      decref(ref);
    } else {
      (t.staticSubclassEntries ??= []).push([key, ref]);
    }
  }
  // ht_cached_keys: instances whose __dict__ the type manages share a keys object
  if (t.hasDict && (!p.managedDict || !ops.isSubtype(solid, T.BaseException))) {
    const lay = new ClassLayout<PyObject>(rt.version, rt.dictHooks);
    t.sharedKeys = lay;
    t.cachedKeysBlock = rt.allocKeysBlock(lay.cachedKeysBytes());
    t.cachedKeysBytes = lay.cachedKeysBytes();
  }
  rt.allHeapTypes.push(t);
  if (cell) {
    const old = cell.ref;
    cell.ref = incref(t);
    if (old) decref(old);
  }
  // type_new_set_names: __set_name__ over a copy of tp_dict (names_to_set), then __init_subclass__
  const namesToSet = dictCopy(t.dict);
  try {
    for (const [k, v] of ops.dictItems(namesToSet)) {
      if (v.ob_type.flags.heap) {
        const sn = ops.typeLookup(v.ob_type, '__set_name__');
        if (sn) decref(ops.callObject(sn, [v, t, k]));
      }
    }
  } finally {
    decref(namesToSet);
  }
  // init_subclass (Objects/typeobject.c): super(type, type) made by a call (a type without
  // tp_vectorcall up to 3.10: its guard), then super().__init_subclass__() called: a C method's
  // call (object.__init_subclass__, its guard) or the Python function of a base
  if (!rt.vectorcallTypes.has('super')) checkRecursiveCall(CALLING);
  let inherited = true;
  for (const b of t.mro.slice(1)) {
    const isub = b.dict ? ops.dictGetStr(b.dict, '__init_subclass__') : undefined;
    if (isub instanceof PyWrapper) { decref(ops.callObject(isub.func, [t])); inherited = false; break; }
  }
  if (inherited) checkRecursiveCall(CALLING);
  return t;
}

/** solid_base: the nearest type of t's tp_base chain that adds instance variables */
function layoutBase(t: PyType): PyType {
  if (!t.flags.heap) return t;
  if (t.slotNames && t.slotNames.some((n) => n !== '__dict__' && n !== '__weakref__')) return t;
  return layoutBase(t.tp_base ?? rt.T.object);
}

/** the C3 linearization; out[0] is left for the new type */
function computeMro(t: PyType | null, bases: PyType[]): PyType[] {
  const seqs = [...bases.map((b) => b.mro.slice()), bases.slice()];
  const out: PyType[] = [t as PyType];
  for (;;) {
    const nonEmpty = seqs.filter((s) => s.length);
    if (!nonEmpty.length) return out;
    let cand: PyType | null = null;
    for (const s of nonEmpty) {
      const c = s[0];
      if (!nonEmpty.some((x) => x.indexOf(c) > 0)) { cand = c; break; }
    }
    if (!cand) throw rt.raise('TypeError', 'Cannot create a consistent method resolution order (MRO)');
    out.push(cand);
    for (const s of nonEmpty) if (s[0] === cand) s.shift();
  }
}

// ---------------------------------------------------------------------------------------------
// object / type / exception methods
// ---------------------------------------------------------------------------------------------

function installObjectMethods(): void {
  const T = rt.T;
  const get = (t: PyType, n: string) => ops.dictGetStr(t.dict!, n)!;
  rt.defMethod(T.object, '__init__', (args, kw, self) => { void args; void kw; void self; return none(); });
  rt.objectInit = get(T.object, '__init__');
  rt.defMethod(T.object, '__new__', (args) => {
    const t = args[0] as PyType;
    return rt.newInstance(t, [], null);
  });
  rt.objectNew = get(T.object, '__new__');
  (rt.objectNew as PyBuiltin).ownerType = null;
  (rt.objectNew as PyBuiltin).self = null;
  rt.defMethod(T.object, '__repr__', (args, kw, self) => rt.newStr(rt.reprBuiltin(self!)));
  rt.objectRepr = get(T.object, '__repr__');
  rt.defMethod(T.object, '__str__', (args, kw, self) => rt.newStr(ops.repr(self!)));
  rt.objectStr = get(T.object, '__str__');
  rt.defMethod(T.object, '__hash__', (args, kw, self) => { const h = ops.hash(self!); return typeof h === 'number' ? rt.newInt(h) : rt.newIntBig(h); });
  rt.objectHash = get(T.object, '__hash__');
  rt.defMethod(T.object, '__setattr__', (args, kw, self) => {
    argCount('__setattr__', args, 2, 2, kw);
    ops.genericSetAttr(self!, (args[0] as PyStr).s, args[1]);
    return none();
  });
  rt.objectSetattr = get(T.object, '__setattr__');
  rt.defMethod(T.object, '__getattribute__', (args, kw, self) => ops.getAttr(self!, (args[0] as PyStr).s));
  rt.defMethod(T.object, '__delattr__', (args, kw, self) => { ops.delAttr(self!, (args[0] as PyStr).s); return none(); });
  rt.defMethod(T.object, '__sizeof__', (args, kw, self) => rt.newInt(rt.sizeofObject(self!, false)));
  rt.defMethod(T.object, '__format__', (args, kw, self) => {
    const spec = (args[0] as PyStr).s;
    if (spec) throw rt.raise('TypeError', `unsupported format string passed to ${self!.ob_type.name}.__format__`);
    return rt.newStr(ops.str(self!));
  });
  rt.defMethod(T.object, '__dir__', (args, kw, self) => {
    const dir = ops.dictGetStr(rt.builtins, 'dir')!;
    return ops.callObject(dir, [self!]);
  });
  rt.objectRichCompare = {};
  const cmpNames = ['__lt__', '__le__', '__eq__', '__ne__', '__gt__', '__ge__'];
  cmpNames.forEach((n, i) => {
    rt.defMethod(T.object, n, (args, kw, self) => {
      const o = args[0];
      if (i === 2) return incref(self === o ? rt.True : rt.NotImplemented);
      if (i === 3) {
        if (self === o) return bool(false);
        return incref(rt.NotImplemented);
      }
      return incref(rt.NotImplemented);
    });
    rt.objectRichCompare[n] = get(T.object, n);
  });
  rt.defMethod(T.object, '__init_subclass__', () => none());
  (get(T.object, '__init_subclass__') as PyBuiltin).isClassMethod = true;
  rt.defMethod(T.object, '__reduce_ex__', () => { throw rt.raise('TypeError', 'pickling is not supported by the simulator'); });
  // type
  // getset_descriptor / member_descriptor __get__ (descr_check, then the getter)
  for (const dt of [T.getset_descriptor, T.member_descriptor]) {
    rt.defMethod(dt, '__get__', (args, kw, self) => {
      argCount('__get__', args, 1, 2, kw);
      const d = self as PyDescr;
      const obj = args[0];
      if (obj === rt.None) return incref(d);
      if (!ops.isInstance(obj, d.d_type)) {
        throw rt.raise('TypeError', `descriptor '${d.d_name.s}' for '${d.d_type.name}' objects doesn't apply to a '${obj.ob_type.name}' object`);
      }
      return ops.descrGet(d, obj, obj.ob_type);
    });
  }
  rt.defMethod(T.type, 'mro', (args, kw, self) => rt.newList((self as PyType).mro.map((x) => incref(x))));
  rt.defMethod(T.type, '__subclasses__', (args, kw, self) => {
    // (a built-in type's subclasses in CPython include the interpreter's own, which the
    // simulator does not have: it refuses rather than answer with a shorter list)
    if (!(self as PyType).flags.heap) throw new UnsupportedError(`\`${(self as PyType).name}.__subclasses__()\` of a built-in type`, 0);
    return rt.newList(rt.allHeapTypes.filter((x) => x.bases.includes(self as PyType)).map((x) => incref(x)));
  });
  // exceptions
  const BE = T.BaseException;
  rt.defMethod(BE, '__init__', (args, kw, self) => {
    const e = self as PyBaseException;
    const old = e.args;
    e.args = rt.newTuple(args.slice(0, args.length - (kw ? kw.length : 0)).map((x) => incref(x)));
    decref(old);
    return none();
  });
  rt.defMethod(BE, '__str__', (args, kw, self) => rt.newStr(rt.excStr(self as PyBaseException)));
  rt.defMethod(BE, '__repr__', (args, kw, self) => rt.newStr(rt.reprBuiltin(self!)));
  rt.defMethod(BE, 'with_traceback', (args, kw, self) => incref(self!));
  rt.defMethod(BE, 'add_note', (args, kw, self) => { void args; return none(); });
}

// exported for the sys module
export { PyView, codePoints, addrHex, PyModule, PySlice, Code, PyMethod, PyTuple, PyBuiltin, SetTable };

declare module './runtime' {
  interface Runtime {
    emptyFrozenset: PySet | null;
    stderrObj: PyObject | null;
    err: string[];
    sizeofObject(o: PyObject, withGC: boolean): number;
  }
}

/** builtin_sum_impl: the int fast path, the float path (compensated from 3.12), then generic adds */
function sumIter(iterable: PyObject, start: PyObject): PyObject {
  const T = rt.T;
  const it = ops.getIter(iterable);
  let acc: PyObject = incref(start);
  try {
    let item: PyObject | null = null;
    // int path: exact ints summed in a C long
    if (acc.ob_type === T.int && (acc as PyInt).big === null) {
      let i = (acc as PyInt).v;
      for (;;) {
        item = ops.iterNext(it);
        if (item === null) { decref(acc); return rt.newInt(i); }
        if (item.ob_type === T.int && (item as PyInt).big === null && Number.isSafeInteger(i + (item as PyInt).v) && Math.abs(i + (item as PyInt).v) < 2 ** 63) {
          i += (item as PyInt).v;
          decref(item);
          continue;
        }
        decref(acc);
        const cur = rt.newInt(i);
        try { acc = ops.binaryOp(0, cur, item, false); } finally { decref(cur); decref(item); }
        item = null;
        break;
      }
    }
    // float path
    if (acc.ob_type === T.float) {
      let f = (acc as PyFloat).v;
      let c = 0;
      const compensated = rt.profile.sumFloatCompensated;
      for (;;) {
        item = ops.iterNext(it);
        if (item === null) {
          if (c && Number.isFinite(c)) f += c;
          decref(acc);
          return rt.newFloat(f);
        }
        if (item.ob_type === T.float) {
          const x = (item as PyFloat).v;
          if (compensated) {
            const t = f + x;
            if (Math.abs(f) >= Math.abs(x)) c += (f - t) + x; else c += (x - t) + f;
            f = t;
          } else f += x;
          decref(item);
          continue;
        }
        if (item.ob_type === T.int && (item as PyInt).big === null) {
          f += (item as PyInt).v;
          decref(item);
          continue;
        }
        if (c && Number.isFinite(c)) f += c;
        decref(acc);
        const cur = rt.newFloat(f);
        try { acc = ops.binaryOp(0, cur, item, false); } finally { decref(cur); decref(item); }
        item = null;
        break;
      }
    }
    for (;;) {
      item = ops.iterNext(it);
      if (item === null) return acc;
      let r: PyObject;
      try { r = ops.binaryOp(0, acc, item, false); } finally { decref(item); }
      decref(acc);
      acc = r;
    }
  } catch (e) {
    decref(acc);
    throw e;
  } finally {
    decref(it);
  }
}

declare module './runtime' {
  interface Runtime {
    dirOf(o: PyObject): string[];
  }
}

/** object.__dir__ / type.__dir__: instance attributes, then the class and its bases; a built-in
 *  type's or module's names as CPython has them (unmodelled.ts), those the simulator does not
 *  model included: reading one of them is refused, listing them is what CPython prints */
Runtime.prototype.dirOf = function (o: PyObject): string[] {
  const names = new Set<string>();
  if (o instanceof PyModule) {
    for (const [k] of ops.dictItems(o.dict)) names.add(ops.str(k));
    for (const n of cpythonModuleDir(o.name) ?? []) names.add(n);
    return [...names].sort();
  }
  if (o instanceof PyInstance) {
    if (o.ob_type.hasDict) for (const [k] of instanceItems(o)) names.add(ops.str(k));
    if (o.slots) o.ob_type.allSlots.forEach((n, i) => { if (o.slots![i]) names.add(n); });
  } else {
    const d = ops.instanceDict(o, false);
    if (d) for (const [k] of ops.dictItems(d)) names.add(ops.str(k));
  }
  const t = o instanceof PyType ? o : o.ob_type;
  for (const k of t.mro) {
    if (k.dict) for (const [n] of ops.dictItems(k.dict)) names.add(ops.str(n));
    for (const n of cpythonTypeDict(k) ?? []) names.add(n);
  }
  names.add('__class__');
  if (o instanceof PyInstance && o.ob_type.hasDict) names.add('__dict__');
  return [...names].sort();
};
