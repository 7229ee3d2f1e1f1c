// Suite 1, distance + top-k: every kernel variant on every (q, n, d), plus
// the read bandwidth of each gallery. Sizes run smallest first, so a run cut
// short still covers every variant at the small sizes, and each larger
// gallery's rows are estimated from the same variant at the next smaller n.

import type { BandwidthRow, DistanceRow } from '../results.js';
import { variantLabel } from '../settings.js';
import type { DistanceTaskInput, DistanceTaskOutput } from '../tasks/distance-task.js';
import { runSuiteChild, type SuiteContext } from './suite-context.js';

export async function runDistanceSuite(context: SuiteContext): Promise<{ rows: DistanceRow[]; bandwidth: BandwidthRow[] }> {
  const { settings } = context;
  const { queries, galleries, dims, k, variants } = settings.distance;
  const rows: DistanceRow[] = [];
  const bandwidth: BandwidthRow[] = [];
  const hints = new Map<string, DistanceTaskInput['hints']>();

  for (const d of dims) {
    for (const n of galleries) {
      for (const variant of variants) {
        const key = `${variantLabel(variant)}/${d}`;
        const input: DistanceTaskInput = {
          variant,
          n,
          d,
          queries: [...queries],
          k,
          seed: settings.seed,
          allThreads: settings.threads,
          measure: settings.measure,
          hints: hints.get(key) ?? [],
        };
        const outcome = await runSuiteChild<DistanceTaskOutput>(context, 'distance', input, queries.length);
        if (!outcome.ok) {
          const label = variantLabel(variant);
          rows.push(...queries.map((q) => ({ variant: label, backend: variant.backend, threads: variant.threads, q, n, d, k, status: 'unavailable' as const, reason: outcome.reason })));
          continue;
        }

        rows.push(...outcome.value.rows);
        bandwidth.push(...outcome.value.bandwidth);
        const measured = outcome.value.rows.filter((row) => row.status === 'ok' && row.timing).map((row) => ({ n, q: row.q, medianMs: row.timing!.medianMs }));
        hints.set(key, [...(hints.get(key) ?? []), ...measured]);
        if (variant.backend === 'wasm-simd') context.reportedThreads.wasmSimd.add(variant.threads);
        if (variant.backend === 'onnxruntime-web') context.reportedThreads.onnxruntimeWeb.add(variant.threads);
      }
    }
  }
  return { rows, bandwidth };
}
