// Backend selection: `auto` tries webgpu, then wasm-simd, then js, and
// reports what it chose and why each earlier choice failed. A named backend
// falls back the same way unless `strict` is set.

import type { BackendName, KernelBackend } from './backend.js';
import { BackendUnavailableError, InvalidInputError } from './errors.js';
import { FallbackBackend } from './fallback-backend.js';
import { JsBackend } from './js/js-backend.js';
import { createWasmSimdBackend } from './wasm/wasm-backend.js';
import { createWebGpuBackend, WebGpuBackend } from './webgpu/webgpu-backend.js';
import { describe } from './validate.js';

export interface CreateBackendOptions {
  /** Default `auto`. */
  backend?: 'auto' | BackendName;
  /**
   * Throw BackendUnavailableError when the named backend cannot start, and
   * DeviceLostError on every call after a lost GPU device, instead of
   * falling back. With `auto` only the device-loss rule applies.
   */
  strict?: boolean;
  /** wasm-simd worker threads; default 1 (the calling thread scans). */
  threads?: number;
  /** WebGPU entry point; default `navigator.gpu`, else the `webgpu` package in Node. */
  gpu?: GPU;
  /** Upper bound on one gallery chunk's storage binding, in bytes; default 128 MiB or the adapter limit if lower. */
  maxChunkBytes?: number;
  /** Upper bound on one wasm-simd gallery shard, in bytes; default 1 GiB. */
  maxShardBytes?: number;
  /**
   * Skip webgpu when the adapter is a software fallback adapter (such as
   * SwiftShader), which is usually slower than wasm-simd. Default false:
   * any adapter is used.
   */
  avoidFallbackAdapter?: boolean;
  /** Called once when a lost GPU device makes later calls use `fallback`. */
  onDeviceLost?: (reason: string, fallback: BackendName) => void;
}

export interface CreatedBackend {
  readonly backend: KernelBackend;
  readonly chosen: BackendName;
  /** Explanation of the choice, with the reason each earlier backend was unavailable. */
  readonly reason: string;
}

/** Starts one backend or throws BackendUnavailableError with the reason. */
type BackendStarter = (options: CreateBackendOptions) => Promise<{ backend: KernelBackend; detail: string }>;

const starters: Record<BackendName, BackendStarter> = {
  webgpu: async (options) => {
    const backend = await createWebGpuBackend(options);
    const { vendor, architecture, description, isFallbackAdapter } = backend.info;
    const adapter = [vendor, architecture, description].filter(Boolean).join(' ') || 'unnamed adapter';
    return { backend, detail: `adapter ${adapter}${isFallbackAdapter ? ' (software fallback adapter)' : ''}` };
  },
  'wasm-simd': async (options) => {
    const backend = await createWasmSimdBackend(options);
    const threads = backend.info.threads;
    return { backend, detail: `WebAssembly SIMD kernels on ${threads === 1 ? 'the calling thread' : `${threads} worker threads`}` };
  },
  js: async () => ({ backend: new JsBackend(), detail: 'plain TypeScript reference kernels' }),
};

const fallbackOrder: Record<'auto' | BackendName, BackendName[]> = {
  auto: ['webgpu', 'wasm-simd', 'js'],
  webgpu: ['webgpu', 'wasm-simd', 'js'],
  'wasm-simd': ['wasm-simd', 'js'],
  js: ['js'],
};

export async function createBackend(options: CreateBackendOptions = {}): Promise<CreatedBackend> {
  const requested = options.backend ?? 'auto';
  if (!(requested in fallbackOrder)) {
    throw new InvalidInputError('backend', `expected 'auto', 'webgpu', 'wasm-simd' or 'js', got ${describe(requested)}`);
  }
  checkOptions(options);

  const candidates = options.strict && requested !== 'auto' ? [requested] : fallbackOrder[requested];
  const failures: string[] = [];

  for (const name of candidates) {
    try {
      const { backend, detail } = await starters[name](options);
      if (options.avoidFallbackAdapter && backend.info.backend === 'webgpu' && backend.info.isFallbackAdapter) {
        backend.dispose();
        throw new BackendUnavailableError('webgpu', [`${detail}, skipped because avoidFallbackAdapter is set`]);
      }
      const reason = [...failures, `${name}: ${detail}`].join('; ');
      if (backend instanceof WebGpuBackend && !options.strict) {
        return { backend: withDeviceLossFallback(backend, options), chosen: name, reason };
      }
      return { backend, chosen: name, reason };
    } catch (error) {
      if (!(error instanceof BackendUnavailableError)) throw error;
      failures.push(`${name} unavailable: ${error.reasons.join(', ')}`);
      if (options.strict && requested !== 'auto') throw error;
    }
  }

  throw new BackendUnavailableError(requested === 'auto' ? 'js' : requested, failures);
}

/** Wraps a GPU backend so that calls after a device loss run on wasm-simd, else js. */
function withDeviceLossFallback(backend: WebGpuBackend, options: CreateBackendOptions): KernelBackend {
  const startFallback = async () => (await createBackend({ ...options, backend: 'wasm-simd', strict: false })).backend;
  return new FallbackBackend(backend, startFallback, options.onDeviceLost);
}

function checkOptions(options: CreateBackendOptions): void {
  const { threads, maxChunkBytes, maxShardBytes } = options;
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new InvalidInputError('threads', `expected a positive integer, got ${describe(threads)}`);
  }
  if (maxChunkBytes !== undefined && (!Number.isInteger(maxChunkBytes) || maxChunkBytes < 256)) {
    throw new InvalidInputError('maxChunkBytes', `expected an integer of at least 256, got ${describe(maxChunkBytes)}`);
  }
  if (maxShardBytes !== undefined && (!Number.isInteger(maxShardBytes) || maxShardBytes < 64)) {
    throw new InvalidInputError('maxShardBytes', `expected an integer of at least 64, got ${describe(maxShardBytes)}`);
  }
}
