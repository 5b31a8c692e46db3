// `pymemsim check FILE...`: the expectations of annotated snippets (docs/annotations.md), checked
// in the simulator on each version, one line per expectation and reach, the problems of the
// annotations, how runs ended when not normally, and a summary. The checks are the engine's
// (checkSnippet); this reads the files, picks the versions and writes the text.

import { checkSnippet, parseAnnotations, probeProgram, snippetVersions, scriptFilename } from '../engine';
import type { CheckResult, ComparisonOp, ExpectationResult, PyVersion } from '../engine';
import type { CheckCommand } from './args';

interface CheckIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (file: string) => string;
  resolve: (file: string) => string;
}

/** the reaches of one expectation printed one by one; past them, one line counts the rest */
export const REACHES_SHOWN = 20;
/** a value longer than this is cut in the output */
const VALUE_WIDTH = 100;

/** what is printed for a failed comparison: the operator that held instead */
const NEGATED: Record<ComparisonOp, string> = {
  '==': '!=', '!=': '==', '<': 'not <', '<=': 'not <=', '>': 'not >', '>=': 'not >=', is: 'is not', 'is not': 'is', in: 'not in', 'not in': 'in',
};

function cut(v: string): string {
  const one = v.replace(/\n/g, '\\n');
  return one.length > VALUE_WIDTH ? one.slice(0, VALUE_WIDTH - 1) + '…' : one;
}

/** `(56 == 56)`, `(64 != 56)`, `(True)`, or the exception's line */
export function valuesText(r: ExpectationResult): string {
  if (r.outcome === 'error') return r.error ?? '';
  if (r.outcome === 'not-reached') return '';
  if (r.op !== undefined) return `(${cut(r.left ?? '')} ${r.outcome === 'passed' ? r.op : NEGATED[r.op]} ${cut(r.right ?? '')})`;
  return `(${cut(r.value ?? '')})`;
}

/** one result line, without the file's name */
export function resultLine(r: ExpectationResult, reaches: number): string {
  const outcome = r.outcome === 'not-reached' ? 'not reached' : r.outcome;
  const values = valuesText(r);
  const reach = reaches > 1 && r.reach > 0 ? `  [reach ${r.reach} of ${reaches}]` : '';
  return `${r.line}: [${r.version}] ${outcome}  ${r.expression}${values ? '  ' + values : ''}${reach}`;
}

interface Tally { passed: number; failed: number; errors: number; notReached: number }

/** Runs `pymemsim check`; returns the exit status. */
export function checkFiles(cmd: CheckCommand, io: CheckIO): number {
  if (cmd.emitProbed) return emitProbed(cmd, io);
  const tally: Tally = { passed: 0, failed: 0, errors: 0, notReached: 0 };
  const versionsRun = new Set<PyVersion>();
  let status = 0;
  const worse = (s: number): void => { status = Math.max(status, s); };
  for (const file of cmd.files) {
    const source = read(file, io);
    if (source === null) { worse(2); continue; }
    const snippet = parseAnnotations(source);
    for (const p of snippet.problems) {
      io.stdout(`${file}:${p.line}${p.column !== undefined ? `:${p.column}` : ''}: ${p.severity}: ${p.message}\n`);
      if (p.severity === 'error') worse(2);
    }
    const versions = cmd.versions ?? snippetVersions(snippet);
    for (const version of versions) {
      versionsRun.add(version);
      const r = checkSnippet(source, version, {
        snippet, maxSteps: cmd.maxSteps, memoryLimitMb: cmd.memoryLimitMb, filename: scriptFilename(file, version, io.resolve),
      });
      worse(report(file, r, io, tally));
    }
  }
  const parts = [`${tally.passed} passed`, `${tally.failed} failed`, `${tally.errors} error${tally.errors === 1 ? '' : 's'}`];
  if (tally.notReached) parts.push(`${tally.notReached} not reached`);
  const n = versionsRun.size;
  io.stdout(`${parts.join(', ')} on ${n} version${n === 1 ? '' : 's'}\n`);
  return status;
}

