// The interface both nearest-neighbour indexes implement. Indexes work on
// template ids; the gallery maps them to identities and labels.

export type IndexKind = 'exact' | 'hnsw';

/** Nearest templates of one query, ascending by distance. */
export interface TemplateCandidates {
  templateIds: Uint32Array;
  distances: Float32Array;
}

export interface VectorIndex {
  readonly kind: IndexKind;

  /** Adds templates whose vectors are already in the gallery's TemplateStore. */
  add(templateIds: readonly number[]): Promise<void>;

  /** Removes templates; a removed id is never returned again. */
  remove(templateIds: readonly number[]): void;

  /**
   * Returns up to k nearest templates per query (queries x dim, row-major).
   * k larger than the live count returns every template; an empty index
   * returns empty lists.
   */
  search(queries: Float32Array, k: number): Promise<TemplateCandidates[]>;

  /** Releases native or backend memory; the index is unusable afterwards. */
  dispose(): void;
}
