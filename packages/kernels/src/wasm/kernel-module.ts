// Compiles the embedded AssemblyScript kernels once per process. The wasm
// bytes travel inside the JS bundle as base64, so Node and browsers load them
// without fetching a URL.

import { kernelsWasmBase64 } from '../../generated/kernels-wasm.js';

/** Exports of src/wasm/assembly/kernels.ts; pointers and sizes are byte offsets and counts. */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  readonly BLOCK_ROWS: WebAssembly.Global;
  heapBase(): number;
  scanDistances(
    queries: number,
    queryCount: number,
    gallery: number,
    scales: number,
    rows: number,
    dim: number,
    format: number,
    metric: number,
    out: number,
    scratch: number,
  ): void;
  scanTopK(
    queries: number,
    queryCount: number,
    gallery: number,
    scales: number,
    rows: number,
    dim: number,
    format: number,
    metric: number,
    k: number,
    heapKeys: number,
    heapRows: number,
    heapSizes: number,
    scratch: number,
    distances: number,
  ): void;
  tripletLoss(
    anchor: number,
    positive: number,
    negative: number,
    rows: number,
    dim: number,
    alpha: number,
    gradAnchor: number,
    gradPositive: number,
    gradNegative: number,
    hinges: number,
  ): number;
}

let compiled: Promise<WebAssembly.Module> | undefined;

/** Returns the compiled kernel module; rejects where WebAssembly or its SIMD extension is missing. */
export function compileKernelModule(): Promise<WebAssembly.Module> {
  compiled ??= (async () => {
    if (typeof WebAssembly !== 'object') throw new Error('WebAssembly is not available in this runtime');
    return WebAssembly.compile(decodeBase64(kernelsWasmBase64));
  })();
  return compiled;
}

export async function instantiateKernels(module: WebAssembly.Module): Promise<KernelExports> {
  const instance = await WebAssembly.instantiate(module, {});
  return instance.exports as unknown as KernelExports;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
