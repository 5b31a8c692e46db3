// Runs the VS Code integration suite (test/suite) in a VS Code downloaded by
// @vscode/test-electron, for machines that can reach VS Code's download servers. Where they
// cannot, test/runners/code-server.ts runs the same suite in code-server.
//
// Usage: tsx test/runners/electron.ts   (after `npm run build`)

import * as path from 'path';
import { runTests } from '@vscode/test-electron';

const ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  try {
    await runTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'dist', 'test', 'suite', 'index.js'),
      launchArgs: [ROOT, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (e) {
    console.error(`VS Code tests failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

void main();
