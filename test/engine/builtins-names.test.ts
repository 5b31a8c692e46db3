// CPython's builtins against the simulator's, per version (src/engine/interp/cpythonBuiltins.ts,
// recorded by scripts/record_builtin_names.py): every name CPython's builtins module has is either
// defined by the simulator or refused when a program loads it, naming the line; the simulator
// defines no builtin CPython lacks; a name neither has is CPython's NameError; the program's own
// definition of a refused name is used. Also the other doors to what the simulator has not:
// `open()` and the subclasses of a built-in type are refused, not answered differently; so is an
// attribute CPython's built-in types and modules have and the simulator does not model, whether
// the program reads it, asks hasattr() or getattr() with a default, or imports it from a module.

import * as assert from 'assert';
import { PY_VERSIONS, Session, runSource } from '../../src/engine';
import * as ops from '../../src/engine/interp/ops';
import { CPYTHON_BUILTINS } from '../../src/engine/interp/cpythonBuiltins';

/** the outcome of loading `name` at line 2 (after a print that must run) */
function load(name: string, version: (typeof PY_VERSIONS)[number]) {
  return runSource(`print("before")\nx = ${name}\nprint("defined")\n`, { version, filename: 'b.py' });
}

/** the names the simulator's builtins module defines */
function builtinNames(version: (typeof PY_VERSIONS)[number]): Set<string> {
  const s = new Session('x = 1\n', { version });
  const rt = s.runtime!;
  return new Set(ops.dictItems(rt.builtins).map(([k]) => ops.str(k)));
}

describe('CPython builtins in the simulator', () => {
  for (const v of PY_VERSIONS) {
    describe(`on ${v}`, () => {
      const names = CPYTHON_BUILTINS[v];
      it('records the builtins module of that version', () => {
        assert.ok(names.includes('print') && names.includes('ValueError') && names.length > 140, `${names.length} names`);
      });
      it('defines each of CPython\'s builtins, or refuses it at the line that loads it', function () {
        this.timeout(120_000);
        const ours = builtinNames(v);
        // (a module's own globals, `__doc__`, `__spec__` ..., are found before the builtins)
        const globals = runSource('print(*sorted(globals()))\n', { version: v }).stdout.trim().split(' ');
        assert.ok(globals.includes('__name__'), globals.join(' '));
        const refused = names.filter((n) => !ours.has(n));
        // (eval, exec, compile, memoryview, the OSError subclasses ... : the list shrinks as the
        // simulator models more)
        assert.ok(refused.includes('eval') && refused.length < names.length / 2, `${refused.length} refused`);
        for (const name of names) {
          const r = load(name, v);
          if (ours.has(name) || globals.includes(name)) {
            assert.strictEqual(r.stdout, 'before\ndefined\n', name);
            continue;
          }
          assert.strictEqual(r.stdout, 'before\n', name);
          assert.deepStrictEqual(
            { kind: r.error?.kind, line: r.error?.line, message: r.error?.message },
            { kind: 'unsupported', line: 2, message: `the built-in \`${name}\` is not supported by the simulator (line 2)` },
            name,
          );
        }
      });
      it('defines no builtin that CPython lacks', () => {
        assert.deepStrictEqual([...builtinNames(v)].filter((n) => !names.includes(n)), []);
      });
    });
  }

  it('a name that neither has is a NameError, as in CPython', () => {
    const r = runSource('print(evall)\n', { version: '3.12' });
    assert.strictEqual(r.exitCode, 1);
    assert.strictEqual(r.error?.kind, 'exception');
    assert.match(r.stderr, /NameError: name 'evall' is not defined/);
  });

  it('uses the program\'s own definition of a name it would refuse', () => {
    const r = runSource('def eval(s):\n    return len(s)\nprint(eval("abc"))\nclass memoryview:\n    pass\nprint(memoryview.__name__)\n', { version: '3.12' });
    assert.strictEqual(r.exitCode, 0, r.stderr);
    assert.strictEqual(r.stdout, '3\nmemoryview\n');
  });

  it('a refusal is not an exception the program can catch', () => {
    const r = runSource('try:\n    exec("x = 1")\nexcept Exception:\n    print("caught")\n', { version: '3.12' });
    assert.strictEqual(r.stdout, '');
    assert.deepStrictEqual({ kind: r.error?.kind, line: r.error?.line }, { kind: 'unsupported', line: 2 });
  });

  it('refuses open() and the subclasses of a built-in type, naming the line', () => {
    const files = runSource('x = 1\ntry:\n    open("data.txt")\nexcept OSError:\n    print("no file")\n', { version: '3.12' });
    assert.deepStrictEqual(
      { stdout: files.stdout, kind: files.error?.kind, line: files.error?.line, message: files.error?.message },
      { stdout: '', kind: 'unsupported', line: 3, message: '`open()` (files) is not supported by the simulator (line 3)' },
    );
    const subs = runSource('print(len(object.__subclasses__()))\n', { version: '3.12' });
    assert.deepStrictEqual(
      { kind: subs.error?.kind, line: subs.error?.line, message: subs.error?.message },
      { kind: 'unsupported', line: 1, message: '`object.__subclasses__()` of a built-in type is not supported by the simulator (line 1)' },
    );
  });

  describe('attributes CPython has and the simulator does not model', () => {
    const refused = (src: string, line: number, construct: string, version: (typeof PY_VERSIONS)[number] = '3.12') => {
      const r = runSource(src, { version, filename: 'a.py' });
      assert.deepStrictEqual(
        { kind: r.error?.kind, line: r.error?.line, message: r.error?.message },
        { kind: 'unsupported', line, message: `${construct} is not supported by the simulator (line ${line})` },
        src,
      );
      return r;
    };
    for (const v of PY_VERSIONS) {
      it(`on ${v}: read, asked with hasattr, read with a default, imported: refused at the line`, () => {
        refused('x = range(3)\nprint(x.__reduce__())\n', 2, '`range.__reduce__`', v);
        refused('import sys\nprint(hasattr(sys, "settrace"))\n', 2, '`sys.settrace`', v);
        refused('class A:\n    pass\nprint(getattr(A(), "__reduce__", None))\n', 3, '`object.__reduce__`', v);
        refused('from sys import settrace\n', 1, '`sys.settrace`', v);
      });
    }
    it('names the line inside the function that reads it', () => {
      const r = refused('def f(r):\n    return r.__reduce__()\nprint("before")\nf(range(2))\n', 2, '`range.__reduce__`');
      assert.strictEqual(r.stdout, 'before\n');
    });
    it('follows the version: a name CPython added later is an AttributeError before it', () => {
      // (object.__getstate__ is new in 3.11)
      const src = 'class A:\n    pass\ntry:\n    A().__getstate__\nexcept AttributeError as e:\n    print(e)\n';
      const old = runSource(src, { version: '3.10' });
      assert.strictEqual(old.stdout, "'A' object has no attribute '__getstate__'\n");
      refused(src, 4, '`object.__getstate__`', '3.11');
    });
    it('an attribute neither has stays an AttributeError, and a class\'s own attributes are the program\'s', () => {
      const r = runSource('class A:\n    pass\nprint(hasattr(A(), "zzz"), getattr(A(), "zzz", 5))\ntry:\n    [].foo\nexcept AttributeError as e:\n    print(e)\n', { version: '3.12' });
      assert.strictEqual(r.exitCode, 0, r.stderr);
      assert.strictEqual(r.stdout, "False 5\n'list' object has no attribute 'foo'\n");
    });
  });
});
