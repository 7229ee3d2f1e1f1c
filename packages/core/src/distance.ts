import { InvalidArgumentError } from './errors.js';

/** Distances between embeddings. For unit vectors: squaredL2 = l2^2 = 2 x cosine. */
export type DistanceMetric = 'l2' | 'squaredL2' | 'cosine';

function checkLengths(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new InvalidArgumentError('vectors', `lengths differ: ${a.length} and ${b.length}`);
  }
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkLengths(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

export function squaredL2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  checkLengths(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const difference = a[i] - b[i];
    sum += difference * difference;
  }
  return sum;
}

export function l2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return Math.sqrt(squaredL2(a, b));
}

/** 1 - cos(angle). Defined for any non-zero vectors; equals squaredL2 / 2 for unit vectors. */
export function cosineDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const product = dot(a, b);
  const norms = Math.sqrt(dot(a, a) * dot(b, b));
  if (norms === 0) throw new InvalidArgumentError('vectors', 'cosine distance is undefined for a zero vector');
  return 1 - product / norms;
}

export function distance(metric: DistanceMetric, a: ArrayLike<number>, b: ArrayLike<number>): number {
  switch (metric) {
    case 'l2':
      return l2(a, b);
    case 'squaredL2':
      return squaredL2(a, b);
    case 'cosine':
      return cosineDistance(a, b);
    default:
      throw new InvalidArgumentError('metric', `unknown distance metric "${metric as string}"`);
  }
}

/**
 * Converts a threshold between metrics, valid for unit-length embeddings:
 * squaredL2 = l2^2 = 2 x cosine distance. One canonical threshold (stored as
 * squared L2) thus serves every metric.
 */
export function convertThreshold(value: number, from: DistanceMetric, to: DistanceMetric): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError('threshold', `must be a finite number >= 0, got ${value}`);
  }
  let squared: number;
  if (from === 'squaredL2') squared = value;
  else if (from === 'l2') squared = value * value;
  else if (from === 'cosine') squared = 2 * value;
  else throw new InvalidArgumentError('metric', `unknown distance metric "${from as string}"`);

  if (to === 'squaredL2') return squared;
  if (to === 'l2') return Math.sqrt(squared);
  if (to === 'cosine') return squared / 2;
  throw new InvalidArgumentError('metric', `unknown distance metric "${to as string}"`);
}
