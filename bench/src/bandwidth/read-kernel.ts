// Host side of the read kernel: one WebAssembly instance holding a private
// copy of the bytes to read, so that a read touches exactly those bytes.

import { readWasmBase64 } from '../../generated/read-wasm.js';

interface ReadExports {
  readonly memory: WebAssembly.Memory;
  dataStart(): number;
  readSum(start: number, bytes: number): number;
}

const PAGE_BYTES = 65_536;
const MAX_PAGES = 65_536;

let compiled: WebAssembly.Module | undefined;

function readModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(readWasmBase64, 'base64'));
  return compiled;
}

export class ReadKernel {
  private constructor(
    private readonly exports: ReadExports,
    private readonly start: number,
    /** Bytes read per call: the data rounded up to the kernel's 64-byte step with zeros. */
    readonly bytes: number,
  ) {}

  /** Copies `data` into a new instance; throws when it does not fit a 4 GiB WebAssembly memory. */
  static load(data: Float32Array): ReadKernel {
    const exports = new WebAssembly.Instance(readModule(), {}).exports as unknown as ReadExports;
    const start = exports.dataStart();
    const bytes = Math.ceil(data.byteLength / 64) * 64;

    const pages = Math.ceil((start + bytes) / PAGE_BYTES);
    if (pages > MAX_PAGES) {
      throw new RangeError(`${data.byteLength} bytes do not fit in one WebAssembly memory (4 GiB at most)`);
    }
    const current = exports.memory.buffer.byteLength / PAGE_BYTES;
    if (pages > current) exports.memory.grow(pages - current);

    new Float32Array(exports.memory.buffer, start, data.length).set(data);
    return new ReadKernel(exports, start, bytes);
  }

  /** Reads every byte once; returns the sum so the work has a visible result. */
  read(): number {
    return this.exports.readSum(this.start, this.bytes);
  }
}
