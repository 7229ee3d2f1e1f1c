// Merges per-chunk (GPU) or per-shard (WASM) top-k lists into one list per
// query. Every partial list contains ranking keys (squared L2, or the negated
// dot product), so the merge only needs the shared tie rule.

import type { KernelMetric, TopKResult } from './backend.js';
import { TopKSelector } from './topk-select.js';

export interface PartialTopK {
  /** Global row of the partial list's row 0. */
  readonly firstRow: number;
  /** Slots per query. */
  readonly k: number;
  readonly keys: Float32Array;
  /** Rows relative to firstRow; negative marks an empty slot. */
  readonly rows: Int32Array;
  /** Filled slots per query; all k when absent. */
  readonly sizes?: Int32Array;
}

export function mergePartials(partials: readonly PartialTopK[], queryCount: number, k: number, metric: KernelMetric): TopKResult {
  const indices = new Int32Array(queryCount * k);
  const distances = new Float32Array(queryCount * k);
  const selector = new TopKSelector(k);

  for (let query = 0; query < queryCount; query++) {
    for (const partial of partials) {
      const filled = partial.sizes ? partial.sizes[query] : partial.k;
      const start = query * partial.k;
      for (let slot = start; slot < start + filled; slot++) {
        const row = partial.rows[slot];
        if (row >= 0) selector.push(partial.keys[slot], partial.firstRow + row);
      }
    }
    selector.drainSorted(indices, distances, query * k, metric);
  }

  return { queries: queryCount, k, indices, distances };
}
