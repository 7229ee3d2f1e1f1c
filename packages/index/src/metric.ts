// Distances the gallery ranks by, both ascending. `squaredL2` is the squared
// Euclidean distance. `dot` is reported as 1 - dot product, the inner-product
// distance hnswlib uses, so 0 is a perfect match for unit vectors and every
// result list reads the same way.

export type GalleryMetric = 'squaredL2' | 'dot';

export const GALLERY_METRICS: readonly GalleryMetric[] = ['squaredL2', 'dot'];

/** Returns the distance between two vectors of equal length under `metric`, accumulated in float64. */
export function vectorDistance(metric: GalleryMetric, a: Float32Array, b: Float32Array): number {
  if (metric === 'squaredL2') {
    let sum = 0;
    for (let i = 0; i < a.length; i++) {
      const d = a[i] - b[i];
      sum += d * d;
    }
    return sum;
  }

  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return 1 - dot;
}
