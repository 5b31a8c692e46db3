// What a selected object lights up: its box, the arrows into and out of it, and the names and
// rows that point at it. Pure: from the graph drawn and the selected id.

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
