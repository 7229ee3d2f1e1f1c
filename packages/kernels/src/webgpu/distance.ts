// Host side of distance.wgsl: the queries x rows matrix, one dispatch per
// (gallery chunk, block of queries), each block sized so its output fits in
// one storage binding.

import { distanceWgsl } from '../../generated/shaders.js';
import type { KernelMetric } from '../backend.js';
import { METRIC_CODES } from '../wasm/shard-kernels.js';
import type { GpuContext } from './gpu-context.js';
import { MAX_WORKGROUPS_PER_DIMENSION, type GalleryChunk, type GpuGallery } from './gpu-gallery.js';

/** Rows of a query block: a multiple of 16 (the tile height) within the binding and dispatch limits. */
export function queriesPerDispatch(context: GpuContext, queryCount: number, dim: number, bytesPerQuery: number): number {
  const byOutput = Math.floor(context.maxBindingBytes / bytesPerQuery);
  const byInput = Math.floor(context.maxBindingBytes / (dim * 4));
  const limit = Math.min(byOutput, byInput, MAX_WORKGROUPS_PER_DIMENSION * 16);
  return Math.min(queryCount, Math.max(16, Math.floor(limit / 16) * 16));
}

/**
 * Scores one block of queries against one chunk and returns the block x
 * chunk-rows distances (squared L2 or dot), row-major.
 */
export async function chunkDistances(
  context: GpuContext,
  gallery: GpuGallery,
  chunk: GalleryChunk,
  queries: Float32Array,
  metric: KernelMetric,
): Promise<Float32Array> {
  const dim = gallery.dim;
  const queryCount = queries.length / dim;
  const pipeline = await context.scanPipeline('distance', distanceWgsl, gallery.quantization);
  const outputBytes = queryCount * chunk.rows * 4;

  const params = context.params([queryCount, chunk.rows, dim / 4, METRIC_CODES[metric]]);
  const queryBuffer = context.upload('queries', queries);
  const output = context.output('distances', outputBytes);
  const bindGroup = context.bindGroup(context.scanLayout, [params, chunk.components, chunk.scales, queryBuffer, output]);

  const workgroups = [Math.ceil(chunk.rows / 64), Math.ceil(queryCount / 16)] as const;
  return new Float32Array(await context.dispatchAndRead(pipeline, bindGroup, workgroups, [[output, outputBytes]]));
}

/** Calls `visit` with the distances of every (chunk, query block) pair, chunk by chunk. */
export async function forEachDistanceBlock(
  context: GpuContext,
  gallery: GpuGallery,
  queries: Float32Array,
  metric: KernelMetric,
  visit: (chunk: GalleryChunk, firstQuery: number, queryCount: number, distances: Float32Array) => void,
): Promise<void> {
  const dim = gallery.dim;
  const queryCount = queries.length / dim;

  for (const chunk of gallery.chunks) {
    const block = queriesPerDispatch(context, queryCount, dim, chunk.rows * 4);
    for (let first = 0; first < queryCount; first += block) {
      const count = Math.min(block, queryCount - first);
      const distances = await chunkDistances(context, gallery, chunk, queries.subarray(first * dim, (first + count) * dim), metric);
      visit(chunk, first, count, distances);
    }
  }
}
