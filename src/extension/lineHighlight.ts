// The editor's side of the panel's timeline: the line the shown step is about to run is
// highlighted (a whole-line background in the debugger's stack-frame colour, a mark in the
// overview ruler) with "step N of M" after it, in every visible editor of the document, until the
// panel goes away.

import * as vscode from 'vscode';

export interface Highlight {
  uri: vscode.Uri;
  /** document line, 1-based */
  line: number;
  step: number;
  totalSteps: number;
}

export function stepText(step: number, totalSteps: number): string {
  return `step ${step.toLocaleString('en-US')} of ${totalSteps.toLocaleString('en-US')}`;
}

export class LineHighlight implements vscode.Disposable {
  private readonly type = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.stackFrameHighlightBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.rangeHighlightForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
    after: {
      color: new vscode.ThemeColor('editorCodeLens.foreground'),
      margin: '0 0 0 2em',
      fontStyle: 'italic',
    },
  });
  private current: Highlight | null = null;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(vscode.window.onDidChangeVisibleTextEditors(() => this.apply()));
  }

  /** the highlighted document line (1-based), or 0 */
  get line(): number {
    return this.current?.line ?? 0;
  }

  set(h: Highlight | null): void {
    this.current = h && h.line > 0 ? h : null;
    this.apply();
  }

  /** scroll the editors of the document so that the line is visible */
  reveal(): void {
    const h = this.current;
    if (!h) return;
    const range = new vscode.Range(h.line - 1, 0, h.line - 1, 0);
    for (const e of vscode.window.visibleTextEditors) {
      if (e.document.uri.toString() === h.uri.toString()) e.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
  }

  private apply(): void {
    const h = this.current;
    for (const e of vscode.window.visibleTextEditors) {
      if (!h || e.document.uri.toString() !== h.uri.toString() || h.line > e.document.lineCount) {
        e.setDecorations(this.type, []);
        continue;
      }
      e.setDecorations(this.type, [{
        range: new vscode.Range(h.line - 1, 0, h.line - 1, 0),
        hoverMessage: `The memory panel shows ${stepText(h.step, h.totalSteps)}: this line runs next.`,
        renderOptions: { after: { contentText: stepText(h.step, h.totalSteps) } },
      }]);
    }
  }

  dispose(): void {
    this.current = null;
    this.type.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
