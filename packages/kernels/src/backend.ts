/// <reference types="@webgpu/types" />
// The contract every kernel backend (webgpu, wasm-simd, js) implements. One
// conformance suite runs against all of them, so a caller may swap backends
// without changing results beyond the documented tolerance.

export type BackendName = 'webgpu' | 'wasm-simd' | 'js';

/**
 * Distance used by the kernels. `squaredL2` ranks ascending; `dot` is the
 * inner product of (unit) vectors and ranks descending, largest first.
 */
export type KernelMetric = 'squaredL2' | 'dot';

/** Gallery rows resident on a backend (GPU buffers, WASM memory or JS arrays). */
export interface GalleryMatrix {
  readonly rows: number;
  readonly dim: number;
  /** Releases the backend memory; the matrix is unusable afterwards. */
  dispose(): void;
}

/** Per-query nearest rows, `queries` x `k` row-major, best first. */
export interface TopKResult {
  readonly queries: number;
  /** min(requested k, gallery rows): k larger than the gallery returns every row. */
  readonly k: number;
  readonly indices: Int32Array;
  readonly distances: Float32Array;
}

export interface TripletLossResult {
  /** sum over the batch of max(|A-P|^2 - |A-N|^2 + alpha, 0). */
  readonly loss: number;
  /** Rows whose hinge is positive, so they contribute to the loss and gradients. */
  readonly activeTriplets: number;
  readonly gradAnchor: Float32Array;
  readonly gradPositive: Float32Array;
  readonly gradNegative: Float32Array;
}

/**
 * Storage format of the gallery copy that a search scans. `int8` keeps one
 * signed byte per component plus a float32 scale per row; `f16` keeps IEEE
 * half floats. Both keep a float32 host copy for re-ranking.
 */
export type GalleryQuantization = 'none' | 'int8' | 'f16';

export interface GalleryOptions {
  /** Default `none` (float32, exact). */
  quantization?: GalleryQuantization;
}

export interface TopKOptions {
  /**
   * Candidates per query that a quantised gallery re-ranks with float32
   * distances before keeping k. Default max(4k, k + 32); 0 returns the
   * quantised ranking and distances as they are. Ignored for float32 galleries.
   */
  rerankCandidates?: number;
}

/** A quantised or float32 gallery, as every backend returns it. */
export interface BackendGallery extends GalleryMatrix {
  readonly quantization: GalleryQuantization;
}

export interface WebGpuBackendInfo {
  readonly backend: 'webgpu';
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** True for software adapters such as SwiftShader, which are accepted. */
  readonly isFallbackAdapter: boolean;
  readonly limits: Readonly<Record<string, number>>;
  readonly features: readonly string[];
  /** Largest gallery chunk bound to one shader invocation, in bytes. */
  readonly maxChunkBytes: number;
}

export interface WasmSimdBackendInfo {
  readonly backend: 'wasm-simd';
  /** Worker threads scanning gallery shards; 1 means the calling thread does the work. */
  readonly threads: number;
  /** Largest gallery shard held by one WebAssembly instance, in bytes. */
  readonly maxShardBytes: number;
}

export interface JsBackendInfo {
  readonly backend: 'js';
}

export type BackendInfo = WebGpuBackendInfo | WasmSimdBackendInfo | JsBackendInfo;

/**
 * Kernels behind one interface. Every method validates its input the same
 * way on every backend and rejects with InvalidInputError naming the
 * argument. Gallery kernels require `dim` to be a multiple of 4; the triplet
 * loss accepts any `dim`.
 */
export interface KernelBackend {
  readonly name: BackendName;
  readonly info: BackendInfo;

  /** Copies `vectors` (rows x dim, row-major) into backend memory once, for many queries. */
  createGallery(vectors: Float32Array, dim: number, options?: GalleryOptions): Promise<BackendGallery>;

  /** Returns the queries x rows matrix of distances (squared L2) or inner products (dot), row-major. */
  distances(queries: Float32Array, gallery: GalleryMatrix, metric?: KernelMetric): Promise<Float32Array>;

  /**
   * Returns the k best gallery rows per query: smallest squared L2 or largest
   * dot, ties broken by the lower row index. k larger than the gallery
   * returns every row; k = 0 returns an empty result.
   */
  topK(
    queries: Float32Array,
    gallery: GalleryMatrix,
    k: number,
    metric?: KernelMetric,
    options?: TopKOptions,
  ): Promise<TopKResult>;

  /** Returns the summed triplet hinge loss of an (m, dim) batch and its gradients. */
  tripletLoss(
    anchor: Float32Array,
    positive: Float32Array,
    negative: Float32Array,
    dim: number,
    alpha?: number,
  ): Promise<TripletLossResult>;

  /** Releases every buffer, worker and gallery of this backend; later calls reject. */
  dispose(): void;
}
