// Suite 3, embedding throughput: facegate's four stages on onnxruntime-web's
// WASM execution provider with 1 and all threads, and on its WebGPU
// execution provider. Each configuration is its own child process because
// onnxruntime-web fixes its thread count at the first session.

import { dirname, join } from 'node:path';
import { demoPhotoPaths } from '../data/face-api-package.js';
import type { EmbeddingRow } from '../results.js';
import type { EmbeddingTaskInput, EmbeddingTaskOutput } from '../tasks/embedding-task.js';
import { unavailableStages } from '../tasks/stage-row.js';
import { runSuiteChild, type SuiteContext } from './suite-context.js';

/**
 * Bundle of this CLI in which `onnxruntime-web` is its WebGPU build: in Node
 * the package's default export is a WASM-only build without the WebGPU
 * execution provider.
 */
export const ORT_WEBGPU_SCRIPT = 'bench-ort-webgpu.js';

export async function runEmbeddingSuite(context: SuiteContext): Promise<{ rows: EmbeddingRow[]; photos: string[]; facesFound: number }> {
  const { settings } = context;
  const { batches, faces } = settings.embedding;
  const photos = demoPhotoPaths(settings.embedding.photos);
  const rows: EmbeddingRow[] = [];
  let facesFound = 0;

  const configurations: { provider: 'wasm' | 'webgpu'; threads: number; skip?: string }[] = [
    { provider: 'wasm', threads: 1 },
    ...(settings.threads > 1 ? [{ provider: 'wasm' as const, threads: settings.threads }] : []),
    // In Node, onnxruntime-web's WebGPU build fails to start more than one WASM thread: its worker
    // threads load their script with fetch(), which rejects file URLs. One thread runs the CPU fallback ops.
    { provider: 'webgpu', threads: 1, skip: webGpuSkipReason(context) },
  ];

  for (const { provider, threads, skip } of configurations) {
    const base = { engine: 'facegate' as const, provider, threads, photos: photos.length };
    if (skip) {
      rows.push(...unavailableStages(base, batches, faces, skip));
      continue;
    }

    const input: EmbeddingTaskInput = { provider, threads, batches: [...batches], faces, photos, measure: settings.measure };
    const script = provider === 'webgpu' ? join(dirname(process.argv[1]), ORT_WEBGPU_SCRIPT) : undefined;
    const outcome = await runSuiteChild<EmbeddingTaskOutput>(context, 'embedding', input, 3 + batches.length, { script });
    if (!outcome.ok) {
      rows.push(...unavailableStages(base, batches, faces, outcome.reason));
      continue;
    }
    rows.push(...outcome.value.rows);
    facesFound = Math.max(facesFound, outcome.value.facesFound);
    if (outcome.value.threads !== undefined) context.reportedThreads.onnxruntimeWeb.add(outcome.value.threads);
  }
  return { rows, photos, facesFound };
}

function webGpuSkipReason(context: SuiteContext): string | undefined {
  const mode = context.settings.embedding.webgpu;
  const adapter = context.adapter;
  if (mode === 'off') return 'not run: --embed-webgpu off';
  if (!adapter.available) return `no WebGPU adapter: ${adapter.reason}`;
  if (mode === 'auto' && adapter.isFallbackAdapter) {
    return (
      `not run: the only WebGPU adapter is a software fallback adapter (${adapter.vendor} ${adapter.architecture}), on which ` +
      `onnxruntime-web's WebGPU execution provider takes minutes per session and seconds per face; --embed-webgpu on runs it anyway`
    );
  }
  return undefined;
}
