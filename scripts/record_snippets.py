#!/usr/bin/env python3
"""Record what real CPython evaluates for the expectations of annotated snippets.

For each snippet (default: every *.py under examples/snippets/ and test/snippets/) and each
installed CPython 3.8 to 3.13 (found through `pyenv versions --bare`), asks the simulator's CLI for
the probed program of that version,

    node dist/cli.js check --emit-probed SNIPPET --python 3.12

(the snippet with a probe statement at each point of its annotations: the one implementation of
probe insertion, src/engine/annotations/probe.ts), runs it as `python3 -X utf8 NAME.py` in a
temporary folder with PYTHONHASHSEED=0 and PYTHONDONTWRITEBYTECODE=1, reads the probes' reports
from its stdout, and writes <snippet>.checks.json beside the snippet:

    {"3.12": {"expectations": [{"line": 5, "expression": "sys.getsizeof(x) == 56",
                                "reaches": [{"outcome": "passed", "left": "56", "right": "56"}]}],
              "exitCode": 0, "exception": null, "line": null}, ...}

Each expectation that applies to the version and does not use `mem` (which only the simulator
has) is listed with every reach of its point in order: its outcome ("passed", "failed" or
"error"), the repr() of both sides of a comparison ("left", "right") or of the value ("value"),
or the exception's last traceback line ("error"). Past 1,000 reaches they are counted in
"more". `exception` and `line` are those of an uncaught exception of the run (`line`: the
snippet's line, probes mapped back to their annotation's).

test/engine/check.test.ts checks that the simulator reports the same for every recorded version.
Re-recording gives no diff; never edit a recording by hand.

Usage:
    npm run build && python3 scripts/record_snippets.py            # all snippets, all versions
    python3 scripts/record_snippets.py --python 3.12               # only 3.12 (others kept)
    python3 scripts/record_snippets.py test/snippets/passing.py    # only these files or folders
    python3 scripts/record_snippets.py --check                     # fail if a recording would change
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# the interpreters, and the traceback's File lines, as the fixtures' recorder finds them
from record_fixtures import TIMEOUT, VERSIONS, innermost_line, installed_versions

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = [ROOT / "examples" / "snippets", ROOT / "test" / "snippets"]
CLI = ROOT / "dist" / "cli.js"
MAX_REACHES = 1000

MARK = "\x02pymemsim "
SEP = "\x1f"
END = "\x03\n"


def check_cli_fresh():
    """dist/cli.js must exist and be newer than every source file it is built from."""
    if not CLI.exists():
        sys.exit("dist/cli.js is missing: run `npm run build` first")
    built = CLI.stat().st_mtime
    newest = max((p.stat().st_mtime for p in (ROOT / "src").rglob("*.ts")), default=0)
    if newest > built:
        sys.exit("dist/cli.js is older than src/: run `npm run build` first")


def probed_program(snippet, version):
    proc = subprocess.run(["node", str(CLI), "check", "--emit-probed", str(snippet), "--python", version],
                          capture_output=True, text=True, timeout=TIMEOUT)
    if proc.returncode != 0:
        raise RuntimeError(f"{snippet}: --emit-probed failed: {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def parse_reports(stdout, version):
    """The probes' reports in a run's output, in order: (id, report dict). An exception is its last
    traceback line as the interpreter prints it: qualified by its module unless builtins (and, from
    3.11, __main__)."""
    reports = []
    at = 0
    while True:
        start = stdout.find(MARK, at)
        if start < 0:
            break
        end = stdout.find(END, start)
        if end < 0:
            break
        nxt = stdout.find(MARK, start + len(MARK))
        if 0 <= nxt < end:
            # a report cut short by the next one: dropped, as the checker does
            at = nxt
            continue
        record = stdout[start + len(MARK):end]
        at = end + len(END)
        fields = record.split(SEP)
        m = re.fullmatch(r"(\d+) (0|1|E)", fields[0])
        if not m:
            continue
        ident = int(m.group(1))
        if m.group(2) == "E":
            module = fields[1] if len(fields) > 1 else ""
            qualname = fields[2] if len(fields) > 2 else ""
            message = SEP.join(fields[3:])
            plain = ("", "builtins") if version in ("3.8", "3.9", "3.10") else ("", "builtins", "__main__")
            kind = qualname if module in plain else f"{module}.{qualname}"
            reports.append((ident, {"outcome": "error", "error": f"{kind}: {message}" if message else kind}))
        else:
            reports.append((ident, {"outcome": "passed" if m.group(2) == "1" else "failed", "values": fields[1:]}))
    return reports


def uncaught(stderr, filename, line_map):
    """The last traceback line and the snippet's line of its innermost entry (None when none)."""
    lines = [l for l in stderr.splitlines() if l.strip()]
    if not any(l.startswith("Traceback (most recent call last):") for l in lines):
        return None, None
    lineno = innermost_line(lines, filename)
    if lineno is not None and 1 <= lineno <= len(line_map):
        lineno = line_map[lineno - 1]
    return lines[-1], lineno


