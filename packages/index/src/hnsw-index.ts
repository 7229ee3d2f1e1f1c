// Approximate nearest-neighbour index on hnswlib-wasm. Template ids are the
// hnswlib labels. hnswlib never reuses a deleted slot here, and the gallery
// never reuses a template id, so a removed or replaced template cannot come
// back in a result.

import { GalleryArgumentError, HnswError } from './errors.js';
import { exportGraph, importGraph } from './hnsw-file-transfer.js';
import { type HnswlibModule, type NativeHnsw, loadHnswlib, translateHnswException } from './hnswlib-module.js';
import { type GalleryMetric, vectorDistance } from './metric.js';
import type { TemplateStore } from './template-store.js';
import type { TemplateCandidates, VectorIndex } from './vector-index.js';

export interface HnswParameters {
  /** Graph out-degree per layer (level 0 keeps 2M). */
  M: number;
  /** Candidate list size while inserting; larger builds slower and connects better. */
  efConstruction: number;
  /** Candidate list size while searching; hnswlib uses max(ef, k). */
  ef: number;
  /** Seed of the level generator, for reproducible graphs. */
  seed: number;
  /** Slots reserved on creation; the index doubles them when full. */
  initialCapacity: number;
}

// Chosen from recall and build-time measurements on clustered synthetic
// templates and on face embeddings; see docs/index.md for the tables.
export const DEFAULT_HNSW_PARAMETERS: Readonly<HnswParameters> = Object.freeze({
  M: 16,
  efConstruction: 100,
  ef: 128,
  seed: 100,
  initialCapacity: 1024,
});

export interface HnswSearchOptions {
  /** Candidate list size for this search only; default the index's ef. */
  ef?: number;
  /** Re-scores `rerankCandidates` HNSW candidates with exact float64 distances from the stored vectors. */
  rerank?: boolean;
  /** HNSW candidates per query to re-rank; default max(4k, k + 32). */
  rerankCandidates?: number;
}

export function resolveHnswParameters(overrides: Partial<HnswParameters> | undefined): HnswParameters {
  const parameters = { ...DEFAULT_HNSW_PARAMETERS, ...stripUndefined(overrides ?? {}) };
  checkPositiveInteger('hnsw.M', parameters.M, 2, 1024);
  checkPositiveInteger('hnsw.efConstruction', parameters.efConstruction, 1, 1 << 16);
  checkPositiveInteger('hnsw.ef', parameters.ef, 1, 1 << 16);
  checkPositiveInteger('hnsw.seed', parameters.seed, 0, 0xffff_ffff);
  checkPositiveInteger('hnsw.initialCapacity', parameters.initialCapacity, 1, 1 << 30);
  return parameters;
}

export class HnswIndex implements VectorIndex {
  readonly kind = 'hnsw' as const;
  private slotsUsed: number;
  private live = new Set<number>();
  private disposed = false;

  private constructor(
    private readonly lib: HnswlibModule,
    private readonly native: NativeHnsw,
    private readonly store: TemplateStore,
    private readonly metric: GalleryMetric,
    readonly parameters: HnswParameters,
    slotsUsed: number,
  ) {
    this.slotsUsed = slotsUsed;
  }

  /** Creates an empty index and adds every template in `store`. */
  static async build(store: TemplateStore, metric: GalleryMetric, parameters: HnswParameters): Promise<HnswIndex> {
    const lib = await loadHnswlib();
    const native = construct(lib, metric, store.dim);
    const capacity = Math.max(parameters.initialCapacity, store.count);

    try {
      native.initIndex(capacity, parameters.M, parameters.efConstruction, parameters.seed);
      native.setEfSearch(parameters.ef);
    } catch (error) {
      native.delete();
      throw translateHnswException(lib, 'initIndex', error);
    }

    const index = new HnswIndex(lib, native, store, metric, parameters, 0);
    try {
      await index.add(Array.from(store.matrix().templateIds));
    } catch (error) {
      index.dispose();
      throw error;
    }
    return index;
  }

  /**
   * Restores an index from exportGraph bytes. `templateIds` must be exactly
   * the graph's live labels; anything else means the file is inconsistent.
   */
  static async restore(
    graph: Uint8Array,
    store: TemplateStore,
    metric: GalleryMetric,
    parameters: HnswParameters,
    templateIds: readonly number[],
  ): Promise<HnswIndex> {
    const lib = await loadHnswlib();
    const native = construct(lib, metric, store.dim);

    try {
      // The restored graph keeps its own slot count; room for growth is added on the next add.
      await importGraph(lib, native, graph, 0);
      native.setEfSearch(parameters.ef);
      if (native.getNumDimensions() !== store.dim) {
        throw new HnswError('readIndex', undefined, `graph dimension ${native.getNumDimensions()} differs from the gallery's ${store.dim}`);
      }
    } catch (error) {
      native.delete();
      throw error;
    }

    const index = new HnswIndex(lib, native, store, metric, parameters, native.getCurrentCount());
    for (const id of templateIds) index.live.add(id);
    return index;
  }

  get liveCount(): number {
    return this.live.size;
  }

  /** Slots hnswlib holds, including those of removed templates. */
  get slotCount(): number {
    return this.slotsUsed;
  }

  get capacity(): number {
    return this.native.getMaxElements();
  }

