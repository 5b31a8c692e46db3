#!/usr/bin/env python3
"""Record what real CPython prints for a batch of the differential fuzzer's programs.

Reads a JSON list of programs, [{"name": "p123", "source": "..."}, ...], from the file given as
the first argument, runs each program with every requested CPython (3.8 to 3.13, found through
pyenv like scripts/record_fixtures.py) and writes to stdout:

    {"p123": {"3.12": {"stdout": ..., "exitCode": 0, "exception": null, "line": null}, ...}
             or {"hashDependent": true}, ...}

Each program runs in its own process, as `python3 -X utf8 NAME.py` in a scratch folder with
PYTHONDONTWRITEBYTECODE=1, like a fixture: one process per program, since refcounts, the free
lists and the collector's generations would carry over between programs run in one process. The
runs go in parallel (--jobs). A program runs twice per version, with PYTHONHASHSEED=0 and
PYTHONHASHSEED=1; when the two differ (the order of a set or dict of str/bytes), the program is
marked hashDependent and not recorded. The recording kept is the one with PYTHONHASHSEED=0.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from record_fixtures import VERSIONS, find_interpreters, interpreter_path, parse_traceback  # noqa: E402

TIMEOUT = 30


def run(pyenv_name, exe, folder, filename, seed):
    env = dict(os.environ)
    env.update({
        "PYENV_VERSION": pyenv_name,
        "PYTHONHASHSEED": str(seed),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
    })
    for var in ("PYTHONPATH", "PYTHONSTARTUP", "PYTHONMALLOC", "PYTHONDEVMODE", "PYTHONWARNINGS"):
        env.pop(var, None)
    try:
        proc = subprocess.run([exe, "-X", "utf8", filename], cwd=folder, env=env, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None
    stdout = proc.stdout.decode("utf-8", "surrogateescape")
    stderr = proc.stderr.decode("utf-8", "surrogateescape")
    exception, line = parse_traceback(stderr, filename)
    return {"stdout": stdout, "exitCode": proc.returncode, "exception": exception, "line": line}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("programs", help="JSON file: [{name, source}, ...]")
    ap.add_argument("--python", action="append", choices=VERSIONS, help="restrict to this version (repeatable)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 4)
    args = ap.parse_args()

    programs = json.loads(Path(args.programs).read_text(encoding="utf-8"))
    interpreters = find_interpreters()
    versions = [v for v in (args.python or VERSIONS) if v in interpreters]
    missing = [v for v in (args.python or VERSIONS) if v not in interpreters]
    if missing:
        print("missing interpreters: " + ", ".join(missing), file=sys.stderr)
    exes = {v: interpreter_path(interpreters[v]) for v in versions}

    with tempfile.TemporaryDirectory() as folder:
        for p in programs:
            Path(folder, p["name"] + ".py").write_text(p["source"], encoding="utf-8")
        jobs = [(p["name"], v, seed) for p in programs for v in versions for seed in (0, 1)]

        def work(job):
            name, v, seed = job
            return job, run(interpreters[v], exes[v], folder, name + ".py", seed)

        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            results = dict(pool.map(work, jobs))

    out = {}
    for p in programs:
        name = p["name"]
        rec = {}
        for v in versions:
            a, b = results[(name, v, 0)], results[(name, v, 1)]
            if a is None or b is None:
                rec = {"timeout": True}
                break
            if a != b:
                rec = {"hashDependent": True}
                break
            rec[v] = a
        out[name] = rec
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
