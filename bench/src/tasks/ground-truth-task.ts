// Child task of the index suite: the exact k nearest gallery rows of every
// probe, which recall@1 and recall@10 of every index are measured against.

import { createBackend } from '@facegate/kernels';
import { type DatasetSpec, loadDataset, writeGroundTruth } from '../data/datasets.js';
import { progress } from '../run/log.js';

export interface GroundTruthTaskInput {
  dataset: DatasetSpec;
  k: number;
  threads: number;
  outputPath: string;
}

export interface GroundTruthTaskOutput {
  /** Backend that computed the exact results. */
  backend: string;
  ms: number;
}

/** Probes per topK call, so one call's result and scratch stay small. */
const PROBES_PER_CALL = 256;

export async function runGroundTruthTask(input: GroundTruthTaskInput): Promise<GroundTruthTaskOutput> {
  const { dataset: spec, k } = input;
  progress(`index ${spec.name}: exact ground truth`);
  const { gallery, queries } = loadDataset(spec);

  const started = performance.now();
  const { backend, chosen } = await createBackend({ backend: 'wasm-simd', threads: input.threads });
  const matrix = await backend.createGallery(gallery, spec.d);
  const kept = Math.min(k, spec.n);
  const truth = new Int32Array(spec.queries * k).fill(-1);
  for (let first = 0; first < spec.queries; first += PROBES_PER_CALL) {
    const count = Math.min(PROBES_PER_CALL, spec.queries - first);
    const found = await backend.topK(queries.subarray(first * spec.d, (first + count) * spec.d), matrix, kept, 'squaredL2');
    for (let probe = 0; probe < count; probe++) {
      truth.set(found.indices.subarray(probe * kept, (probe + 1) * kept), (first + probe) * k);
    }
  }
  matrix.dispose();
  backend.dispose();

  writeGroundTruth(input.outputPath, truth);
  return { backend: chosen, ms: performance.now() - started };
}
