// One gallery shard resident in its own kernel instance, and the triplet
// loss kernel. Both run on the calling thread or inside a worker: the code
// is the same, only the messages around it differ.

import { instantiateKernels, type KernelExports } from './kernel-module.js';
import { LinearMemory } from './linear-memory.js';

/** Encoding codes shared with kernels.ts. */
export const FORMAT_CODES = { none: 0, int8: 1, f16: 2 } as const;
export const METRIC_CODES = { squaredL2: 0, dot: 1 } as const;

/** A shard's rows in the encoding it is scanned in; the buffers may be transferred to a worker. */
export interface ShardData {
  readonly format: 0 | 1 | 2;
  readonly rows: number;
  readonly dim: number;
  /** float32, int8 or float16 row-major components. */
  readonly components: ArrayBufferView<ArrayBuffer>;
  /** float32 per-row scales of int8 shards. */
  readonly scales?: Float32Array<ArrayBuffer>;
}

/** Unsorted per-query heaps of one shard, `k` slots per query, rows local to the shard. */
export interface ShardTopK {
  readonly keys: Float32Array;
  readonly rows: Int32Array;
  readonly sizes: Int32Array;
}

/** Scratch bytes per call beyond which queries are processed in several blocks. */
const SCRATCH_BYTES = 32 * 1024 * 1024;

export class ShardKernels {
  private constructor(
    private readonly kernels: KernelExports,
    private readonly memory: LinearMemory,
    private readonly shard: Omit<ShardData, 'components' | 'scales'>,
    private readonly galleryOffset: number,
    private readonly scalesOffset: number,
    private readonly scratchStart: number,
  ) {}

  static async create(module: WebAssembly.Module, shard: ShardData): Promise<ShardKernels> {
    const kernels = await instantiateKernels(module);
    const memory = new LinearMemory(kernels.memory, kernels.heapBase());
    const scalesBytes = shard.scales?.byteLength ?? 0;
    const [galleryOffset, scalesOffset, scratchStart] = memory.layout(memory.base, [
      shard.components.byteLength,
      scalesBytes,
      0,
    ]);

    const components = new Uint8Array(shard.components.buffer, shard.components.byteOffset, shard.components.byteLength);
    memory.bytes(galleryOffset, components.length).set(components);
    if (shard.scales) memory.floats(scalesOffset, shard.scales.length).set(shard.scales);

    const { format, rows, dim } = shard;
    return new ShardKernels(kernels, memory, { format, rows, dim }, galleryOffset, scalesOffset, scratchStart);
  }

  /** Returns the queries x rows distance matrix of this shard. */
  distances(queries: Float32Array, metric: 0 | 1): Float32Array {
    const { rows, dim, format } = this.shard;
    const queryCount = queries.length / dim;
    const out = new Float32Array(queryCount * rows);
    const blockRows = this.blockRows();
    const perQuery = (rows + dim) * 4;
    const queriesPerCall = Math.max(1, Math.floor(SCRATCH_BYTES / perQuery));

    for (let first = 0; first < queryCount; first += queriesPerCall) {
      const count = Math.min(queriesPerCall, queryCount - first);
      const [queryOffset, outOffset, scratchOffset] = this.memory.layout(this.scratchStart, [
        count * dim * 4,
        count * rows * 4,
        blockRows * dim * 4,
      ]);
      this.memory.floats(queryOffset, count * dim).set(queries.subarray(first * dim, (first + count) * dim));

      this.kernels.scanDistances(
        queryOffset, count, this.galleryOffset, this.scalesOffset, rows, dim, format, metric, outOffset, scratchOffset,
      );
      out.set(this.memory.floats(outOffset, count * rows), first * rows);
    }
    return out;
  }

