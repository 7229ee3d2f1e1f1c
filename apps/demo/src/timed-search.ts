// Runs a gallery search and logs its latency with the backend and index that
// served it. Work caused by an earlier change (uploading the gallery to the
// backend, building the HNSW graph) runs first and is timed on its own, so
// the logged latency is the search alone.

import type { IndexKind } from '@facegate/index';
import { DeviceLostError } from '@facegate/kernels';
import type { AppContext } from './context.js';
import { formatMs } from './dom.js';
import type { LatencySample } from './latency-log.js';

export interface TimedSearch<T> {
  readonly result: T;
  readonly sample: LatencySample;
  /** Time spent uploading the gallery or building the graph before the search, in ms; 0 when nothing changed. */
  readonly preparationMs: number;
}

/** Runs `search`, which requests `k` identities per query, and logs its latency. */
export async function timedSearch<T>(context: AppContext, source: LatencySample['source'], probe: string, k: number, search: () => Promise<T>): Promise<TimedSearch<T>> {
  const { gallery } = context;
  const preparationMs = await retryAfterDeviceLoss(() => gallery.prepare(k));

  const index = gallery.indexKind;
  const templates = gallery.templateCount;
  const started = performance.now();
  const result = await retryAfterDeviceLoss(search);
  const ms = performance.now() - started;
  gallery.searched();

  // Read after the search: a device loss during it moves the backend to its fallback.
  const sample: LatencySample = { templates, ms, backend: gallery.backend.name, index, source, probe };
  context.latency.add(sample);
  return { result, sample, preparationMs };
}

export function describeSearch(timed: TimedSearch<unknown>): string {
  const { sample, preparationMs } = timed;
  let text = `search ${formatMs(sample.ms)} on ${sample.backend} (${sample.index === 'hnsw' ? 'HNSW' : 'exact'}) over ${sample.templates.toLocaleString('en-US')} templates`;
  if (preparationMs > 0) text += `; before it, ${describePreparation(sample.index, sample.templates, sample.backend, preparationMs)}`;
  return text;
}

/** Describes the work of DemoGallery.prepare(): an upload for the exact index, a first search (and graph build, if needed) for HNSW. */
export function describePreparation(index: IndexKind, templates: number, backend: string, ms: number): string {
  if (index === 'hnsw') return `the first HNSW search over ${templates.toLocaleString('en-US')} templates, which builds the graph if there is none yet, took ${formatMs(ms)}`;
  return `uploading ${templates.toLocaleString('en-US')} templates to ${backend} took ${formatMs(ms)}`;
}

// The search that is running when the GPU device is lost rejects. By then the
// backend has switched to its fallback, so one retry completes the search.
async function retryAfterDeviceLoss<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (!(error instanceof DeviceLostError)) throw error;
    console.warn(`facegate demo: GPU device lost during a search, retrying on the fallback backend: ${error.message}`);
    return action();
  }
}
