// Host side of topk.wgsl: fused distance and per-segment top-k for k up to
// the longest list variant, then a merge of the per-segment lists of every
// chunk. Larger k scores each chunk with distance.wgsl and selects on the
// host, holding one chunk-sized block of distances at a time.

import { topkWgsl } from '../../generated/shaders.js';
import type { KernelMetric, TopKResult } from '../backend.js';
import { TopKSelector, rankKey } from '../topk-select.js';
import { METRIC_CODES } from '../wasm/shard-kernels.js';
import { forEachDistanceBlock, queriesPerDispatch } from './distance.js';
import type { GpuContext } from './gpu-context.js';
import type { GalleryChunk, GpuGallery } from './gpu-gallery.js';

/**
 * Private list lengths compiled into topk.wgsl variants; k above the last uses the distance kernel.
 * NOTE: measured only on SwiftShader; on hardware GPUs a 64-entry private list may spill registers.
 */
const LIST_LENGTHS = [4, 16, 64] as const;
export const MAX_FUSED_K = LIST_LENGTHS[LIST_LENGTHS.length - 1];

/** Segments per chunk: enough workgroups to fill a GPU, few enough that merging stays cheap. */
const TARGET_SEGMENTS = 32;

const SENTINEL_ROW = 0xffffffff;

/** One bounded selector per query, fed by chunks and blocks in any order. */
class QuerySelectors {
  private readonly selectors: TopKSelector[];

  constructor(
    queryCount: number,
    private readonly k: number,
  ) {
    this.selectors = Array.from({ length: queryCount }, () => new TopKSelector(k));
  }

  push(query: number, key: number, row: number): void {
    this.selectors[query].push(key, row);
  }

  drain(metric: KernelMetric): TopKResult {
    const queryCount = this.selectors.length;
    const indices = new Int32Array(queryCount * this.k);
    const distances = new Float32Array(queryCount * this.k);
    this.selectors.forEach((selector, query) => selector.drainSorted(indices, distances, query * this.k, metric));
    return { queries: queryCount, k: this.k, indices, distances };
  }
}

export async function gpuTopK(
  context: GpuContext,
  gallery: GpuGallery,
  queries: Float32Array,
  k: number,
  metric: KernelMetric,
): Promise<TopKResult> {
  const queryCount = queries.length / gallery.dim;
  const selectors = new QuerySelectors(queryCount, k);

  if (k > MAX_FUSED_K) {
    await forEachDistanceBlock(context, gallery, queries, metric, (chunk, firstQuery, count, distances) => {
      for (let query = 0; query < count; query++) {
        for (let row = 0; row < chunk.rows; row++) {
          selectors.push(firstQuery + query, rankKey(distances[query * chunk.rows + row], metric), chunk.firstRow + row);
        }
      }
    });
    return selectors.drain(metric);
  }

  for (const chunk of gallery.chunks) {
    await chunkTopK(context, gallery, chunk, queries, k, metric, selectors);
  }
  return selectors.drain(metric);
}

async function chunkTopK(
  context: GpuContext,
  gallery: GpuGallery,
  chunk: GalleryChunk,
  queries: Float32Array,
  k: number,
  metric: KernelMetric,
  selectors: QuerySelectors,
): Promise<void> {
  const dim = gallery.dim;
  const queryCount = queries.length / dim;
  const listLength = LIST_LENGTHS.find((length) => length >= k) ?? MAX_FUSED_K;
  const pipeline = await context.scanPipeline('topk', topkWgsl, gallery.quantization, [
    /const LIST_LENGTH: u32 = \d+u;/,
    `const LIST_LENGTH: u32 = ${listLength}u;`,
  ]);

  const segmentRows = Math.ceil(Math.max(256, Math.ceil(chunk.rows / TARGET_SEGMENTS)) / 64) * 64;
  const segments = Math.ceil(chunk.rows / segmentRows);
  const slotsPerQuery = segments * k;
  const block = queriesPerDispatch(context, queryCount, dim, slotsPerQuery * 8);

  for (let first = 0; first < queryCount; first += block) {
    const count = Math.min(block, queryCount - first);
    const outputBytes = count * slotsPerQuery * 8;

    const params = context.params([count, chunk.rows, dim / 4, METRIC_CODES[metric], k, segmentRows, segments, 0]);
    const queryBuffer = context.upload('queries', queries.subarray(first * dim, (first + count) * dim));
    const output = context.output('partials', outputBytes);
    const bindGroup = context.bindGroup(context.scanLayout, [params, chunk.components, chunk.scales, queryBuffer, output]);
    const bytes = await context.dispatchAndRead(pipeline, bindGroup, [segments, Math.ceil(count / 16)], [[output, outputBytes]]);

    const keys = new Float32Array(bytes);
    const rows = new Uint32Array(bytes);
    for (let query = 0; query < count; query++) {
      for (let slot = 0; slot < slotsPerQuery; slot++) {
        const at = 2 * (query * slotsPerQuery + slot);
        const row = rows[at + 1];
        if (row !== SENTINEL_ROW) selectors.push(first + query, keys[at], chunk.firstRow + row);
      }
    }
  }
}
