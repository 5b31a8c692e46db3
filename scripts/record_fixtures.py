#!/usr/bin/env python3
"""Record what real CPython prints for every fixture snippet.

Runs each test/fixtures/<topic>/<name>.py with every installed CPython 3.8 to 3.13 (found through
`pyenv versions --bare`) and writes test/fixtures/<topic>/<name>.expected.json:

    {"3.8": {"stdout": ..., "exitCode": 0, "exception": null, "line": null}, ..., "3.13": {...}}

`exception` is the last line of the traceback for an uncaught exception (e.g.
"ZeroDivisionError: division by zero") and `line` the line number of the innermost traceback entry
in the fixture file. Each snippet runs as `python3 -X utf8 NAME.py` in its own folder with
PYTHONHASHSEED=0 and PYTHONDONTWRITEBYTECODE=1, so the recording is stable: re-recording gives
no diff.

Usage:
    python3 scripts/record_fixtures.py                      # all fixtures, all versions
    python3 scripts/record_fixtures.py --python 3.12        # only 3.12 (other versions kept)
    python3 scripts/record_fixtures.py test/fixtures/sizes  # only these files or folders
    python3 scripts/record_fixtures.py --check              # fail if a recording would change
"""

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "test" / "fixtures"
VERSIONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"]
TIMEOUT = 60

FILE_LINE = re.compile(r'^  File "([^"]*)", line (\d+)')


def find_interpreters():
    """Map '3.X' to a pyenv version name '3.X.Y' (the newest patch release when several)."""
    out = subprocess.run(["pyenv", "versions", "--bare"], capture_output=True, text=True, check=True).stdout
    found = {}
    for name in out.split():
        m = re.fullmatch(r"(3\.\d+)\.(\d+)", name.strip())
        if not m or m.group(1) not in VERSIONS:
            continue
        key, patch = m.group(1), int(m.group(2))
        if key not in found or patch > found[key][0]:
            found[key] = (patch, name)
    return {key: name for key, (_, name) in found.items()}


def parse_traceback(stderr, filename):
    """The traceback's last line and the line of its innermost entry in `filename`."""
    lines = [l for l in stderr.splitlines() if l.strip()]
    if not lines or not any(l.startswith("Traceback (most recent call last):") for l in lines):
        return None, None
    last = lines[-1]
    lineno = None
    for l in lines:
        m = FILE_LINE.match(l)
        if m and os.path.basename(m.group(1)) == filename:
            lineno = int(m.group(2))
    return last, lineno


def run_one(pyenv_name, path):
    env = dict(os.environ)
    env.update({
        "PYENV_VERSION": pyenv_name,
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
    })
    for var in ("PYTHONPATH", "PYTHONSTARTUP", "PYTHONMALLOC", "PYTHONDEVMODE", "PYTHONWARNINGS"):
        env.pop(var, None)
    proc = subprocess.run(
        ["python3", "-X", "utf8", path.name],
        cwd=str(path.parent), env=env, capture_output=True, timeout=TIMEOUT,
    )
    stdout = proc.stdout.decode("utf-8")
    stderr = proc.stderr.decode("utf-8")
    exception, line = parse_traceback(stderr, path.name)
    return {"stdout": stdout, "exitCode": proc.returncode, "exception": exception, "line": line}, stderr


def collect(paths):
    if not paths:
        return sorted(FIXTURES.glob("*/*.py"))
    files = []
    for p in paths:
        p = Path(p).resolve()
        if p.is_dir():
            files.extend(sorted(p.rglob("*.py")))
        elif p.suffix == ".py":
            files.append(p)
    return files


def dump(data):
    ordered = {v: data[v] for v in VERSIONS if v in data}
    return json.dumps(ordered, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--python", action="append", choices=VERSIONS, help="restrict to this version (repeatable)")
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if any recording differs")
    ap.add_argument("paths", nargs="*", help="fixture files or folders (default: all)")
    args = ap.parse_args()

    interpreters = find_interpreters()
    wanted = args.python or VERSIONS
    missing = [v for v in wanted if v not in interpreters]
    if missing:
        print("missing interpreters: " + ", ".join(missing), file=sys.stderr)
    versions = [v for v in wanted if v in interpreters]
    if not versions:
        return 2

    files = collect(args.paths)
    changed, failed, unexpected = 0, 0, []
    for path in files:
        out_path = path.with_suffix(".expected.json")
        old_text = out_path.read_text(encoding="utf-8") if out_path.exists() else None
        data = json.loads(old_text) if old_text else {}
        for v in versions:
            try:
                rec, stderr = run_one(interpreters[v], path)
            except subprocess.TimeoutExpired:
                print(f"TIMEOUT {path.relative_to(ROOT)} [{v}]", file=sys.stderr)
                failed += 1
                continue
            # Each key inside a record is written in a fixed order (sorted).
            data[v] = {k: rec[k] for k in sorted(rec)}
            if rec["exitCode"] != 0 and rec["exception"] is None:
                unexpected.append(f"{path.relative_to(ROOT)} [{v}]: exit {rec['exitCode']}\n{stderr}")
        new_text = dump(data)
        if new_text != old_text:
            changed += 1
            if args.check:
                print(f"differs: {path.relative_to(ROOT)}")
            else:
                out_path.write_text(new_text, encoding="utf-8")

    for u in unexpected:
        print("no traceback: " + u, file=sys.stderr)
    by_exit = sum(1 for p in files if any(
        json.loads(p.with_suffix(".expected.json").read_text(encoding="utf-8")).get(v, {}).get("exitCode")
        for v in versions) ) if not args.check else 0
    print(f"{len(files)} fixtures x {len(versions)} versions ({', '.join(interpreters[v] for v in versions)}): "
          f"{changed} recording(s) {'differ' if args.check else 'written'}, {failed} timeout(s)"
          + ("" if args.check else f", {by_exit} ending with an uncaught exception"))
    if args.check and changed:
        return 1
    return 1 if failed or unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
