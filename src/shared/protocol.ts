// Messages between the extension host and the memory panel's webview. One interface per
// message, discriminated by `type`, and one union per direction. Both sides import only types
// from here, so this file must stay free of `vscode` and DOM code.

import type { MemorySummary, PyVersion } from '../engine';

/** The webview finished loading and can receive messages. */
export interface ReadyMessage {
  type: 'ready';
}

/** Sent to the webview: the result of simulating a document. */
export interface RunResultMessage {
  type: 'runResult';
  /** the document's URI, as a string */
  uri: string;
  version: PyVersion;
  stdout: string;
  stderr: string;
  exitCode: number;
  memory: MemorySummary | null;
}

/** Sent to the webview: the extension host failed to simulate. */
export interface RunFailedMessage {
  type: 'runFailed';
  message: string;
}

/** Sent by the webview: the user picked another CPython version in the panel. */
export interface SelectVersionMessage {
  type: 'selectVersion';
  version: PyVersion;
}

/** Sent by the webview: reveal a line of the simulated document in the editor. */
export interface RevealLineMessage {
  type: 'revealLine';
  /** 1-based */
  line: number;
}

/** Everything the extension host sends to the webview. */
export type ToWebviewMessage = RunResultMessage | RunFailedMessage;

/** Everything the webview sends to the extension host. */
export type FromWebviewMessage = ReadyMessage | SelectVersionMessage | RevealLineMessage;
