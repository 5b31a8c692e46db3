#!/usr/bin/env python3
"""Record what real CPython prints for every fixture snippet.

Runs each test/fixtures/<topic>/<name>.py (and each test/hostile/<category>/<name>.py, the
hostile-input suite, and each examples/snippets/<name>.py, the tutorial's annotated snippets) with
every installed CPython 3.8 to 3.13 (found through `pyenv versions --bare`) and writes
<name>.expected.json next to it:

    {"3.8": {"stdout": ..., "exitCode": 0, "exception": null, "line": null}, ..., "3.13": {...}}

`exception` is the last line of the traceback for an uncaught exception (e.g.
"ZeroDivisionError: division by zero") and `line` the line number of the innermost traceback entry
in the fixture file. A hostile program may also end without a traceback (a SyntaxError of the
whole file, "s_push: parser stack overflow", a crash): then `exception` is the last line of stderr
and `line` the line of its last `File "NAME.py", line N` entry (null when none). Each snippet runs as `python3 -X utf8 NAME.py` in its own folder with
PYTHONHASHSEED=0 and PYTHONDONTWRITEBYTECODE=1, so the recording is stable: re-recording gives
no diff.

The hostile-input suite, test/hostile/<category>/<name>.py, is recorded the same way. A snippet
with a header line `# pymemsim: memory-limit=<N>MB` runs under RLIMIT_AS set to the interpreter's
address space at start-up plus N MiB (as the simulator counts its memory limit beyond start-up),
so that MemoryError happens at the same line.

Usage:
    python3 scripts/record_fixtures.py                      # all fixtures, all versions
    python3 scripts/record_fixtures.py --python 3.12        # only 3.12 (other versions kept)
    python3 scripts/record_fixtures.py test/fixtures/sizes  # only these files or folders
    python3 scripts/record_fixtures.py examples/snippets    # only the tutorial's snippets
    python3 scripts/record_fixtures.py --check              # fail if a recording would change
"""

import argparse
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "test" / "fixtures"
HOSTILE = ROOT / "test" / "hostile"
SNIPPETS = ROOT / "examples" / "snippets"
MEMORY_LIMIT = re.compile(rb"^# pymemsim: memory-limit=(\d+)MB\s*$", re.M)
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


def interpreter_path(pyenv_name):
    """The interpreter binary itself (skipping the pyenv shim makes runs several times faster)."""
    prefix = subprocess.run(["pyenv", "prefix", pyenv_name], capture_output=True, text=True, check=True).stdout.strip()
    exe = Path(prefix) / "bin" / "python3"
    return str(exe) if exe.exists() else "python3"


def installed_versions(wanted):
    """Of the wanted versions, those installed (the others said on stderr), with their pyenv names
    and their interpreter binaries."""
    interpreters = find_interpreters()
    missing = [v for v in wanted if v not in interpreters]
    if missing:
        print("missing interpreters: " + ", ".join(missing), file=sys.stderr)
    versions = [v for v in wanted if v in interpreters]
    return versions, interpreters, {v: interpreter_path(interpreters[v]) for v in versions}


SYNTAX_ERROR = re.compile(r"^(SyntaxError|IndentationError|TabError): ")


def innermost_line(lines, filename):
    """The line of the last `File "NAME", line N` entry for `filename` (None when there is none)."""
    lineno = None
    for l in lines:
        m = FILE_LINE.match(l)
        if m and os.path.basename(m.group(1)) == filename:
            lineno = int(m.group(2))
    return lineno


def parse_traceback(stderr, filename):
    """The traceback's last line and the line of its innermost entry in `filename`; for a file
    that does not compile, the SyntaxError's last line and its `File` line (None when it has none)."""
    lines = [l for l in stderr.splitlines() if l.strip()]
    traceback = any(l.startswith("Traceback (most recent call last):") for l in lines)
    if not lines or not (traceback or SYNTAX_ERROR.match(lines[-1])):
        return None, None
    return lines[-1], innermost_line(lines, filename)


def parse_failure(stderr, filename):
    """For a hostile program that failed without a traceback: the last line of stderr and the line
    of its last `File "NAME", line N` entry (a SyntaxError of the whole file prints one)."""
    lines = [l for l in stderr.splitlines() if l.strip()]
    if not lines:
        return None, None
    return lines[-1], innermost_line(lines, filename)


def is_hostile(path):
    return HOSTILE in path.resolve().parents


_startup_vm = {}


