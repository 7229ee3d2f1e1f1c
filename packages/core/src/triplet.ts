import { tripletLossReference } from '@facegate/kernels';
import { InvalidArgumentError } from './errors.js';

/** An (m, d) batch: m rows of d numbers. */
export type Batch = readonly (readonly number[])[] | readonly Float32Array[];

function flatten(batch: Batch, name: string, rows: number, dim: number): Float32Array {
  if (batch.length !== rows) {
    throw new InvalidArgumentError(name, `has ${batch.length} rows, expected ${rows} like the anchor batch`);
  }
  const out = new Float32Array(rows * dim);
  batch.forEach((row, index) => {
    if (row.length !== dim) {
      throw new InvalidArgumentError(`${name}[${index}]`, `has ${row.length} values, expected ${dim}`);
    }
    out.set(row, index * dim);
  });
  return out;
}

/**
 * FaceNet triplet loss over (m, d) batches:
 * sum over rows i of max(|A_i - P_i|^2 - |A_i - N_i|^2 + alpha, 0).
 * Reference implementation in plain JS; the kernels package computes the
 * same loss and its gradients on WebGPU and WASM-SIMD.
 */
export function tripletLoss(anchor: Batch, positive: Batch, negative: Batch, alpha = 0.2): number {
  if (!Number.isFinite(alpha)) throw new InvalidArgumentError('alpha', `must be finite, got ${alpha}`);
  const rows = anchor.length;
  if (rows === 0) return 0;
  const dim = anchor[0].length;
  const a = flatten(anchor, 'anchor', rows, dim);
  const p = flatten(positive, 'positive', rows, dim);
  const n = flatten(negative, 'negative', rows, dim);
  return tripletLossReference(a, p, n, dim, alpha).loss;
}
