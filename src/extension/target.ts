// What gets simulated: a whole document, or the lines of a selection (dedented, so that a
// selected method body runs as a program), with the mapping between the program's lines and the
// document's. Pure but for reading the document.

import * as path from 'path';
import * as vscode from 'vscode';
import { scriptFilename } from '../engine';
import type { PyVersion } from '../engine';
import { dedent } from './programLines';

export { firstChangedLine, toDocLine, toProgramLine } from './programLines';

export interface Target {
  uri: vscode.Uri;
  /** the program's text */
  source: string;
  /** the document line (1-based) of the program's line 1 */
  firstLine: number;
  /** how many lines the program has */
  lineCount: number;
  /** the program is a selection of the document */
  selection: boolean;
  /** the document's name as the user knows it (workspace-relative path, or the untitled name) */
  fileName: string;
  /** the document's version when its text was read */
  docVersion: number;
}

/** the whole document */
export function documentTarget(doc: vscode.TextDocument): Target {
  const source = doc.getText();
  return {
    uri: doc.uri,
    source,
    firstLine: 1,
    lineCount: doc.lineCount,
    selection: false,
    fileName: displayName(doc),
    docVersion: doc.version,
  };
}

/**
 * The lines a selection touches (a selection ending at the start of a line leaves that line
 * out), without their common indentation. Null for an empty selection.
 */
export function selectionTarget(doc: vscode.TextDocument, sel: vscode.Selection): Target | null {
  if (sel.isEmpty) return null;
  const first = sel.start.line;
  let last = sel.end.line;
  if (last > first && sel.end.character === 0) last--;
  const lines: string[] = [];
  for (let i = first; i <= last; i++) lines.push(doc.lineAt(i).text);
  const source = dedent(lines).join('\n') + '\n';
  return {
    uri: doc.uri,
    source,
    firstLine: first + 1,
    lineCount: last - first + 1,
    selection: true,
    fileName: `${displayName(doc)}:${first + 1}-${last + 1}`,
    docVersion: doc.version,
  };
}

export function displayName(doc: vscode.TextDocument): string {
  return doc.isUntitled ? doc.fileName : vscode.workspace.asRelativePath(doc.uri, false);
}

/** the file name the program's tracebacks show, as `python FILE` shows it for this version */
export function tracebackName(target: Target, doc: vscode.TextDocument | undefined, version: PyVersion): string {
  if (!doc || doc.isUntitled) return doc?.fileName ?? target.fileName;
  return scriptFilename(vscode.workspace.asRelativePath(doc.uri, false), version, () => path.resolve(doc.uri.fsPath));
}
