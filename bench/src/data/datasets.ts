// Gallery and probe sets of the index suite: clustered synthetic templates,
// regenerated from their seed in each process, or real embeddings that the
// parent wrote to a file once.

import { readFileSync, writeFileSync } from 'node:fs';
import { clusteredSet } from './synthetic.js';

export type DatasetSpec =
  | { kind: 'clustered'; name: string; n: number; d: number; queries: number; seed: number }
  /** Float32 gallery rows followed by the probe rows, little-endian, in one file. */
  | { kind: 'file'; name: string; n: number; d: number; queries: number; path: string };

export interface Dataset {
  gallery: Float32Array;
  queries: Float32Array;
}

export function loadDataset(spec: DatasetSpec): Dataset {
  if (spec.kind === 'clustered') return clusteredSet(spec.n, spec.d, spec.queries, spec.seed);

  const bytes = readFileSync(spec.path);
  const expected = (spec.n + spec.queries) * spec.d * 4;
  if (bytes.byteLength !== expected) throw new Error(`${spec.path} has ${bytes.byteLength} bytes, expected ${expected} for ${spec.n} + ${spec.queries} rows of ${spec.d}`);
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { gallery: all.subarray(0, spec.n * spec.d), queries: all.subarray(spec.n * spec.d) };
}

export function writeDatasetFile(path: string, gallery: Float32Array, queries: Float32Array): void {
  const all = new Float32Array(gallery.length + queries.length);
  all.set(gallery);
  all.set(queries, gallery.length);
  writeFileSync(path, new Uint8Array(all.buffer));
}

/** Exact k nearest gallery rows per probe, probes x k, as written by the ground-truth task. */
export function readGroundTruth(path: string): Int32Array {
  const bytes = readFileSync(path);
  return new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

export function writeGroundTruth(path: string, indices: Int32Array): void {
  writeFileSync(path, new Uint8Array(indices.buffer, indices.byteOffset, indices.byteLength));
}

/**
 * Computes recall against exact search. recall@1 is the share of probes whose
 * first result is the exact nearest row. recall@k is the mean share of the
 * exact k nearest rows among the k results. `found` lists gallery rows per probe.
 */
export function recall(found: readonly (readonly number[])[], truth: Int32Array, k: number, firstProbe = 0): { recallAt1: number; recallAtK: number } {
  let top1 = 0;
  let topK = 0;
  found.forEach((rows, offset) => {
    const exact = truth.subarray((firstProbe + offset) * k, (firstProbe + offset + 1) * k);
    if (rows[0] === exact[0]) top1 += 1;
    const exactSet = new Set(exact);
    topK += rows.slice(0, k).filter((row) => exactSet.has(row)).length / k;
  });
  return { recallAt1: top1 / found.length, recallAtK: topK / found.length };
}
