// The memory panel without VS Code: serves the real panel HTML (panelHtml, with its CSP and a
// fresh nonce), dist/webview.js, dist/webview.css and dist/codicons, plus the harness's themes
// and its stand-in for the host (stub.ts, bundled here with the engine) on a local port.
//
//   npx tsx test/webview/harness/serve.ts [--build] [--port N]
//   then open http://127.0.0.1:N/?theme=dark&program=basics
//
// --build bundles src/webview first (as esbuild.js does); otherwise run `npm run build` before.

import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import * as esbuild from 'esbuild';
import { panelHtml } from '../../../src/extension/panelHtml';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DIST = path.join(ROOT, 'dist');
const HERE = __dirname;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.html': 'text/html; charset=utf-8',
};

export interface Harness {
  url: string;
  close(): Promise<void>;
}

/** bundles the panel as esbuild.js's webview entry does */
export async function buildWebview(): Promise<void> {
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'src', 'webview', 'main.ts')],
    outfile: path.join(DIST, 'webview.js'),
    bundle: true,
    sourcemap: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
  });
  const from = path.dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
  fs.mkdirSync(path.join(DIST, 'codicons'), { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, f), path.join(DIST, 'codicons', f));
}

async function buildStub(): Promise<string> {
  const out = await esbuild.build({
    entryPoints: [path.join(HERE, 'stub.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'warning',
  });
  return out.outputFiles[0].text;
}

export async function startHarness(options: { port?: number; build?: boolean } = {}): Promise<Harness> {
  if (options.build) await buildWebview();
  if (!fs.existsSync(path.join(DIST, 'webview.js'))) throw new Error('dist/webview.js is missing: run `npm run build` (or pass --build)');
  const stub = await buildStub();
  const themes = fs.readFileSync(path.join(HERE, 'themes.css'), 'utf8');

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/') {
      const origin = `http://${req.headers.host}`;
      const nonce = crypto.randomBytes(18).toString('base64');
      let html = panelHtml({
        cspSource: origin,
        nonce,
        scriptUri: `${origin}/dist/webview.js`,
        styleUri: `${origin}/dist/webview.css`,
        codiconsUri: `${origin}/dist/codicons/codicon.css`,
      });
      // the theme's variables before the panel's styles; the stand-in host before the panel
      html = html.replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/harness/themes.css">\n<link rel="stylesheet"`);
      html = html.replace(`<script nonce="${nonce}"`, `<script nonce="${nonce}" src="${origin}/harness/stub.js"></script>\n<script nonce="${nonce}"`);
      send(200, TYPES['.html'], html);
      return;
    }
    if (url.pathname === '/favicon.ico') return send(204, 'text/plain', '');
    if (url.pathname === '/harness/stub.js') return send(200, TYPES['.js'], stub);
    if (url.pathname === '/harness/themes.css') return send(200, TYPES['.css'], themes);
    if (url.pathname.startsWith('/dist/')) {
      const file = path.normalize(path.join(DIST, decodeURIComponent(url.pathname.slice('/dist/'.length))));
      if (file.startsWith(DIST + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        return send(200, TYPES[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
      }
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const portArg = args.indexOf('--port');
  startHarness({ build: args.includes('--build'), port: portArg >= 0 ? Number(args[portArg + 1]) : 8123 }).then(
    (h) => console.log(`memory panel harness: ${h.url}?theme=dark&program=basics (programs: basics, big, error, syntax, unsupported, xss)`),
    (e) => { console.error(e); process.exit(1); },
  );
}