ADDRESS = re.compile(r" at 0x[0-9a-f]+>")
ID_CALL = re.compile(r"\bid\(")
AN_ID = re.compile(r"\d{9,}")


def masked(value, expression):
    """A value with what differs between any two processes masked, so that re-recording gives no
    diff: the address in a default repr (`<Node object at 0x7f...>`), and the value of `id()` (an
    address), which address-space layout randomization moves. test/engine/check.test.ts masks the
    simulator's values the same way; outcomes are kept as they are."""
    value = ADDRESS.sub(" at 0x\u2026>", value)
    return "an id()" if ID_CALL.search(expression) and AN_ID.fullmatch(value) else value


def record_one(snippet, version, pyenv_name, exe):
    probed = probed_program(snippet, version)
    env = dict(os.environ)
    env.update({"PYENV_VERSION": pyenv_name, "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8"})
    for var in ("PYTHONPATH", "PYTHONSTARTUP", "PYTHONMALLOC", "PYTHONDEVMODE", "PYTHONWARNINGS"):
        env.pop(var, None)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / snippet.name
        path.write_text(probed["source"], encoding="utf-8")
        proc = subprocess.run([exe, "-X", "utf8", path.name], cwd=tmp, env=env, capture_output=True, timeout=TIMEOUT)
    stdout = proc.stdout.decode("utf-8", errors="replace")
    stderr = proc.stderr.decode("utf-8", errors="replace")
    by_id = {}
    for ident, r in parse_reports(stdout, version):
        by_id.setdefault(ident, []).append(r)
    expectations = []
    for p in probed["probes"]:
        if p["simulatorOnly"]:
            continue
        reaches = []
        for r in by_id.get(p["id"], []):
            if r["outcome"] == "error":
                reaches.append({"outcome": "error", "error": r["error"]})
            elif p["op"] is not None:
                left = r["values"][0] if r["values"] else ""
                reaches.append({"outcome": r["outcome"], "left": masked(left, p["expression"]),
                                "right": masked(SEP.join(r["values"][1:]), p["expression"])})
            else:
                reaches.append({"outcome": r["outcome"], "value": masked(SEP.join(r["values"]), p["expression"])})
        entry = {"line": p["line"], "expression": p["expression"], "reaches": reaches[:MAX_REACHES]}
        if len(reaches) > MAX_REACHES:
            entry["more"] = len(reaches) - MAX_REACHES
        expectations.append(entry)
    exception, line = uncaught(stderr, snippet.name, probed["lineMap"])
    return {"expectations": expectations, "exitCode": proc.returncode, "exception": exception, "line": line}


def collect(paths):
    if not paths:
        files = []
        for d in DEFAULT_DIRS:
            if d.is_dir():
                files.extend(sorted(d.rglob("*.py")))
        return files
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
    return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--python", action="append", choices=VERSIONS, help="restrict to this version (repeatable)")
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if any recording would change")
    ap.add_argument("--jobs", type=int, default=2, help="parallel runs (default 2)")
    ap.add_argument("paths", nargs="*", help="snippet files or folders (default: examples/snippets and test/snippets)")
    args = ap.parse_args()

    check_cli_fresh()
    versions, interpreters, exes = installed_versions(args.python or VERSIONS)
    if not versions:
        return 2
    files = collect(args.paths)
    jobs = [(f, v) for f in files for v in versions]

    def work(job):
        f, v = job
        try:
            return job, record_one(f, v, interpreters[v], exes[v])
        except subprocess.TimeoutExpired:
            return job, None

    results = {}
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for (f, v), rec in pool.map(work, jobs):
            if rec is None:
                print(f"{f.relative_to(ROOT)} [{v}]: timed out", file=sys.stderr)
                continue
            results.setdefault(f, {})[v] = rec

    changed = 0
    for f in files:
        out = f.with_suffix(".checks.json")
        old = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
        new = dict(old)
        new.update(results.get(f, {}))
        text = dump(new)
        if out.exists() and out.read_text(encoding="utf-8") == text:
            continue
        changed += 1
        if args.check:
            print(f"would change: {out.relative_to(ROOT)}", file=sys.stderr)
        else:
            out.write_text(text, encoding="utf-8")
            print(f"wrote {out.relative_to(ROOT)}")
    if args.check and changed:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
