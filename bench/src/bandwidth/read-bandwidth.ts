// The memory-bandwidth baseline of a gallery scan: the same gallery bytes
// read sequentially by the SIMD read kernel, on the calling thread or split
// over worker threads. Each worker reads its own contiguous slice, as the
// wasm-simd backend's workers scan their own shards.

import { Worker } from 'node:worker_threads';
import { measure, type MeasurePlan, type Timing } from '../measure/timing.js';
import { ReadKernel } from './read-kernel.js';
import type { ReadWorkerReply, ReadWorkerRequest } from './read-worker.js';

export interface ReadBandwidth {
  threads: number;
  bytes: number;
  timing: Timing;
  gbPerSecond: number;
}

/** Measures the read bandwidth of `data` with `threads` threads (1: the calling thread). */
export async function measureReadBandwidth(data: Float32Array, threads: number, plan: MeasurePlan): Promise<ReadBandwidth> {
  if (threads === 1) {
    const kernel = ReadKernel.load(data);
    const timing = await measure(() => kernel.read(), plan);
    return { threads, bytes: kernel.bytes, timing, gbPerSecond: kernel.bytes / timing.medianMs / 1e6 };
  }

  const pool = await ReadWorkerPool.start(data, threads);
  try {
    const timing = await measure(() => pool.readAll(), plan);
    return { threads, bytes: data.byteLength, timing, gbPerSecond: data.byteLength / timing.medianMs / 1e6 };
  } finally {
    await pool.terminate();
  }
}

class ReadWorkerPool {
  private constructor(private readonly workers: Worker[]) {}

  static async start(data: Float32Array, threads: number): Promise<ReadWorkerPool> {
    const workers: Worker[] = [];
    const pool = new ReadWorkerPool(workers);
    try {
      // Slices end on 16-value boundaries so that each is a whole number of 64-byte kernel steps.
      const step = Math.ceil(data.length / threads / 16) * 16;
      for (let start = 0; start < data.length; start += step) {
        const worker = new Worker(new URL('./read-worker.js', import.meta.url));
        workers.push(worker);
        const slice = data.slice(start, Math.min(data.length, start + step));
        await request(worker, { type: 'load', data: slice }, [slice.buffer]);
      }
      return pool;
    } catch (error) {
      await pool.terminate();
      throw error;
    }
  }

  /** Starts every worker's read at once and resolves when the last one finishes. */
  async readAll(): Promise<void> {
    await Promise.all(this.workers.map((worker) => request(worker, { type: 'read' })));
  }

  async terminate(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}

function request(worker: Worker, message: ReadWorkerRequest, transfer: ArrayBuffer[] = []): Promise<ReadWorkerReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: ReadWorkerReply) => {
      worker.off('error', onError);
      if (reply.type === 'error') reject(new Error(`read worker failed: ${reply.message}`));
      else resolve(reply);
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage(message, transfer);
  });
}
