// The hostile-input suite's engine thread (test/engine/hostile.test.ts): runs each program with
// the large JavaScript stack the CLI and the extension's worker give the engine.
require('tsx/cjs');
const { parentPort } = require('worker_threads');
const { simulate } = require('../../src/engine/index.ts');

parentPort.on('message', ({ id, source, options }) => {
  let reply;
  try {
    const out = simulate(source, options);
    reply = { id, out: { stdout: out.stdout, stderr: out.stderr, exitCode: out.exitCode, problem: out.problem } };
  } catch (e) {
    reply = { id, error: String((e && e.stack) || e) };
  }
  parentPort.postMessage(reply);
});
