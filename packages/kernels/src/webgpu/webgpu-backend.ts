// The webgpu backend: WGSL compute kernels on one GPU device. Calls run one
// at a time because they share pooled buffers. After a device loss, the
// running call and every later call reject with DeviceLostError, and
// createBackend's fallback wrapper then switches to another backend.

import type {
  BackendGallery,
  GalleryMatrix,
  GalleryOptions,
  KernelBackend,
  KernelMetric,
  TopKOptions,
  TopKResult,
  TripletLossResult,
  WebGpuBackendInfo,
} from '../backend.js';
import { DeviceLostError, DisposedError, KernelError } from '../errors.js';
import { ownGallery } from '../gallery-handle.js';
import { buildHostGallery } from '../host-gallery.js';
import { checkSearch, runTopK } from '../search.js';
import { checkAlpha, checkTripletBatch } from '../validate.js';
import { openDevice } from './device.js';
import { forEachDistanceBlock } from './distance.js';
import { GpuContext } from './gpu-context.js';
import { GpuGallery, uploadGallery } from './gpu-gallery.js';
import { gpuTopK } from './topk.js';
import { gpuTripletLoss } from './triplet-loss.js';

export interface WebGpuOptions {
  gpu?: GPU;
  maxChunkBytes?: number;
}

export async function createWebGpuBackend(options: WebGpuOptions = {}): Promise<WebGpuBackend> {
  const { gpu, device, info } = await openDevice(options);
  return new WebGpuBackend(gpu, device, info);
}

export class WebGpuBackend implements KernelBackend {
  readonly name = 'webgpu' as const;
  private readonly context: GpuContext;
  private lostReason: string | undefined;
  private disposed = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private gpu: GPU | undefined,
    /** The device the kernels run on; destroying it from outside counts as a device loss. */
    readonly device: GPUDevice,
    readonly info: WebGpuBackendInfo,
  ) {
    this.context = new GpuContext(device, info.maxChunkBytes);
    void device.lost.then((lost) => {
      if (!this.disposed) this.lostReason = `${lost.reason}: ${lost.message || 'no message'}`;
    });
  }

  /** Reason of the device loss, or undefined while the device works. */
  get deviceLost(): string | undefined {
    return this.lostReason;
  }

  createGallery(vectors: Float32Array, dim: number, options?: GalleryOptions): Promise<BackendGallery> {
    return this.exclusive(async () => {
      const host = buildHostGallery(vectors, dim, options);
      return this.withErrorScope('createGallery', async () => uploadGallery(this.context, this, host, this.info.maxChunkBytes));
    });
  }

  distances(queries: Float32Array, gallery: GalleryMatrix, metric: KernelMetric = 'squaredL2'): Promise<Float32Array> {
    return this.exclusive(async () => {
      const owned = ownGallery(gallery, this, GpuGallery);
      const queryCount = checkSearch(queries, owned.dim, metric);
      const out = new Float32Array(queryCount * owned.rows);
      if (queryCount === 0 || owned.rows === 0) return out;

      await this.withErrorScope('distances', () =>
        forEachDistanceBlock(this.context, owned, queries, metric, (chunk, firstQuery, count, distances) => {
          for (let query = 0; query < count; query++) {
            const row = distances.subarray(query * chunk.rows, (query + 1) * chunk.rows);
            out.set(row, (firstQuery + query) * owned.rows + chunk.firstRow);
          }
        }),
      );
      return out;
    });
  }

  topK(
    queries: Float32Array,
    gallery: GalleryMatrix,
    k: number,
    metric: KernelMetric = 'squaredL2',
    options?: TopKOptions,
  ): Promise<TopKResult> {
    return this.exclusive(async () => {
      const owned = ownGallery(gallery, this, GpuGallery);
      return runTopK(queries, owned.host, k, metric, options, (kept) =>
        this.withErrorScope('topK', () => gpuTopK(this.context, owned, queries, kept, metric)),
      );
    });
  }

  tripletLoss(
    anchor: Float32Array,
    positive: Float32Array,
    negative: Float32Array,
    dim: number,
    alpha = 0.2,
  ): Promise<TripletLossResult> {
    return this.exclusive(async () => {
      checkTripletBatch(anchor, positive, negative, dim);
      checkAlpha(alpha);
      return this.withErrorScope('tripletLoss', () => gpuTripletLoss(this.context, anchor, positive, negative, dim, alpha));
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.context.destroy();
    this.device.destroy();
    this.gpu = undefined;
  }

  /** Runs calls one at a time, since they share pooled buffers, and checks the device before each. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.disposed) throw new DisposedError('webgpu backend');
      if (this.lostReason) throw new DeviceLostError(this.lostReason);
      return work();
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs GPU work inside validation and out-of-memory error scopes, so a
   * failed buffer allocation or dispatch rejects the call instead of
   * returning zeros, and turns failures after a device loss into DeviceLostError.
   */
  private async withErrorScope<T>(operation: string, work: () => Promise<T>): Promise<T> {
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await this.device.popErrorScope().catch(() => null);
      await this.device.popErrorScope().catch(() => null);
      throw await this.explain(operation, error);
    }

    const validation = await this.device.popErrorScope().catch(() => null);
    const memory = await this.device.popErrorScope().catch(() => null);
    const failure = memory ?? validation;
    if (failure) throw await this.explain(operation, new KernelError(`${operation} failed on the GPU: ${failure.message}`));
    return result;
  }

  private async explain(operation: string, error: unknown): Promise<unknown> {
    if (error instanceof DeviceLostError || !(error instanceof Error)) return error;
    // The lost promise may settle just after the failed map or dispatch that revealed the loss.
    await Promise.race([this.device.lost, new Promise((resolve) => setTimeout(resolve, 50))]);
    if (this.lostReason) return new DeviceLostError(this.lostReason, { cause: error });
    if (error instanceof KernelError) return error;
    return new KernelError(`${operation} failed on the GPU: ${error.message}`, { cause: error });
  }
}
