// Exhaustive search on a @facegate/kernels backend (webgpu, wasm-simd or js):
// the default for small galleries and the ground truth that HNSW recall is
// measured against. The backend keeps an immutable copy of the gallery, so
// adds and removes only mark it stale and the next search uploads it again.

import type { BackendGallery, KernelBackend } from '@facegate/kernels';
import type { GalleryMetric } from './metric.js';
import type { TemplateStore } from './template-store.js';
import type { TemplateCandidates, VectorIndex } from './vector-index.js';

interface UploadedGallery {
  matrix: BackendGallery;
  templateIds: Uint32Array;
  version: number;
}

export class ExactIndex implements VectorIndex {
  readonly kind = 'exact' as const;
  private uploaded: UploadedGallery | undefined;

  /** `backend` is called once, on the first search, so that galleries that never search start no backend. */
  constructor(
    private readonly backend: () => Promise<KernelBackend>,
    private readonly store: TemplateStore,
    private readonly metric: GalleryMetric,
  ) {}

  // Both only invalidate the uploaded copy, which the store's version already tracks.
  async add(_templateIds: readonly number[]): Promise<void> {}

  remove(_templateIds: readonly number[]): void {}

  async search(queries: Float32Array, k: number): Promise<TemplateCandidates[]> {
    const dim = this.store.dim;
    const queryCount = queries.length / dim;
    const kept = Math.min(k, this.store.count);
    if (kept === 0) return emptyResults(queryCount);

    const backend = await this.backend();
    const gallery = await this.upload(backend);
    const paddedDim = padDim(dim);
    const found = await backend.topK(pad(queries, dim, paddedDim), gallery.matrix, kept, this.metric);

    const results: TemplateCandidates[] = [];
    for (let q = 0; q < queryCount; q++) {
      const templateIds = new Uint32Array(found.k);
      const distances = new Float32Array(found.k);
      for (let j = 0; j < found.k; j++) {
        const at = q * found.k + j;
        templateIds[j] = gallery.templateIds[found.indices[at]];
        // The kernels report the dot product itself; the gallery ranks by 1 - dot.
        distances[j] = this.metric === 'dot' ? 1 - found.distances[at] : found.distances[at];
      }
      results.push({ templateIds, distances });
    }
    return results;
  }

  dispose(): void {
    this.uploaded?.matrix.dispose();
    this.uploaded = undefined;
  }

  private async upload(backend: KernelBackend): Promise<UploadedGallery> {
    if (this.uploaded && this.uploaded.version === this.store.version) return this.uploaded;

    this.dispose();
    const { vectors, templateIds } = this.store.matrix();
    const paddedDim = padDim(this.store.dim);
    const matrix = await backend.createGallery(pad(vectors, this.store.dim, paddedDim), paddedDim);
    this.uploaded = { matrix, templateIds: templateIds.slice(), version: this.store.version };
    return this.uploaded;
  }
}

function emptyResults(queryCount: number): TemplateCandidates[] {
  return Array.from({ length: queryCount }, () => ({ templateIds: new Uint32Array(0), distances: new Float32Array(0) }));
}

// The kernels need a dimension that is a multiple of 4. Zero components
// change neither squared L2 distances nor dot products.
function padDim(dim: number): number {
  return Math.ceil(dim / 4) * 4;
}

function pad(vectors: Float32Array, dim: number, paddedDim: number): Float32Array {
  if (dim === paddedDim) return vectors;

  const rows = vectors.length / dim;
  const out = new Float32Array(rows * paddedDim);
  for (let row = 0; row < rows; row++) out.set(vectors.subarray(row * dim, (row + 1) * dim), row * paddedDim);
  return out;
}
