import * as ort from 'onnxruntime-web';
import { ModelError } from '../errors.js';
import type { ModelEntry } from './manifest.js';

/** Source of model bytes: files in Node, URLs in the browser. */
export interface ModelLoader {
  load(model: ModelEntry): Promise<Uint8Array>;
}

export interface RuntimeOptions {
  /**
   * WASM threads for onnxruntime-web. It is a process-wide setting that takes
   * effect only before the first session is created. Default: the number of
   * logical cores, at most 4. In a browser, threads need cross-origin isolation.
   */
  readonly threads?: number;
  /** Execution providers in order of preference. Default ['wasm']. */
  readonly executionProviders?: readonly ('wasm' | 'webgpu')[];
}

let configuredThreads: number | undefined;

function configureThreads(threads: number | undefined): void {
  if (configuredThreads !== undefined) return;
  const cores = typeof navigator !== 'undefined' && navigator.hardwareConcurrency ? navigator.hardwareConcurrency : 1;
  configuredThreads = Math.max(1, Math.floor(threads ?? Math.min(4, cores)));
  ort.env.wasm.numThreads = configuredThreads;
}

/** Returns the thread count onnxruntime-web was configured with, once a session exists. */
export function runtimeThreads(): number | undefined {
  return configuredThreads;
}

export async function createSession(
  model: ModelEntry,
  loader: ModelLoader,
  options: RuntimeOptions = {},
): Promise<ort.InferenceSession> {
  configureThreads(options.threads);
  const bytes = await loader.load(model);
  try {
    return await ort.InferenceSession.create(bytes, {
      executionProviders: [...(options.executionProviders ?? ['wasm'])],
      graphOptimizationLevel: 'all',
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelError(model.id, `onnxruntime-web could not load ${model.file}: ${message}`, { cause: error });
  }
}

export async function runSession(
  session: ort.InferenceSession,
  model: ModelEntry,
  inputName: string,
  data: Float32Array,
  dims: readonly number[],
): Promise<Record<string, ort.Tensor>> {
  try {
    return await session.run({ [inputName]: new ort.Tensor('float32', data, dims) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelError(model.id, `inference failed: ${message}`, { cause: error });
  }
}

export { ort };
