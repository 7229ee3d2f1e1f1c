// Online triplet selection inside a mini-batch, as in Schroff, Kalenichenko
// and Philbin, "FaceNet: A Unified Embedding for Face Recognition and
// Clustering" (CVPR 2015). Every anchor-positive pair of the batch is used,
// and each gets one negative chosen from the batch's current encodings.

import type { SeededRandom } from './random.js';

/**
 * `semi-hard`: a negative farther from the anchor than the positive but
 * within the margin, d(a,p) < d(a,n) < d(a,p) + alpha, drawn at random.
 * `hard`: the negative nearest to the anchor (hard-negative mining), which
 * the FaceNet authors found can collapse training early on.
 */
export type NegativeSelection = 'semi-hard' | 'hard';

export const NEGATIVE_SELECTIONS: readonly NegativeSelection[] = ['semi-hard', 'hard'];

/** Triplets as row indices into the batch. */
export interface SelectedTriplets {
  readonly anchors: Int32Array;
  readonly positives: Int32Array;
  readonly negatives: Int32Array;
  /** Triplets whose negative is semi-hard (or, with `hard`, simply violates the margin). */
  readonly withinMargin: number;
}

/**
 * Selects one negative for every ordered anchor-positive pair of the batch.
 *
 * With `semi-hard`, a pair without a semi-hard negative falls back as
 * TensorFlow's `triplet_semihard_loss` does. It takes the nearest negative
 * beyond the positive, which lies outside the margin and so is inactive. When
 * every negative is nearer than the positive, it takes the farthest one.
 * One uniform number is drawn per pair whether or not it is used, so small
 * numerical differences between backends change single choices without
 * shifting every later draw.
 */
export function selectTriplets(
  encodings: Float32Array,
  dim: number,
  identities: Int32Array,
  options: { selection: NegativeSelection; alpha: number; random: SeededRandom },
): SelectedTriplets {
  const rows = identities.length;
  const distances = pairwiseSquaredL2(encodings, rows, dim);
  const anchors: number[] = [];
  const positives: number[] = [];
  const negatives: number[] = [];
  let withinMargin = 0;
  const candidates: number[] = [];

  for (let anchor = 0; anchor < rows; anchor++) {
    for (let positive = 0; positive < rows; positive++) {
      if (positive === anchor || identities[positive] !== identities[anchor]) continue;
      const draw = options.random.next();
      const toPositive = distances[anchor * rows + positive];

      let nearest = -1;
      let nearestBeyond = -1;
      let farthest = -1;
      candidates.length = 0;
      for (let negative = 0; negative < rows; negative++) {
        if (identities[negative] === identities[anchor]) continue;
        const toNegative = distances[anchor * rows + negative];
        if (nearest < 0 || toNegative < distances[anchor * rows + nearest]) nearest = negative;
        if (farthest < 0 || toNegative > distances[anchor * rows + farthest]) farthest = negative;
        if (toNegative > toPositive) {
          if (nearestBeyond < 0 || toNegative < distances[anchor * rows + nearestBeyond]) nearestBeyond = negative;
          if (toNegative < toPositive + options.alpha) candidates.push(negative);
        }
      }
      // An identity alone in its batch has no negatives.
      if (nearest < 0) continue;

      let chosen: number;
      if (options.selection === 'hard') {
        chosen = nearest;
        if (distances[anchor * rows + nearest] < toPositive + options.alpha) withinMargin++;
      } else if (candidates.length > 0) {
        chosen = candidates[Math.floor(draw * candidates.length)];
        withinMargin++;
      } else {
        chosen = nearestBeyond >= 0 ? nearestBeyond : farthest;
      }
      anchors.push(anchor);
      positives.push(positive);
      negatives.push(chosen);
    }
  }

  return {
    anchors: Int32Array.from(anchors),
    positives: Int32Array.from(positives),
    negatives: Int32Array.from(negatives),
    withinMargin,
  };
}

/** Returns the rows x rows matrix of squared L2 distances, accumulated in float64. */
export function pairwiseSquaredL2(vectors: Float32Array, rows: number, dim: number): Float64Array {
  const distances = new Float64Array(rows * rows);
  for (let a = 0; a < rows; a++) {
    for (let b = a + 1; b < rows; b++) {
      let sum = 0;
      for (let i = 0; i < dim; i++) {
        const difference = vectors[a * dim + i] - vectors[b * dim + i];
        sum += difference * difference;
      }
      distances[a * rows + b] = sum;
      distances[b * rows + a] = sum;
    }
  }
  return distances;
}

/** Copies the given rows of an (n, dim) matrix into a new (indices.length, dim) matrix. */
export function gatherRows(matrix: Float32Array, dim: number, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * dim);
  for (let row = 0; row < indices.length; row++) {
    out.set(matrix.subarray(indices[row] * dim, (indices[row] + 1) * dim), row * dim);
  }
  return out;
}

/** Adds each row of `rows` times `scale` into row indices[i] of `target`. */
export function scatterAddRows(target: Float32Array, rows: Float32Array, dim: number, indices: Int32Array, scale: number): void {
  for (let row = 0; row < indices.length; row++) {
    const to = indices[row] * dim;
    const from = row * dim;
    for (let i = 0; i < dim; i++) target[to + i] += rows[from + i] * scale;
  }
}
