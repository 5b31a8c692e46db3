// The simulation worker as the extension ships it (one esbuild bundle of src/worker/main.ts), built
// into a temporary folder for the tests that run it on a real thread.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export async function bundleWorker(prefix: string): Promise<{ dir: string; script: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const script = path.join(dir, 'worker.js');
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(__dirname, '..', '..', 'src', 'worker', 'main.ts')],
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: script, logLevel: 'warning',
  });
  return { dir, script };
}
