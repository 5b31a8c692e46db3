// The memory panel's HTML shell, as VS Code's webview guide asks: a strict Content-Security-
// Policy (scripts only with this load's nonce, styles, fonts and images only from the extension's
// own files), no inline script or style, and an empty root that dist/webview.js fills. Pure (no
// `vscode` import), so the webview's development harness serves the same page.

export interface PanelHtmlOptions {
  /** webview.cspSource */
  cspSource: string;
  /** a fresh random nonce for this load (base64) */
  nonce: string;
  /** webview URIs of the built files */
  scriptUri: string;
  styleUri: string;
  codiconsUri: string;
}

export function panelHtml(o: PanelHtmlOptions): string {
  const csp = [
    "default-src 'none'",
    `img-src ${o.cspSource} data:`,
    `style-src ${o.cspSource}`,
    `font-src ${o.cspSource}`,
    `script-src 'nonce-${o.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${o.codiconsUri}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${o.styleUri}">
<title>Memory</title>
</head>
<body>
<div id="app"></div>
<script nonce="${o.nonce}" src="${o.scriptUri}"></script>
</body>
</html>
`;
}
