// "Did you mean" suggestions for NameError and AttributeError, as the traceback shows them from
// 3.10: Python/suggestions.c (3.10, 3.11: levenshtein_distance, calculate_suggestions,
// offer_suggestions_for_name_error / _for_attribute_error) and Lib/traceback.py
// (3.12+: _compute_suggestion_error, _levenshtein_distance). Both give the same distances.

const MAX_CANDIDATE_ITEMS = 750;
const MAX_STRING_SIZE = 40;
const MOVE_COST = 2;
const CASE_COST = 1;

function substitutionCost(a: string, b: string): number {
  if (a === b) return 0;
  if (a.toLowerCase() === b.toLowerCase()) return CASE_COST;
  return MOVE_COST;
}

export function levenshtein(a: string, b: string, maxCost: number): number {
  if (a === b) return 0;
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  a = a.slice(pre);
  b = b.slice(pre);
  let post = 0;
  while (post < a.length && post < b.length && a[a.length - 1 - post] === b[b.length - 1 - post]) post++;
  a = a.slice(0, a.length - post);
  b = b.slice(0, b.length - post);
  if (!a.length || !b.length) return MOVE_COST * (a.length + b.length);
  if (a.length > MAX_STRING_SIZE || b.length > MAX_STRING_SIZE) return maxCost + 1;
  if (b.length < a.length) [a, b] = [b, a];
  if ((b.length - a.length) * MOVE_COST > maxCost) return maxCost + 1;
  const row: number[] = [];
  for (let i = 0; i < a.length; i++) row.push((i + 1) * MOVE_COST);
  let result = 0;
  for (let bi = 0; bi < b.length; bi++) {
    const ch = b[bi];
    let distance = bi * MOVE_COST;
    result = distance;
    let minimum = Infinity;
    for (let i = 0; i < a.length; i++) {
      const substitute = distance + substitutionCost(ch, a[i]);
      distance = row[i];
      const insertDelete = Math.min(result, distance) + MOVE_COST;
      result = Math.min(insertDelete, substitute);
      row[i] = result;
      if (result < minimum) minimum = result;
    }
    if (minimum > maxCost) return maxCost + 1;
  }
  return result;
}

/** the best candidate for `name`, or null. `initialBest` is the C version's SIZE_MAX (Infinity)
 *  or the Python version's len(name). */
export function bestSuggestion(candidates: string[], name: string, initialBest: number): string | null {
  if (candidates.length >= MAX_CANDIDATE_ITEMS) return null;
  if (initialBest !== Infinity && name.length > MAX_STRING_SIZE) return null;
  let best = initialBest;
  let suggestion: string | null = null;
  for (const item of candidates) {
    if (item === name) continue;
    let maxDistance = Math.floor(((name.length + item.length + 3) * MOVE_COST) / 6);
    maxDistance = Math.min(maxDistance, best - 1);
    const d = levenshtein(name, item, maxDistance);
    if (d > maxDistance) continue;
    if (suggestion === null || d < best) {
      suggestion = item;
      best = d;
    }
  }
  return suggestion;
}

/** a few modules of sys.stdlib_module_names, for 3.12's "Did you forget to import" */
export const STDLIB_MODULES = new Set([
  'sys', 'gc', 'weakref', 'os', 're', 'math', 'json', 'time', 'random', 'collections', 'itertools', 'functools',
  'copy', 'string', 'typing', 'dataclasses', 'pathlib', 'datetime', 'decimal', 'fractions', 'statistics', 'array',
  'heapq', 'bisect', 'operator', 'pickle', 'struct', 'tracemalloc', 'timeit', 'io', 'abc', 'enum', 'types',
]);

export interface NameErrorContext { kind: 'name'; name: string; lists: string[][]; selfHas: boolean; }
export interface AttrErrorContext { kind: 'attr'; name: string; dir: () => string[]; }
export type SuggestionContext = NameErrorContext | AttrErrorContext;

/** the text CPython appends to the exception's line */
export function suggestionText(style: 'none' | 'c' | 'c312' | 'py', ctx: SuggestionContext, hideUnderscored: boolean): string {
  if (style === 'none') return '';
  // every version searches as Python/suggestions.c does (3.13's traceback.py calls
  // _suggestions._generate_suggestions): no initial bound but the third of the characters
  if (ctx.kind === 'attr') {
    let dir: string[];
    try { dir = ctx.dir(); } catch { return ''; }
    if (hideUnderscored && !ctx.name.startsWith('_')) dir = dir.filter((x) => !x.startsWith('_'));
    const s = bestSuggestion(dir, ctx.name, Infinity);
    return s ? `. Did you mean: '${s}'?` : '';
  }
  let s: string | null = null;
  if (style !== 'c' && ctx.selfHas) s = `self.${ctx.name}`;
  else if (style === 'c' || style === 'c312') {
    for (const list of ctx.lists) {
      s = bestSuggestion(list, ctx.name, Infinity);
      if (s) break;
    }
  } else {
    s = bestSuggestion(ctx.lists.flat(), ctx.name, Infinity);
  }
  let text = s ? `. Did you mean: '${s}'?` : '';
  if (style !== 'c' && STDLIB_MODULES.has(ctx.name)) {
    text += s ? ` Or did you forget to import '${ctx.name}'?` : `. Did you forget to import '${ctx.name}'?`;
  }
  return text;
}
