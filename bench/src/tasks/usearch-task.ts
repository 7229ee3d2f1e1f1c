// Child task of the anchor suite: usearch 2.26 (native HNSW, prebuilt for
// Node) on the same datasets and HNSW parameters as the facegate index, on
// one thread, for build and search speed next to hnswlib-wasm. usearch fixes
// its search expansion (ef) when an index object is created, so the built
// index is saved once and each ef opens it with view() (memory-mapped).

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatasetSpec, loadDataset, readGroundTruth, recall } from '../data/datasets.js';
import { memoryShortfall, settledRss } from '../measure/resources.js';
import { formatSeconds, measureRow } from '../measure/row-budget.js';
import type { IndexRow } from '../results.js';
import { describeError } from '../run/describe-error.js';
import { progress } from '../run/log.js';
import type { MeasureSettings } from '../settings.js';
import { estimateHnswBuild, hnswGraphBytes } from './hnsw-estimates.js';

export interface UsearchTaskInput {
  dataset: DatasetSpec;
  efs: number[];
  k: number;
  M: number;
  efConstruction: number;
  threads: number;
  groundTruthPath: string;
  measure: MeasureSettings;
  maxBuildSeconds: number;
  buildHint?: { n: number; msPerTemplate: number };
}

interface UsearchIndex {
  add(keys: BigUint64Array, vectors: Float32Array, threads: number): void;
  search(vectors: Float32Array, k: number, threads: number): { keys: BigUint64Array; counts?: BigUint64Array };
  save(path: string): void;
  view(path: string): void;
  size(): number;
}

interface UsearchModule {
  Index: new (config: {
    dimensions: number;
    metric: string;
    quantization: string;
    connectivity: number;
    expansion_add: number;
    expansion_search: number;
    multi: boolean;
  }) => UsearchIndex;
}

export async function runUsearchTask(input: UsearchTaskInput): Promise<{ rows: IndexRow[] }> {
  const { dataset: spec, k } = input;
  const base = { engine: 'usearch' as const, dataset: spec.name, n: spec.n, d: spec.d, method: 'hnsw' as const, variant: `usearch x${input.threads}`, queries: spec.queries };
  const unavailable = (reason: string) => ({ rows: input.efs.map((ef) => ({ ...base, ef, status: 'unavailable' as const, reason })) });

  const shortfall = memoryShortfall(spec.n * spec.d * 4 * 2 + hnswGraphBytes(spec.n, spec.d, input.M), `a usearch index of ${spec.n} x ${spec.d}`);
  if (shortfall) return unavailable(shortfall);
  const estimate = estimateHnswBuild(input.buildHint, spec.n);
  if (estimate !== undefined && estimate > input.maxBuildSeconds) {
    return unavailable(`not run: the build is estimated at ${formatSeconds(estimate)}, over --max-build-seconds ${input.maxBuildSeconds}`);
  }

  let usearch: UsearchModule;
  try {
    usearch = createRequire(import.meta.url)('usearch') as UsearchModule;
  } catch (error) {
    return unavailable(`usearch could not be loaded: ${describeError(error)}`);
  }
  const create = (ef: number) =>
    new usearch.Index({
      dimensions: spec.d,
      metric: 'l2sq',
      quantization: 'f32',
      connectivity: input.M,
      expansion_add: input.efConstruction,
      expansion_search: ef,
      multi: false,
    });

  progress(`anchor usearch ${spec.name}: building ${spec.n} x ${spec.d}`);
  const { gallery, queries } = loadDataset(spec);
  const truth = readGroundTruth(input.groundTruthPath);
  const keys = new BigUint64Array(spec.n);
  for (let row = 0; row < spec.n; row++) keys[row] = BigInt(row);

  const folder = mkdtempSync(join(tmpdir(), 'facegate-bench-usearch-'));
  try {
    const rssBefore = settledRss();
    const started = performance.now();
    const built = create(input.efs[0]);
    built.add(keys, gallery, input.threads);
    const buildMs = performance.now() - started;
    const memoryBytes = Math.max(0, settledRss() - rssBefore);
    const file = join(folder, 'index.usearch');
    built.save(file);

    const rows: IndexRow[] = [];
    for (const ef of input.efs) {
      progress(`anchor usearch ${spec.name}: search ef=${ef}`);
      const index = create(ef);
      index.view(file);
      let keysFound: BigUint64Array = new BigUint64Array(0);
      const outcome = await measureRow(() => {
        keysFound = index.search(queries, k, input.threads).keys;
      }, input.measure);
      if ('reason' in outcome) {
        rows.push({ ...base, ef, buildMs, memoryBytes, status: 'unavailable', reason: outcome.reason });
        continue;
      }
      // Missing neighbours come back as the maximum key, which matches no row.
      const found = Array.from({ length: spec.queries }, (_, probe) => Array.from(keysFound.subarray(probe * k, (probe + 1) * k), Number));
      const { recallAt1, recallAtK } = recall(found, truth, k);
      rows.push({ ...base, ef, buildMs, memoryBytes, status: 'ok', timing: outcome.timing, qps: spec.queries / (outcome.timing.medianMs / 1000), recallAt1, recallAt10: recallAtK });
    }
    return { rows };
  } catch (error) {
    return unavailable(describeError(error));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
