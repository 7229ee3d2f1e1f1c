// Compact gallery encodings. int8 stores round(x / scale) with one float32
// scale per row (scale = max |x| / 127), so a component is reconstructed as
// scale * code. f16 stores IEEE 754 half floats, rounded to nearest even.

import type { GalleryQuantization } from './backend.js';
import { InvalidInputError } from './errors.js';

/** Largest finite half float. */
export const MAX_FLOAT16 = 65504;

export interface Int8Rows {
  readonly codes: Int8Array;
  readonly scales: Float32Array;
}

export function quantizeInt8(vectors: Float32Array, dim: number): Int8Rows {
  const rows = vectors.length / dim;
  const codes = new Int8Array(vectors.length);
  const scales = new Float32Array(rows);

  for (let row = 0; row < rows; row++) {
    const start = row * dim;
    let maxAbs = 0;
    for (let i = 0; i < dim; i++) maxAbs = Math.max(maxAbs, Math.abs(vectors[start + i]));

    const scale = Math.fround(maxAbs / 127);
    scales[row] = scale;
    if (scale === 0) continue;

    for (let i = 0; i < dim; i++) {
      const code = Math.round(vectors[start + i] / scale);
      codes[start + i] = Math.max(-127, Math.min(127, code));
    }
  }

  return { codes, scales };
}

export function quantizeFloat16(vectors: Float32Array): Uint16Array {
  const bits = new Uint16Array(vectors.length);
  for (let i = 0; i < vectors.length; i++) {
    if (Math.abs(vectors[i]) > MAX_FLOAT16) {
      throw new InvalidInputError(
        'vectors',
        `component ${i} is ${vectors[i]}, beyond the float16 range of ±${MAX_FLOAT16}; use int8 or no quantisation`,
      );
    }
    bits[i] = float32ToFloat16Bits(vectors[i]);
  }
  return bits;
}

const conversionView = new DataView(new ArrayBuffer(4));

/** Rounds a float32 to the nearest half float (ties to even) and returns its bits. */
export function float32ToFloat16Bits(value: number): number {
  conversionView.setFloat32(0, value);
  const bits = conversionView.getUint32(0);

  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;

  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);

  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;

  if (halfExponent <= 0) {
    // Subnormal half: shift the mantissa, with its implicit leading one, into place.
    if (halfExponent < -10) return sign;
    const full = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    const rounded = roundShift(full, shift);
    return sign | rounded;
  }

  const rounded = roundShift((halfExponent << 23) | mantissa, 13);
  return sign | rounded;
}

/** Shifts right by `shift` bits, rounding to nearest with ties to even. */
function roundShift(value: number, shift: number): number {
  const half = 1 << (shift - 1);
  const remainder = value & ((1 << shift) - 1);
  let result = value >>> shift;
  if (remainder > half || (remainder === half && (result & 1) === 1)) result++;
  return result;
}

export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;

  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Returns the bytes per row that a gallery of this encoding scans. */
export function bytesPerRow(dim: number, quantization: GalleryQuantization): number {
  if (quantization === 'int8') return dim + 4;
  if (quantization === 'f16') return dim * 2;
  return dim * 4;
}

export function checkQuantization(value: unknown): asserts value is GalleryQuantization {
  if (value !== 'none' && value !== 'int8' && value !== 'f16') {
    throw new InvalidInputError('options.quantization', `expected 'none', 'int8' or 'f16', got ${String(value)}`);
  }
}
