// The machine section of every report: CPU, memory, OS, Node, thread counts
// and the WebGPU adapter.

import { arch, availableParallelism, cpus, release, totalmem, type } from 'node:os';
import type { MachineInfo, WebGpuAdapter } from './results.js';

export function describeMachine(adapter: WebGpuAdapter, threads: MachineInfo['threads']): MachineInfo {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() || 'unknown CPU',
    logicalCores: processors.length,
    availableParallelism: availableParallelism(),
    totalMemoryBytes: totalmem(),
    os: `${type()} ${release()} ${arch()}`,
    node: process.version,
    v8: process.versions.v8,
    threads,
    webgpu: adapter,
  };
}
