// The integration suite's entry, as @vscode/test-electron and the code-server runner load it:
// run() executes every bundled `*.test.js` next to this file inside the extension host.

import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import Mocha from 'mocha';

/**
 * Set by test/runners/code-server.ts: the workbench's own log shares the channel that carries
 * the extension host's console to the runner, so the report's lines are tagged to be told apart.
 */
const TAG = process.env.PYMEMSIM_TEST_LOG_TAG;

export function run(): Promise<void> {
  if (TAG) {
    const log = console.log.bind(console);
    Mocha.reporters.Base.consoleLog = (...args: unknown[]) => log(`${TAG}${util.format(...args)}`);
  }
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // only the tests whose title matches, as `npm run test:vscode -- --grep TEXT` asks
  if (process.env.PYMEMSIM_TEST_GREP) mocha.grep(process.env.PYMEMSIM_TEST_GREP);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
    } catch (e) {
      reject(e);
    }
  });
}