def startup_address_space(exe):
    """VmSize of the interpreter once started (what a memory-limit header adds to)."""
    if exe not in _startup_vm:
        out = subprocess.run([exe, "-X", "utf8", "-c", "print(open('/proc/self/status').read())"],
                             capture_output=True, text=True, check=True).stdout
        _startup_vm[exe] = int(re.search(r"VmSize:\s+(\d+) kB", out).group(1)) * 1024
    return _startup_vm[exe]


def limit_preexec(exe, path):
    """For a snippet with a memory-limit header: set RLIMIT_AS in the child before it starts."""
    # (read as bytes: some fixtures are deliberately not UTF-8)
    m = MEMORY_LIMIT.search(path.read_bytes())
    if not m:
        return None
    limit = startup_address_space(exe) + int(m.group(1)) * 2**20

    def preexec():
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return preexec


def run_one(pyenv_name, exe, path):
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
        [exe, "-X", "utf8", path.name],
        cwd=str(path.parent), env=env, capture_output=True, timeout=TIMEOUT,
        preexec_fn=limit_preexec(exe, path),
    )
    stdout = proc.stdout.decode("utf-8")
    # messages that name the script by its absolute path (3.9+) name it as it was run
    stderr = proc.stderr.decode("utf-8").replace(str(path.parent) + os.sep, "")
    exception, line = parse_traceback(stderr, path.name)
    if exception is None and proc.returncode != 0 and is_hostile(path):
        exception, line = parse_failure(stderr, path.name)
    return {"stdout": stdout, "exitCode": proc.returncode, "exception": exception, "line": line}, stderr


def collect(paths):
    if not paths:
        return sorted(FIXTURES.glob("*/*.py")) + sorted(HOSTILE.glob("*/*.py")) + sorted(SNIPPETS.glob("*.py"))
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
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if any recording would change")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 4, help="parallel runs (default: CPU count)")
    ap.add_argument("paths", nargs="*", help="fixture files or folders (default: all)")
    args = ap.parse_args()

    versions, interpreters, exes = installed_versions(args.python or VERSIONS)
    if not versions:
        return 2

    files = collect(args.paths)
    jobs = [(path, v) for path in files for v in versions]

    def work(job):
        path, v = job
        try:
            return job, run_one(interpreters[v], exes[v], path)
        except subprocess.TimeoutExpired:
            return job, None

    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = dict(pool.map(work, jobs))

    changed, timeouts, uncaught, problems = 0, 0, 0, []
    for path in files:
        rel = path.relative_to(ROOT)
        out_path = path.with_suffix(".expected.json")
        old_text = out_path.read_text(encoding="utf-8") if out_path.exists() else None
        data = json.loads(old_text) if old_text else {}
        ends_with_exception = False
        for v in versions:
            res = results[(path, v)]
            if res is None:
                problems.append(f"timeout: {rel} [{v}]")
                timeouts += 1
                continue
            rec, stderr = res
            # keys inside a record in sorted order, so the file is stable
            data[v] = {k: rec[k] for k in sorted(rec)}
            if rec["exception"] is not None:
                ends_with_exception = True
            if rec["exitCode"] != 0 and rec["exception"] is None and not is_hostile(path):
                problems.append(f"exit {rec['exitCode']} without a traceback: {rel} [{v}]\n{stderr}")
            if rec["exitCode"] == 0 and stderr.strip():
                problems.append(f"stderr output: {rel} [{v}]\n{stderr}")
        uncaught += ends_with_exception
        new_text = dump(data)
        if new_text != old_text:
            changed += 1
            if args.check:
                print(f"differs: {rel}")
            else:
                out_path.write_text(new_text, encoding="utf-8")

    recordings = (sorted(FIXTURES.glob("*/*.expected.json")) + sorted(HOSTILE.glob("*/*.expected.json"))
                  + sorted(SNIPPETS.glob("*.expected.json")))
    for orphan in recordings:
        if not orphan.with_name(orphan.name[: -len(".expected.json")] + ".py").exists():
            problems.append(f"recording without a snippet (delete it): {orphan.relative_to(ROOT)}")
    for p in problems:
        print(p, file=sys.stderr)
    verb = "would change" if args.check else "written"
    print(f"{len(files)} fixtures x {len(versions)} versions "
          f"({', '.join(interpreters[v] for v in versions)}): {changed} file(s) {verb}, "
          f"{uncaught} ending with an uncaught exception, {timeouts} timeout(s), {len(problems)} problem(s)")
    if args.check and changed:
        return 1
    return 1 if timeouts else 0


if __name__ == "__main__":
    sys.exit(main())
