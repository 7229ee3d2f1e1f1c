// Suite 4, 1:K index: exact search on each kernel variant and HNSW
// (hnswlib-wasm) through facegate's Gallery, on every prepared dataset.

import type { IndexRow } from '../results.js';
import { type KernelVariant, variantLabel } from '../settings.js';
import type { IndexTaskInput } from '../tasks/index-task.js';
import { prepareDatasets, type PreparedDataset } from './index-datasets.js';
import { runSuiteChild, type SuiteContext } from './suite-context.js';

export async function runIndexSuite(context: SuiteContext): Promise<{ rows: IndexRow[]; datasets: PreparedDataset['info'][] }> {
  const { settings } = context;
  const index = settings.index;
  const datasets = await prepareDatasets(context);
  const rows: IndexRow[] = [];
  const searchHints = new Map<string, { n: number; medianMs: number }>();
  const buildHints = new Map<number, { n: number; msPerTemplate: number }>();

  for (const { spec, groundTruthPath } of datasets) {
    if (!spec || !groundTruthPath) continue;
    const common = {
      dataset: spec,
      efs: [...index.efs],
      k: index.k,
      M: index.M,
      efConstruction: index.efConstruction,
      exactBatch: index.exactBatch,
      groundTruthPath,
      measure: settings.measure,
      maxBuildSeconds: index.maxBuildSeconds,
    };

    for (const variant of index.variants) {
      const key = `${spec.name}/${variantLabel(variant)}/${spec.d}`;
      const hint = searchHints.get(key);
      const input: IndexTaskInput = { ...common, method: 'exact', variant, ...(hint ? { searchHint: hint } : {}) };
      const found = await runIndexChild(context, input, variant);
      rows.push(...found);
      if (variant.backend === 'wasm-simd' && found.some((row) => row.status === 'ok')) context.reportedThreads.wasmSimd.add(variant.threads);
      const measured = found.find((row) => row.status === 'ok' && row.timing);
      if (measured?.timing) searchHints.set(key, { n: spec.n, medianMs: measured.timing.medianMs });
    }

    const buildHint = spec.kind === 'clustered' ? buildHints.get(spec.d) : undefined;
    const found = await runIndexChild(context, { ...common, method: 'hnsw', ...(buildHint ? { buildHint } : {}) });
    rows.push(...found);
    const built = found.find((row) => row.buildMs !== undefined);
    if (built?.buildMs !== undefined && spec.kind === 'clustered') buildHints.set(spec.d, { n: spec.n, msPerTemplate: built.buildMs / spec.n });
  }
  return { rows, datasets: datasets.map((dataset) => dataset.info) };
}

async function runIndexChild(context: SuiteContext, input: IndexTaskInput, variant?: KernelVariant): Promise<IndexRow[]> {
  const searches = input.method === 'hnsw' ? input.efs.length : 1;
  const buildSeconds = input.method === 'hnsw' ? input.maxBuildSeconds * 1.5 : 0;
  const outcome = await runSuiteChild<{ rows: IndexRow[] }>(context, 'index', input, searches, { timeoutMs: buildSeconds * 1000 });
  if (outcome.ok) return outcome.value.rows;

  const { dataset } = input;
  const base = {
    engine: 'facegate' as const,
    dataset: dataset.name,
    n: dataset.n,
    d: dataset.d,
    method: input.method,
    variant: variant ? variantLabel(variant) : 'hnswlib-wasm',
    status: 'unavailable' as const,
    reason: outcome.reason,
  };
  if (input.method === 'exact') return [{ ...base, queries: Math.min(input.exactBatch, dataset.queries) }];
  return input.efs.map((ef) => ({ ...base, ef, queries: dataset.queries }));
}
