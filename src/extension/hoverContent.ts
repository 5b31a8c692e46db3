// What the editor shows of a run beside the code: the Markdown of a hover over a name (its
// object's type, value, sys.getsizeof, reference count, generation and allocations, each with
// its request, block, size class, pool and arena), the label of an inlay hint after an
// assignment ("56 B, 1 block"), the titles of the code lenses, and the hovers that say why there
// is nothing to show. Pure (no `vscode`): tested in plain Node from the engine's facts.
//
// Every string that comes from the user's program (a repr, a name) is escaped or fenced: the
// Markdown is trusted for our command links only, and renders no HTML.

import type { AssignmentHint, DetailsAllocation, FunctionStats, HintTarget, NameFacts, NameObject, PyVersion, RunStats } from '../engine';

/** the command a hover's "Show in Memory Panel" link runs */
export const SHOW_IN_PANEL_COMMAND = 'pymemsim.showInMemoryPanel';
/** the command a hover's "Compare Versions" link runs */
export const COMPARE_NAME_COMMAND = 'pymemsim.compareNameVersions';

/** How the run a hover describes ended, and where it came from. */
export interface HoverRun {
  /** the simulated version */
  version: PyVersion;
  /** 'panel': the memory panel's run (and its step); 'background': the editor's own run */
  source: 'panel' | 'background';
  /** the run stopped at its step limit (the background limit, or the panel's) */
  stepLimited: boolean;
  /** the setting that sets that limit, and the limit */
  limitSetting: string;
  maxSteps: number;
  /** the run ended with an uncaught exception at this document line (0: it did not) */
  exceptionLine: number;
  exception: string | null;
}

/** Arguments of the "Show in Memory Panel" command. */
export interface ShowInPanelArgs {
  uri: string;
  version: PyVersion;
  step: number;
  /** the object to select (0: none) */
  id: number;
}

/** Arguments of the "Compare Versions" command of a hover. */
export interface CompareNameArgs {
  uri: string;
  docVersion: number;
  /** document line (1-based) and character (0-based) of the hover, to show it again */
  line: number;
  character: number;
  /** program line and the dotted path */
  programLine: number;
  path: string[];
}

/** One version's answer for the Compare Versions table. */
export interface VersionFacts {
  version: PyVersion;
  facts: NameFacts | null;
  /** why there is no answer (the program does not run on that version, its run failed) */
  error: string | null;
}

export interface HoverContext {
  /** the document line of the program's line 1 */
  firstLine: number;
  run: HoverRun;
  /** the document, for the command links */
  uri: string;
  docVersion: number;
  character: number;
  /** the sizes on every version, once "Compare Versions" ran for this name */
  compare?: VersionFacts[];
}

// --- numbers ------------------------------------------------------------------------------------

/** 56 B, 1.5 KiB, 8.0 KiB, 3.2 MiB */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

// --- escaping -----------------------------------------------------------------------------------

/** Markdown text with every character that could start markup inside a line escaped (the texts
 *  never start a line: a block marker such as `#` or `-` there cannot occur) */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_[\]|<>~&]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** an inline code span that shows `s` as it is (a fence longer than any run of backticks in it) */
