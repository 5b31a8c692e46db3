// The geometry the heap drawing shares between its layout (pure) and its DOM: line heights and
// paddings (the view sets them as CSS variables, so a box is as tall as the layout assumed), and
// the character widths of the two fonts (the view measures them in the page; the defaults are a
// 12px monospace font and a 12px UI font, for tests in Node).

export interface Metrics {
  /** width of one character of the monospace font (reprs, names, row labels) */
  monoChar: number;
  /** average width of a character of the UI font (type names, badges, sizes) */
  uiChar: number;
  /** a box's header line: the type and its badges */
  headH: number;
  /** the repr line and the sizes line */
  lineH: number;
  /** one referent row, one local name */
  rowH: number;
  /** space above the rows (the separator) and below the last line of a box */
  sepH: number;
  padBottom: number;
  /** horizontal padding inside a box */
  padX: number;
  /** the border of a box (each side) */
  border: number;
  /** a frame's header line */
  frameHeadH: number;
  /** vertical space between two frames, between two boxes of a stacked column */
  frameGap: number;
  columnGap: number;
  /** the "Frames" / "Objects" titles above the columns */
  titleH: number;
  /** space around the drawing */
  margin: number;
  /** distance between columns (dagre ranksep) and between boxes of a column (nodesep) */
  rankSep: number;
  nodeSep: number;
  minBoxW: number;
  maxBoxW: number;
  minStackW: number;
  maxStackW: number;
  /** characters of a repr shown before the ellipsis */
  reprChars: number;
  /** characters of a row label or a name shown before the ellipsis */
  labelChars: number;
  /** space kept at the right of a row for its arrow's dot */
  portW: number;
}

export const DEFAULT_METRICS: Metrics = {
  monoChar: 7.2,
  uiChar: 6.6,
  headH: 22,
  lineH: 18,
  rowH: 20,
  sepH: 4,
  padBottom: 4,
  padX: 8,
  border: 1,
  frameHeadH: 24,
  frameGap: 8,
  columnGap: 10,
  titleH: 22,
  margin: 12,
  rankSep: 64,
  nodeSep: 14,
  minBoxW: 96,
  maxBoxW: 300,
  minStackW: 120,
  maxStackW: 260,
  reprChars: 36,
  labelChars: 22,
  portW: 18,
};

/** the CSS variables the view sets on the drawing from the metrics */
export function metricsCssVariables(m: Metrics): Record<string, string> {
  return {
    '--pm-head-h': `${m.headH}px`,
    '--pm-line-h': `${m.lineH}px`,
    '--pm-row-h': `${m.rowH}px`,
    '--pm-sep-h': `${m.sepH}px`,
    '--pm-pad-bottom': `${m.padBottom}px`,
    '--pm-pad-x': `${m.padX}px`,
    '--pm-frame-head-h': `${m.frameHeadH}px`,
    '--pm-frame-gap': `${m.frameGap}px`,
    '--pm-border': `${m.border}px`,
    '--pm-port-w': `${m.portW}px`,
    '--pm-title-h': `${m.titleH}px`,
  };
}
