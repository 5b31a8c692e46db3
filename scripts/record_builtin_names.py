#!/usr/bin/env python3
"""Record the names of CPython's builtins module for every installed CPython 3.8-3.13.

For each interpreter that `pyenv versions --bare` lists (the newest patch release of each minor
version 3.8..3.13), this script runs `sorted(dir(builtins))` under that interpreter and writes
src/engine/interp/cpythonBuiltins.ts, keyed '3.8'..'3.13'. The simulator uses the list to tell a
name that CPython has but the simulator does not model (`eval`, `exec`, `memoryview`,
`FileNotFoundError` ...), which it refuses, from a name that is not defined at all (NameError);
test/engine/builtins-names.test.ts checks that every recorded name is either modelled or refused.

Usage: python3 scripts/record_builtin_names.py
"""
import json
import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'src', 'engine', 'interp', 'cpythonBuiltins.ts')
MINORS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13']


def interpreters():
    out = subprocess.run(['pyenv', 'versions', '--bare'], capture_output=True, text=True, check=True).stdout
    found = {}
    for name in out.split():
        m = re.fullmatch(r'(3\.\d+)\.(\d+)', name.strip())
        if not m or m.group(1) not in MINORS:
            continue
        if m.group(1) not in found or int(m.group(2)) > found[m.group(1)][0]:
            found[m.group(1)] = (int(m.group(2)), name)
    return {k: n for k, (_, n) in found.items()}


def main():
    found = interpreters()
    missing = [v for v in MINORS if v not in found]
    if missing:
        raise SystemExit('no CPython ' + ', '.join(missing) + ' (pyenv versions --bare)')
    names = {}
    releases = {}
    for v in MINORS:
        prefix = subprocess.run(['pyenv', 'prefix', found[v]], capture_output=True, text=True, check=True).stdout.strip()
        out = subprocess.run(
            [os.path.join(prefix, 'bin', 'python3'), '-c', 'import builtins, json, sys; print(json.dumps(["%d.%d.%d" % sys.version_info[:3], sorted(dir(builtins))]))'],
            capture_output=True, text=True, check=True).stdout
        releases[v], names[v] = json.loads(out)
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
    with open(OUT, 'w') as f:
        f.write('\n'.join(lines))
    print('wrote', os.path.relpath(OUT, ROOT))


if __name__ == '__main__':
    main()
