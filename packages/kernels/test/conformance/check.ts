// Assertions for the conformance cases. They throw plain Errors with the
// values involved, so the same cases run under vitest and inside a browser
// page without a test framework.

import type { KernelMetric, TopKResult } from '../../src/index.js';
import { seededRandom } from '../../src/synthetic.js';

/**
 * Tolerance of every backend against the js reference: a float32 distance
 * may differ from the float64-summed reference by 1e-5 * (|q|^2 + |g|^2),
 * which covers float32 rounding of d <= 4096 partial sums in any order.
 */
export const RELATIVE_TOLERANCE = 1e-5;

export function fail(message: string): never {
  throw new Error(message);
}

export function assertEqual<T>(actual: T, expected: T, label: string): void {
  if (actual !== expected) fail(`${label}: expected ${String(expected)}, got ${String(actual)}`);
}

export function assertClose(actual: number, expected: number, tolerance: number, label: string): void {
  if (!(Math.abs(actual - expected) <= tolerance)) {
    fail(`${label}: expected ${expected} ± ${tolerance}, got ${actual} (off by ${Math.abs(actual - expected)})`);
  }
}

export function squaredNorms(vectors: Float32Array, dim: number): Float64Array {
  const norms = new Float64Array(vectors.length / dim);
  for (let row = 0; row < norms.length; row++) {
    let sum = 0;
    for (let i = 0; i < dim; i++) sum += vectors[row * dim + i] ** 2;
    norms[row] = sum;
  }
  return norms;
}

/** Compares a queries x rows distance matrix with the reference within the stated tolerance. */
export function assertDistancesClose(
  actual: Float32Array,
  expected: Float32Array,
  queries: Float32Array,
  gallery: Float32Array,
  dim: number,
  label: string,
): void {
  assertEqual(actual.length, expected.length, `${label} length`);
  const queryNorms = squaredNorms(queries, dim);
  const galleryNorms = squaredNorms(gallery, dim);
  const rows = galleryNorms.length;

  for (let i = 0; i < actual.length; i++) {
    const query = Math.floor(i / rows);
    const row = i % rows;
    const tolerance = RELATIVE_TOLERANCE * (queryNorms[query] + galleryNorms[row]) + 1e-30;
    assertClose(actual[i], expected[i], tolerance, `${label} [query ${query}, row ${row}]`);
  }
}

/**
 * Checks a top-k result against the reference. Shapes must match and rows
 * must be unique. Each returned distance must be within tolerance of the
 * reference distance of that row and of the reference at that rank. Order is
 * best first, with ties on the lower index. Wherever the reference distance
 * is more than twice the tolerance from its neighbours, the row must be the
 * reference row.
 */
export function assertTopKMatches(
  actual: TopKResult,
  expected: TopKResult,
  referenceDistances: Float32Array,
  queries: Float32Array,
  gallery: Float32Array,
  dim: number,
  metric: KernelMetric,
  label: string,
): void {
  assertEqual(actual.queries, expected.queries, `${label} queries`);
  assertEqual(actual.k, expected.k, `${label} k`);
  assertEqual(actual.indices.length, expected.indices.length, `${label} indices length`);
  assertEqual(actual.distances.length, expected.distances.length, `${label} distances length`);

  const queryNorms = squaredNorms(queries, dim);
  const galleryNorms = squaredNorms(gallery, dim);
  const rows = galleryNorms.length;
  const maxGalleryNorm = galleryNorms.reduce((a, b) => Math.max(a, b), 0);
  const { k } = actual;

  for (let query = 0; query < actual.queries; query++) {
    const tolerance = RELATIVE_TOLERANCE * (queryNorms[query] + maxGalleryNorm) + 1e-30;
    const seen = new Set<number>();

    for (let rank = 0; rank < k; rank++) {
      const at = query * k + rank;
      const index = actual.indices[at];
      const where = `${label} [query ${query}, rank ${rank}]`;

      if (!(index >= 0 && index < rows)) fail(`${where}: row ${index} is outside the gallery of ${rows} rows`);
      if (seen.has(index)) fail(`${where}: row ${index} returned twice`);
      seen.add(index);

      assertClose(actual.distances[at], referenceDistances[query * rows + index], tolerance, `${where} distance of row ${index}`);
      assertClose(actual.distances[at], expected.distances[at], tolerance, `${where} distance at rank`);

      if (rank > 0) {
        const previous = actual.distances[at - 1];
        const current = actual.distances[at];
        const ordered = metric === 'dot' ? previous >= current : previous <= current;
        if (!ordered) fail(`${where}: distance ${current} is ranked after ${previous}`);
        if (previous === current && actual.indices[at - 1] > index) {
          fail(`${where}: tie at ${current} lists row ${actual.indices[at - 1]} before row ${index}`);
        }
      }

      const referenceValue = expected.distances[at];
      const isolated =
        (rank === 0 || Math.abs(expected.distances[at - 1] - referenceValue) > 2 * tolerance) &&
        (rank === k - 1 || Math.abs(expected.distances[at + 1] - referenceValue) > 2 * tolerance);
      if (isolated) assertEqual(index, expected.indices[at], `${where} row`);
    }
  }
}

/** Awaits `action` and checks that it fails with the named error class and, if given, argument. */
export async function assertRejects(
  action: () => Promise<unknown>,
  errorName: string,
  argument: string | undefined,
  label: string,
): Promise<void> {
  let error: unknown;
  try {
    await action();
  } catch (caught) {
    error = caught;
  }
  if (error === undefined) fail(`${label}: expected ${errorName}, but the call succeeded`);
  if (!(error instanceof Error) || error.name !== errorName) {
    fail(`${label}: expected ${errorName}, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
  if (argument !== undefined) {
    const actualArgument = (error as Error & { argument?: string }).argument;
    assertEqual(actualArgument, argument, `${label} argument named by ${errorName}`);
  }
}


/** Returns rows x dim values, uniform in [-1, 1), or unit-length rows when `unit` is set. */
export function randomVectors(rows: number, dim: number, seed: number, unit = false): Float32Array {
  const random = seededRandom(seed);
  const values = new Float32Array(rows * dim);
  for (let i = 0; i < values.length; i++) values[i] = random() * 2 - 1;
  if (unit) normalizeRows(values, dim);
  return values;
}

export function normalizeRows(values: Float32Array, dim: number): void {
  for (let row = 0; row < values.length / dim; row++) {
    let sum = 0;
    for (let i = 0; i < dim; i++) sum += values[row * dim + i] ** 2;
    const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let i = 0; i < dim; i++) values[row * dim + i] *= scale;
  }
}
