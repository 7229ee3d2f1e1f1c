// Worker of the multi-threaded read baseline: keeps one slice of the data in
// its own WebAssembly memory and reads it on each request from the host.

import { parentPort } from 'node:worker_threads';
import { ReadKernel } from './read-kernel.js';

export type ReadWorkerRequest = { type: 'load'; data: Float32Array } | { type: 'read' };
export type ReadWorkerReply = { type: 'loaded' } | { type: 'read'; sum: number } | { type: 'error'; message: string };

if (!parentPort) throw new Error('read-worker.js must run as a worker thread');
const port = parentPort;
let kernel: ReadKernel | undefined;

port.on('message', (request: ReadWorkerRequest) => {
  try {
    if (request.type === 'load') {
      kernel = ReadKernel.load(request.data);
      port.postMessage({ type: 'loaded' } satisfies ReadWorkerReply);
    } else {
      if (!kernel) throw new Error('read requested before any data was loaded');
      port.postMessage({ type: 'read', sum: kernel.read() } satisfies ReadWorkerReply);
    }
  } catch (error) {
    port.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies ReadWorkerReply);
  }
});
