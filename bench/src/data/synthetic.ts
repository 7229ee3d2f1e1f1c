// Synthetic vectors of the benchmark, from the seeded generators of
// @facegate/kernels. Every child process regenerates the same gallery from
// (rows, dim, seed), so no large array crosses a process boundary and every
// backend scans identical bytes.

import { clusteredTemplates, gaussianSampler, randomUnitVectors as seededUnitVectors, seededRandom, templateNear } from '@facegate/kernels';

/** Templates per synthetic identity. */
export const TEMPLATES_PER_IDENTITY = 4;

/** Returns rows x dim unit vectors, uniformly distributed on the sphere. */
export function randomUnitVectors(rows: number, dim: number, seed: number): Float32Array {
  return seededUnitVectors(rows, dim, seededRandom(seed));
}

export interface ClusteredSet {
  /** Gallery templates, n x dim, row-major; row r belongs to identity floor(r / TEMPLATES_PER_IDENTITY). */
  gallery: Float32Array;
  /** Probes, one new template of a random gallery identity each. */
  queries: Float32Array;
}

/**
 * Returns n face-like templates, TEMPLATES_PER_IDENTITY per identity around
 * one random unit centre each (spread 0.5: about 0.67 apart in squared L2
 * within an identity, about 2 across identities), and probes that are new
 * templates of random identities.
 */
export function clusteredSet(n: number, dim: number, queryCount: number, seed: number): ClusteredSet {
  const identities = Math.ceil(n / TEMPLATES_PER_IDENTITY);
  const set = clusteredTemplates(identities, TEMPLATES_PER_IDENTITY, dim, seed);

  const random = seededRandom(seed + 1);
  const normal = gaussianSampler(random);
  const queries = new Float32Array(queryCount * dim);
  for (let row = 0; row < queryCount; row++) {
    const identity = Math.floor(random() * identities);
    queries.set(templateNear(set.centres[identity], 0.5, normal), row * dim);
  }
  return { gallery: set.vectors.subarray(0, n * dim), queries };
}
