// The `pymemsim` command line: argument parsing (pure), the rendering of errors and summaries,
// and whole runs of the bundled CLI (dist/cli.js) in a child process.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliCommand, parseCommand, usageErrorText } from '../../src/cli/args';
import { execute } from '../../src/cli/pymemsim';
import { formatSummary, renderSyntaxError, scriptFilename, unsupportedMessage } from '../../src/engine/report';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

describe('pymemsim arguments', () => {
  it('parses run with its defaults', () => {
    assert.deepStrictEqual(parseCommand(['run', 'x.py']), {
      kind: 'run',
      file: 'x.py',
      version: '3.12',
      maxSteps: 10_000_000,
      memoryLimitMb: 256,
      summary: false,
      trace: false,
    });
  });

  it('parses --memory-limit in MiB or with a unit, and refuses other text', () => {
    const limit = (args: string[]) => (parseCommand(['run', 'a.py', ...args]) as { memoryLimitMb?: number }).memoryLimitMb;
    assert.strictEqual(limit(['--memory-limit', '300']), 300);
    assert.strictEqual(limit(['--memory-limit', '300M']), 300);
    assert.strictEqual(limit(['-m', '2G']), 2048);
    assert.strictEqual(limit(['--memory-limit=512MiB']), 512);
    assert.strictEqual(limit(['-m', '1024K']), 1);
    assert.strictEqual(limit(['-m', '0']), 0);
    for (const bad of ['-1', 'lots', '1.5G', '12T', '']) {
      const c = parseCommand(['run', 'a.py', `--memory-limit=${bad}`]);
      assert.strictEqual(c.kind, 'usage-error', bad);
      assert.match((c as { message: string }).message, /^--memory-limit needs a size such as 512M or 2G/);
    }
  });

  it('parses every run option, long and short, before or after FILE', () => {
    const expected: CliCommand = { kind: 'run', file: 'a.py', version: '3.8', maxSteps: 5000, memoryLimitMb: 256, summary: true, trace: true };
    assert.deepStrictEqual(parseCommand(['run', 'a.py', '--python', '3.8', '--max-steps', '5000', '--summary', '--trace']), expected);
    assert.deepStrictEqual(parseCommand(['run', '-p', '3.8', '-n', '5000', '-s', '-t', 'a.py']), expected);
    assert.deepStrictEqual(parseCommand(['run', '--python=3.8', '--max-steps=5000', '--summary', '--trace', 'a.py']), expected);
  });

  it('parses map with its defaults and options', () => {
    assert.deepStrictEqual(parseCommand(['map', 'x.py']), { kind: 'map', file: 'x.py', version: '3.12', maxSteps: 10_000_000, memoryLimitMb: 256, step: null });
    const expected: CliCommand = { kind: 'map', file: 'a.py', version: '3.10', maxSteps: 900, memoryLimitMb: 256, step: 0 };
    assert.deepStrictEqual(parseCommand(['map', 'a.py', '--python', '3.10', '--step', '0', '--max-steps', '900']), expected);
    assert.deepStrictEqual(parseCommand(['map', '-p', '3.10', '-N', '0', '-n', '900', 'a.py']), expected);
    assert.deepStrictEqual(parseCommand(['map', '--help']), { kind: 'help', topic: 'map' });
    assert.deepStrictEqual(parseCommand(['help', 'map']), { kind: 'help', topic: 'map' });
    const errors: [string[], RegExp][] = [
      [['map'], /^missing FILE to map$/],
      [['map', 'a.py', '--step', '-1'], /./],
      [['map', 'a.py', '--step', 'x'], /^--step needs a non-negative whole number, not 'x'$/],
      [['map', 'a.py', '--summary'], /^unknown option '--summary'$/],
      [['map', 'a.py', '--python', '2.7'], /unsupported Python version '2\.7'/],
    ];
    for (const [argv, re] of errors) {
      const cmd = parseCommand(argv);
      assert.strictEqual(cmd.kind, 'usage-error', argv.join(' '));
      assert.match(cmd.kind === 'usage-error' ? cmd.message : '', re, argv.join(' '));
    }
  });

  it('documents map and --trace in the help texts', () => {
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: () => undefined, readFile: () => '' };
    execute(parseCommand(['--help']), io);
    execute(parseCommand(['run', '--help']), io);
    execute(parseCommand(['map', '--help']), io);
    const text = out.join('');
    assert.match(text, /^ {2}map FILE +show the simulated memory/m);
    assert.match(text, /^ {2}-t, --trace +record the step trace/m);
    assert.match(text, /^Usage: pymemsim map FILE \[--python [0-9.|]+\] \[--step N\]/m);
  });

  it('accepts every supported version', () => {
    for (const v of ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13']) {
      const cmd = parseCommand(['run', 'x.py', '--python', v]);
      assert.strictEqual(cmd.kind === 'run' && cmd.version, v);
    }
  });

  it('gives help and the version', () => {
    assert.deepStrictEqual(parseCommand(['--help']), { kind: 'help', topic: 'main' });
    assert.deepStrictEqual(parseCommand(['-h']), { kind: 'help', topic: 'main' });
    assert.deepStrictEqual(parseCommand(['run', '--help']), { kind: 'help', topic: 'run' });
    assert.deepStrictEqual(parseCommand(['run', 'x.py', '-h']), { kind: 'help', topic: 'run' });
    assert.deepStrictEqual(parseCommand(['help', 'run']), { kind: 'help', topic: 'run' });
    assert.deepStrictEqual(parseCommand(['--version']), { kind: 'version' });
    assert.deepStrictEqual(parseCommand(['-V']), { kind: 'version' });
  });

  it('rejects a bad version', () => {
    const cmd = parseCommand(['run', 'x.py', '--python', '3.7']);
    assert.strictEqual(cmd.kind, 'usage-error');
    assert.match(cmd.kind === 'usage-error' ? cmd.message : '', /unsupported Python version '3\.7' \(choose one of 3\.8, .*3\.13\)/);
  });

  it('rejects a missing file, extra files, bad flags, bad step counts and unknown commands', () => {
    const errors: [string[], RegExp][] = [
      [['run'], /^missing FILE to run$/],
      [['run', 'a.py', 'b.py'], /^expected one FILE, got 2/],
      [['run', 'a.py', '--frobnicate'], /^unknown option '--frobnicate'$/],
      [['run', 'a.py', '--python'], /^option --python needs a value$/],
      [['run', 'a.py', '--max-steps', '0'], /^--max-steps needs a positive whole number, not '0'$/],
      [['run', 'a.py', '--max-steps', '1e3'], /positive whole number/],
      [['run', 'a.py', '--max-steps', '-5'], /./],
      [['walk', 'a.py'], /^unknown command 'walk'$/],
      [['--bogus'], /^unknown option '--bogus'$/],
      [[], /^missing command$/],
    ];
    for (const [argv, re] of errors) {
      const cmd = parseCommand(argv);
      assert.strictEqual(cmd.kind, 'usage-error', argv.join(' '));
      assert.match(cmd.kind === 'usage-error' ? cmd.message : '', re, argv.join(' '));
    }
  });

  it('prints usage errors with the usage line and a pointer to the help, exit 2', () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), readFile: () => '' };
    assert.strictEqual(execute(parseCommand(['run', 'x.py', '--python', '2.7']), io), 2);
    assert.deepStrictEqual(out, []);
    assert.match(err.join(''), /^Usage: pymemsim run FILE .*\npymemsim: error: unsupported Python version '2\.7'.*\nTry 'pymemsim run --help' for more information\.\n$/);
    assert.strictEqual(usageErrorText('x', 'main').split('\n')[2], "Try 'pymemsim --help' for more information.");
  });

  it('reports an unreadable file as python does, exit 2', () => {
    const err: string[] = [];
    const io = {
      stdout: () => undefined,
      stderr: (t: string) => err.push(t),
      readFile: (f: string) => fs.readFileSync(f, 'utf8'),
    };
    assert.strictEqual(execute(parseCommand(['run', path.join(os.tmpdir(), 'no-such-file-pymemsim.py')]), io), 2);
    assert.match(err.join(''), /^pymemsim: can't open file '.*no-such-file-pymemsim\.py': \[Errno 2\] No such file or directory\n$/);
  });
});

