// Recall@k of an approximate search (a quantised gallery) against an exact one.

import type { TopKResult } from './backend.js';
import { InvalidInputError } from './errors.js';

/** Returns the fraction of the exact k nearest rows, over all queries, that `approximate` also returned. */
export function recallAtK(approximate: TopKResult, exact: TopKResult): number {
  if (approximate.queries !== exact.queries || approximate.k !== exact.k) {
    throw new InvalidInputError(
      'approximate',
      `shape ${approximate.queries} x ${approximate.k} differs from the exact result's ${exact.queries} x ${exact.k}`,
    );
  }
  const { queries, k } = exact;
  if (queries === 0 || k === 0) return 1;

  let found = 0;
  for (let query = 0; query < queries; query++) {
    const expected = new Set(exact.indices.subarray(query * k, (query + 1) * k));
    for (const row of approximate.indices.subarray(query * k, (query + 1) * k)) if (expected.has(row)) found++;
  }
  return found / (queries * k);
}
