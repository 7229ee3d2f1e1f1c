// Seeded synthetic vectors for tests, benchmarks and the demo's distractors:
// the same seed gives the same vectors on every run and in every runtime.

/** Returns a mulberry32 generator: 32-bit state, floats in [0, 1); ample quality for test vectors. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns a standard normal sampler over `random` (Box-Muller, cosine branch). */
export function gaussianSampler(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
}

function normaliseInPlace(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] /= norm;
  return vector;
}

/** Returns one unit vector, uniform on the sphere, from a normal sampler. */
export function unitVector(dim: number, normal: () => number): Float32Array {
  return normaliseInPlace(Float32Array.from({ length: dim }, normal));
}

/**
 * Returns `rows` x `dim` row-major unit vectors drawn uniformly from the
 * sphere (normalised Gaussian vectors, both Box-Muller outputs used).
 */
export function randomUnitVectors(rows: number, dim: number, random: () => number): Float32Array {
  const out = new Float32Array(rows * dim);
  for (let row = 0; row < rows; row++) {
    const offset = row * dim;
    let norm = 0;
    for (let i = 0; i < dim; i += 2) {
      const radius = Math.sqrt(-2 * Math.log(1 - random()));
      const angle = 2 * Math.PI * random();
      const a = radius * Math.cos(angle);
      out[offset + i] = a;
      norm += a * a;
      if (i + 1 < dim) {
        const b = radius * Math.sin(angle);
        out[offset + i + 1] = b;
        norm += b * b;
      }
    }
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < dim; i++) out[offset + i] *= scale;
  }
  return out;
}

/**
 * Returns a template of the identity with centre `centre`: the centre plus
 * Gaussian noise of total variance `spread`, normalised. With spread 0.5 two
 * templates of one identity are about 0.67 apart in squared L2 and templates
 * of different identities about 2, like face embeddings.
 */
export function templateNear(centre: Float32Array, spread: number, normal: () => number): Float32Array {
  const sd = Math.sqrt(spread / centre.length);
  return normaliseInPlace(Float32Array.from(centre, (value) => value + sd * normal()));
}

/** Face-like synthetic templates: several per identity, clustered around one random centre each. */
export interface ClusteredTemplates {
  dim: number;
  centres: Float32Array[];
  /** rows x dim, row-major; row i belongs to identity identityOf[i]. */
  vectors: Float32Array;
  identityOf: Uint32Array;
}

/** Returns `identities` clusters with `perIdentity` templates each (see templateNear for `spread`). */
export function clusteredTemplates(identities: number, perIdentity: number, dim: number, seed: number, spread = 0.5): ClusteredTemplates {
  const normal = gaussianSampler(seededRandom(seed));
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
