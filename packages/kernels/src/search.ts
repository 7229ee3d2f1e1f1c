// The search flow every backend shares: validate, handle the empty cases,
// and for quantised galleries search the compact copy for more candidates
// and re-rank them with float32 distances.

import type { KernelMetric, TopKOptions, TopKResult } from './backend.js';
import { InvalidInputError } from './errors.js';
import type { HostGallery } from './host-gallery.js';
import { pairDistance } from './js/reference.js';
import { TopKSelector, rankKey } from './topk-select.js';
import { checkK, checkMetric, checkRerankCandidates, checkVectors, describe } from './validate.js';

/** Validates queries and metric against a gallery and returns the query count. */
export function checkSearch(queries: unknown, dim: number, metric: unknown): number {
  checkMetric(metric);
  checkVectors('queries', queries);
  if (queries.length % dim !== 0) {
    throw new InvalidInputError('queries', `length ${queries.length} is not a multiple of the gallery dim ${dim}`);
  }
  return queries.length / dim;
}

export function emptyTopK(queryCount: number): TopKResult {
  return { queries: queryCount, k: 0, indices: new Int32Array(0), distances: new Float32Array(0) };
}

/** Scans the backend's stored gallery copy and returns the best `k` rows per query (k <= rows, k > 0). */
export type ScanTopK = (k: number) => Promise<TopKResult>;

export async function runTopK(
  queries: unknown,
  host: HostGallery,
  k: unknown,
  metric: unknown,
  options: TopKOptions | undefined,
  scan: ScanTopK,
): Promise<TopKResult> {
  const queryCount = checkSearch(queries, host.dim, metric);
  checkK(k);
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new InvalidInputError('options', `expected an object, got ${describe(options)}`);
  }
  checkRerankCandidates(options?.rerankCandidates);

  const kept = Math.min(k, host.rows);
  if (kept === 0 || queryCount === 0) return { ...emptyTopK(queryCount), k: kept };

  if (host.quantization === 'none' || options?.rerankCandidates === 0) return scan(kept);

  const requested = options?.rerankCandidates ?? Math.max(4 * kept, kept + 32);
  const candidates = await scan(Math.min(host.rows, Math.max(requested, kept)));
  return rerank(candidates, queries as Float32Array, host, kept, metric as KernelMetric);
}

/** Re-scores candidate rows with float32 host vectors and keeps the best k. */
export function rerank(
  candidates: TopKResult,
  queries: Float32Array,
  host: HostGallery,
  k: number,
  metric: KernelMetric,
): TopKResult {
  const indices = new Int32Array(candidates.queries * k);
  const distances = new Float32Array(candidates.queries * k);
  const selector = new TopKSelector(k);

  for (let query = 0; query < candidates.queries; query++) {
    for (let slot = 0; slot < candidates.k; slot++) {
      const row = candidates.indices[query * candidates.k + slot];
      const exact = pairDistance(queries, query, host.vectors, row, host.dim, metric);
      selector.push(rankKey(exact, metric), row);
    }
    selector.drainSorted(indices, distances, query * k, metric);
  }

  return { queries: candidates.queries, k, indices, distances };
}
