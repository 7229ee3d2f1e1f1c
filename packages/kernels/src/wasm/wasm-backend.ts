// The wasm-simd backend: AssemblyScript SIMD kernels on the calling thread,
// or on a pool of workers that each keep shards of every gallery. A gallery
// is split into shards of at most maxShardBytes, and into at least one shard
// per worker so that every worker scans. This file merges the per-shard
// top-k lists.

import type {
  BackendGallery,
  GalleryMatrix,
  GalleryOptions,
  KernelBackend,
  KernelMetric,
  TopKOptions,
  TopKResult,
  TripletLossResult,
  WasmSimdBackendInfo,
} from '../backend.js';
import { BackendUnavailableError, DisposedError } from '../errors.js';
import { GalleryHandle, ownGallery } from '../gallery-handle.js';
import { buildHostGallery, type HostGallery } from '../host-gallery.js';
import { mergePartials } from '../merge-partials.js';
import { bytesPerRow } from '../quantize.js';
import { checkSearch, runTopK } from '../search.js';
import { checkAlpha, checkTripletBatch } from '../validate.js';
import { compileKernelModule } from './kernel-module.js';
import { LocalHost, WorkerHost, type KernelHost } from './kernel-host.js';
import { FORMAT_CODES, METRIC_CODES, TripletKernels, type ShardData } from './shard-kernels.js';

export const DEFAULT_MAX_SHARD_BYTES = 1024 * 1024 * 1024;

export interface WasmSimdOptions {
  threads?: number;
  maxShardBytes?: number;
}

interface Shard {
  readonly host: KernelHost;
  readonly id: number;
  readonly firstRow: number;
  readonly rows: number;
}

class WasmGallery extends GalleryHandle {
  constructor(
    owner: object,
    host: HostGallery,
    readonly shards: readonly Shard[],
  ) {
    super(owner, host);
  }

  protected release(): void {
    for (const shard of this.shards) shard.host.releaseShard(shard.id);
  }
}

export async function createWasmSimdBackend(options: WasmSimdOptions = {}): Promise<WasmSimdBackend> {
  const threads = options.threads ?? 1;
  let module: WebAssembly.Module;
  try {
    module = await compileKernelModule();
  } catch (error) {
    throw new BackendUnavailableError('wasm-simd', [`the SIMD kernel module failed to compile (${String(error)})`], { cause: error });
  }

  let hosts: KernelHost[];
  if (threads === 1) {
    hosts = [new LocalHost(module)];
  } else {
    const started = await Promise.allSettled(Array.from({ length: threads }, () => WorkerHost.start(module)));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) {
      for (const result of started) if (result.status === 'fulfilled') result.value.dispose();
      throw new BackendUnavailableError('wasm-simd', [`${threads} workers could not start (${String(failed.reason)})`], {
        cause: failed.reason,
      });
    }
    hosts = started.map((result) => (result as PromiseFulfilledResult<WorkerHost>).value);
  }

  const triplet = await TripletKernels.create(module);
  return new WasmSimdBackend(hosts, triplet, options.maxShardBytes ?? DEFAULT_MAX_SHARD_BYTES);
}

export class WasmSimdBackend implements KernelBackend {
  readonly name = 'wasm-simd' as const;
  readonly info: WasmSimdBackendInfo;
  private nextShardId = 0;
  private disposed = false;

  constructor(
    private readonly hosts: readonly KernelHost[],
    private readonly triplet: TripletKernels,
    private readonly maxShardBytes: number,
  ) {
    this.info = { backend: 'wasm-simd', threads: hosts.length, maxShardBytes };
  }

  async createGallery(vectors: Float32Array, dim: number, options?: GalleryOptions): Promise<BackendGallery> {
    this.checkOpen();
    const host = buildHostGallery(vectors, dim, options);
    const shards = this.planShards(host);

    await Promise.all(shards.map((shard) => shard.host.loadShard(shard.id, shardData(host, shard.firstRow, shard.rows))));
    return new WasmGallery(this, host, shards);
  }

