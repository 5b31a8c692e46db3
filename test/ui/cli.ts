// What `pymemsim run` (dist/cli.js, tested against recorded CPython output by the engine tests)
// prints for a program: the reference the UI tests compare the panel's output with.

import { spawnSync } from 'child_process';
import * as path from 'path';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

export interface CliRun {
  stdout: string;
  stderr: string;
  status: number;
}

/** Runs `node dist/cli.js run FILE [--python VERSION]` in FILE's folder. */
export function cliRun(file: string, version = '3.12'): CliRun {
  const r = spawnSync(process.execPath, [CLI, 'run', path.basename(file), '--python', version], {
    cwd: path.dirname(file),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) throw new Error(`node dist/cli.js run ${file} failed: ${r.error.message}`);
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

/** The lines of a text without trailing spaces and without the trailing blank lines. */
export function normalizeText(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+$/, ''))
    .join('\n')
    .replace(/\n+$/, '');
}
