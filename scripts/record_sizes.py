#!/usr/bin/env python3
"""Record object sizes and growth capacities from every installed CPython 3.8-3.13.

Run with no arguments: for each interpreter that `pyenv versions --bare` lists (the newest
patch release of each minor version 3.8..3.13), this script runs itself with `--measure`
under that interpreter and writes the combined results to test/recorded/sizes.json,
keyed '3.8'..'3.13'. test/engine/layout.test.ts checks src/engine/layout.ts against it.

Everything here is measured with sys.getsizeof (list capacities as
(getsizeof(l) - getsizeof([])) // 8; bytearray capacities as getsizeof(b) - getsizeof(bytearray())).
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'test', 'recorded', 'sizes.json')
MINORS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13']

# Lengths used for every "n items" sweep.
NS = list(range(0, 41)) + [50, 63, 64, 65, 100, 127, 128, 200, 1000]


def measure():
    import ctypes
    import weakref
    getsizeof = sys.getsizeof
    r = {'release': '%d.%d.%d' % sys.version_info[:3]}

    # ---- int: 0, +-2**k-1, +-2**k for k up to 300, and some small values
    ints = set(range(-300, 301))
    for k in range(0, 301):
        for v in (2 ** k - 1, 2 ** k):
            ints.add(v)
            ints.add(-v)
    r['int'] = [[str(v), getsizeof(v)] for v in sorted(ints)]
    r['bool'] = {'True': getsizeof(True), 'False': getsizeof(False)}
    r['scalars'] = {
        'float': getsizeof(1.5), 'complex': getsizeof(1j), 'None': getsizeof(None),
        'Ellipsis': getsizeof(...), 'NotImplemented': getsizeof(NotImplemented),
        'object': getsizeof(object()),
    }

    # ---- str: built at run time so nothing is interned or cached (except the
    # one-character latin-1 singletons, recorded separately).
    firsts = {'ascii': 'a', 'latin1': '\xe9', 'ucs2': '\u20ac', 'ucs4': '\U0001F600',
              'surrogate': '\ud800', 'latin1_high': '\xff', 'ucs2_high': '\uffff'}
    strs = []
    for kind, first in firsts.items():
        for n in list(range(0, 21)) + [100, 300]:
            if n == 0:
                s = ''.join([])
            elif n == 1 and ord(first) < 256:
                continue  # a cached singleton: see strOneChar
            else:
                s = ''.join([first] + [chr(ord('a') + (i % 26)) for i in range(n - 1)])
            strs.append([s, getsizeof(s)])
        # the wide character last, after ASCII
        for n in (2, 5, 17):
            s = ''.join([chr(ord('a') + i) for i in range(n - 1)] + [first])
            strs.append([s, getsizeof(s)])
    r['str'] = strs
    r['strOneChar'] = [[c, getsizeof(chr(c))] for c in range(0, 256)]
    # a cached UTF-8 representation (PyUnicode_AsUTF8), as the C API leaves it
    as_utf8 = ctypes.pythonapi.PyUnicode_AsUTF8
    as_utf8.argtypes = [ctypes.py_object]
    as_utf8.restype = ctypes.c_void_p
    cached = []
    for first in ('\xe9', '\u20ac', '\U0001F600', 'a'):
        for n in (2, 3, 10, 40):
            s = ''.join([first] + ['b'] * (n - 1))
            as_utf8(s)
            cached.append([s, getsizeof(s)])
    r['strUtf8Cached'] = cached

    # ---- bytes, bytearray, tuple
    r['bytes'] = [[n, getsizeof(bytes(n))] for n in NS]
    empty_ba = getsizeof(bytearray())
    r['bytearrayEmpty'] = empty_ba
    r['bytearrayN'] = [[n, getsizeof(bytearray(n)) - empty_ba] for n in NS]
    b = bytearray()
    seq = [getsizeof(b) - empty_ba]
    for _ in range(300):
        b.append(1)
        seq.append(getsizeof(b) - empty_ba)
    r['bytearrayAppend'] = seq
    seq = []
    while b:
        b.pop()
        seq.append(getsizeof(b) - empty_ba)
    r['bytearrayPop'] = seq
    r['tuple'] = [[n, getsizeof(tuple(range(n)))] for n in NS]

    # ---- list capacities
    empty = getsizeof([])
    r['listEmpty'] = empty

    def cap(l):
        return (getsizeof(l) - empty) // 8

    l = []
    seq = [cap(l)]
    for i in range(300):
        l.append(i)
        seq.append(cap(l))
    r['listAppend'] = seq
    seq = []
    while l:
        l.pop()
        seq.append(cap(l))
    r['listPop'] = seq

    def gen(n):
        return (i for i in range(n))

    def build_list(n):
        names = ['v%d' % i for i in range(n)]
        ns = {k: 1 for k in names}
        return eval(compile('[' + ', '.join(names) + ']', '<m>', 'eval'), ns)

    def const_list(n):
        return eval(compile('[' + ', '.join(str(i) for i in range(n)) + ']', '<m>', 'eval'))

    def ext(l, src):
        l.extend(src)
        return l

    def nonempty():
        a = 1
        return [a, a, a]  # BUILD_LIST 3: exactly 3 allocated

    paths = {
        'buildList': lambda n: build_list(n),
        'constLiteral': lambda n: const_list(n),
        'listOfTuple': lambda n: list(tuple(range(n))),
        'listOfList': lambda n: list(list(range(n))),
        'listOfRange': lambda n: list(range(n)),
        'listOfGenerator': lambda n: list(gen(n)),
        'unpackRange': lambda n: [*range(n)],
        'unpackTuple': lambda n: [*tuple(range(n))],
        'unpackGenerator': lambda n: [*gen(n)],
        'repeat': lambda n: [0] * n,
        'comprehension': lambda n: [i for i in range(n)],
        'extendEmptyList': lambda n: ext([], list(range(n))),
        'extendEmptyTuple': lambda n: ext([], tuple(range(n))),
        'extendEmptyRange': lambda n: ext([], range(n)),
        'extendEmptyGenerator': lambda n: ext([], gen(n)),
        'extendEmptySet': lambda n: ext([], set(range(n))),
        'extendNonEmptyTuple': lambda n: ext(nonempty(), tuple(range(n))),
        'extendNonEmptyRange': lambda n: ext(nonempty(), range(n)),
        'extendNonEmptyGenerator': lambda n: ext(nonempty(), gen(n)),
        'slice': lambda n: list(range(2000))[:n],
        'copy': lambda n: [i for i in range(n)].copy(),
        'sortedRange': lambda n: sorted(range(n)),
        'sortedTuple': lambda n: sorted(tuple(range(n))),
        'sortedGenerator': lambda n: sorted(gen(n)),
        'concat': lambda n: list(range(n)) + [i for i in range(n)],
    }
    r['listPaths'] = {name: [[n, cap(f(n))] for n in NS] for name, f in paths.items()}

    # ---- fixed-size objects
    def f():
        pass

    class A:
        def m(self):
            pass

    def outer():
        x = 1

        def inner():
            return x
        return inner

    r['objects'] = {
        'range': getsizeof(range(10)),
        'rangeBig': getsizeof(range(2 ** 100)),
        'slice': getsizeof(slice(1, 2, 3)),
        'cell': getsizeof(outer().__closure__[0]),
        'function': getsizeof(f),
        'lambda': getsizeof(lambda: 0),
        'boundMethod': getsizeof(A().m),
        'builtinFunction': getsizeof(len),
        'builtinMethod': getsizeof([].append),
        'module': getsizeof(sys),
        'instance': getsizeof(A()),
        'weakref': getsizeof(weakref.ref(A)),
        'listIterator': getsizeof(iter([])),
        'listReverseIterator': getsizeof(reversed([])),
        'tupleIterator': getsizeof(iter(())),
        'strIterator': getsizeof(iter('\xe9\u20ac')),
        'strAsciiIterator': getsizeof(iter('ab')),
        'rangeIterator': getsizeof(iter(range(5))),
        'rangeReversed': getsizeof(reversed(range(5))),
        'longRangeIterator': getsizeof(iter(range(2 ** 70))),
        'dictKeyIterator': getsizeof(iter({})),
        'dictValueIterator': getsizeof(iter({}.values())),
        'dictItemIterator': getsizeof(iter({}.items())),
        'setIterator': getsizeof(iter(set())),
        'enumerate': getsizeof(enumerate([])),
        'zip': getsizeof(zip([], [])),
        'map': getsizeof(map(len, [])),
        'filter': getsizeof(filter(None, [])),
        'reversed': getsizeof(reversed((1, 2))),
    }

    # ---- instances with __slots__
    slots = []
    for n in range(0, 6):
        names = tuple('s%d' % i for i in range(n))
        for wr in (False, True):
            cls = type('S', (), {'__slots__': names + (('__weakref__',) if wr else ())})
            slots.append([n, wr, getsizeof(cls())])
    r['slots'] = slots
    # instances of a class without __slots__, and with a __dict__ slot
    r['instanceDictSlot'] = getsizeof(type('D', (), {'__slots__': ('__dict__',)})())
    # class objects; a class with __slots__ = () has no cached keys
    r['classSlotted'] = getsizeof(type('S', (), {'__slots__': ()}))
    r['typeBasicSize'] = type.__basicsize__

    # ---- generators and frames of functions with n local variables
    gens, frames = [], []
    for n in range(0, 7):
        body = ''.join('    v%d = %d\n' % (i, i) for i in range(n))
        ns = {'sys': sys}
        exec('def g():\n' + body + '    yield 1\n', ns)
        exec('def fr():\n' + body + '    return sys._getframe()\n', ns)
        gc_ = ns['g'].__code__
        gens.append([gc_.co_nlocals + len(gc_.co_cellvars) + len(gc_.co_freevars), gc_.co_stacksize,
                     getsizeof(ns['g']())])
        fc = ns['fr'].__code__
        frames.append([fc.co_nlocals + len(fc.co_cellvars) + len(fc.co_freevars), fc.co_stacksize,
                       getsizeof(ns['fr']())])
    # a deeper stack and a cell variable
    ns = {'sys': sys}
    exec('def g(a):\n    b = [a, (a, (a, [a, a]))]\n    def h(): return b\n    yield h\n', ns)
    gc_ = ns['g'].__code__
    gens.append([gc_.co_nlocals + len(gc_.co_cellvars) + len(gc_.co_freevars), gc_.co_stacksize,
                 getsizeof(ns['g'](1))])
    r['generator'] = gens
    r['frame'] = frames

    # ---- code objects: [len(co_code) (with inline caches from 3.11), cells if a cell is an argument, size]
    codes = []
    for src in ('def c(): pass', 'def c(a, b):\n x = a + b\n y = [x]\n return y',
                'def c(a):\n return [i * a for i in range(a) if i % 3]',
                'def c(a):\n for i in a:\n  print(i, a[i], a.b.c(i))\n return a'):
        ns = {}
        exec(src, ns)
        co = ns['c'].__code__
        # co_cell2arg (3.8-3.10) exists when some cell variable is an argument
        args = co.co_varnames[:co.co_argcount]
        arg_cells = len(co.co_cellvars) if any(c in args for c in co.co_cellvars) else 0
        codes.append([len(co.co_code), arg_cells, getsizeof(co)])
    r['code'] = codes

    # ---- exceptions
    excs = {}
    for name in ('BaseException', 'Exception', 'ValueError', 'KeyError', 'StopIteration',
                 'SystemExit', 'ImportError', 'OSError', 'SyntaxError', 'NameError',
                 'AttributeError', 'UnicodeDecodeError'):
        cls = getattr(__builtins__, name) if not isinstance(__builtins__, dict) else __builtins__[name]
        if name == 'UnicodeDecodeError':
            e = cls('utf-8', b'', 0, 0, 'x')
        else:
            e = cls()
        excs[name] = getsizeof(e)
    r['exceptions'] = excs
    return r


def interpreters():
    out = subprocess.run(['pyenv', 'versions', '--bare'], check=True, capture_output=True, text=True)
    root = subprocess.run(['pyenv', 'root'], check=True, capture_output=True, text=True).stdout.strip()
    best = {}
    for line in out.stdout.split():
        parts = line.strip().split('.')
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            continue
        minor = parts[0] + '.' + parts[1]
        if minor in MINORS:
            key = tuple(int(p) for p in parts)
            if minor not in best or key > best[minor]:
                best[minor] = key
    # the interpreter binary itself: a `python3` found through the pyenv shim would pick the
    # version of this process's environment, not the one asked for
    return {m: os.path.join(root, 'versions', '.'.join(map(str, v)), 'bin', 'python3')
            for m, v in best.items()}


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--measure':
        json.dump(measure(), sys.stdout)
        return
    result = {}
    for minor, exe in sorted(interpreters().items(), key=lambda kv: MINORS.index(kv[0])):
        out = subprocess.run([exe, os.path.abspath(__file__), '--measure'],
                             check=True, capture_output=True, text=True)
        result[minor] = json.loads(out.stdout)
        print('recorded', minor, result[minor]['release'])
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as fh:
        json.dump(result, fh, separators=(',', ':'), sort_keys=True)
        fh.write('\n')


if __name__ == '__main__':
    main()
