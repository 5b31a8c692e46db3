// One build script: the extension host, its simulation worker, the webview (browser), the CLI,
// the VS Code integration suite (test/suite, loaded inside the extension host by test/runners/*)
// and the panel's bench (test/bench, loaded the same way by scripts/bench-panel.ts). The codicons the panel uses are copied into dist/codicons, as the packaged
// extension carries no node_modules.
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/worker/main.ts'],
    outfile: 'dist/worker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    ...common,
    entryPoints: ['src/cli/pymemsim.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    sourcemap: true,
    minify: false,
    entryPoints: fs
      .readdirSync('test/suite')
      .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
      .map((f) => `test/suite/${f}`),
    outdir: 'dist/test/suite',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // resolved at run time from the repository's node_modules
    external: ['vscode', 'mocha'],
  },
  {
    // the panel's part of `npm run bench`, loaded in the extension host as the suite is
    ...common,
    sourcemap: false,
    minify: false,
    entryPoints: ['test/bench/panel.ts'],
    outfile: 'dist/test/bench/panel.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
];

/** @vscode/codicons' stylesheet and font, beside the webview's bundle */
function copyCodicons() {
  const from = path.dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
  const to = path.join('dist', 'codicons');
  fs.mkdirSync(to, { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

async function main() {
  copyCodicons();
  if (watch) {
    for (const b of builds) (await esbuild.context(b)).watch();
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
