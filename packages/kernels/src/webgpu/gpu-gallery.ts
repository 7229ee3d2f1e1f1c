// A gallery on the GPU: rows split into chunks, each its own storage buffer
// of at most maxChunkBytes, so no binding exceeds the adapter's
// maxStorageBufferBindingSize and every binding starts at offset 0.

import { InvalidInputError } from '../errors.js';
import { GalleryHandle } from '../gallery-handle.js';
import type { HostGallery } from '../host-gallery.js';
import { BufferUsage, type GpuContext } from './gpu-context.js';

export interface GalleryChunk {
  readonly firstRow: number;
  readonly rows: number;
  readonly components: GPUBuffer;
  readonly scales: GPUBuffer;
}

/** Workgroups per dispatch dimension guaranteed by WebGPU. */
export const MAX_WORKGROUPS_PER_DIMENSION = 65535;

export class GpuGallery extends GalleryHandle {
  constructor(
    owner: object,
    host: HostGallery,
    readonly chunks: readonly GalleryChunk[],
    private readonly ownedScales: boolean,
  ) {
    super(owner, host);
  }

  protected release(): void {
    for (const chunk of this.chunks) {
      chunk.components.destroy();
      if (this.ownedScales) chunk.scales.destroy();
    }
  }
}

/** Bytes per row in the chunk's component buffer (int8 scales live in a second buffer). */
export function componentBytesPerRow(host: HostGallery): number {
  if (host.quantization === 'int8') return host.dim;
  if (host.quantization === 'f16') return host.dim * 2;
  return host.dim * 4;
}

/**
 * Returns the rows per chunk: as many as fit in maxChunkBytes, within two
 * caps. The distance output of 16 queries (16 x rows x 4 bytes) must fit
 * one binding, and the distance dispatch must stay within 65535 workgroups
 * of 64 rows.
 */
export function rowsPerChunk(host: HostGallery, maxChunkBytes: number): number {
  const rowBytes = componentBytesPerRow(host);
  const rows = Math.min(
    Math.floor(maxChunkBytes / rowBytes),
    Math.floor(maxChunkBytes / 64),
    MAX_WORKGROUPS_PER_DIMENSION * 64,
  );
  if (rows < 1) {
    throw new InvalidInputError('dim', `one row takes ${rowBytes} bytes, more than the ${maxChunkBytes}-byte storage binding limit`);
  }
  return rows;
}

export function uploadGallery(context: GpuContext, owner: object, host: HostGallery, maxChunkBytes: number): GpuGallery {
  const chunkRows = rowsPerChunk(host, maxChunkBytes);
  const rowBytes = componentBytesPerRow(host);
  const source = host.int8?.codes ?? host.float16 ?? host.vectors;
  const bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  const chunks: GalleryChunk[] = [];

  try {
    for (let firstRow = 0; firstRow < host.rows; firstRow += chunkRows) {
      const rows = Math.min(chunkRows, host.rows - firstRow);
      const components = createFilled(context, bytes.subarray(firstRow * rowBytes, (firstRow + rows) * rowBytes));
      const scales = host.int8
        ? createFilled(context, new Uint8Array(host.int8.scales.buffer, firstRow * 4, rows * 4))
        : context.emptyScales;
      chunks.push({ firstRow, rows, components, scales });
    }
  } catch (error) {
    for (const chunk of chunks) {
      chunk.components.destroy();
      if (host.int8) chunk.scales.destroy();
    }
    throw error;
  }

  return new GpuGallery(owner, host, chunks, host.int8 !== undefined);
}

function createFilled(context: GpuContext, data: Uint8Array): GPUBuffer {
  const buffer = context.device.createBuffer({
    label: 'facegate gallery chunk',
    size: Math.max(16, Math.ceil(data.byteLength / 16) * 16),
    usage: BufferUsage.STORAGE | BufferUsage.COPY_DST,
  });
  context.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}
