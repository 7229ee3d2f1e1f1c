// The non-strict webgpu backend: forwards to the GPU until its device is
// lost, then to a fallback backend (wasm-simd, else js) started on first
// need. The call that is running when the device is lost rejects with
// DeviceLostError. Later calls run on the fallback, including calls on
// galleries created before the loss: the fallback re-creates each such
// gallery from its float32 host copy.

import type {
  BackendGallery,
  BackendInfo,
  BackendName,
  GalleryMatrix,
  GalleryOptions,
  GalleryQuantization,
  KernelBackend,
  KernelMetric,
  TopKOptions,
  TopKResult,
  TripletLossResult,
} from './backend.js';
import { DeviceLostError, DisposedError, InvalidInputError } from './errors.js';
import type { GalleryHandle } from './gallery-handle.js';
import type { WebGpuBackend } from './webgpu/webgpu-backend.js';

class FallbackGallery implements BackendGallery {
  readonly rows: number;
  readonly dim: number;
  readonly quantization: GalleryQuantization;
  private readonly copies = new Map<KernelBackend, Promise<BackendGallery>>();
  private disposed = false;

  constructor(
    readonly owner: FallbackBackend,
    private readonly primary: BackendGallery & GalleryHandle,
    primaryBackend: KernelBackend,
  ) {
    this.rows = primary.rows;
    this.dim = primary.dim;
    this.quantization = primary.quantization;
    this.copies.set(primaryBackend, Promise.resolve(primary));
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Returns this gallery on `backend`, uploading the host copy there the first time. */
  on(backend: KernelBackend): Promise<BackendGallery> {
    let copy = this.copies.get(backend);
    if (!copy) {
      const { vectors, dim, quantization } = this.primary.host;
      copy = backend.createGallery(vectors, dim, { quantization });
      this.copies.set(backend, copy);
    }
    return copy;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const copy of this.copies.values()) void copy.then((gallery) => gallery.dispose(), () => undefined);
    this.copies.clear();
  }
}

export class FallbackBackend implements KernelBackend {
  private fallback: Promise<KernelBackend> | undefined;
  private fallbackBackend: KernelBackend | undefined;
  private disposed = false;

  constructor(
    /** The GPU backend used until its device is lost. */
    readonly primary: WebGpuBackend,
    private readonly startFallback: () => Promise<KernelBackend>,
    private readonly onDeviceLost?: (reason: string, fallback: BackendName) => void,
  ) {}

  get name(): BackendName {
    return this.fallbackBackend?.name ?? this.primary.name;
  }

  get info(): BackendInfo {
    return this.fallbackBackend?.info ?? this.primary.info;
  }

  /** Reason the GPU device was lost, or undefined while it works. */
  get deviceLost(): string | undefined {
    return this.primary.deviceLost;
  }

  async createGallery(vectors: Float32Array, dim: number, options?: GalleryOptions): Promise<BackendGallery> {
    const backend = await this.active();
    const gallery = await this.guard(backend.createGallery(vectors, dim, options));
    return new FallbackGallery(this, gallery as BackendGallery & GalleryHandle, backend);
  }

  async distances(queries: Float32Array, gallery: GalleryMatrix, metric?: KernelMetric): Promise<Float32Array> {
    const backend = await this.active();
    return this.guard(this.galleryOn(gallery, backend).then((inner) => backend.distances(queries, inner, metric)));
  }

  async topK(
    queries: Float32Array,
    gallery: GalleryMatrix,
    k: number,
    metric?: KernelMetric,
    options?: TopKOptions,
  ): Promise<TopKResult> {
    const backend = await this.active();
    return this.guard(this.galleryOn(gallery, backend).then((inner) => backend.topK(queries, inner, k, metric, options)));
  }

  async tripletLoss(
    anchor: Float32Array,
    positive: Float32Array,
    negative: Float32Array,
    dim: number,
    alpha?: number,
  ): Promise<TripletLossResult> {
    const backend = await this.active();
    return this.guard(backend.tripletLoss(anchor, positive, negative, dim, alpha));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.primary.dispose();
    void this.fallback?.then((backend) => backend.dispose(), () => undefined);
  }

  /** Returns the GPU backend, or the fallback once the device is lost. */
  private async active(): Promise<KernelBackend> {
    if (this.disposed) throw new DisposedError('webgpu backend');
    const reason = this.primary.deviceLost;
    if (!reason) return this.primary;

    if (!this.fallback) {
      this.fallback = this.startFallback().then((backend) => {
        this.fallbackBackend = backend;
        this.onDeviceLost?.(reason, backend.name);
        return backend;
      });
    }
    return this.fallback;
  }

  private galleryOn(gallery: GalleryMatrix, backend: KernelBackend): Promise<BackendGallery> {
    if (!(gallery instanceof FallbackGallery) || gallery.owner !== this) {
      return Promise.reject(new InvalidInputError('gallery', 'was not created by this backend; call createGallery on it first'));
    }
    if (gallery.isDisposed) return Promise.reject(new DisposedError('gallery'));
    return gallery.on(backend);
  }

  /** Passes results through; a DeviceLostError still rejects, and the next call switches to the fallback. */
  private async guard<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (error instanceof DeviceLostError) await this.active().catch(() => undefined);
      throw error;
    }
  }
}
