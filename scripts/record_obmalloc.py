#!/usr/bin/env python3
"""Record pymalloc (Objects/obmalloc.c) facts from every installed CPython 3.8-3.13.

Writes test/recorded/obmalloc.json, read by test/engine/obmalloc.test.ts. For each version:
  - the text sys._debugmallocstats() writes to stderr, cut at the end of the pymalloc part
    (the free-list lines that follow belong to the object types, not to obmalloc);
  - sys.getallocatedblocks() deltas per object for bytes objects routed to pymalloc,
    to malloc (PyObject_Malloc's fallback) and to an mmap'ed malloc chunk;
  - the smallest in-pool offset of float ids (where a pool's first block lives).

Run from the repository root:  python3 scripts/record_obmalloc.py
Interpreters are found with `pyenv versions --bare`; each is run with PYENV_VERSION set.
"""
import json
import os
import subprocess
import sys

VERSIONS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13']
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'recorded', 'obmalloc.json')

# Runs inside each interpreter; prints one JSON object on stdout.
PROBE = r'''
import gc, io, json, os, sys, tempfile
gc.disable()

def stats_text():
    # _debugmallocstats writes with C stdio to fd 2: capture through a temporary file.
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as f:
        os.dup2(f.fileno(), 2)
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        f.seek(0)
        return f.read().decode()

def blocks_delta(make, n=200):
    keep = [None] * n
    for i in range(n):          # warm up: caches and free lists settle
        keep[i] = make()
    def run(fn):
        keep[:] = [None] * n
        before = sys.getallocatedblocks()
        for i in range(n):
            keep[i] = fn()
        after = sys.getallocatedblocks()
        return after - before
    # the same loop storing None: counts the probe's own blocks (the int `before`, ...)
    baseline = run(lambda: None)
    delta = run(make)
    baseline2 = run(lambda: None)
    run(make)
    size = sys.getsizeof(keep[0])
    return {'getsizeof': size, 'delta_per_object': (delta - baseline) / n,
            'baseline_stable': baseline == baseline2}

# pool size from the stats text, to cut ids into pools
text = stats_text()
pool_size = int(text.split(' unused pools * ')[1].split(' bytes')[0])
floats = [float(i) + 0.5 for i in range(20000)]
offsets = [id(f) % pool_size for f in floats]
per_pool = {}
for f in floats:
    per_pool[id(f) // pool_size] = per_pool.get(id(f) // pool_size, 0) + 1

cut = text.find('\n\n', text.rfind('Total'))
result = {
    'release': '%d.%d.%d' % sys.version_info[:3],
    'debugmallocstats': text[:cut + 1] if cut >= 0 else text,
    'allocated_blocks': {
        'bytes_pymalloc': blocks_delta(lambda: bytes(100)),
        'bytes_malloc': blocks_delta(lambda: bytes(1000)),
        'bytes_mmap': blocks_delta(lambda: bytes(300000), n=20),
    },
    'float_min_pool_offset': min(offsets),
    'float_max_per_pool': max(per_pool.values()),
}
print(json.dumps(result))
'''


def installed():
    out = subprocess.run(['pyenv', 'versions', '--bare'], capture_output=True, text=True, check=True).stdout
    found = {}
    for line in out.split():
        parts = line.strip().split('.')
        if len(parts) >= 2 and '.'.join(parts[:2]) in VERSIONS and parts[-1].isdigit():
            found['.'.join(parts[:2])] = line.strip()
    return found


def main():
    found = installed()
    data = {}
    for key in VERSIONS:
        if key not in found:
            print('missing CPython', key, file=sys.stderr)
            continue
        env = dict(os.environ, PYENV_VERSION=found[key])
        env.pop('PYTHONMALLOC', None)
        out = subprocess.run(['pyenv', 'exec', 'python3', '-c', PROBE], env=env, capture_output=True, text=True, check=True).stdout
        data[key] = json.loads(out)
        print(key, data[key]['release'], file=sys.stderr)
    with open(OUT, 'w') as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    main()