  async add(templateIds: readonly number[]): Promise<void> {
    this.checkUsable();
    this.ensureCapacity(this.slotsUsed + templateIds.length);

    for (const id of templateIds) {
      if (this.live.has(id)) throw new Error(`template ${id} is already in the HNSW index`);
      const vector = this.store.vector(id);
      if (vector === undefined) throw new Error(`template ${id} has no stored vector`);
      try {
        this.native.addPoint(vector, id, false);
      } catch (error) {
        throw translateHnswException(this.lib, 'addPoint', error);
      }
      this.slotsUsed += 1;
      this.live.add(id);
    }
  }

  remove(templateIds: readonly number[]): void {
    this.checkUsable();
    for (const id of templateIds) {
      if (!this.live.delete(id)) continue;
      try {
        this.native.markDelete(id);
      } catch (error) {
        throw translateHnswException(this.lib, 'markDelete', error);
      }
    }
  }

  async search(queries: Float32Array, k: number, options: HnswSearchOptions = {}): Promise<TemplateCandidates[]> {
    this.checkUsable();
    const dim = this.store.dim;
    const queryCount = queries.length / dim;
    const kept = Math.min(k, this.live.size);
    const results: TemplateCandidates[] = [];

    if (options.ef !== undefined) checkPositiveInteger('ef', options.ef, 1, 1 << 16);
    const requested = options.rerank ? Math.max(kept, options.rerankCandidates ?? Math.max(4 * kept, kept + 32)) : kept;
    const fetched = Math.min(requested, this.live.size);

    if (options.ef !== undefined) this.native.setEfSearch(options.ef);
    try {
      for (let q = 0; q < queryCount; q++) {
        if (kept === 0) {
          results.push({ templateIds: new Uint32Array(0), distances: new Float32Array(0) });
          continue;
        }

        const query = queries.subarray(q * dim, (q + 1) * dim);
        let found;
        try {
          found = this.native.searchKnn(query, fetched, undefined);
        } catch (error) {
          throw translateHnswException(this.lib, 'searchKnn', error);
        }

        const candidates = this.collect(found.neighbors, found.distances);
        results.push(options.rerank ? this.rerank(query, candidates, kept) : truncate(candidates, kept));
      }
    } finally {
      if (options.ef !== undefined) this.native.setEfSearch(this.parameters.ef);
    }
    return results;
  }

  /** Compares the graph's live labels with `expected`; returns a description of the first difference, if any. */
  checkLabels(expected: readonly number[]): string | undefined {
    this.checkUsable();
    const used = new Set(this.native.getUsedLabels());
    if (used.size !== expected.length) return `the graph has ${used.size} live elements for ${expected.length} templates`;
    const missing = expected.find((id) => !used.has(id));
    return missing === undefined ? undefined : `template ${missing} is missing from the graph`;
  }

  /** Returns hnswlib's own serialisation of the graph, including removed slots. */
  exportGraph(): Promise<Uint8Array> {
    this.checkUsable();
    return exportGraph(this.lib, this.native);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.native.delete();
  }

  // hnswlib returns results farthest first; ids outside the live set are
  // dropped as a second guard against returning a removed template.
  private collect(neighbors: number[], distances: number[]): TemplateCandidates {
    const order = neighbors.map((_, i) => i).filter((i) => this.live.has(neighbors[i]));
    order.sort((a, b) => distances[a] - distances[b] || neighbors[a] - neighbors[b]);
    return {
      templateIds: Uint32Array.from(order, (i) => neighbors[i]),
      distances: Float32Array.from(order, (i) => distances[i]),
    };
  }

  private rerank(query: Float32Array, candidates: TemplateCandidates, k: number): TemplateCandidates {
    const scored = Array.from(candidates.templateIds, (id) => ({
      id,
      distance: vectorDistance(this.metric, query, this.store.vector(id) as Float32Array),
    }));
    scored.sort((a, b) => a.distance - b.distance || a.id - b.id);
    const kept = scored.slice(0, k);
    return {
      templateIds: Uint32Array.from(kept, (entry) => entry.id),
      distances: Float32Array.from(kept, (entry) => entry.distance),
    };
  }

  private ensureCapacity(slots: number): void {
    const capacity = this.native.getMaxElements();
    if (slots <= capacity) return;

    const grown = Math.max(slots, capacity * 2, this.parameters.initialCapacity);
    try {
      this.native.resizeIndex(grown);
    } catch (error) {
      throw translateHnswException(this.lib, `resizeIndex to ${grown}`, error);
    }
  }

  private checkUsable(): void {
    if (this.disposed) throw new HnswError('use', undefined, 'the HNSW index was disposed');
  }
}

function construct(lib: HnswlibModule, metric: GalleryMetric, dim: number): NativeHnsw {
  try {
    return new lib.HierarchicalNSW(metric === 'squaredL2' ? 'l2' : 'ip', dim, '');
  } catch (error) {
    throw translateHnswException(lib, 'create', error);
  }
}

function truncate(candidates: TemplateCandidates, k: number): TemplateCandidates {
  if (candidates.templateIds.length <= k) return candidates;
  return { templateIds: candidates.templateIds.slice(0, k), distances: candidates.distances.slice(0, k) };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkPositiveInteger(argument: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new GalleryArgumentError(argument, `expected an integer from ${min} to ${max}, got ${String(value)}`);
  }
}
