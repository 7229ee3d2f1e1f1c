// Entry of the wasm-simd worker script. build.mjs bundles it into a string;
// spawn-worker.ts prepends a prelude that defines `kernelWorkerPort` for Node
// or browsers.

import { handleRequest, type HostState, type KernelRequest } from './protocol.js';

declare const kernelWorkerPort: {
  post(message: unknown, transfer: ArrayBuffer[]): void;
  listen(listener: (message: { call: number; request: KernelRequest }) => void): void;
};

const state: HostState = { shards: new Map() };

kernelWorkerPort.listen(async ({ call, request }) => {
  try {
    const { value, transfer } = await handleRequest(state, request);
    kernelWorkerPort.post({ call, ok: true, value }, transfer);
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    kernelWorkerPort.post({ call, ok: false, name, message }, []);
  }
});