/** prints one snippet's check on one version; returns the exit status it calls for */
function report(file: string, r: CheckResult, io: CheckIO, tally: Tally): number {
  let status = 0;
  const reaches = new Map(r.reaches.map((x) => [x.id, x]));
  const byId = new Map<number, ExpectationResult[]>();
  for (const x of r.results) {
    let list = byId.get(x.id);
    if (!list) byId.set(x.id, (list = []));
    list.push(x);
  }
  for (const [id, list] of byId) {
    const reach = reaches.get(id);
    const count = Math.max(reach?.reaches ?? 0, list.length);
    list.slice(0, REACHES_SHOWN).forEach((x) => io.stdout(`${file}:${resultLine(x, count)}\n`));
    // the outcomes of every reach: those past the reports kept are counted by the check
    const all = reach && reach.reaches > 0 ? reach : {
      passed: list.filter((x) => x.outcome === 'passed').length,
      failed: list.filter((x) => x.outcome === 'failed').length,
      errors: list.filter((x) => x.outcome === 'error').length,
    };
    if (count > REACHES_SHOWN) {
      const shown = list.slice(0, REACHES_SHOWN);
      const n = (o: string): number => shown.filter((x) => x.outcome === o).length;
      const first = list[0];
      const kept = reach && reach.capped ? ` (values kept for the first ${list.length})` : '';
      io.stdout(`${file}:${first.line}: [${first.version}] ... ${count - REACHES_SHOWN} more reaches of ${first.expression}: ` +
        `${all.passed - n('passed')} passed, ${all.failed - n('failed')} failed, ${all.errors - n('error')} errors${kept}\n`);
    }
    // one count per expectation and version: an error in any reach, else a failure in any
    if (all.errors > 0) { tally.errors++; status = Math.max(status, 1); }
    else if (all.failed > 0) { tally.failed++; status = Math.max(status, 1); }
    else if (list.some((x) => x.outcome === 'not-reached')) { tally.notReached++; status = Math.max(status, 1); }
    else tally.passed++;
  }
  if (r.run) {
    const where = `${file}:${r.run.line}${r.run.column !== undefined ? `:${r.run.column}` : ''}`;
    const what = r.run.kind === 'exception' ? `the run ended with ${r.run.message}` : r.run.message;
    io.stdout(`${where}: [${r.version}] error: ${what}\n`);
    status = Math.max(status, r.run.kind === 'exception' ? 1 : 2);
  }
  return status;
}

function read(file: string, io: CheckIO): string | null {
  try {
    const source = io.readFile(file);
    return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? '[Errno 2] No such file or directory' : code === 'EISDIR' ? '[Errno 21] Is a directory' : String((e as Error).message);
    io.stderr(`pymemsim: can't open file '${file}': ${reason}\n`);
    return null;
  }
}

/** `--emit-probed`: the probed program of one file on one version, and what its probes check */
function emitProbed(cmd: CheckCommand, io: CheckIO): number {
  const file = cmd.files[0];
  const source = read(file, io);
  if (source === null) return 2;
  const snippet = parseAnnotations(source);
  const version = cmd.versions ? cmd.versions[0] : snippetVersions(snippet)[0];
  const p = probeProgram(source, snippet, version);
  const expectation = (e: (typeof p.probes)[number]) => ({
    id: e.id, line: e.line, expression: e.text, op: e.comparison ? e.comparison.op : null, simulatorOnly: e.simulatorOnly,
  });
  io.stdout(JSON.stringify({
    file, version, source: p.source, lineMap: p.lineMap,
    probes: p.probes.map(expectation),
    invalid: p.invalid.map((x) => ({ ...expectation(x.expectation), error: x.error })),
    versions: snippetVersions(snippet),
  }) + '\n');
  return 0;
}
