// A worker thread of the fuzz corpus test (test/engine/fuzz-corpus.test.ts): runs its share of
// the corpus's (program, version) pairs in the simulator and posts back what differs from the
// recordings. Bundled by the test with esbuild, as the simulation worker is.

import { parentPort, workerData } from 'worker_threads';
import type { PyVersion } from '../../src/engine/index';
import { simulateAndCompare } from './compare';
import type { Recording } from './compare';

export interface ReplayJob { key: string; name: string; source: string; version: PyVersion; rec: Recording }
export interface ReplayResult { key: string; name: string; diff: string | null }

const jobs = (workerData as { jobs: ReplayJob[] }).jobs;
const out: ReplayResult[] = jobs.map((j) => ({ key: j.key, name: j.name, diff: simulateAndCompare(j.source, j.name + '.py', j.version, j.rec) }));
parentPort!.postMessage(out);
