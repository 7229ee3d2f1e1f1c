// Backend selection, strict mode, device loss and disposal. The webgpu
// cases run on the `webgpu` package with SwiftShader and fail, never skip,
// when no adapter can be had.

import { afterEach, describe, expect, it } from 'vitest';
import {
  BackendUnavailableError,
  createBackend,
  DeviceLostError,
  DisposedError,
  InvalidInputError,
  topKReference,
  type KernelBackend,
} from '../src/index.js';
import type { FallbackBackend } from '../src/fallback-backend.js';
import { randomVectors } from './conformance/check.js';
import { prepareWebGpuEnvironment } from './support/webgpu-environment.js';

prepareWebGpuEnvironment();

/** A WebGPU entry point that finds no adapter, as on a machine without GPU or driver. */
const gpuWithoutAdapter = { requestAdapter: async () => null } as unknown as GPU;
const gpuThatThrows = {
  requestAdapter: async () => {
    throw new Error('adapter enumeration failed');
  },
} as unknown as GPU;

const opened: KernelBackend[] = [];
afterEach(() => {
  for (const backend of opened.splice(0)) backend.dispose();
});

async function open(options: Parameters<typeof createBackend>[0]) {
  const created = await createBackend(options);
  opened.push(created.backend);
  return created;
}

describe('createBackend', () => {
  it('auto picks webgpu with a working adapter', async () => {
    const { backend, chosen, reason } = await open({ backend: 'auto' });
    expect(chosen).toBe('webgpu');
    expect(backend.name).toBe('webgpu');
    expect(reason).toMatch(/^webgpu: adapter .*SwiftShader/i);

    const info = backend.info;
    if (info.backend !== 'webgpu') throw new Error(`expected webgpu info, got ${info.backend}`);
    expect(info.isFallbackAdapter).toBe(true);
    expect(info.vendor.length).toBeGreaterThan(0);
    expect(info.limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThanOrEqual(256);
    expect(info.limits.minStorageBufferOffsetAlignment).toBeLessThanOrEqual(256);
    expect(info.maxChunkBytes).toBeLessThanOrEqual(128 * 1024 * 1024);
    expect(info.maxChunkBytes).toBeLessThanOrEqual(info.limits.maxStorageBufferBindingSize);
    expect(Array.isArray(info.features)).toBe(true);
  });

  it('auto falls back to wasm-simd without adapter', async () => {
    const { backend, chosen, reason } = await open({ backend: 'auto', gpu: gpuWithoutAdapter });
    expect(chosen).toBe('wasm-simd');
    expect(backend.name).toBe('wasm-simd');
    expect(reason).toContain('webgpu unavailable: requestAdapter() returned no adapter');
    expect(reason).toContain('wasm-simd: WebAssembly SIMD kernels on the calling thread');
  });

  it('auto falls back when requestAdapter throws', async () => {
    const { chosen, reason } = await open({ backend: 'auto', gpu: gpuThatThrows });
    expect(chosen).toBe('wasm-simd');
    expect(reason).toContain('adapter enumeration failed');
  });

  it('auto can skip software adapters', async () => {
    const { chosen, reason } = await open({ backend: 'auto', avoidFallbackAdapter: true });
    expect(chosen).toBe('wasm-simd');
    expect(reason).toMatch(/^webgpu unavailable: adapter .*software fallback adapter.*avoidFallbackAdapter/);
  });

  it('strict webgpu throws BackendUnavailableError', async () => {
    const attempt = createBackend({ backend: 'webgpu', strict: true, gpu: gpuWithoutAdapter });
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(attempt).rejects.toMatchObject({ backend: 'webgpu', reasons: ['requestAdapter() returned no adapter'] });
  });

  it('non-strict webgpu falls back', async () => {
    const { chosen } = await open({ backend: 'webgpu', gpu: gpuWithoutAdapter });
    expect(chosen).toBe('wasm-simd');
  });

  it('wasm-simd reports its thread count', async () => {
    const { backend } = await open({ backend: 'wasm-simd', strict: true, threads: 2 });
    expect(backend.info).toEqual({ backend: 'wasm-simd', threads: 2, maxShardBytes: 1024 * 1024 * 1024 });
  });

  it('rejects invalid options', async () => {
    await expect(createBackend({ backend: 'cuda' as 'js' })).rejects.toMatchObject({ name: 'InvalidInputError', argument: 'backend' });
    await expect(createBackend({ backend: 'js', threads: 0 })).rejects.toMatchObject({ argument: 'threads' });
    await expect(createBackend({ backend: 'js', maxChunkBytes: 100 })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('rejects a gallery of another backend', async () => {
    const { backend: js } = await open({ backend: 'js' });
    const { backend: wasm } = await open({ backend: 'wasm-simd' });
    const gallery = await js.createGallery(randomVectors(4, 8, 1), 8);
    await expect(wasm.topK(randomVectors(1, 8, 2), gallery, 1)).rejects.toMatchObject({ name: 'InvalidInputError', argument: 'gallery' });
  });

  it('disposed backend rejects calls', async () => {
    for (const name of ['js', 'wasm-simd', 'webgpu'] as const) {
      const { backend } = await createBackend({ backend: name, strict: true });
      backend.dispose();
      await expect(backend.createGallery(randomVectors(2, 4, 3), 4)).rejects.toBeInstanceOf(DisposedError);
    }
  });
});

describe('device loss', () => {
  it('strict webgpu rejects calls after loss', async () => {
    const { backend } = await open({ backend: 'webgpu', strict: true });
    const gallery = await backend.createGallery(randomVectors(20, 8, 4), 8);
    await backend.topK(randomVectors(1, 8, 5), gallery, 3);

    (backend as unknown as { device: GPUDevice }).device.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(backend.topK(randomVectors(1, 8, 5), gallery, 3)).rejects.toBeInstanceOf(DeviceLostError);
    await expect(backend.tripletLoss(new Float32Array(2), new Float32Array(2), new Float32Array(2), 2)).rejects.toBeInstanceOf(
      DeviceLostError,
    );
  });

  it('auto reports loss and falls back', async () => {
    const losses: [string, string][] = [];
    const { backend, chosen } = await open({ backend: 'auto', onDeviceLost: (reason, fallback) => losses.push([reason, fallback]) });
    expect(chosen).toBe('webgpu');

    const vectors = randomVectors(300, 16, 6);
    const queries = randomVectors(3, 16, 7);
    const gallery = await backend.createGallery(vectors, 16);
    const before = await backend.topK(queries, gallery, 5);
    expect(backend.name).toBe('webgpu');

    (backend as FallbackBackend).primary.device.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));

    const after = await backend.topK(queries, gallery, 5);
    expect(backend.name).toBe('wasm-simd');
    expect(losses).toHaveLength(1);
    expect(losses[0][0]).toMatch(/destroyed/);
    expect(losses[0][1]).toBe('wasm-simd');
    expect(Array.from(after.indices)).toEqual(Array.from(before.indices));
    expect(Array.from(after.indices)).toEqual(Array.from(topKReference(queries, vectors, 16, 5).indices));

    const loss = await backend.tripletLoss(new Float32Array([1, 1]), new Float32Array([1, 1]), new Float32Array([0, 0]), 2, 3);
    expect(loss.loss).toBe(1);
    const fresh = await backend.createGallery(vectors, 16, { quantization: 'int8' });
    expect((await backend.topK(queries, fresh, 5)).indices).toEqual(after.indices);
  });
});