export function inlineCode(s: string): string {
  const flat = s.replace(/\r?\n/g, '\u21b5');
  let longest = 0;
  for (const m of flat.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  // a `|` would end a table cell even inside a code span
  return `${fence}${pad}${flat.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** our own text with names in backticks (a reason from the engine): the names as code, the rest
 *  escaped */
export function reasonMarkdown(s: string): string {
  const parts = s.split('`');
  // an odd count of backticks: no pairs to trust
  if (parts.length % 2 === 0) return escapeMarkdown(s);
  return parts.map((p, i) => (i % 2 ? inlineCode(p) : escapeMarkdown(p))).join('');
}

function commandLink(title: string, command: string, args: unknown): string {
  return `[${title}](command:${command}?${encodeURIComponent(JSON.stringify([args]))})`;
}

// --- what an object is ---------------------------------------------------------------------------

const CACHE_TEXT: Record<string, string> = {
  'singleton': 'a singleton of the interpreter: no block of the program',
  'small-int': 'a small int from the interpreter\'s cache (-5 to 256): no new block',
  'latin1-char': 'a one-character str from the interpreter\'s cache: no new block',
  'interned': 'an interned str: one object for every use of this text',
  'constant': 'a constant of the code, made before the first line ran',
  'preexisting': 'made before the program\'s first line (or statically): not traced',
};

function genText(gen: number): string {
  if (gen === -1) return 'not tracked';
  if (gen === -2) return 'unknown';
  if (gen === 3) return 'permanent (gc.freeze)';
  return `generation ${gen}`;
}

function refcntText(o: NameObject): string {
  if (o.immortal) return 'immortal';
  if (o.refcnt < 0) return 'unknown';
  return o.refcnt.toLocaleString('en-US');
}

function allocationRow(a: DetailsAllocation): string {
  const what = a.kind === 'object'
    ? `${escapeMarkdown(a.what)} object${a.gcHead ? ` (+${a.gcHead} B PyGC_Head)` : ''}${a.preHeader ? ` (+${a.preHeader} B pre-header)` : ''}`
    : inlineCode(a.what);
  const block = a.allocator === 'raw' ? `raw malloc, ${formatBytes(a.blockSize)} usable` : formatBytes(a.blockSize);
  const cls = a.allocator === 'raw' ? `over ${formatBytes(512)}` : `szidx ${a.szidx}`;
  const pool = a.pool === null ? '' : hex(a.pool);
  const arena = a.arena === null ? '' : String(a.arena);
  return `| ${what} | ${formatBytes(a.request)} | ${block} | ${cls} | ${pool} | ${arena} |`;
}

/** "after line 13 ran (run 3 of 3, step 57)" */
export function whenText(f: NameFacts, firstLine: number): string {
  const line = f.line + firstLine - 1;
  const run = f.runs > 1 ? `, run ${f.run.toLocaleString('en-US')} of ${f.runs.toLocaleString('en-US')}` : '';
  if (f.atPanelStep) return `at the panel's step ${f.step.toLocaleString('en-US')} (line ${line} last ran at step ${f.ranAt.toLocaleString('en-US')}${run})`;
  return `after line ${line} ran (step ${f.step.toLocaleString('en-US')}${run})`;
}

function limitNote(ctx: HoverContext): string | null {
  const r = ctx.run;
  if (!r.stepLimited) return null;
  return `The ${r.source === 'panel' ? 'memory panel\'s' : 'background'} run stopped at its step limit of ${r.maxSteps.toLocaleString('en-US')} steps (setting \`${r.limitSetting}\`): what ran after it is not known.`;
}

/** the hover over a name: a heading, the object's figures, its allocations, the links */
export function hoverMarkdown(f: NameFacts, ctx: HoverContext): string {
  const name = f.path.join('.');
  const out: string[] = [];
  const docLine = f.line + ctx.firstLine - 1;
  const head = `**${escapeMarkdown(name)}** · CPython ${ctx.run.version}`;
  if (f.status !== 'found' || !f.object) {
    out.push(`${head}: ${reasonMarkdown(f.reason ?? `nothing is known of \`${name}\` at line ${docLine}`)}`);
    if (f.status === 'never-ran' && ctx.run.exceptionLine) {
      out.push(`The run ended at line ${ctx.run.exceptionLine} with ${inlineCode(ctx.run.exception ?? 'an exception')}.`);
    }
    const note = limitNote(ctx);
    if (note && f.status === 'never-ran') out.push(note);
    return out.join('\n\n');
  }
  const o = f.object;
  out.push(`${head} · ${whenText(f, ctx.firstLine)}${f.exact ? '' : ' · approximate (between two checkpoints of a long run)'}`);
  out.push(`${inlineCode(o.type)}${o.repr !== null ? ` ${inlineCode(o.repr)}` : ''}`);
  out.push([
    '| sys.getsizeof | references | GC | held |',
    '|---:|---:|---|---:|',
    `| ${formatBytes(o.sizeof)} | ${refcntText(o)} | ${genText(o.gen)} | ${o.blocks ? `${formatBytes(o.held)} in ${count(o.blocks, 'block')}` : 'no block of its own'} |`,
  ].join('\n'));
  if (o.cache) out.push(escapeMarkdown(CACHE_TEXT[o.cache] ?? o.cache) + (o.immortal ? ' (immortal)' : ''));
  if (o.allocations.length) {
    out.push([
      '| allocation | request | block | size class | pool | arena |',
      '|---|---:|---:|---|---|---:|',
      ...o.allocations.map(allocationRow),
    ].join('\n'));
  }
  for (const n of o.allocationNotes) out.push(`*${escapeMarkdown(n)}*`);
  if (ctx.compare?.length) out.push(compareTable(ctx.compare));
  const note = limitNote(ctx);
  if (note) out.push(note);
  const links = [
    commandLink('Show in Memory Panel', SHOW_IN_PANEL_COMMAND, { uri: ctx.uri, version: ctx.run.version, step: f.step, id: o.id } satisfies ShowInPanelArgs),
  ];
  if (!ctx.compare?.length) {
    links.push(commandLink('Compare Versions', COMPARE_NAME_COMMAND, {
      uri: ctx.uri, docVersion: ctx.docVersion, line: docLine, character: ctx.character, programLine: f.line, path: f.path,
    } satisfies CompareNameArgs));
  }
  out.push(links.join(' · '));
  return out.join('\n\n');
}

/** the sizes of the name's object on every version */
export function compareTable(rows: VersionFacts[]): string {
  const lines = ['| version | type | sys.getsizeof | held | blocks | references |', '|---|---|---:|---:|---:|---:|'];
  for (const r of rows) {
    const o = r.facts?.object;
    if (!o) {
      const why = r.error ?? r.facts?.reason ?? 'not bound';
      lines.push(`| ${r.version} | ${reasonMarkdown(why)} | | | | |`);
      continue;
    }
    lines.push(`| ${r.version} | ${inlineCode(o.type)} | ${formatBytes(o.sizeof)} | ${formatBytes(o.held)} | ${o.blocks} | ${refcntText(o)} |`);
  }
  return lines.join('\n');
}

/** a hover's one line when the file has no run to read (a syntax error, no background run) */
export function problemHover(text: string, command?: { title: string; command: string; args?: unknown }): string {
  const link = command ? ` ${commandLink(command.title, command.command, command.args ?? null)}` : '';
  return `**Memory** · ${reasonMarkdown(text)}${link}`;
}

// --- inlay hints --------------------------------------------------------------------------------

/** "56 B, 1 block" / "8.0 KiB in 2 blocks" / "28 B, small int (no new block)" */
export function targetLabel(t: HintTarget): string | null {
  if (t.status !== 'found' || t.type === null) return null;
  if (t.cache && t.cache !== 'constant') {
    const why = t.cache === 'small-int' ? 'small int' : t.cache === 'latin1-char' ? 'cached char' : t.cache === 'interned' ? 'interned' : t.cache === 'singleton' ? 'singleton' : 'pre-existing';
    return `${formatBytes(t.sizeof)}, ${why}${t.blocks ? '' : ' (no new block)'}`;
  }
  if (!t.blocks) return `${formatBytes(t.sizeof)}, no block`;
  return t.blocks === 1 ? `${formatBytes(t.sizeof)}, 1 block` : `${formatBytes(t.sizeof)} in ${t.blocks} blocks`;
}

/** the label of the hint after an assignment: one target's label, or `a: ... · b: ...` */
export function hintLabel(h: AssignmentHint): string | null {
  const parts: string[] = [];
  const shown = h.targets.filter((t) => targetLabel(t) !== null);
  for (const t of shown) parts.push(shown.length > 1 || h.targets.length > 1 ? `${t.path.join('.')}: ${targetLabel(t)}` : targetLabel(t)!);
  return parts.length ? parts.join(' · ') : null;
}

/** the hint's tooltip (plain text: what was bound, when) */
export function hintTooltip(h: AssignmentHint, firstLine: number, version: PyVersion): string {
  const line = h.line + firstLine - 1;
  const when = h.runs > 1 ? `after its last run (${h.run} of ${h.runs})` : 'after it ran';
  const rows = h.targets.filter((t) => t.status === 'found').map((t) =>
    `${t.path.join('.')}: ${t.type}, sys.getsizeof ${formatBytes(t.sizeof)}, ${t.blocks ? `${count(t.blocks, 'block')} holding ${formatBytes(t.held)}` : 'no block of its own'}`);
  return [`Line ${line} on CPython ${version}, ${when}${h.exact ? '' : ' (approximate)'}:`, ...rows].join('\n');
}

// --- code lenses --------------------------------------------------------------------------------

/** the title of the lens at the top of the file */
export function fileLensTitle(s: RunStats, limited: { maxSteps: number } | null): string {
  const parts = [
    '$(chip) Simulate Memory',
    `${count(s.totalSteps, 'step')}${limited ? ` (stopped at the background limit of ${limited.maxSteps.toLocaleString('en-US')})` : ''}`,
    `peak ${count(s.peakBlocks, 'block')}`,
    count(s.collections, 'collection'),
  ];
  return parts.join(' · ');
}

/** the title of the lens above a function */
export function functionLensTitle(f: FunctionStats): string {
  if (!f.calls) return `$(chip) ${f.name}: never called`;
  return [
    `$(chip) Simulate Memory: ${f.name}`,
    count(f.calls, 'call'),
    count(f.steps, 'step'),
    `peak ${count(f.peakBlocks, 'block')}`,
    count(f.collections, 'collection'),
  ].join(' · ');
}
