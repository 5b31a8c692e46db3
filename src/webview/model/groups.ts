// The live objects a step view does not draw, by type ("12,345 more str, 710 KiB"), and the
// panel's expansions of them: Expand shows 50 of a type, "Show 50 more" 50 more, Collapse none.
// Pure: the expansion list is part of the panel's state and of each step request.

import type { ViewGroup } from '../../shared/protocol';
import { formatBytes, formatCount } from './format';

export const EXPAND_STEP = 50;

export interface Expansion {
  type: string;
  limit: number;
}

export interface GroupRow {
  type: string;
  /** "12,345 more str, 710 KiB" */
  text: string;
  /** how many of the type are shown because of an expansion (0: none) */
  expanded: number;
  /** the action of the row's main button */
  action: 'expand' | 'more';
  actionLabel: string;
}

export function groupText(g: ViewGroup): string {
  return `${formatCount(g.count)} more ${g.type}, ${formatBytes(g.bytes)}`;
}

/** a row per group, in the view's order (largest count first); then a row per expanded type
 *  whose objects are all shown (its group is gone), to collapse it */
export function groupRows(groups: readonly ViewGroup[], expand: readonly Expansion[]): GroupRow[] {
  const limits = new Map(expand.map((e) => [e.type, e.limit]));
  const rows: GroupRow[] = groups.map((g) => {
    const expanded = limits.get(g.type) ?? 0;
    return {
      type: g.type,
      text: groupText(g),
      expanded,
      action: expanded ? 'more' : 'expand',
      actionLabel: expanded ? `Show ${Math.min(EXPAND_STEP, g.count)} more` : 'Expand',
    };
  });
  const seen = new Set(groups.map((g) => g.type));
  for (const e of expand) {
    if (seen.has(e.type)) continue;
    rows.push({ type: e.type, text: `all ${e.type} objects shown`, expanded: e.limit, action: 'more', actionLabel: '' });
  }
  return rows;
}

/** the expansions after Expand or "Show more" on `type` */
export function expandType(expand: readonly Expansion[], type: string): Expansion[] {
  const i = expand.findIndex((e) => e.type === type);
  if (i < 0) return [...expand, { type, limit: EXPAND_STEP }];
  return expand.map((e, k) => (k === i ? { type, limit: e.limit + EXPAND_STEP } : e));
}

/** the expansions after Collapse on `type` */
export function collapseType(expand: readonly Expansion[], type: string): Expansion[] {
  return expand.filter((e) => e.type !== type);
}
