// Finds a WebGPU adapter and device: the caller's GPU object, else
// navigator.gpu, else (in Node) the `webgpu` npm package, which runs Dawn on
// whatever Vulkan driver VK_ICD_FILENAMES names. Software adapters are
// accepted, and every adapter's limits are checked against what the kernels need.

import type { WebGpuBackendInfo } from '../backend.js';
import { BackendUnavailableError } from '../errors.js';
import { isNode } from '../wasm/spawn-worker.js';

/** Default bound on one storage binding: the WebGPU default maxStorageBufferBindingSize. */
export const DEFAULT_MAX_CHUNK_BYTES = 128 * 1024 * 1024;

/** Limits the scan kernels depend on: 16 x 16 workgroups, 12.3 KiB of workgroup memory, 5 storage buffers. */
const REQUIRED_LIMITS: Record<string, number> = {
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 64,
  maxComputeWorkgroupSizeY: 16,
  maxComputeWorkgroupStorageSize: 12800,
  maxStorageBuffersPerShaderStage: 5,
};

export interface OpenedDevice {
  /** Held for the device's lifetime: with webgpu 0.6.2 in Node, dropping Dawn's GPU object while its device had work pending aborted the process. */
  readonly gpu: GPU;
  readonly adapter: GPUAdapter;
  readonly device: GPUDevice;
  readonly info: WebGpuBackendInfo;
}

export async function openDevice(options: { gpu?: GPU; maxChunkBytes?: number }): Promise<OpenedDevice> {
  const gpu = options.gpu ?? (await findGpu());

  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (error) {
    throw unavailable(`requestAdapter() failed (${String(error)})`, error);
  }
  if (!adapter) throw unavailable('requestAdapter() returned no adapter');

  for (const [name, needed] of Object.entries(REQUIRED_LIMITS)) {
    const available = (adapter.limits as unknown as Record<string, number>)[name];
    if (available < needed) throw unavailable(`adapter limit ${name} is ${available}, the kernels need ${needed}`);
  }

  let device: GPUDevice;
  try {
    device = await adapter.requestDevice();
  } catch (error) {
    throw unavailable(`requestDevice() failed (${String(error)})`, error);
  }

  const limits = copyLimits(device.limits);
  const maxChunkBytes = Math.min(
    options.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES,
    limits.maxStorageBufferBindingSize,
    limits.maxBufferSize,
  );
  const adapterInfo = adapter.info;
  const info: WebGpuBackendInfo = {
    backend: 'webgpu',
    vendor: adapterInfo.vendor,
    architecture: adapterInfo.architecture,
    device: adapterInfo.device,
    description: adapterInfo.description,
    isFallbackAdapter: Boolean(
      (adapterInfo as { isFallbackAdapter?: boolean }).isFallbackAdapter ??
        (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter,
    ),
    limits,
    features: [...device.features].sort(),
    maxChunkBytes: Math.floor(maxChunkBytes / 256) * 256,
  };
  return { gpu, adapter, device, info };
}

async function findGpu(): Promise<GPU> {
  const fromNavigator = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (fromNavigator) return fromNavigator;
  if (!isNode()) throw unavailable('navigator.gpu is missing (WebGPU is disabled or unsupported in this browser)');

  // A computed specifier keeps browser bundlers from resolving the Node-only package.
  const specifier = 'webgpu';
  try {
    const { create } = (await import(/* @vite-ignore */ specifier)) as { create(options: string[]): GPU };
    return create([]);
  } catch (error) {
    throw unavailable(`the webgpu package could not be loaded in Node (${String(error)})`, error);
  }
}

function copyLimits(limits: GPUSupportedLimits): Record<string, number> {
  const copy: Record<string, number> = {};
  // GPUSupportedLimits exposes its values as prototype getters, so Object.keys misses them.
  for (const name in limits) {
    const value = (limits as unknown as Record<string, unknown>)[name];
    if (typeof value === 'number') copy[name] = value;
  }
  return copy;
}

function unavailable(reason: string, cause?: unknown): BackendUnavailableError {
  return new BackendUnavailableError('webgpu', [reason], { cause });
}
