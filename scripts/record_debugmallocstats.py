#!/usr/bin/env python3
"""Record the whole text of sys._debugmallocstats() (pymalloc statistics, then the free lists) of
every installed CPython 3.8-3.13 into test/recorded/debugmallocstats.json, for the tests that check
the simulator prints the same sections, lines and columns."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'test', 'recorded', 'debugmallocstats.json')


def interpreters():
    names = subprocess.run(['pyenv', 'versions', '--bare'], capture_output=True, text=True, check=True).stdout.split()
    found = {}
    for n in names:
        parts = n.split('.')
        if len(parts) == 3 and parts[0] == '3' and 8 <= int(parts[1]) <= 13 and parts[2].isdigit():
            found['3.' + parts[1]] = n
    return found


def main():
    out = {}
    for key, release in sorted(interpreters().items(), key=lambda kv: int(kv[0].split('.')[1])):
        prefix = subprocess.run(['pyenv', 'prefix', release], capture_output=True, text=True, check=True).stdout.strip()
        env = dict(os.environ, PYTHONHASHSEED='0')
        r = subprocess.run([os.path.join(prefix, 'bin', 'python3'), '-c', 'import sys; sys._debugmallocstats()'],
                           capture_output=True, text=True, env=env, check=True)
        out[key] = {'release': release, 'text': r.stderr}
        print(key, release, len(r.stderr.splitlines()), 'lines')
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
