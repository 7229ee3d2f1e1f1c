// The gallery search backend: createBackend from @facegate/kernels with its
// automatic fallback (webgpu, then wasm-simd, then js), and the reason it
// gives for the backend it chose.

import { type BackendName, createBackend, type KernelBackend } from '@facegate/kernels';

export type BackendChoice = 'auto' | BackendName;

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'wasm-simd', 'js'];

/** Maximum wasm-simd worker threads; each worker stores one shard of the gallery. */
const MAX_KERNEL_THREADS = 4;

export interface SearchBackend {
  readonly backend: KernelBackend;
  readonly requested: BackendChoice;
  readonly chosen: BackendName;
  /** True when the requested backend (webgpu for `auto`) could not start. */
  readonly fellBack: boolean;
  /** createBackend's reason: why `chosen` runs and why each earlier backend did not. */
  readonly reason: string;
}

/**
 * Starts the requested backend, falling back when it cannot start.
 * `onDeviceLost` is called when a lost GPU device moves later searches to
 * `fallback` (the running search then rejects with DeviceLostError).
 */
export async function startSearchBackend(
  requested: BackendChoice,
  onDeviceLost: (reason: string, fallback: BackendName) => void,
): Promise<SearchBackend> {
  const threads = Math.max(1, Math.min(MAX_KERNEL_THREADS, navigator.hardwareConcurrency || 1));
  const created = await createBackend({ backend: requested, strict: false, threads, onDeviceLost });
  const preferred: BackendName = requested === 'auto' ? 'webgpu' : requested;
  return {
    backend: created.backend,
    requested,
    chosen: created.chosen,
    fellBack: created.chosen !== preferred,
    reason: created.reason,
  };
}

export function isBackendChoice(value: string): value is BackendChoice {
  return (BACKEND_CHOICES as readonly string[]).includes(value);
}
