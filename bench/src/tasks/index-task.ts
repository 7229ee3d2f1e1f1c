// Child task of the index suite: a facegate Gallery with an HNSW index
// (hnswlib-wasm) or exact search on one kernel variant, over one dataset:
// build time, memory growth, queries per second and recall against exact
// search. Each gallery row is enrolled as its own identity, labelled with
// its row number, so gallery results map back to rows.

import { createBackend, type KernelBackend } from '@facegate/kernels';
import { Gallery, type IdentityMatch } from '@facegate/index';
import { type DatasetSpec, loadDataset, readGroundTruth, recall } from '../data/datasets.js';
import { memoryShortfall, settledRss } from '../measure/resources.js';
import { formatSeconds, measureRow, overRowBudget } from '../measure/row-budget.js';
import type { IndexRow } from '../results.js';
import { describeError } from '../run/describe-error.js';
import { progress } from '../run/log.js';
import { type KernelVariant, type MeasureSettings, variantLabel } from '../settings.js';
import { estimateHnswBuild, HNSWLIB_WASM_HEAP_BYTES, hnswGraphBytes } from './hnsw-estimates.js';

export interface IndexTaskInput {
  dataset: DatasetSpec;
  method: 'hnsw' | 'exact';
  /** Kernel variant of exact search. */
  variant?: KernelVariant;
  efs: number[];
  k: number;
  M: number;
  efConstruction: number;
  exactBatch: number;
  groundTruthPath: string;
  measure: MeasureSettings;
  maxBuildSeconds: number;
  /** Build time per template at a smaller n of the same dimension, for estimating this build. */
  buildHint?: { n: number; msPerTemplate: number };
  /** Median time of an exact-search batch at a smaller n, for estimating this one. */
  searchHint?: { n: number; medianMs: number };
}

export async function runIndexTask(input: IndexTaskInput): Promise<{ rows: IndexRow[] }> {
  const { dataset: spec, method, k } = input;
  const variant = method === 'hnsw' ? 'hnswlib-wasm' : variantLabel(input.variant as KernelVariant);
  const base = { engine: 'facegate' as const, dataset: spec.name, n: spec.n, d: spec.d, method, variant };
  const searchRows = method === 'hnsw' ? input.efs.map((ef) => ({ ef, queries: spec.queries })) : [{ ef: undefined, queries: Math.min(input.exactBatch, spec.queries) }];
  const unavailable = (reason: string) => ({
    rows: searchRows.map(({ ef, queries }) => ({ ...base, ...(ef === undefined ? {} : { ef }), queries, status: 'unavailable' as const, reason })),
  });

  const reason = method === 'hnsw' ? hnswUnavailable(input) : memoryShortfall(spec.n * spec.d * 4 * 4, `exact search over ${spec.n} x ${spec.d}`);
  if (reason) return unavailable(reason);

  progress(`index ${spec.name} ${variant}: loading ${spec.n} x ${spec.d}`);
  const { gallery: vectors, queries } = loadDataset(spec);
  const truth = readGroundTruth(input.groundTruthPath);

  let backend: KernelBackend | undefined;
  if (input.variant) {
    try {
      backend = (await createBackend({ backend: input.variant.backend as 'webgpu' | 'wasm-simd' | 'js', strict: true, threads: input.variant.threads })).backend;
    } catch (error) {
      return unavailable(describeError(error));
    }
  }

  const gallery = new Gallery({
    modelId: 'facegate-bench',
    dim: spec.d,
    index: method,
    hnsw: { M: input.M, efConstruction: input.efConstruction, initialCapacity: spec.n },
    backend: backend ?? 'js',
  });
  for (let row = 0; row < spec.n; row++) await gallery.enrol(String(row), vectors.subarray(row * spec.d, (row + 1) * spec.d));

  // The first search builds the HNSW graph, or uploads the gallery to the kernel backend.
  progress(`index ${spec.name} ${variant}: ${method === 'hnsw' ? 'building the graph' : 'uploading the gallery'}`);
  const rssBefore = settledRss();
  const buildStarted = performance.now();
  try {
    await gallery.search(queries.subarray(0, spec.d), 1);
  } catch (error) {
    await gallery.dispose();
    backend?.dispose();
    return unavailable(describeError(error));
  }
  const buildMs = performance.now() - buildStarted;
  const memoryBytes = Math.max(0, settledRss() - rssBefore);

  const rows: IndexRow[] = [];
  for (const { ef, queries: queryCount } of searchRows) {
    const row = { ...base, ...(ef === undefined ? {} : { ef }), queries: queryCount, buildMs, memoryBytes };
    const estimate = input.searchHint && method === 'exact' ? (input.searchHint.medianMs * spec.n) / input.searchHint.n : undefined;
    const skip = overRowBudget(estimate, input.measure, `scaled linearly from n=${input.searchHint?.n}`);
    if (skip) {
      rows.push({ ...row, status: 'unavailable', reason: skip });
      continue;
    }

    progress(`index ${spec.name} ${variant}: search${ef === undefined ? '' : ` ef=${ef}`}`);
    const probes = queries.subarray(0, queryCount * spec.d);
    let results: IdentityMatch[][] = [];
    try {
      const outcome = await measureRow(async () => {
        results = await gallery.search(probes, k, ef === undefined ? {} : { ef });
      }, input.measure);
      if ('reason' in outcome) {
        rows.push({ ...row, status: 'unavailable', reason: outcome.reason });
        continue;
      }
      const found = results.map((matches) => matches.map((match) => Number(match.label)));
      const { recallAt1, recallAtK } = recall(found, truth, k);
      rows.push({ ...row, status: 'ok', timing: outcome.timing, qps: queryCount / (outcome.timing.medianMs / 1000), recallAt1, recallAt10: recallAtK });
    } catch (error) {
      rows.push({ ...row, status: 'unavailable', reason: describeError(error) });
    }
  }

  await gallery.dispose();
  backend?.dispose();
  return { rows };
}

function hnswUnavailable(input: IndexTaskInput): string | undefined {
  const { n, d } = input.dataset;
  const graphBytes = hnswGraphBytes(n, d, input.M);
  if (graphBytes > HNSWLIB_WASM_HEAP_BYTES) {
    return `hnswlib-wasm's heap is capped at 2 GB; ${n} x ${d} vectors with M=${input.M} need about ${(graphBytes / 1e9).toFixed(1)} GB`;
  }
  const shortfall = memoryShortfall(n * d * 4 * 3 + graphBytes, `an HNSW gallery of ${n} x ${d}`);
  if (shortfall) return shortfall;

  const seconds = estimateHnswBuild(input.buildHint, n);
  if (seconds !== undefined && seconds > input.maxBuildSeconds) {
    return `not run: the build is estimated at ${formatSeconds(seconds)} (from ${input.buildHint?.msPerTemplate.toFixed(2)} ms per template at n=${input.buildHint?.n}), over --max-build-seconds ${input.maxBuildSeconds}`;
  }
  return undefined;
}
