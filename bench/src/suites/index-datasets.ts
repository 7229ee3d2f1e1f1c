// Datasets of the index and anchor suites, prepared once per run: clustered
// synthetic templates for every (n, d), and real lfw-gray embeddings when the
// fixture photos are present. Each gets its exact ground truth, computed once
// in a child process and shared by every index measured on it.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DatasetSpec } from '../data/datasets.js';
import type { DatasetInfo } from '../results.js';
import type { GroundTruthTaskInput, GroundTruthTaskOutput } from '../tasks/ground-truth-task.js';
import type { LfwTaskInput, LfwTaskOutput } from '../tasks/lfw-task.js';
import { TEMPLATES_PER_IDENTITY } from '../data/synthetic.js';
import { runSuiteChild, type SuiteContext } from './suite-context.js';

export interface PreparedDataset {
  info: DatasetInfo;
  /** Set when the dataset is usable. */
  spec?: DatasetSpec;
  groundTruthPath?: string;
}

/** Seconds allowed for embedding every lfw-gray photo that is not cached yet. */
const LFW_EMBEDDING_SECONDS = 3600;

const prepared = new WeakMap<SuiteContext, Promise<PreparedDataset[]>>();

export function prepareDatasets(context: SuiteContext): Promise<PreparedDataset[]> {
  let datasets = prepared.get(context);
  if (!datasets) {
    datasets = prepareAll(context);
    prepared.set(context, datasets);
  }
  return datasets;
}

async function prepareAll(context: SuiteContext): Promise<PreparedDataset[]> {
  const { settings } = context;
  const { galleries, dims, queries } = settings.index;
  const datasets: PreparedDataset[] = [];

  for (const d of dims) {
    for (const n of galleries) {
      const spec: DatasetSpec = { kind: 'clustered', name: 'clustered', n, d, queries, seed: settings.seed };
      datasets.push(await withGroundTruth(context, spec, `clustered synthetic templates, ${TEMPLATES_PER_IDENTITY} per identity`));
    }
  }
  datasets.push(await prepareLfw(context));
  return datasets;
}

async function prepareLfw(context: SuiteContext): Promise<PreparedDataset> {
  const { settings } = context;
  const description = 'lfw-gray embeddings (probes of identification.tsv against every other photo)';
  const unavailable = (reason: string): PreparedDataset => ({
    info: { name: 'lfw-gray', description, n: 0, d: 0, queries: 0, status: 'unavailable', reason },
  });

  if (settings.index.lfw === 'off') return unavailable('not run: --lfw off');
  const fixtures = process.env.FACEGATE_FIXTURES ? resolve(process.env.FACEGATE_FIXTURES) : resolve(context.repoRoot, '../shared/fixtures');
  const folder = join(fixtures, 'lfw-gray');
  if (!existsSync(join(folder, 'identification.tsv'))) return unavailable(`skipped: the lfw-gray fixture folder ${folder} is not present (set FACEGATE_FIXTURES to the folder that contains lfw-gray)`);

  const outputPath = join(context.scratch, 'lfw-gray.f32');
  const input: LfwTaskInput = {
    folder,
    cachePath: join(context.repoRoot, 'node_modules/.cache/facegate/lfw-gray-embeddings.json'),
    cachedOnly: settings.mode !== 'full',
    ...(settings.index.lfwLimit === undefined ? {} : { limit: settings.index.lfwLimit }),
    threads: settings.threads,
    outputPath,
  };
  const outcome = await runSuiteChild<LfwTaskOutput>(context, 'lfw', input, 0, { timeoutMs: LFW_EMBEDDING_SECONDS * 1000 });
  if (!outcome.ok) return unavailable(outcome.reason);
  if (outcome.value.status === 'unavailable') return unavailable(outcome.value.reason);

  const { n, queries, d } = outcome.value;
  const spec: DatasetSpec = { kind: 'file', name: 'lfw-gray', n, d, queries, path: outputPath };
  return withGroundTruth(context, spec, description);
}

async function withGroundTruth(context: SuiteContext, spec: DatasetSpec, description: string): Promise<PreparedDataset> {
  const info: DatasetInfo = { name: spec.name, description, n: spec.n, d: spec.d, queries: spec.queries, status: 'ok' };
  const groundTruthPath = join(context.scratch, `ground-truth-${spec.name}-${spec.n}-${spec.d}.i32`);
  const input: GroundTruthTaskInput = { dataset: spec, k: context.settings.index.k, threads: context.settings.threads, outputPath: groundTruthPath };
  const outcome = await runSuiteChild<GroundTruthTaskOutput>(context, 'ground-truth', input, 1);
  if (!outcome.ok) return { info: { ...info, status: 'unavailable', reason: `exact ground truth failed: ${outcome.reason}` } };
  return { info, spec, groundTruthPath };
}
