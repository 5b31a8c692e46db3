#!/usr/bin/env python3
"""Record the frame a comprehension's body runs in, with every installed CPython 3.8-3.13.

PEP 709 (CPython 3.12) runs list, set and dict comprehensions inside the frame that contains
them: there is no `<listcomp>` frame any more, and the comprehension's variables are locals of
the enclosing frame while it runs. Generator expressions keep their own frame. This script runs
PROGRAM under each interpreter that `pyenv versions --bare` lists (the newest patch release of
each minor version 3.8..3.13); each `show(tag)` call in it records, for the frame that called it
(sys._getframe(1)), its code's name (f_code.co_name) and the names of its bound locals
(f_locals, without dunder names), sorted. The result goes to
test/recorded/comprehension-frames.json:

    {"program": PROGRAM, "versions": {"3.8": {"release": "3.8.18",
        "probes": {"module-listcomp": {"line": 6, "frame": "<listcomp>", "locals": [".0", "i"]}, ...}}}}

test/engine/replay.test.ts runs PROGRAM in the simulator and checks that, at the line step in
`show`, the frame under it is the frame CPython reported, with the same bound names.

Usage:
    python3 scripts/record_comprehension_frames.py            # record
    python3 scripts/record_comprehension_frames.py --check    # fail if a recording would change
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'test', 'recorded', 'comprehension-frames.json')
MINORS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13']

# Each probe is on its own line; `show` is defined so that the simulator can run the program too
# (where it returns 0 and the test reads the frames at its line step instead).
PROGRAM = '''\
import sys
def show(tag):
    f = sys._getframe(1)
    record(tag, f)
    return 0
x = 'outer'
ys = [show('module-listcomp') + i for i in range(2)]
g = list(show('module-genexpr') + y for y in range(2))
d = {k: show('module-dictcomp') for k in range(2)}
s = {show('module-setcomp') + m for m in range(2)}
zs = [show('module-shadow') + x for x in range(2)]
def f(a):
    b = 1
    r = [show('func-listcomp') + i + j for i in range(2) for j in range(1)]
    n = [[show('func-nested') + k for k in range(1)] for m in range(2)]
    c = [show('func-cell') + q for q in range(2) if (lambda: q)]
    w = [show('func-shadow') + b for b in range(2)]
    return r
f(1)
class C:
    z = [show('class-listcomp') + w for w in range(2)]
'''

RECORDER = '''
import json, sys
out = {}
def record(tag, f):
    names = sorted(k for k in f.f_locals if not (k.startswith('__') and k.endswith('__')))
    out[tag] = {'line': f.f_lineno, 'frame': f.f_code.co_name, 'locals': names}
exec(compile(PROGRAM, 'program.py', 'exec'), {'__name__': '__main__', 'record': record})
print(json.dumps({'release': '%d.%d.%d' % sys.version_info[:3], 'probes': out}))
'''


def interpreters():
    out = subprocess.run(['pyenv', 'versions', '--bare'], capture_output=True, text=True, check=True).stdout.split()
    root = subprocess.run(['pyenv', 'root'], capture_output=True, text=True, check=True).stdout.strip()
    best = {}
    for v in out:
        parts = v.split('.')
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            continue
        minor = '.'.join(parts[:2])
        key = tuple(int(p) for p in parts)
        if minor in MINORS and (minor not in best or key > best[minor]):
            best[minor] = key
    # the interpreter binary itself: a `python3` found through the pyenv shim would pick the
    # version of this process's environment, not the one asked for
    return {m: os.path.join(root, 'versions', '.'.join(map(str, v)), 'bin', 'python3') for m, v in best.items()}


def main():
    versions = {}
    for minor, exe in sorted(interpreters().items(), key=lambda kv: MINORS.index(kv[0])):
        env = dict(os.environ, PYTHONHASHSEED='0', PYTHONDONTWRITEBYTECODE='1')
        code = 'PROGRAM = ' + repr(PROGRAM) + '\n' + RECORDER
        r = subprocess.run([exe, '-c', code], capture_output=True, text=True, env=env, check=True)
        versions[minor] = json.loads(r.stdout)
    # the names the recorder itself adds to the module's namespace are not the program's
    for v in versions.values():
        for p in v['probes'].values():
            p['locals'] = [n for n in p['locals'] if n != 'record']
    text = json.dumps({'program': PROGRAM, 'versions': versions}, indent=1) + '\n'
    if '--check' in sys.argv:
        with open(OUT) as fh:
            if fh.read() != text:
                sys.exit('comprehension-frames.json would change')
        return
    with open(OUT, 'w') as fh:
        fh.write(text)
    print('wrote', os.path.relpath(OUT, ROOT), 'for', ', '.join(versions))


if __name__ == '__main__':
    main()
