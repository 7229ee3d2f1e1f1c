// Base class of every backend's gallery: tracks ownership and disposal so a
// gallery passed to the wrong backend, or used after dispose(), fails with a
// typed error instead of reading freed memory.

import type { BackendGallery, GalleryQuantization } from './backend.js';
import { DisposedError, InvalidInputError } from './errors.js';
import type { HostGallery } from './host-gallery.js';

export abstract class GalleryHandle implements BackendGallery {
  readonly rows: number;
  readonly dim: number;
  readonly quantization: GalleryQuantization;
  private disposed = false;

  constructor(
    readonly owner: object,
    readonly host: HostGallery,
  ) {
    this.rows = host.rows;
    this.dim = host.dim;
    this.quantization = host.quantization;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.release();
  }

  /** Frees the backend memory; runs once. */
  protected abstract release(): void;
}

/** Returns `gallery` as the owner's handle type, or throws if it belongs elsewhere or was disposed. */
export function ownGallery<T extends GalleryHandle>(
  gallery: unknown,
  owner: object,
  type: abstract new (...args: never[]) => T,
): T {
  if (!(gallery instanceof type) || gallery.owner !== owner) {
    throw new InvalidInputError('gallery', 'was not created by this backend; call createGallery on it first');
  }
  if (gallery.isDisposed) throw new DisposedError('gallery');
  return gallery;
}
