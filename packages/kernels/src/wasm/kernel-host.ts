// Kernel hosts, which own the kernel instances: LocalHost on the calling
// thread, WorkerHost in a worker. Both serve the same requests through handleRequest,
// so a single-threaded and a multi-threaded backend run the same code.

import { KernelError } from '../errors.js';
import { handleRequest, shardOf, type HostState, type KernelReply, type KernelRequest } from './protocol.js';
import type { ShardData, ShardTopK } from './shard-kernels.js';
import { spawnWorker, type WorkerEndpoint } from './spawn-worker.js';

export interface KernelHost {
  loadShard(id: number, shard: ShardData): Promise<void>;
  distances(id: number, queries: Float32Array, metric: 0 | 1): Promise<Float32Array>;
  topK(id: number, queries: Float32Array, metric: 0 | 1, k: number): Promise<ShardTopK>;
  releaseShard(id: number): void;
  dispose(): void;
}

export class LocalHost implements KernelHost {
  private readonly state: HostState;

  constructor(module: WebAssembly.Module) {
    this.state = { module, shards: new Map() };
  }

  async loadShard(id: number, shard: ShardData): Promise<void> {
    await handleRequest(this.state, { op: 'load', id, shard });
  }

  async distances(id: number, queries: Float32Array, metric: 0 | 1): Promise<Float32Array> {
    return shardOf(this.state, id).distances(queries, metric);
  }

  async topK(id: number, queries: Float32Array, metric: 0 | 1, k: number): Promise<ShardTopK> {
    return shardOf(this.state, id).topK(queries, metric, k);
  }

  releaseShard(id: number): void {
    this.state.shards.delete(id);
  }

  dispose(): void {
    this.state.shards.clear();
  }
}

export class WorkerHost implements KernelHost {
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private nextCall = 0;
  private failure: Error | undefined;

  private constructor(private readonly worker: WorkerEndpoint) {
    worker.onMessage((reply) => this.settle(reply as KernelReply));
    worker.onError((error) => this.fail(new KernelError(`wasm-simd worker failed: ${error.message}`, { cause: error })));
  }

  static async start(module: WebAssembly.Module): Promise<WorkerHost> {
    const host = new WorkerHost(await spawnWorker());
    await host.call({ op: 'init', module }, []);
    return host;
  }

  async loadShard(id: number, shard: ShardData): Promise<void> {
    const transfer = [shard.components.buffer, ...(shard.scales ? [shard.scales.buffer] : [])];
    await this.call({ op: 'load', id, shard }, transfer);
  }

  distances(id: number, queries: Float32Array, metric: 0 | 1): Promise<Float32Array> {
    return this.call({ op: 'distances', id, queries, metric }, []) as Promise<Float32Array>;
  }

  topK(id: number, queries: Float32Array, metric: 0 | 1, k: number): Promise<ShardTopK> {
    return this.call({ op: 'topK', id, queries, metric, k }, []) as Promise<ShardTopK>;
  }

  releaseShard(id: number): void {
    if (this.failure) return;
    void this.call({ op: 'release', id }, []).catch(() => undefined);
  }

  dispose(): void {
    this.fail(new KernelError('wasm-simd worker was disposed'));
    this.worker.terminate();
  }

  private call(request: KernelRequest, transfer: ArrayBuffer[]): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const call = this.nextCall++;
    const promise = new Promise<unknown>((resolve, reject) => this.pending.set(call, { resolve, reject }));
    if (this.pending.size === 1) this.worker.ref();
    this.worker.post({ call, request }, transfer);
    return promise;
  }

  private settle(reply: KernelReply): void {
    const waiter = this.pending.get(reply.call);
    if (!waiter) return;
    this.pending.delete(reply.call);
    if (this.pending.size === 0) this.worker.unref();

    if (reply.ok) {
      waiter.resolve(reply.value);
    } else {
      const error = new KernelError(reply.message);
      error.name = reply.name;
      waiter.reject(error);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
    this.worker.unref();
  }
}