  async distances(queries: Float32Array, gallery: GalleryMatrix, metric: KernelMetric = 'squaredL2'): Promise<Float32Array> {
    this.checkOpen();
    const { host, shards } = ownGallery(gallery, this, WasmGallery);
    const queryCount = checkSearch(queries, host.dim, metric);
    const out = new Float32Array(queryCount * host.rows);
    if (queryCount === 0) return out;

    const parts = await Promise.all(shards.map((shard) => shard.host.distances(shard.id, queries, METRIC_CODES[metric])));
    shards.forEach((shard, i) => {
      for (let query = 0; query < queryCount; query++) {
        const part = parts[i].subarray(query * shard.rows, (query + 1) * shard.rows);
        out.set(part, query * host.rows + shard.firstRow);
      }
    });
    return out;
  }

  async topK(
    queries: Float32Array,
    gallery: GalleryMatrix,
    k: number,
    metric: KernelMetric = 'squaredL2',
    options?: TopKOptions,
  ): Promise<TopKResult> {
    this.checkOpen();
    const { host, shards } = ownGallery(gallery, this, WasmGallery);

    return runTopK(queries, host, k, metric, options, async (kept) => {
      const partials = await Promise.all(
        shards.map(async (shard) => {
          const shardK = Math.min(kept, shard.rows);
          const heaps = await shard.host.topK(shard.id, queries, METRIC_CODES[metric], shardK);
          return { firstRow: shard.firstRow, k: shardK, keys: heaps.keys, rows: heaps.rows, sizes: heaps.sizes };
        }),
      );
      return mergePartials(partials, queries.length / host.dim, kept, metric);
    });
  }

  async tripletLoss(
    anchor: Float32Array,
    positive: Float32Array,
    negative: Float32Array,
    dim: number,
    alpha = 0.2,
  ): Promise<TripletLossResult> {
    this.checkOpen();
    checkTripletBatch(anchor, positive, negative, dim);
    checkAlpha(alpha);

    const result = this.triplet.run(anchor, positive, negative, dim, alpha);
    let loss = 0;
    for (const hinge of result.hinges) if (hinge > 0) loss += hinge;
    const { activeTriplets, gradAnchor, gradPositive, gradNegative } = result;
    return { loss, activeTriplets, gradAnchor, gradPositive, gradNegative };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const host of this.hosts) host.dispose();
  }

  /** Splits rows into shards of at most maxShardBytes, at least one per host, assigned round-robin. */
  private planShards(host: HostGallery): Shard[] {
    if (host.rows === 0) return [];
    const rowBytes = bytesPerRow(host.dim, host.quantization);
    const rowsByBytes = Math.max(1, Math.floor(this.maxShardBytes / rowBytes));
    const rowsPerShard = Math.min(rowsByBytes, Math.ceil(host.rows / this.hosts.length));

    const shards: Shard[] = [];
    for (let firstRow = 0; firstRow < host.rows; firstRow += rowsPerShard) {
      shards.push({
        host: this.hosts[shards.length % this.hosts.length],
        id: this.nextShardId++,
        firstRow,
        rows: Math.min(rowsPerShard, host.rows - firstRow),
      });
    }
    return shards;
  }

  private checkOpen(): void {
    if (this.disposed) throw new DisposedError('wasm-simd backend');
  }
}

/** Copies one shard's rows in the encoding it is scanned in. */
function shardData(host: HostGallery, firstRow: number, rows: number): ShardData {
  const from = firstRow * host.dim;
  const to = from + rows * host.dim;
  const format = FORMAT_CODES[host.quantization];

  if (host.int8) {
    const scales = host.int8.scales.slice(firstRow, firstRow + rows);
    return { format, rows, dim: host.dim, components: host.int8.codes.slice(from, to), scales };
  }
  if (host.float16) return { format, rows, dim: host.dim, components: host.float16.slice(from, to) };
  return { format, rows, dim: host.dim, components: host.vectors.slice(from, to) };
}
