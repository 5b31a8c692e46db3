// What a selected object lights up: its box, the arrows into and out of it, and the names and
// rows that point at it; and which object Up and Down select next from the keyboard. Pure: from
// the graph drawn and the selected id.

import type { HeapGraph } from './graph';
import { objectKey } from './graph';

export interface SelectionModel {
  /** key of the selected box, null when it is not drawn at this step */
  box: string | null;
  /** keys of the arrows into and out of it */
  arrows: Set<string>;
  /** keys of the boxes it refers to, and of those referring to it */
  neighbours: Set<string>;
}

export function selectionModel(graph: HeapGraph, selected: number | null): SelectionModel {
  const arrows = new Set<string>();
  const neighbours = new Set<string>();
  if (selected === null) return { box: null, arrows, neighbours };
  const key = objectKey(selected);
  const box = graph.nodes.some((n) => n.key === key) ? key : null;
  for (const e of graph.edges) {
    if (e.layoutOnly) continue;
    const from = e.from.kind === 'stack' ? null : e.from.node;
    if (e.to === key) {
      arrows.add(e.key);
      if (from) neighbours.add(from);
    } else if (from === key) {
      arrows.add(e.key);
      neighbours.add(e.to);
    }
  }
  return { box, arrows, neighbours };
}

/**
 * The object Up (-1) or Down (1) selects in the heap: the drawn live objects in the view's order
 * (what the names reach first comes first), wrapping around; from no selection, or one not drawn,
 * Down starts at the first and Up at the last. Null when nothing is drawn.
 */
export function stepSelection(graph: HeapGraph, selected: number | null, direction: 1 | -1): number | null {
  const ids = graph.nodes.filter((n) => !n.freed).map((n) => n.id);
  if (!ids.length) return null;
  const at = selected === null ? -1 : ids.indexOf(selected);
  if (at < 0) return direction > 0 ? ids[0] : ids[ids.length - 1];
  return ids[(at + direction + ids.length) % ids.length];
}

/** what a screen reader says of an object's box: its type, value, size, count and generation */
export function boxDescription(n: { type: string; repr: string | null; sizeLabel: string; rcLabel: string; genLabel: string | null; badges: { text: string }[] }): string {
  return [n.type, ...n.badges.map((b) => b.text), n.repr, n.sizeLabel, n.rcLabel, n.genLabel].filter((x) => x !== null && x !== '').join(', ');
}
