// Places buffers in one kernel instance's linear memory. Offsets are aligned
// to 16 bytes for v128 loads, and the memory grows (never shrinks) to fit.

const PAGE_BYTES = 65536;

export class LinearMemory {
  constructor(
    private readonly memory: WebAssembly.Memory,
    readonly base: number,
  ) {}

  /** Returns the offsets of consecutive buffers of the given byte sizes starting at `start`, growing memory to fit. */
  layout(start: number, sizes: readonly number[]): number[] {
    const offsets: number[] = [];
    let end = align16(start);
    for (const size of sizes) {
      offsets.push(end);
      end = align16(end + size);
    }
    this.ensure(end);
    return offsets;
  }

  ensure(end: number): void {
    const missing = end - this.memory.buffer.byteLength;
    if (missing > 0) this.memory.grow(Math.ceil(missing / PAGE_BYTES));
  }

  /** Returns a fresh view; views taken before a grow are detached. */
  floats(offset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, length);
  }

  ints(offset: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, offset, length);
  }

  bytes(offset: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, offset, length);
  }
}

export function align16(value: number): number {
  return Math.ceil(value / 16) * 16;
}
