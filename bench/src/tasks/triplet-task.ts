// Child task of the triplet suite: the triplet loss with its gradients
// (forward and backward) on one kernel variant, for every (m, d).

import { createBackend, type KernelBackend } from '@facegate/kernels';
import { randomUnitVectors } from '../data/synthetic.js';
import { measureRow, overRowBudget } from '../measure/row-budget.js';
import type { TripletRow, WebGpuAdapter } from '../results.js';
import { describeError } from '../run/describe-error.js';
import { progress } from '../run/log.js';
import { type KernelVariant, type MeasureSettings, variantLabel } from '../settings.js';
import { adapterOf } from './kernel-backend.js';

export interface TripletTaskInput {
  variant: KernelVariant;
  batches: number[];
  dims: number[];
  alpha: number;
  seed: number;
  measure: MeasureSettings;
}

export interface TripletTaskOutput {
  rows: TripletRow[];
  adapter?: WebGpuAdapter;
}

export async function runTripletTask(input: TripletTaskInput): Promise<TripletTaskOutput> {
  const { variant, alpha } = input;
  const label = variantLabel(variant);
  const sizes = input.dims.flatMap((d) => input.batches.map((m) => ({ m, d }))).sort((a, b) => a.m * a.d - b.m * b.d);
  const base = { variant: label, backend: variant.backend, threads: variant.threads, alpha };

  let backend: KernelBackend;
  try {
    backend = (await createBackend({ backend: variant.backend as 'webgpu' | 'wasm-simd' | 'js', strict: true, threads: variant.threads })).backend;
  } catch (error) {
    const reason = describeError(error);
    return { rows: sizes.map(({ m, d }) => ({ ...base, m, d, status: 'unavailable', reason })) };
  }

  const rows: TripletRow[] = [];
  let previous: { work: number; medianMs: number } | undefined;
  for (const { m, d } of sizes) {
    const estimate = previous ? (previous.medianMs * m * d) / previous.work : undefined;
    const reason = overRowBudget(estimate, input.measure, 'scaled linearly from the previous size');
    if (reason) {
      rows.push({ ...base, m, d, status: 'unavailable', reason });
      continue;
    }

    progress(`triplet ${label}: m=${m} d=${d}`);
    const anchor = randomUnitVectors(m, d, input.seed);
    const positive = randomUnitVectors(m, d, input.seed + 1);
    const negative = randomUnitVectors(m, d, input.seed + 2);
    try {
      let loss = Number.NaN;
      const outcome = await measureRow(async () => {
        const result = await backend.tripletLoss(anchor, positive, negative, d, alpha);
        if (result.gradAnchor.length !== m * d) throw new Error(`triplet loss returned ${result.gradAnchor.length} gradient values, expected ${m * d}`);
        loss = result.loss;
      }, input.measure);
      if ('reason' in outcome) {
        rows.push({ ...base, m, d, status: 'unavailable', reason: outcome.reason });
        continue;
      }
      const { timing } = outcome;
      rows.push({ ...base, m, d, status: 'ok', timing, tripletsPerSecond: m / (timing.medianMs / 1000), loss });
      previous = { work: m * d, medianMs: timing.medianMs };
    } catch (error) {
      rows.push({ ...base, m, d, status: 'unavailable', reason: describeError(error) });
    }
  }

  const adapter = adapterOf(backend);
  backend.dispose();
  return { rows, adapter };
}
