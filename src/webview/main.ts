// The memory panel's browser code. The panel itself arrives with the "Simulate memory" command;
// for now this only announces that the webview is ready, so the build's webview entry exists.

import type { FromWebviewMessage, ToWebviewMessage } from '../shared/protocol';

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

if (typeof acquireVsCodeApi === 'function') {
  const vscode = acquireVsCodeApi();
  window.addEventListener('message', (event: MessageEvent<ToWebviewMessage>) => {
    const msg = event.data;
    const root = document.getElementById('root');
    if (!root) return;
    root.textContent = msg.type === 'runResult' ? msg.stdout : msg.message;
  });
  vscode.postMessage({ type: 'ready' });
}
