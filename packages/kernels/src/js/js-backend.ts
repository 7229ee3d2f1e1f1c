// The js backend: the reference kernels behind the async backend interface.

import type {
  BackendGallery,
  GalleryMatrix,
  GalleryOptions,
  JsBackendInfo,
  KernelBackend,
  KernelMetric,
  TopKOptions,
  TopKResult,
  TripletLossResult,
} from '../backend.js';
import { DisposedError } from '../errors.js';
import { GalleryHandle, ownGallery } from '../gallery-handle.js';
import { buildHostGallery, type HostGallery } from '../host-gallery.js';
import { float16BitsToFloat32 } from '../quantize.js';
import { checkSearch, runTopK } from '../search.js';
import { distancesReference, pairDistance, topKByDistance, tripletLossReference } from './reference.js';

class JsGallery extends GalleryHandle {
  protected release(): void {}
}

export class JsBackend implements KernelBackend {
  readonly name = 'js' as const;
  readonly info: JsBackendInfo = { backend: 'js' };
  private disposed = false;

  async createGallery(vectors: Float32Array, dim: number, options?: GalleryOptions): Promise<BackendGallery> {
    this.checkOpen();
    return new JsGallery(this, buildHostGallery(vectors, dim, options));
  }

  async distances(
    queries: Float32Array,
    gallery: GalleryMatrix,
    metric: KernelMetric = 'squaredL2',
  ): Promise<Float32Array> {
    this.checkOpen();
    const { host } = ownGallery(gallery, this, JsGallery);
    const queryCount = checkSearch(queries, host.dim, metric);

    if (host.quantization === 'none') return distancesReference(queries, host.vectors, host.dim, metric);

    const distance = compactDistance(queries, host, metric);
    const out = new Float32Array(queryCount * host.rows);
    for (let query = 0; query < queryCount; query++) {
      for (let row = 0; row < host.rows; row++) out[query * host.rows + row] = distance(query, row);
    }
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
    const { host } = ownGallery(gallery, this, JsGallery);

    return runTopK(queries, host, k, metric, options, async (kept) => {
      const queryCount = queries.length / host.dim;
      return topKByDistance(queryCount, host.rows, kept, metric, compactDistance(queries, host, metric));
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
    return tripletLossReference(anchor, positive, negative, dim, alpha);
  }

  dispose(): void {
    this.disposed = true;
  }

  private checkOpen(): void {
    if (this.disposed) throw new DisposedError('js backend');
  }
}

let float16Table: Float32Array | undefined;

/** Returns the distance function over the copy a search scans: float32, or the compact encoding. */
function compactDistance(
  queries: Float32Array,
  host: HostGallery,
  metric: KernelMetric,
): (query: number, row: number) => number {
  const { dim } = host;
  if (host.quantization === 'none') {
    return (query, row) => pairDistance(queries, query, host.vectors, row, dim, metric);
  }

  const decoded = new Float32Array(dim);
  let decodedRow = -1;

  const decodeRow = (row: number): Float32Array => {
    if (row === decodedRow) return decoded;
    decodedRow = row;
    if (host.int8) {
      const scale = host.int8.scales[row];
      for (let i = 0; i < dim; i++) decoded[i] = scale * host.int8.codes[row * dim + i];
    } else if (host.float16) {
      float16Table ??= buildFloat16Table();
      for (let i = 0; i < dim; i++) decoded[i] = float16Table[host.float16[row * dim + i]];
    }
    return decoded;
  };

  return (query, row) => {
    const values = decodeRow(row);
    const q = query * dim;
    let sum = 0;
    if (metric === 'dot') {
      for (let i = 0; i < dim; i++) sum += queries[q + i] * values[i];
    } else {
      for (let i = 0; i < dim; i++) {
        const difference = queries[q + i] - values[i];
        sum += difference * difference;
      }
    }
    return Math.fround(sum);
  };
}

function buildFloat16Table(): Float32Array {
  const table = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits++) table[bits] = float16BitsToFloat32(bits);
  return table;
}