describe('pymemsim rendering', () => {
  // expected texts recorded from `python3 FILE` with CPython 3.8.18 and 3.12.1
  it('renders a syntax error with its caret as CPython does', () => {
    const err = { type: 'SyntaxError', message: 'invalid syntax', line: 3, offset: 9, text: '    y = = 2' };
    const expected = '  File "a.py", line 3\n    y = = 2\n        ^\nSyntaxError: invalid syntax\n';
    assert.strictEqual(renderSyntaxError({ version: '3.12', filename: 'a.py' }, err, ''), expected);
    assert.strictEqual(renderSyntaxError({ version: '3.8', filename: 'a.py' }, err, ''), expected);
  });

  it('leaves out the caret inside the indentation from 3.9 on, puts it at column 0 on 3.8', () => {
    const err = { type: 'IndentationError', message: 'unexpected indent', line: 3, offset: 3, text: '   x = 2' };
    assert.strictEqual(
      renderSyntaxError({ version: '3.12', filename: '/t/b.py' }, err, ''),
      '  File "/t/b.py", line 3\n    x = 2\nIndentationError: unexpected indent\n',
    );
    assert.strictEqual(
      renderSyntaxError({ version: '3.8', filename: 'b.py' }, err, ''),
      '  File "b.py", line 3\n    x = 2\n    ^\nIndentationError: unexpected indent\n',
    );
  });

  it('takes the line from the source when the error has no text, and spans end offsets', () => {
    const src = 'x = 1\nprint(x +* 2)\n';
    assert.strictEqual(
      renderSyntaxError({ version: '3.11', filename: 'c.py' }, { type: 'SyntaxError', message: 'invalid syntax', line: 2, offset: 9, endOffset: 11 }, src),
      '  File "c.py", line 2\n    print(x +* 2)\n            ^^\nSyntaxError: invalid syntax\n',
    );
  });

  it('names the script as python does: as given on 3.8, absolute from 3.9', () => {
    const abs = (p: string) => `/abs/${p}`;
    assert.strictEqual(scriptFilename('x.py', '3.8', abs), 'x.py');
    assert.strictEqual(scriptFilename('x.py', '3.9', abs), '/abs/x.py');
    assert.strictEqual(scriptFilename('x.py', '3.13', abs), '/abs/x.py');
  });

  it('words unsupported constructs once', () => {
    assert.strictEqual(unsupportedMessage('`async def`'), '`async def` is not supported by the simulator');
    assert.strictEqual(
      unsupportedMessage('`async def` is not supported by the simulator (line 4)'),
      '`async def` is not supported by the simulator',
    );
  });

  it('formats the memory summary under a separator', () => {
    const text = formatSummary(
      {
        version: '3.10',
        liveObjects: 12,
        allocatedBlocks: 345,
        arenas: 1,
        poolsInUse: 7,
        poolSize: 16384,
        arenaSize: 1048576,
        pymallocBytes: 4096,
        rawBytes: 1200,
        gcCount: [5, 1, 0],
      },
      42,
    );
    const lines = text.split('\n');
    assert.match(lines[0], /^---- memory summary \(simulated CPython 3\.10\) -+$/);
    assert.ok(text.includes('\nlive objects      12\n'), text);
    assert.ok(text.includes('\nallocated blocks  345 '), text);
    assert.ok(text.includes('\narenas            1 x 1024 KiB\n'), text);
    assert.ok(text.includes('\npools in use      7 x 16 KiB\n'), text);
    assert.ok(text.includes('\ngc counts         (5, 1, 0) '), text);
    assert.ok(text.endsWith('\nsteps             42\n'), text);
  });
});

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], cwd = ROOT): Ran {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('pymemsim (dist/cli.js)', function () {
  let tmp: string;

  before(function () {
    this.timeout(60_000);
    if (!fs.existsSync(CLI)) {
      const b = spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, encoding: 'utf8' });
      assert.strictEqual(b.status, 0, b.stderr);
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pymemsim-cli-'));
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function write(name: string, text: string): string {
    fs.writeFileSync(path.join(tmp, name), text);
    return name;
  }

  it('prints help, the version, and usage errors with status 2', () => {
    const help = cli(['--help']);
    assert.strictEqual(help.status, 0);
    assert.match(help.stdout, /^Usage: pymemsim <command>/);
    const runHelp = cli(['run', '--help']);
    assert.strictEqual(runHelp.status, 0);
    assert.match(runHelp.stdout, /--python X\.Y/);
    assert.match(runHelp.stdout, /--max-steps N/);
    assert.match(runHelp.stdout, /--summary/);
    const version = cli(['--version']);
    assert.strictEqual(version.status, 0);
    assert.match(version.stdout, /^pymemsim \d+\.\d+\.\d+\n$/);
    const bad = cli(['run', 'x.py', '--python', '3.14']);
    assert.strictEqual(bad.status, 2);
    assert.strictEqual(bad.stdout, '');
    assert.match(bad.stderr, /pymemsim: error: unsupported Python version '3\.14'/);
    const missing = cli(['run', 'definitely-missing.py'], tmp);
    assert.strictEqual(missing.status, 2);
    assert.strictEqual(missing.stderr, "pymemsim: can't open file 'definitely-missing.py': [Errno 2] No such file or directory\n");
  });

  // The tests below run the real engine.

  it('ends every memory blowup of the hostile suite as CPython 3.12 did: MemoryError, never an internal error', function () {
    this.timeout(300_000);
    const dir = path.join(ROOT, 'test', 'hostile', 'memory');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.py')).sort();
    assert.ok(files.length >= 8);
    for (const f of files) {
      const source = fs.readFileSync(path.join(dir, f), 'utf8');
      const limit = /^# pymemsim: memory-limit=(\d+)MB\s*$/m.exec(source);
      const rec = JSON.parse(fs.readFileSync(path.join(dir, f.replace(/\.py$/, '.expected.json')), 'utf8'))['3.12'];
      const r = spawnSync(process.execPath, [CLI, 'run', '--python', '3.12', ...(limit ? ['--memory-limit', `${limit[1]}M`] : []), f],
        { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      assert.strictEqual(r.signal, null, `${f}: killed by ${r.signal}`);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, f);
      assert.strictEqual(r.status, rec.exitCode, `${f}: ${r.stderr}`);
      assert.strictEqual(r.stdout, rec.stdout, f);
      if (rec.exception) {
        assert.match(r.stderr, /^Traceback \(most recent call last\):\n/, f);
        assert.strictEqual(r.stderr.trimEnd().split('\n').pop(), rec.exception, f);
        assert.ok(r.stderr.includes(`, line ${rec.line}, in `), `${f}: line ${rec.line}`);
      } else {
        assert.strictEqual(r.stderr, '', f);
      }
    }
  });


  it('runs the course example as CPython 3.12 prints it, then the memory summary', () => {
    const r = cli(['run', 'examples/course/memory-management.py', '--summary']);
    assert.strictEqual(r.stderr, '');
    assert.strictEqual(r.status, 0);
    const [program, summary] = r.stdout.split(/(?=^---- memory summary)/m);
    assert.strictEqual(program, COURSE_OUTPUT_312);
    assert.match(summary, /^---- memory summary \(simulated CPython 3\.12\) -+\nlive objects +\d+\n/);
    assert.match(summary, /\narenas +[1-9]\d* x 1024 KiB\n/);
    assert.match(summary, /\npools in use +[1-9]\d* x 16 KiB\n/);
  });

  it('follows the version: 3.8 sizes strings and collects cycles differently', () => {
    const r = cli(['run', 'examples/course/memory-management.py', '--python', '3.8']);
    assert.strictEqual(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes("\nsys.getsizeof('Memory') = 55\n"), r.stdout);
    assert.ok(r.stdout.includes('\nunreachable objects found by gc.collect(): 4\n'), r.stdout);
    assert.ok(!r.stdout.includes('memory summary'));
  });

  it('writes an uncaught exception as python does: output, traceback on stderr, status 1', () => {
    const r = cli(['run', 'examples/basics/traceback.py', '--python', '3.8']);
    assert.strictEqual(r.status, 1);
    assert.strictEqual(r.stdout, '2.0\n');
    assert.strictEqual(
      r.stderr,
      'Traceback (most recent call last):\n' +
        '  File "examples/basics/traceback.py", line 7, in <module>\n' +
        '    print(average([]))\n' +
        '  File "examples/basics/traceback.py", line 3, in average\n' +
        '    return sum(values) / len(values)\n' +
        'ZeroDivisionError: division by zero\n',
    );
    const r12 = cli(['run', 'examples/basics/traceback.py']);
    assert.strictEqual(r12.status, 1);
    const abs = path.join(ROOT, 'examples', 'basics', 'traceback.py');
    assert.ok(r12.stderr.startsWith(`Traceback (most recent call last):\n  File "${abs}", line 7, in <module>\n`), r12.stderr);
    assert.ok(r12.stderr.endsWith('ZeroDivisionError: division by zero\n'), r12.stderr);
  });

  it('prints a syntax error like CPython, status 1', () => {
    write('bad.py', 'x = 1\nif x:\n    y = = 2\n');
    const r = cli(['run', 'bad.py'], tmp);
    assert.strictEqual(r.status, 1);
    assert.strictEqual(r.stdout, '');
    assert.strictEqual(
      r.stderr,
      `  File "${path.join(fs.realpathSync(tmp), 'bad.py')}", line 3\n    y = = 2\n        ^\nSyntaxError: invalid syntax\n`,
    );
    const r38 = cli(['run', 'bad.py', '--python', '3.8'], tmp);
    assert.strictEqual(r38.status, 1);
    assert.strictEqual(r38.stderr, '  File "bad.py", line 3\n    y = = 2\n        ^\nSyntaxError: invalid syntax\n');
  });

  it('reports an unsupported construct in one line naming file and line, status 1', () => {
    write('unsupported.py', 'x = [1, 2]\nasync def f():\n    return x\n');
    const r = cli(['run', 'unsupported.py'], tmp);
    assert.strictEqual(r.status, 1);
    assert.strictEqual(r.stdout, '');
    assert.match(r.stderr, /^pymemsim: unsupported\.py:2: .*not supported by the simulator\n$/);
  });

  it('stops a run at the step limit with one line, status 1', () => {
    write('loop.py', 'print("start")\nn = 0\nwhile True:\n    n += 1\n');
    const r = cli(['run', 'loop.py', '--max-steps', '1000'], tmp);
    assert.strictEqual(r.status, 1);
    assert.strictEqual(r.stdout, 'start\n');
    assert.match(r.stderr, /^pymemsim: loop\.py:[34]: the program ran more than 1000 steps and was stopped \(raise the limit with --max-steps N\)\n$/);
  });
});

// `python3 examples/course/memory-management.py` with CPython 3.12.1
const COURSE_OUTPUT_312 = `== 1. Stack and heap ==
Hello, heap!
references to the returned string: 1

== 2. Building strings ==
Memory Management
Dont do this
Memory
Use this
Best Result

== 3. Sizes of objects ==
sys.getsizeof(3.14) = 24
sys.getsizeof(2**63) = 36
sys.getsizeof(12) = 28
sys.getsizeof('Memory') = 47
sys.getsizeof([]) = 56
sys.getsizeof({}) = 64

== 4. Reference counts ==
one name: 1
two names: 2
two names and a dict: 3
one name again: 1

== 5. Freed memory is reused ==
new string in the freed block: True

== 6. Reference cycles and the garbage collector ==
references to a: 2
unreachable objects found by gc.collect(): 2
a second collection finds nothing: 0
`;
