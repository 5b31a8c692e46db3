#!/usr/bin/env python3
"""Record how every installed CPython 3.8..3.13 reports each snippet in test/syntax-errors/.

For each `*.py` snippet and each interpreter found by `pyenv versions --bare`, run
`compile(src, name, 'exec')` in that interpreter and record {type, msg, lineno, offset, text}
(or null when it compiles). The result goes to test/syntax-errors/expected.json, which the parser
tests read, so they run where no Python is installed.

Usage: python3 scripts/record_syntax_errors.py
"""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SNIPPETS = os.path.join(ROOT, "test", "syntax-errors")
OUT = os.path.join(SNIPPETS, "expected.json")
WANTED = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"]

PROBE = r"""
import json, sys
out = {}
for path in sys.argv[1:]:
    name = path.replace('\\', '/').rsplit('/', 1)[-1]
    with open(path, encoding='utf-8') as f:
        src = f.read()
    try:
        compile(src, name, 'exec')
        out[name] = None
    except SyntaxError as e:
        text = e.text
        if text is not None:
            text = text.rstrip('\r\n')
        out[name] = {'type': type(e).__name__, 'msg': e.msg, 'lineno': e.lineno,
                     'offset': e.offset, 'text': text}
print(json.dumps(out))
"""


def interpreters():
    bare = subprocess.run(["pyenv", "versions", "--bare"], capture_output=True, text=True, check=True)
    found = {}
    for line in bare.stdout.split():
        m = re.fullmatch(r"(3\.(\d+))\.\d+", line.strip())
        if m and m.group(1) in WANTED:
            found[m.group(1)] = line.strip()
    return found


def main():
    snippets = sorted(
        os.path.join(SNIPPETS, f) for f in os.listdir(SNIPPETS) if f.endswith(".py")
    )
    result = {"releases": {}, "cases": {}}
    for key, release in sorted(interpreters().items(), key=lambda kv: WANTED.index(kv[0])):
        # Ask pyenv for the interpreter's own path: running "python3" from inside a pyenv shim
        # would find the shim's interpreter first on PATH, whatever PYENV_VERSION says.
        env = dict(os.environ, PYENV_VERSION=release)
        exe = subprocess.run(["pyenv", "which", "python3"], env=env, capture_output=True,
                             text=True, check=True).stdout.strip()
        proc = subprocess.run([exe, "-c", PROBE] + snippets, capture_output=True, text=True,
                              check=True)
        version = subprocess.run([exe, "--version"], capture_output=True, text=True,
                                 check=True).stdout.split()[-1]
        assert version == release, (version, release)
        result["releases"][key] = release
        for name, err in json.loads(proc.stdout).items():
            result["cases"].setdefault(name, {})[key] = err
    result["cases"] = dict(sorted(result["cases"].items()))
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"recorded {len(result['cases'])} snippets for {', '.join(result['releases'])} -> {OUT}")


if __name__ == "__main__":
    sys.exit(main())
