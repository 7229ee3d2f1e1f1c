// Synthetic face-like templates: unit vectors clustered around one random
// unit centre per identity, so that templates of one identity are nearer to
// each other than to other identities, as real embeddings are.

/** Deterministic PRNG (mulberry32), so that every run generates the same vectors. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(next: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
}

export function normalise(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] /= norm;
  return vector;
}

export function unitVector(dim: number, normal: () => number): Float32Array {
  return normalise(Float32Array.from({ length: dim }, normal));
}

/**
 * Returns a template of the identity with centre `centre`: the centre plus
 * Gaussian noise of total variance `spread`, normalised. With spread 0.5 two
 * templates of one identity are about 0.67 apart in squared L2 and templates
 * of different identities about 2, like face embeddings.
 */
export function templateNear(centre: Float32Array, spread: number, normal: () => number): Float32Array {
  const sd = Math.sqrt(spread / centre.length);
  return normalise(Float32Array.from(centre, (value) => value + sd * normal()));
}

export interface ClusteredSet {
  dim: number;
  centres: Float32Array[];
  /** rows x dim, row-major; row i belongs to identity identityOf[i]. */
  vectors: Float32Array;
  identityOf: Uint32Array;
}

/** Returns `identities` clusters with `perIdentity` templates each. */
export function clusteredTemplates(identities: number, perIdentity: number, dim: number, seed: number, spread = 0.5): ClusteredSet {
  const normal = gaussian(random(seed));
  const centres = Array.from({ length: identities }, () => unitVector(dim, normal));
  const vectors = new Float32Array(identities * perIdentity * dim);
  const identityOf = new Uint32Array(identities * perIdentity);

  let row = 0;
  for (let id = 0; id < identities; id++) {
    for (let t = 0; t < perIdentity; t++) {
      vectors.set(templateNear(centres[id], spread, normal), row * dim);
      identityOf[row] = id;
      row += 1;
    }
  }
  return { dim, centres, vectors, identityOf };
}
