// The WebGPU adapter description that tasks starting @facegate/kernels backends report.

import type { KernelBackend } from '@facegate/kernels';
import type { WebGpuAdapter } from '../results.js';

/** Returns the WebGPU adapter behind a backend, or undefined for CPU backends. */
export function adapterOf(backend: KernelBackend): WebGpuAdapter | undefined {
  const info = backend.info;
  if (info.backend !== 'webgpu') return undefined;
  return {
    available: true,
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: info.isFallbackAdapter,
  };
}
