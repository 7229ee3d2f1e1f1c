// Suite 5, anchors: the same photos through @vladmandic/face-api for
// embedding throughput, and usearch on the same datasets as the facegate
// index, in the same run, so that the report can state ratios between them.

import { demoPhotoPaths } from '../data/face-api-package.js';
import type { EmbeddingRow, IndexRow } from '../results.js';
import type { FaceApiTaskInput, FaceApiTaskOutput } from '../tasks/face-api-task.js';
import { unavailableStages } from '../tasks/stage-row.js';
import type { UsearchTaskInput } from '../tasks/usearch-task.js';
import { prepareDatasets } from './index-datasets.js';
import { runSuiteChild, type SuiteContext } from './suite-context.js';

/** usearch builds and searches on one thread, as hnswlib-wasm does. */
const USEARCH_THREADS = 1;

export async function runAnchorSuite(context: SuiteContext): Promise<{ embedding: EmbeddingRow[]; index: IndexRow[] }> {
  return { embedding: await runFaceApi(context), index: await runUsearch(context) };
}

async function runFaceApi(context: SuiteContext): Promise<EmbeddingRow[]> {
  const { settings } = context;
  const { batches, faces } = settings.embedding;
  const photos = demoPhotoPaths(settings.embedding.photos);
  const input: FaceApiTaskInput = { backend: 'wasm', threads: settings.threads, batches: [...batches], faces, photos, measure: settings.measure };
  const outcome = await runSuiteChild<FaceApiTaskOutput>(context, 'face-api', input, 3 + batches.length);
  if (!outcome.ok) return unavailableStages({ engine: 'face-api', provider: 'tfjs-wasm', threads: settings.threads, photos: photos.length }, batches, faces, outcome.reason);
  context.reportedThreads.tfjsWasm = outcome.value.threads;
  return outcome.value.rows;
}

async function runUsearch(context: SuiteContext): Promise<IndexRow[]> {
  const { settings } = context;
  const index = settings.index;
  const rows: IndexRow[] = [];
  const buildHints = new Map<number, { n: number; msPerTemplate: number }>();

  for (const { spec, groundTruthPath } of await prepareDatasets(context)) {
    if (!spec || !groundTruthPath) continue;
    const buildHint = spec.kind === 'clustered' ? buildHints.get(spec.d) : undefined;
    const input: UsearchTaskInput = {
      dataset: spec,
      efs: [...index.efs],
      k: index.k,
      M: index.M,
      efConstruction: index.efConstruction,
      threads: USEARCH_THREADS,
      groundTruthPath,
      measure: settings.measure,
      maxBuildSeconds: index.maxBuildSeconds,
      ...(buildHint ? { buildHint } : {}),
    };
    const outcome = await runSuiteChild<{ rows: IndexRow[] }>(context, 'usearch', input, index.efs.length, { timeoutMs: index.maxBuildSeconds * 1500 });
    const found: IndexRow[] = outcome.ok
      ? outcome.value.rows
      : index.efs.map((ef) => ({
          engine: 'usearch' as const,
          dataset: spec.name,
          n: spec.n,
          d: spec.d,
          method: 'hnsw' as const,
          variant: `usearch x${USEARCH_THREADS}`,
          ef,
          queries: spec.queries,
          status: 'unavailable' as const,
          reason: outcome.reason,
        }));
    rows.push(...found);
    const built = found.find((row) => row.buildMs !== undefined);
    if (built?.buildMs !== undefined && spec.kind === 'clustered') buildHints.set(spec.d, { n: spec.n, msPerTemplate: built.buildMs / spec.n });
  }
  return rows;
}
