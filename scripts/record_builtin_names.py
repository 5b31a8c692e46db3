#!/usr/bin/env python3
"""Record the names CPython's builtins define, for every installed CPython 3.8-3.13.

For each interpreter that `pyenv versions --bare` lists (the newest patch release of each minor
version 3.8..3.13), this script records under that interpreter: `sorted(dir(builtins))`; for every
type of the builtins module (object and its subclasses, walked with type.__subclasses__, those
whose __module__ is 'builtins'), the names of its own __dict__; and dir() of the modules the
simulator has (sys, gc, weakref). It writes src/engine/interp/cpythonBuiltins.ts. The simulator
uses these lists to tell a name CPython has but the simulator does not model (`eval`, `exec`,
`memoryview`, `FileNotFoundError`, `range.__reduce__`, `sys.settrace` ...), which it refuses,
from a name that is not defined at all (NameError, AttributeError);
test/engine/builtins-names.test.ts checks that every recorded name is either modelled or refused.

Usage: python3 scripts/record_builtin_names.py
"""
import json
import os
import subprocess

from record_fixtures import VERSIONS as MINORS, find_interpreters, interpreter_path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'src', 'engine', 'interp', 'cpythonBuiltins.ts')


PROBE = """
import builtins, gc, json, sys, weakref
types = {}
stack = [object]
while stack:
    t = stack.pop()
    stack.extend(type.__subclasses__(t))
    if t.__module__ == 'builtins' and t.__name__ not in types:
        types[t.__name__] = sorted(t.__dict__)
modules = {m.__name__: sorted(dir(m)) for m in (sys, gc, weakref)}
print(json.dumps(['%d.%d.%d' % sys.version_info[:3], sorted(dir(builtins)), types, modules]))
"""


def by_versions(per_version):
    """{'3.8': [names], ...} as one list: a name in every version as itself, else 'name|mask' with
    bit i set for MINORS[i]"""
    allnames = sorted(set(n for v in MINORS for n in per_version.get(v, [])))
    out = []
    for n in allnames:
        mask = sum(1 << i for i, v in enumerate(MINORS) if n in per_version.get(v, []))
        out.append(n if mask == (1 << len(MINORS)) - 1 else '%s|%d' % (n, mask))
    return ' '.join(out)


def main():
    found = find_interpreters()
    missing = [v for v in MINORS if v not in found]
    if missing:
        raise SystemExit('no CPython ' + ', '.join(missing) + ' (pyenv versions --bare)')
    names, releases, types, modules = {}, {}, {}, {}
    for v in MINORS:
        out = subprocess.run(
            [interpreter_path(found[v]), '-c', PROBE],
            capture_output=True, text=True, check=True).stdout
        releases[v], names[v], types[v], modules[v] = json.loads(out)
    lines = [
        '// The names in CPython\'s builtins module, per version, as `sorted(dir(builtins))` lists them.',
        '// Recorded by scripts/record_builtin_names.py from CPython ' + ', '.join(releases[v] for v in MINORS) + ';',
        '// do not edit by hand. A name here that the simulator does not define is refused when a program',
        '// loads it (vm.ts missingName), rather than raising a NameError CPython would not raise.',
        '',
        "import type { PyVersion } from '../versions';",
        '',
        'export const CPYTHON_BUILTINS: Readonly<Record<PyVersion, readonly string[]>> = {',
    ]
    for v in MINORS:
        body = ', '.join("'" + n + "'" for n in names[v])
        lines.append("  '" + v + "': [" + body + '],')
    lines.append('};')
    lines.append('')
    lines.append('/** per type of the builtins module, the names of its own __dict__ (type.__dict__), as')
    lines.append(' *  space-separated names, each `name` (every version) or `name|mask` (bit i: the i-th of')
    lines.append(" *  3.8..3.13) */")
    lines.append('export const CPYTHON_TYPE_DICTS: Readonly<Record<string, string>> = {')
    tnames = sorted(set(t for v in MINORS for t in types[v]))
    for t in tnames:
        lines.append('  ' + json.dumps(t) + ': ' + json.dumps(by_versions({v: types[v].get(t, []) for v in MINORS})) + ',')
    lines.append('};')
    lines.append('')
    lines.append('/** dir() of the modules the simulator has, in the same form */')
    lines.append('export const CPYTHON_MODULE_DIRS: Readonly<Record<string, string>> = {')
    for m in sorted(modules[MINORS[0]]):
        lines.append('  ' + json.dumps(m) + ': ' + json.dumps(by_versions({v: modules[v].get(m, []) for v in MINORS})) + ',')
    lines.append('};')
    lines.append('')
    with open(OUT, 'w') as f:
        f.write('\n'.join(lines))
    print('wrote', os.path.relpath(OUT, ROOT))


if __name__ == '__main__':
    main()
