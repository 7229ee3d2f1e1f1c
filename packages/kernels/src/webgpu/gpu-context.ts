// Per-device state shared by the kernel hosts: cached pipelines, bind group
// layouts, reusable buffers and the submit-and-read-back step.

import {
  galleryF16Wgsl,
  galleryF32Wgsl,
  galleryInt8Wgsl,
  scoreTileWgsl,
} from '../../generated/shaders.js';
import type { GalleryQuantization } from '../backend.js';

// WebGPU enum values, spelled out because Node's `webgpu` package does not
// install the GPUBufferUsage / GPUMapMode / GPUShaderStage globals.
export const BufferUsage = { MAP_READ: 1, COPY_SRC: 4, COPY_DST: 8, UNIFORM: 64, STORAGE: 128 } as const;
const MAP_MODE_READ = 1;
const SHADER_STAGE_COMPUTE = 4;

const galleryFormatWgsl: Record<GalleryQuantization, string> = {
  none: galleryF32Wgsl,
  int8: galleryInt8Wgsl,
  f16: galleryF16Wgsl,
};

export function alignTo(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/** Buffers reused across calls, one per role, grown when a call needs more. */
class BufferPool {
  private readonly buffers = new Map<string, GPUBuffer>();

  constructor(private readonly device: GPUDevice) {}

  /** Returns a buffer of at least `size` bytes; growth doubles up to `maxSize` to avoid regrowing every call. */
  acquire(role: string, size: number, usage: number, maxSize: number): GPUBuffer {
    const existing = this.buffers.get(role);
    if (existing && existing.size >= size) return existing;

    existing?.destroy();
    const grown = Math.min(Math.max(size, 2 * (existing?.size ?? 0)), maxSize);
    const buffer = this.device.createBuffer({ label: `facegate ${role}`, size: alignTo(Math.max(grown, size, 16), 256), usage });
    this.buffers.set(role, buffer);
    return buffer;
  }

  destroy(): void {
    for (const buffer of this.buffers.values()) buffer.destroy();
    this.buffers.clear();
  }
}

export class GpuContext {
  readonly pool: BufferPool;
  /** Layout of the scan kernels: params, gallery, scales, queries, output. */
  readonly scanLayout: GPUBindGroupLayout;
  /** Layout of the triplet kernel: params, anchor, positive, negative, gradients, hinges. */
  readonly tripletLayout: GPUBindGroupLayout;
  /** 16-byte stand-in bound as `scales` for galleries without scales. */
  readonly emptyScales: GPUBuffer;
  private readonly pipelines = new Map<string, Promise<GPUComputePipeline>>();

  constructor(
    readonly device: GPUDevice,
    readonly maxBindingBytes: number,
  ) {
    this.pool = new BufferPool(device);
    this.scanLayout = this.layout('scan', ['uniform', 'read-only-storage', 'read-only-storage', 'read-only-storage', 'storage']);
    this.tripletLayout = this.layout('triplet', [
      'uniform',
      'read-only-storage',
      'read-only-storage',
      'read-only-storage',
      'storage',
      'storage',
    ]);
    this.emptyScales = device.createBuffer({ label: 'facegate empty scales', size: 16, usage: BufferUsage.STORAGE });
  }

  /** Returns the compiled pipeline of a scan kernel for one gallery format, compiling it once. */
  scanPipeline(kernel: string, kernelWgsl: string, quantization: GalleryQuantization, replace?: [RegExp, string]): Promise<GPUComputePipeline> {
    const key = `${kernel}/${quantization}/${replace?.[1] ?? ''}`;
    const body = replace ? kernelWgsl.replace(replace[0], replace[1]) : kernelWgsl;
    return this.pipeline(key, [galleryFormatWgsl[quantization], scoreTileWgsl, body].join('\n'), this.scanLayout);
  }

  pipeline(key: string, code: string, layout: GPUBindGroupLayout): Promise<GPUComputePipeline> {
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
      const module = this.device.createShaderModule({ label: `facegate ${key}`, code });
      pipeline = this.device.createComputePipelineAsync({
        label: `facegate ${key}`,
        layout: this.device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module, entryPoint: 'main' },
      });
      // A failed compile must not stay cached.
      pipeline.catch(() => this.pipelines.delete(key));
      this.pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  /** Writes a uniform block (u32 words; floats bit-cast by the caller) to the shared params buffer. */
  params(words: ArrayLike<number>, float32At: readonly number[] = []): GPUBuffer {
    const data = new ArrayBuffer(alignTo(words.length * 4, 16));
    const asU32 = new Uint32Array(data);
    const asF32 = new Float32Array(data);
    for (let i = 0; i < words.length; i++) {
      if (float32At.includes(i)) asF32[i] = words[i];
      else asU32[i] = words[i];
    }
    const buffer = this.pool.acquire('params', 256, BufferUsage.UNIFORM | BufferUsage.COPY_DST, 256);
    this.device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  }

  /** Uploads `data` into the pooled storage buffer of `role` and returns it. */
  upload(role: string, data: Float32Array): GPUBuffer {
    // Dawn rejects writes from shared memory (for example a threaded WASM heap), so copy those first.
    const source = data.buffer instanceof ArrayBuffer ? (data as Float32Array<ArrayBuffer>) : data.slice();
    const buffer = this.pool.acquire(role, source.byteLength, BufferUsage.STORAGE | BufferUsage.COPY_DST, this.maxBindingBytes);
    this.device.queue.writeBuffer(buffer, 0, source.buffer, source.byteOffset, source.byteLength);
    return buffer;
  }

  /** Returns a pooled storage buffer that a kernel writes and the host reads back. */
  output(role: string, size: number): GPUBuffer {
    return this.pool.acquire(role, size, BufferUsage.STORAGE | BufferUsage.COPY_SRC, this.maxBindingBytes);
  }

  bindGroup(layout: GPUBindGroupLayout, buffers: readonly GPUBuffer[]): GPUBindGroup {
    return this.device.createBindGroup({
      layout,
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  }

  /**
   * Runs one dispatch, copies `copies` (buffer, bytes) into a staging buffer
   * one after another, and returns those bytes.
   */
  async dispatchAndRead(
    pipeline: GPUComputePipeline,
    bindGroup: GPUBindGroup,
    workgroups: readonly [number, number],
    copies: readonly (readonly [GPUBuffer, number])[],
  ): Promise<ArrayBuffer> {
    const offsets: number[] = [];
    let total = 0;
    for (const [, bytes] of copies) {
      offsets.push(total);
      total += alignTo(bytes, 8);
    }
    const staging = this.pool.acquire('staging', total, BufferUsage.MAP_READ | BufferUsage.COPY_DST, this.device.limits.maxBufferSize);

    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(workgroups[0], workgroups[1]);
    pass.end();
    copies.forEach(([buffer, bytes], i) => {
      if (bytes > 0) encoder.copyBufferToBuffer(buffer, 0, staging, offsets[i], alignTo(bytes, 4));
    });
    this.device.queue.submit([encoder.finish()]);

    await staging.mapAsync(MAP_MODE_READ, 0, total);
    try {
      return staging.getMappedRange(0, total).slice(0);
    } finally {
      staging.unmap();
    }
  }

  destroy(): void {
    this.pool.destroy();
    this.emptyScales.destroy();
    this.pipelines.clear();
  }

  private layout(label: string, types: readonly ('uniform' | 'storage' | 'read-only-storage')[]): GPUBindGroupLayout {
    return this.device.createBindGroupLayout({
      label: `facegate ${label}`,
      entries: types.map((type, binding) => ({ binding, visibility: SHADER_STAGE_COMPUTE, buffer: { type } })),
    });
  }
}
