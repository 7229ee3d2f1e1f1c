// Starts a kernel worker from the bundled worker script: a worker_threads
// Worker in Node, a Web Worker from a Blob URL in browsers. The script is a
// string built by build.mjs, so no worker file has to be served or resolved.

import { workerSource } from '../../generated/worker-source.js';

/** The worker operations the kernel host needs, the same in Node and browsers. */
export interface WorkerEndpoint {
  post(message: unknown, transfer: ArrayBuffer[]): void;
  onMessage(listener: (message: unknown) => void): void;
  onError(listener: (error: Error) => void): void;
  /** Keeps the process alive while calls are pending (Node only). */
  ref(): void;
  unref(): void;
  terminate(): void;
}

// Each prelude defines `kernelWorkerPort`, the only global the worker script uses.
const nodePrelude = `const { parentPort } = require('node:worker_threads');
const kernelWorkerPort = { post: (m, t) => parentPort.postMessage(m, t), listen: (f) => parentPort.on('message', f) };
`;
const browserPrelude = `const kernelWorkerPort = { post: (m, t) => self.postMessage(m, t), listen: (f) => { self.onmessage = (e) => f(e.data); } };
`;

export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

export async function spawnWorker(): Promise<WorkerEndpoint> {
  if (isNode()) return spawnNodeWorker();
  if (typeof Worker === 'function' && typeof Blob === 'function' && typeof URL.createObjectURL === 'function') {
    return spawnWebWorker();
  }
  throw new Error('this runtime has neither worker_threads nor Web Workers');
}

async function spawnNodeWorker(): Promise<WorkerEndpoint> {
  // A computed specifier keeps browser bundlers from trying to resolve a Node built-in.
  const specifier = 'node:worker_threads';
  const { Worker: NodeWorker } = (await import(/* @vite-ignore */ specifier)) as typeof import('node:worker_threads');
  const worker = new NodeWorker(nodePrelude + workerSource, { eval: true });
  worker.unref();

  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: (listener) => worker.on('message', listener),
    onError: (listener) => {
      worker.on('error', listener);
      worker.on('exit', (code) => listener(new Error(`worker exited with code ${code}`)));
    },
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    terminate: () => void worker.terminate(),
  };
}

function spawnWebWorker(): WorkerEndpoint {
  const url = URL.createObjectURL(new Blob([browserPrelude + workerSource], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);

  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: (listener) => worker.addEventListener('message', (event) => listener(event.data)),
    onError: (listener) => worker.addEventListener('error', (event) => listener(new Error(event.message))),
    ref: () => undefined,
    unref: () => undefined,
    terminate: () => worker.terminate(),
  };
}