  /** Returns per-query heaps of the k (<= rows) best rows of this shard. */
  topK(queries: Float32Array, metric: 0 | 1, k: number): ShardTopK {
    const { rows, dim, format } = this.shard;
    const queryCount = queries.length / dim;
    const keys = new Float32Array(queryCount * k);
    const heapRows = new Int32Array(queryCount * k);
    const sizes = new Int32Array(queryCount);
    const blockRows = this.blockRows();
    const perQuery = (2 * k + 1 + dim) * 4;
    const queriesPerCall = Math.max(1, Math.floor(SCRATCH_BYTES / perQuery));

    for (let first = 0; first < queryCount; first += queriesPerCall) {
      const count = Math.min(queriesPerCall, queryCount - first);
      const [queryOffset, keysOffset, rowsOffset, sizesOffset, scratchOffset, distancesOffset] = this.memory.layout(
        this.scratchStart,
        [count * dim * 4, count * k * 4, count * k * 4, count * 4, blockRows * dim * 4, blockRows * 4],
      );
      this.memory.floats(queryOffset, count * dim).set(queries.subarray(first * dim, (first + count) * dim));
      this.memory.ints(sizesOffset, count).fill(0);

      this.kernels.scanTopK(
        queryOffset, count, this.galleryOffset, this.scalesOffset, rows, dim, format, metric, k,
        keysOffset, rowsOffset, sizesOffset, scratchOffset, distancesOffset,
      );
      keys.set(this.memory.floats(keysOffset, count * k), first * k);
      heapRows.set(this.memory.ints(rowsOffset, count * k), first * k);
      sizes.set(this.memory.ints(sizesOffset, count), first);
    }
    return { keys, rows: heapRows, sizes };
  }

  private blockRows(): number {
    return this.kernels.BLOCK_ROWS.value as number;
  }
}

export interface TripletKernelResult {
  readonly hinges: Float32Array;
  readonly activeTriplets: number;
  readonly gradAnchor: Float32Array;
  readonly gradPositive: Float32Array;
  readonly gradNegative: Float32Array;
}

/** The triplet loss kernel on one instance, processing rows in blocks to bound its memory. */
export class TripletKernels {
  private constructor(
    private readonly kernels: KernelExports,
    private readonly memory: LinearMemory,
  ) {}

  static async create(module: WebAssembly.Module): Promise<TripletKernels> {
    const kernels = await instantiateKernels(module);
    return new TripletKernels(kernels, new LinearMemory(kernels.memory, kernels.heapBase()));
  }

  run(anchor: Float32Array, positive: Float32Array, negative: Float32Array, dim: number, alpha: number): TripletKernelResult {
    const rows = anchor.length / dim;
    const hinges = new Float32Array(rows);
    const gradAnchor = new Float32Array(anchor.length);
    const gradPositive = new Float32Array(anchor.length);
    const gradNegative = new Float32Array(anchor.length);
    const rowsPerCall = Math.max(1, Math.floor(SCRATCH_BYTES / (6 * dim * 4 + 4)));
    let activeTriplets = 0;

    for (let first = 0; first < rows; first += rowsPerCall) {
      const count = Math.min(rowsPerCall, rows - first);
      const bytes = count * dim * 4;
      const offsets = this.memory.layout(this.memory.base, [bytes, bytes, bytes, bytes, bytes, bytes, count * 4]);
      const [a, p, n, ga, gp, gn, h] = offsets;
      const from = first * dim;
      const to = from + count * dim;
      this.memory.floats(a, count * dim).set(anchor.subarray(from, to));
      this.memory.floats(p, count * dim).set(positive.subarray(from, to));
      this.memory.floats(n, count * dim).set(negative.subarray(from, to));

      activeTriplets += this.kernels.tripletLoss(a, p, n, count, dim, alpha, ga, gp, gn, h);

      gradAnchor.set(this.memory.floats(ga, count * dim), from);
      gradPositive.set(this.memory.floats(gp, count * dim), from);
      gradNegative.set(this.memory.floats(gn, count * dim), from);
      hinges.set(this.memory.floats(h, count), first);
    }

    return { hinges, activeTriplets, gradAnchor, gradPositive, gradNegative };
  }
}
