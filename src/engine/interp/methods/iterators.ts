// Methods of the iterator types (Objects/iterobject.c, listobject.c, rangeobject.c, ...), of
// generators (Objects/genobject.c: send, throw, close, and the close at deallocation) and range's
// count and index (Objects/rangeobject.c: range_count, range_index).

import { PyBaseException, PyGen, PyInt, PyObject, PyRange, PyType } from '../objects';
import { PyExc, rt } from '../runtime';
import * as ops from '../ops';
import { argCount, none } from '../native';
import { genSend, genReturnValue } from '../vm';

function incref<T extends PyObject>(o: T): T { o.ob_refcnt++; return o; }
function decref(o: PyObject): void { if (--o.ob_refcnt === 0) rt.dealloc(o); }

const ITERATOR_TYPES = [
  'list_iterator', 'tuple_iterator', 'str_iterator', 'str_ascii_iterator', 'range_iterator', 'longrange_iterator',
  'set_iterator', 'dict_keyiterator', 'dict_valueiterator', 'dict_itemiterator', 'list_reverseiterator',
  'dict_reversekeyiterator', 'iterator', 'callable_iterator', 'enumerate', 'zip', 'map', 'filter', 'reversed',
  'bytes_iterator', 'bytearray_iterator',
];

/** _PySequence_IterSearch: PY_ITERSEARCH_COUNT or PY_ITERSEARCH_INDEX by iteration and == */
function iterSearch(seq: PyObject, ob: PyObject, index: boolean): number {
  const it = ops.getIter(seq);
  let n = 0;
  try {
    for (let v = ops.iterNext(it); v !== null; v = ops.iterNext(it)) {
      const same = v === ob || ops.eq(v, ob);
      decref(v);
      if (same) {
        if (index) return n;
        n++;
      } else if (index) {
        n++;
      }
    }
  } finally { decref(it); }
  if (index) throw rt.raise('ValueError', 'sequence.index(x): x not in sequence');
  return n;
}

function stopIteration(value: PyObject | null): PyExc {
  const e = rt.newExc(rt.T.StopIteration, null);
  if (value && value !== rt.None) {
    decref(e.args);
    e.args = rt.newTuple([incref(value)]);
  }
  return new PyExc(e);
}

/** throw an exception into a generator at its yield (gen_throw) */
export function genThrow(g: PyGen, exc: PyBaseException): PyObject | null {
  exc.ob_refcnt++;
  return genSend(g, null, new PyExc(exc));
}

/** gen_close: GeneratorExit at the yield; returning or re-raising it is a clean close */
export function genClose(g: PyGen): void {
  if (g.done || !g.frame) return;
  if (g.frame.pc === 0) {
    // never started: just finished
    g.done = true;
    return;
  }
  const exit = rt.newExc(rt.T.GeneratorExit, null);
  try {
    const v = genThrow(g, exit);
    if (v !== null) {
      decref(v);
      throw rt.raise('RuntimeError', 'generator ignored GeneratorExit');
    }
  } catch (e) {
    if (e instanceof PyExc && (ops.isInstance(e.exc, rt.T.GeneratorExit) || ops.isInstance(e.exc, rt.T.StopIteration))) {
      decref(e.exc);
      return;
    }
    throw e;
  } finally {
    decref(exit);
  }
}

export function installIteratorMethods(): void {
  const T = rt.T;
  for (const name of ITERATOR_TYPES) {
    const t: PyType = T[name];
    rt.defMethod(t, '__iter__', (args, kw, self) => { argCount('__iter__', args, 0, 0, kw); return incref(self!); });
    rt.defMethod(t, '__next__', (args, kw, self) => {
      argCount('__next__', args, 0, 0, kw);
      const v = ops.iterNext(self!);
      if (v === null) throw stopIteration(null);
      return v;
    });
    rt.defMethod(t, '__length_hint__', (args, kw, self) => rt.newInt(ops.lengthHint(self!)));
  }
  rt.defMethod(T.range, 'count', (args, kw, self) => {
    argCount('count', args, 1, 1, kw);
    const ob = args[0];
    if (ob.ob_type === T.int || ob.ob_type === T.bool) return rt.newInt(ops.contains(self!, ob) ? 1 : 0);
    return rt.newInt(iterSearch(self!, ob, false));
  });
  rt.defMethod(T.range, 'index', (args, kw, self) => {
    argCount('index', args, 1, 1, kw);
    const ob = args[0], r = self as PyRange;
    if (ob.ob_type === T.int || ob.ob_type === T.bool) {
      if (!ops.contains(r, ob)) throw rt.raise('ValueError', `${ops.repr(ob)} is not in range`);
      return rt.newIntBig((ops.intValue(ob as PyInt) - ops.intValue(r.start)) / ops.intValue(r.step));
    }
    return rt.newInt(iterSearch(r, ob, true));
  });
  const G = T.generator;
  rt.defMethod(G, '__iter__', (args, kw, self) => { argCount('__iter__', args, 0, 0, kw); return incref(self!); });
  rt.defMethod(G, '__next__', (args, kw, self) => {
    argCount('__next__', args, 0, 0, kw);
    const v = genSend(self as PyGen, rt.None);
    if (v === null) throw stopIteration(genReturnValue);
    return v;
  });
  rt.defMethod(G, 'send', (args, kw, self) => {
    argCount('send', args, 1, 1, kw);
    const v = genSend(self as PyGen, args[0]);
    if (v === null) throw stopIteration(genReturnValue);
    return v;
  });
  rt.defMethod(G, 'throw', (args, kw, self) => {
    argCount('throw', args, 1, 3, kw);
    let exc: PyObject = args[0];
    if (exc instanceof PyType) {
      exc = ops.callObject(exc, args[1] && args[1] !== rt.None ? [args[1]] : []);
    } else {
      incref(exc);
    }
    if (!(exc instanceof PyBaseException)) {
      decref(exc);
      throw rt.raise('TypeError', 'exceptions must be classes or instances deriving from BaseException, not ' + exc.ob_type.name);
    }
    try {
      const v = genThrow(self as PyGen, exc);
      if (v === null) throw stopIteration(genReturnValue);
      return v;
    } finally {
      decref(exc);
    }
  });
  rt.defMethod(G, 'close', (args, kw, self) => {
    argCount('close', args, 0, 0, kw);
    genClose(self as PyGen);
    return none();
  });
}
