// Gives Node what onnxruntime-web's WebGPU execution provider expects from a
// browser: `navigator.gpu` and the GPU* constant globals, from the `webgpu`
// package (Dawn). Dawn rejects queue.writeBuffer from a view on shared
// memory, which onnxruntime-web's threaded WebAssembly heap is, so such
// writes are copied to an ordinary buffer first.

type WriteBuffer = (buffer: GPUBuffer, offset: number, data: BufferSource | SharedArrayBuffer, dataOffset?: number, size?: number) => void;

export async function installNodeWebGpu(): Promise<void> {
  const specifier = 'webgpu';
  const webgpu = (await import(specifier)) as { create(flags: string[]): GPU; globals: Record<string, unknown> };
  Object.assign(globalThis, webgpu.globals);
  const gpu = webgpu.create([]);

  const navigatorGpu = {
    wgslLanguageFeatures: gpu.wgslLanguageFeatures,
    getPreferredCanvasFormat: () => 'rgba8unorm',
    async requestAdapter(options?: GPURequestAdapterOptions) {
      const adapter = await gpu.requestAdapter(options);
      if (!adapter) return adapter;
      const requestDevice = adapter.requestDevice.bind(adapter);
      (adapter as { requestDevice: GPUAdapter['requestDevice'] }).requestDevice = async (descriptor) => {
        const device = await requestDevice(descriptor);
        copySharedWrites(device.queue);
        return device;
      };
      return adapter;
    },
  };
  // Holds `gpu` for the process lifetime: collecting Dawn's GPU object while its device runs aborts the process.
  Object.defineProperty(globalThis, 'navigator', {
    value: { ...((globalThis as { navigator?: object }).navigator ?? {}), gpu: navigatorGpu, dawnGpu: gpu },
    configurable: true,
    writable: true,
  });
}

function copySharedWrites(queue: GPUQueue): void {
  const write = queue.writeBuffer.bind(queue) as WriteBuffer;
  (queue as unknown as { writeBuffer: WriteBuffer }).writeBuffer = (buffer, offset, data, dataOffset, size) => {
    if (data instanceof SharedArrayBuffer) return write(buffer, offset, data.slice(0), dataOffset, size);
    if (ArrayBuffer.isView(data) && data.buffer instanceof SharedArrayBuffer) {
      const copy = new Uint8Array(data.byteLength);
      copy.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      // dataOffset and size count elements of the original view's type.
      const elementBytes = (data as unknown as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
      return write(buffer, offset, copy, (dataOffset ?? 0) * elementBytes, size === undefined ? undefined : size * elementBytes);
    }
    return write(buffer, offset, data, dataOffset, size);
  };
}
