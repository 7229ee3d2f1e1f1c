// Suite 2, triplet loss forward + backward: one child per kernel variant.

import type { TripletRow } from '../results.js';
import { variantLabel } from '../settings.js';
import type { TripletTaskInput, TripletTaskOutput } from '../tasks/triplet-task.js';
import { runSuiteChild, type SuiteContext } from './suite-context.js';

export async function runTripletSuite(context: SuiteContext): Promise<{ rows: TripletRow[] }> {
  const { settings } = context;
  const { batches, dims, alpha, variants } = settings.triplet;
  const rows: TripletRow[] = [];

  for (const variant of variants) {
    const input: TripletTaskInput = { variant, batches: [...batches], dims: [...dims], alpha, seed: settings.seed, measure: settings.measure };
    const outcome = await runSuiteChild<TripletTaskOutput>(context, 'triplet', input, batches.length * dims.length);
    if (outcome.ok) {
      rows.push(...outcome.value.rows);
      continue;
    }
    for (const d of dims) {
      for (const m of batches) {
        rows.push({ variant: variantLabel(variant), backend: variant.backend, threads: variant.threads, m, d, alpha, status: 'unavailable', reason: outcome.reason });
      }
    }
  }
  return { rows };
}
