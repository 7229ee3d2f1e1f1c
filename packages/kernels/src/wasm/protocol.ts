// Requests a kernel host serves, and the code that serves them on the
// thread that owns the instances. Kept apart from the worker spawning code
// because the worker script bundles this file.

import { KernelError } from '../errors.js';
import { ShardKernels, type ShardData } from './shard-kernels.js';

export type KernelRequest =
  | { op: 'init'; module: WebAssembly.Module }
  | { op: 'load'; id: number; shard: ShardData }
  | { op: 'distances'; id: number; queries: Float32Array; metric: 0 | 1 }
  | { op: 'topK'; id: number; queries: Float32Array; metric: 0 | 1; k: number }
  | { op: 'release'; id: number };

export type KernelReply = { call: number; ok: true; value: unknown } | { call: number; ok: false; name: string; message: string };

/** Shard instances of one thread and the module they are created from. */
export interface HostState {
  module?: WebAssembly.Module;
  readonly shards: Map<number, ShardKernels>;
}

/** Serves one request on this thread and returns its value and the buffers to transfer back. */
export async function handleRequest(state: HostState, request: KernelRequest): Promise<{ value: unknown; transfer: ArrayBuffer[] }> {
  switch (request.op) {
    case 'init':
      state.module = request.module;
      return { value: undefined, transfer: [] };
    case 'load': {
      if (!state.module) throw new KernelError('kernel host received a shard before its module');
      state.shards.set(request.id, await ShardKernels.create(state.module, request.shard));
      return { value: undefined, transfer: [] };
    }
    case 'distances': {
      const out = shardOf(state, request.id).distances(request.queries, request.metric);
      return { value: out, transfer: [out.buffer as ArrayBuffer] };
    }
    case 'topK': {
      const out = shardOf(state, request.id).topK(request.queries, request.metric, request.k);
      return { value: out, transfer: [out.keys.buffer, out.rows.buffer, out.sizes.buffer] as ArrayBuffer[] };
    }
    case 'release':
      state.shards.delete(request.id);
      return { value: undefined, transfer: [] };
  }
}

export function shardOf(state: HostState, id: number): ShardKernels {
  const shard = state.shards.get(id);
  if (!shard) throw new KernelError(`gallery shard ${id} is not loaded in this kernel host`);
  return shard;
}
