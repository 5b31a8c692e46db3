#!/usr/bin/env python3
"""Record the size-class table of sys._debugmallocstats() for the programs in test/sizeclasses.

Each test/sizeclasses/<name>.py calls sys._debugmallocstats() twice. Every installed CPython 3.8 to
3.13 runs it (as record_fixtures.py runs a fixture: `python3 -X utf8 NAME.py` in its folder, with
PYTHONHASHSEED=0 and PYTHONDONTWRITEBYTECODE=1), and the per-size-class table each call printed
(class, size, num pools, blocks in use, avail blocks) is written to
test/sizeclasses/<name>.expected.json:

    {"3.12": {"release": "3.12.1", "lines": [4, 7], "tables": [[[0, 16, 1, 29, 992], ...], [...]]}}

`lines` are the lines of the two calls. The interpreter's own start-up blocks are in both tables;
the simulator models the program's blocks, so the test (test/engine/allocmap.test.ts) compares what
changed between the two calls.

The start-up's blocks vary by a few from one run to the next with the address space's
randomization (hashes of addresses): where `setarch` is found, the programs run with it turned
off (`setarch -R`), so that recording again gives the same tables.

Usage:
    python3 scripts/record_size_classes.py            # all programs, all versions
    python3 scripts/record_size_classes.py --check    # fail if a recording would change
"""

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from record_fixtures import VERSIONS, find_interpreters, interpreter_path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "test" / "sizeclasses"
ROW = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$")
CALL = "sys._debugmallocstats()"


def tables(stderr):
    """The size-class tables of the stats printed, in order: rows of five ints."""
    out = []
    rows = None
    for line in stderr.splitlines():
        if line.startswith("class   size   num pools"):
            rows = []
            out.append(rows)
            continue
        if rows is None or line.startswith("-----"):
            continue
        m = ROW.match(line)
        if m:
            rows.append([int(g) for g in m.groups()])
        else:
            rows = None
    return out


def record(exe, release, path):
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    cmd = [exe, "-X", "utf8", path.name]
    if shutil.which("setarch"):
        cmd = ["setarch", platform.machine(), "-R"] + cmd
    r = subprocess.run(cmd, cwd=path.parent, capture_output=True, text=True, env=env, timeout=60)
    if r.returncode != 0:
        raise SystemExit(f"{path.name} failed on {release}: {r.stderr[-500:]}")
    lines = [i + 1 for i, l in enumerate(path.read_text().splitlines()) if l.strip() == CALL]
    t = tables(r.stderr)
    if len(t) != len(lines):
        raise SystemExit(f"{path.name} on {release}: {len(t)} tables for {len(lines)} calls")
    return {"release": release, "lines": lines, "tables": t}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    found = find_interpreters()
    changed = []
    for path in sorted(PROGRAMS.glob("*.py")):
        data = {}
        for v in VERSIONS:
            if v in found:
                data[v] = record(interpreter_path(found[v]), found[v], path)
        text = json.dumps(data, indent=1) + "\n"
        out = path.with_suffix(".expected.json")
        old = out.read_text() if out.exists() else None
        if old != text:
            changed.append(out.name)
            if not args.check:
                out.write_text(text)
        print(path.name, "changed" if old != text else "unchanged")
    if args.check and changed:
        print("would change:", ", ".join(changed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
