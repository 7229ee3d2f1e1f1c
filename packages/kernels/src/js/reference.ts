// Plain TypeScript kernels: the reference the other backends are tested
// against. Sums run in float64 and each distance is rounded once to float32,
// so the reference is at least as accurate as any float32 kernel.

import type { KernelMetric, TopKResult, TripletLossResult } from '../backend.js';
import { TopKSelector, rankKey } from '../topk-select.js';
import { checkAlpha, checkDim, checkK, checkMetric, checkTripletBatch, checkVectors, rowCount } from '../validate.js';

/** Returns squared L2 or dot between row `queryRow` of `queries` and row `galleryRow` of `gallery`. */
export function pairDistance(
  queries: Float32Array,
  queryRow: number,
  gallery: Float32Array,
  galleryRow: number,
  dim: number,
  metric: KernelMetric,
): number {
  const q = queryRow * dim;
  const g = galleryRow * dim;
  let sum = 0;

  if (metric === 'dot') {
    for (let i = 0; i < dim; i++) sum += queries[q + i] * gallery[g + i];
  } else {
    for (let i = 0; i < dim; i++) {
      const difference = queries[q + i] - gallery[g + i];
      sum += difference * difference;
    }
  }
  return Math.fround(sum);
}

/** Returns the queries x rows matrix of distances to every gallery row. */
export function distancesReference(
  queries: Float32Array,
  gallery: Float32Array,
  dim: number,
  metric: KernelMetric = 'squaredL2',
): Float32Array {
  const { queryCount, rows } = checkMatrices(queries, gallery, dim, metric);
  const out = new Float32Array(queryCount * rows);

  for (let query = 0; query < queryCount; query++) {
    for (let row = 0; row < rows; row++) {
      out[query * rows + row] = pairDistance(queries, query, gallery, row, dim, metric);
    }
  }
  return out;
}

/**
 * Returns the k best rows per query by scanning every row with a bounded
 * heap, so memory stays O(k) per query.
 */
export function topKReference(
  queries: Float32Array,
  gallery: Float32Array,
  dim: number,
  k: number,
  metric: KernelMetric = 'squaredL2',
): TopKResult {
  const { queryCount, rows } = checkMatrices(queries, gallery, dim, metric);
  checkK(k);
  return topKByDistance(queryCount, rows, k, metric, (query, row) =>
    pairDistance(queries, query, gallery, row, dim, metric),
  );
}

function checkMatrices(
  queries: Float32Array,
  gallery: Float32Array,
  dim: number,
  metric: KernelMetric,
): { queryCount: number; rows: number } {
  checkMetric(metric);
  checkDim(dim, true);
  checkVectors('queries', queries);
  checkVectors('gallery', gallery);
  return { queryCount: rowCount('queries', queries, dim), rows: rowCount('gallery', gallery, dim) };
}

/** Runs the bounded top-k scan over any row distance function. */
export function topKByDistance(
  queryCount: number,
  rows: number,
  k: number,
  metric: KernelMetric,
  distance: (query: number, row: number) => number,
): TopKResult {
  const kept = Math.min(k, rows);
  const indices = new Int32Array(queryCount * kept);
  const distances = new Float32Array(queryCount * kept);
  const selector = new TopKSelector(kept);

  if (kept > 0) {
    for (let query = 0; query < queryCount; query++) {
      for (let row = 0; row < rows; row++) selector.push(rankKey(distance(query, row), metric), row);
      selector.drainSorted(indices, distances, query * kept, metric);
    }
  }

  return { queries: queryCount, k: kept, indices, distances };
}

/**
 * Computes the triplet loss sum_i max(|A_i-P_i|^2 - |A_i-N_i|^2 + alpha, 0)
 * and its gradients. A row whose hinge is exactly 0 counts as inactive and
 * gets zero gradient. Rejects bad input with InvalidInputError.
 */
export function tripletLossReference(
  anchor: Float32Array,
  positive: Float32Array,
  negative: Float32Array,
  dim: number,
  alpha = 0.2,
): TripletLossResult {
  const rows = checkTripletBatch(anchor, positive, negative, dim);
  checkAlpha(alpha);

  const gradAnchor = new Float32Array(anchor.length);
  const gradPositive = new Float32Array(anchor.length);
  const gradNegative = new Float32Array(anchor.length);
  let loss = 0;
  let activeTriplets = 0;

  for (let row = 0; row < rows; row++) {
    const start = row * dim;
    let positiveDistance = 0;
    let negativeDistance = 0;
    for (let i = start; i < start + dim; i++) {
      const toPositive = anchor[i] - positive[i];
      const toNegative = anchor[i] - negative[i];
      positiveDistance += toPositive * toPositive;
      negativeDistance += toNegative * toNegative;
    }

    const hinge = positiveDistance - negativeDistance + alpha;
    if (!(hinge > 0)) continue;

    loss += hinge;
    activeTriplets++;

    // d/dA = 2(N - P), d/dP = 2(P - A), d/dN = 2(A - N).
    for (let i = start; i < start + dim; i++) {
      gradAnchor[i] = 2 * (negative[i] - positive[i]);
      gradPositive[i] = 2 * (positive[i] - anchor[i]);
      gradNegative[i] = 2 * (anchor[i] - negative[i]);
    }
  }

  return { loss, activeTriplets, gradAnchor, gradPositive, gradNegative };
}
