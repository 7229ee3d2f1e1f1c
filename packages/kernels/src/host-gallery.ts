// The host-side form of a gallery that every backend builds before it
// uploads: a float32 copy (kept for re-ranking quantised galleries) plus the
// compact encoding the search scans.

import type { GalleryOptions, GalleryQuantization } from './backend.js';
import { InvalidInputError } from './errors.js';
import { checkQuantization, quantizeFloat16, quantizeInt8, type Int8Rows } from './quantize.js';
import { checkDim, checkVectors, describe, rowCount } from './validate.js';

export interface HostGallery {
  readonly rows: number;
  readonly dim: number;
  readonly quantization: GalleryQuantization;
  /** Float32 rows, copied so later changes to the caller's array do not leak in. */
  readonly vectors: Float32Array;
  readonly int8?: Int8Rows;
  readonly float16?: Uint16Array;
}

export function buildHostGallery(vectors: unknown, dim: unknown, options: GalleryOptions | undefined): HostGallery {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new InvalidInputError('options', `expected an object, got ${describe(options)}`);
  }
  const quantization = options?.quantization ?? 'none';
  checkQuantization(quantization);
  checkDim(dim, true);
  checkVectors('vectors', vectors);
  const rows = rowCount('vectors', vectors, dim);

  const copy = vectors.slice();
  if (quantization === 'int8') return { rows, dim, quantization, vectors: copy, int8: quantizeInt8(copy, dim) };
  if (quantization === 'f16') return { rows, dim, quantization, vectors: copy, float16: quantizeFloat16(copy) };
  return { rows, dim, quantization, vectors: copy };
}
