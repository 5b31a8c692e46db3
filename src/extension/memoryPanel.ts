// The memory panel's webview panel: its HTML (panelHtml.ts, with a fresh nonce per load), the
// options the webview guide asks for (scripts on, resources only from dist/), and a message
// queue that holds what the host sends until the webview says it is ready. What the panel shows
// and asks for is the controller's business (memoryController.ts).

import * as crypto from 'crypto';
import * as vscode from 'vscode';
import type { FromWebviewMessage, PanelState, ToWebviewMessage } from '../shared/protocol';
import { panelHtml } from './panelHtml';

export const MEMORY_PANEL_VIEW_TYPE = 'pymemsim.memoryPanel';

/** "Memory: x.py" (or "Memory: x.py:3-7" for a selection) */
export function panelTitle(fileName: string): string {
  return `Memory: ${fileName.slice(fileName.lastIndexOf('/') + 1)}`;
}

/** the webview said it is ready */
export interface PanelReady {
  /** what it had saved with setState before a reload */
  state: PanelState | null;
  /** a session or a running message waited for the webview and has just been sent to it */
  delivered: boolean;
}

export class MemoryPanel implements vscode.Disposable {
  private ready = false;
  private queue: ToWebviewMessage[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;
  /** what the webview saved with setState, as its ready message reported it */
  restoredState: PanelState | null = null;

  private readonly onMessageEmitter = new vscode.EventEmitter<FromWebviewMessage>();
  /** messages from the webview, after `ready` */
  readonly onMessage = this.onMessageEmitter.event;
  private readonly onReadyEmitter = new vscode.EventEmitter<PanelReady>();
  /** the webview (re)loaded; with the state it had saved, and whether a run waited for it */
  readonly onReady = this.onReadyEmitter.event;
  private readonly onDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.onDisposeEmitter.event;

  /** a new panel beside the active editor */
  static create(extensionUri: vscode.Uri, fileName: string): MemoryPanel {
    const panel = vscode.window.createWebviewPanel(
      MEMORY_PANEL_VIEW_TYPE,
      panelTitle(fileName),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      MemoryPanel.webviewOptions(extensionUri),
    );
    return new MemoryPanel(panel, extensionUri);
  }

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
      // the panel is drawn from its step views; a hidden panel rebuilds from its store on show
      retainContextWhenHidden: true,
    };
  }

  /** wraps a panel (a new one, or one the serializer restores after a window reload) */
  constructor(readonly panel: vscode.WebviewPanel, private readonly extensionUri: vscode.Uri) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'panel-icon.svg');
    panel.webview.options = MemoryPanel.webviewOptions(extensionUri);
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((m: FromWebviewMessage) => this.receive(m)),
      panel.onDidDispose(() => this.dispose()),
    );
    panel.webview.html = this.html();
  }

  get visible(): boolean {
    return !this.disposed && this.panel.visible;
  }

  post(message: ToWebviewMessage): void {
    if (this.disposed) return;
    if (!this.ready) {
      // a newer run or step replaces what was queued for the old one
      if (message.type === 'session' || message.type === 'running') {
        this.queue = this.queue.filter((m) => m.type !== 'session' && m.type !== 'running' && m.type !== 'goToStep');
      }
      this.queue.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  setTitle(fileName: string): void {
    if (!this.disposed) this.panel.title = panelTitle(fileName);
  }

  reveal(): void {
    if (!this.disposed) this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
  }

  private receive(m: FromWebviewMessage): void {
    if (m.type === 'ready') {
      // a reload of the webview (a theme change does not reload it; a window reload does)
      // (what waited goes first: a run that waited is newer than anything the listeners know)
      this.ready = true;
      this.restoredState = m.state;
      const queued = this.queue;
      this.queue = [];
      for (const q of queued) void this.panel.webview.postMessage(q);
      this.onReadyEmitter.fire({ state: m.state, delivered: queued.some((q) => q.type === 'session' || q.type === 'running') });
      return;
    }
    this.onMessageEmitter.fire(m);
  }

  private html(): string {
    const webview = this.panel.webview;
    const dist = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', ...p)).toString();
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: crypto.randomBytes(18).toString('base64'),
      scriptUri: dist('webview.js'),
      styleUri: dist('webview.css'),
      codiconsUri: dist('codicons', 'codicon.css'),
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.onDisposeEmitter.fire();
    this.panel.dispose();
    for (const d of this.subscriptions) d.dispose();
    this.onMessageEmitter.dispose();
    this.onReadyEmitter.dispose();
    this.onDisposeEmitter.dispose();
  }
}
