/** One enrolled identity close to a probe embedding. */
export interface IdentityMatch {
  readonly label: string;
  /** Squared L2 distance to the identity's closest template. */
  readonly distance: number;
}

/**
 * Gallery operations that verify and identify use. `@facegate/index` provides
 * the implementation (exact or HNSW search, persistence).
 */
export interface FaceGallery {
  readonly modelId: string;
  readonly dim: number;
  /**
   * Nearest identities per query, best template per identity, ascending
   * squared L2, at most `k` each. `embeddings` is (m x dim) row-major.
   */
  search(embeddings: Float32Array, k: number): Promise<IdentityMatch[][]>;
  /** Whether the label is enrolled. */
  has(label: string): boolean;
  /** Squared L2 to the identity's closest template; undefined when the label is not enrolled. */
  distanceToIdentity(embedding: Float32Array, label: string): Promise<number | undefined>;
}
