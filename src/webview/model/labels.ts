// The short labels an object box carries: its reference count ("rc 2", "immortal"), its GC
// generation ("gen 0", "untracked", "permanent"), why it is not an ordinary allocation ("small
// int cache", "interned", ...), and the colour family of its type. Pure.

import type { ViewCache, ViewObject } from '../../shared/protocol';
import { formatCount } from './format';

/** "rc 2"; "immortal" for an immortal object; "rc ?" when the count is not known at this step */
export function rcLabel(o: Pick<ViewObject, 'refcnt' | 'immortal'>): string {
  if (o.immortal) return 'immortal';
  if (o.refcnt < 0) return 'rc ?';
  return `rc ${formatCount(o.refcnt)}`;
}

/** "gen 0".."gen 2", "untracked" (-1), "permanent" (3, after gc.freeze), null when not known */
export function genLabel(gen: number): string | null {
  if (gen >= 0 && gen <= 2) return `gen ${gen}`;
  if (gen === -1) return 'untracked';
  if (gen === 3) return 'permanent';
  return null;
}

/** what a generation label means, for its tooltip */
export function genTitle(gen: number): string {
  if (gen >= 0 && gen <= 2) return `tracked by the cyclic garbage collector, in generation ${gen}`;
  if (gen === -1) return 'not tracked by the cyclic garbage collector (it cannot be part of a reference cycle)';
  if (gen === 3) return 'in the permanent generation (gc.freeze): the collector skips it';
  return 'the collector generation is not known at this step';
}

export function rcTitle(o: Pick<ViewObject, 'refcnt' | 'immortal'>): string {
  if (o.immortal) return 'immortal: its reference count never changes and it is never freed';
  if (o.refcnt < 0) return 'the reference count is not known at this step';
  return `reference count (ob_refcnt): ${formatCount(o.refcnt)}`;
}

const CACHE_LABELS: Record<ViewCache, string> = {
  'singleton': 'singleton',
  'small-int': 'small int cache',
  'latin1-char': 'latin-1 char cache',
  'interned': 'interned',
  'constant': 'constant',
  'preexisting': 'pre-existing',
};

const CACHE_TITLES: Record<ViewCache, string> = {
  'singleton': 'a singleton of the interpreter (None, True, False, (), ...): never allocated by the program',
  'small-int': 'from the small int cache (-5..256): every use of this value shares this object',
  'latin1-char': "a one-character str from the interpreter's latin-1 cache: shared by every use",
  'interned': 'an interned str: equal identifiers and constants share this object',
  'constant': "a constant of the program's code (co_consts), created before the first line ran",
  'preexisting': 'created before the program started, or statically allocated (a built-in type, a module)',
};

export function cacheLabel(c: ViewCache | null): string | null {
  return c === null ? null : CACHE_LABELS[c] ?? c;
}

export function cacheTitle(c: ViewCache): string {
  return CACHE_TITLES[c] ?? c;
}

/** colour family of a type, for the stripe on its box */
export type TypeKind = 'number' | 'text' | 'container' | 'callable' | 'type' | 'none' | 'other';

const KINDS: Record<string, TypeKind> = {
  int: 'number', float: 'number', complex: 'number', bool: 'number',
  str: 'text', bytes: 'text', bytearray: 'text',
  list: 'container', tuple: 'container', dict: 'container', set: 'container', frozenset: 'container',
  range: 'container', slice: 'container',
  function: 'callable', method: 'callable', builtin_function_or_method: 'callable', cell: 'callable',
  generator: 'callable', code: 'callable',
  type: 'type', module: 'type',
  NoneType: 'none', ellipsis: 'none', NotImplementedType: 'none',
};

export function typeKind(type: string): TypeKind {
  return KINDS[type] ?? 'other';
}
