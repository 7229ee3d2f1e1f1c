// Child task run first: which WebGPU adapter this machine offers, for the
// report header, or why there is none.

import { createBackend } from '@facegate/kernels';
import type { WebGpuAdapter } from '../results.js';
import { describeError } from '../run/describe-error.js';
import { adapterOf } from './kernel-backend.js';

export async function runAdapterTask(): Promise<WebGpuAdapter> {
  try {
    const { backend } = await createBackend({ backend: 'webgpu', strict: true });
    const adapter = adapterOf(backend) as WebGpuAdapter;
    backend.dispose();
    return adapter;
  } catch (error) {
    return { available: false, reason: describeError(error) };
  }
}
