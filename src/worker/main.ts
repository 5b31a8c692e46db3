// The simulation worker's entry (dist/worker.js): a worker_threads worker of the extension host
// that runs programs in the engine and answers questions about their steps (see simulation.ts
// and protocol.ts). The host starts it with resourceLimits; when a program exhausts them the
// worker dies alone and the host starts another.

import { parentPort, receiveMessageOnPort } from 'worker_threads';
import { SimulationHost } from './simulation';
import type { FromWorkerMessage, ToWorkerMessage } from './protocol';

const port = parentPort;
if (!port) throw new Error('dist/worker.js runs as a worker thread of the extension host');
// (a replay looks between two slices for the messages that arrived meanwhile: it takes them from
// the port without waiting, and the host handles them after the request they interrupt)
const poll = (): ToWorkerMessage | undefined => receiveMessageOnPort(port)?.message as ToWorkerMessage | undefined;
const host = new SimulationHost((m: FromWorkerMessage) => port.postMessage(m), undefined, poll);
port.on('message', (m: ToWorkerMessage) => host.handle(m));
