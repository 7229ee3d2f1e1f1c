import { InvalidArgumentError } from '../errors.js';
import { type AffineMatrix, invertAffine } from './affine.js';

/**
 * A decoded 8-bit RGB image, interleaved row-major (`height` x `width` x 3).
 * Decoders in Node and the browser both produce this type, and every
 * pre-processing step (crop, resize, warp, tensor conversion) starts from it.
 */
export class RgbImage {
  constructor(
    readonly width: number,
    readonly height: number,
    readonly data: Uint8Array,
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new InvalidArgumentError('image size', `expected positive integers, got ${width}x${height}`);
    }
    if (data.length !== width * height * 3) {
      throw new InvalidArgumentError(
        'image data',
        `expected ${width * height * 3} bytes for ${width}x${height} RGB, got ${data.length}`,
      );
    }
  }

  /** Builds an RGB image from interleaved pixels with 1 (gray), 2 (gray+alpha), 3 or 4 (RGBA) channels; alpha is dropped. */
  static fromPixels(width: number, height: number, pixels: Uint8Array | Uint8ClampedArray, channels: number): RgbImage {
    if (pixels.length !== width * height * channels) {
      throw new InvalidArgumentError(
        'pixels',
        `expected ${width * height * channels} bytes for ${width}x${height}x${channels}, got ${pixels.length}`,
      );
    }
    const rgb = new Uint8Array(width * height * 3);
    const count = width * height;

    if (channels === 3) {
      rgb.set(pixels);
    } else if (channels === 4) {
      for (let i = 0; i < count; i++) {
        rgb[i * 3] = pixels[i * 4];
        rgb[i * 3 + 1] = pixels[i * 4 + 1];
        rgb[i * 3 + 2] = pixels[i * 4 + 2];
      }
    } else if (channels === 1 || channels === 2) {
      for (let i = 0; i < count; i++) {
        const gray = pixels[i * channels];
        rgb[i * 3] = gray;
        rgb[i * 3 + 1] = gray;
        rgb[i * 3 + 2] = gray;
      }
    } else {
      throw new InvalidArgumentError('channels', `expected 1, 2, 3 or 4, got ${channels}`);
    }
    return new RgbImage(width, height, rgb);
  }

  /** Returns RGBA pixels, as canvases and PNG encoders expect them. */
  toRgba(): Uint8ClampedArray {
    const count = this.width * this.height;
    const rgba = new Uint8ClampedArray(count * 4);
    for (let i = 0; i < count; i++) {
      rgba[i * 4] = this.data[i * 3];
      rgba[i * 4 + 1] = this.data[i * 3 + 1];
      rgba[i * 4 + 2] = this.data[i * 3 + 2];
      rgba[i * 4 + 3] = 255;
    }
    return rgba;
  }

  /**
   * Cuts out the rectangle at (x, y) of the given size. Parts outside the
   * image are filled with zeros, so a face cut by the border keeps its
   * geometry.
   */
  crop(x: number, y: number, width: number, height: number): RgbImage {
    const left = Math.round(x);
    const top = Math.round(y);
    const out = new Uint8Array(width * height * 3);
    for (let row = 0; row < height; row++) {
      const sourceRow = top + row;
      if (sourceRow < 0 || sourceRow >= this.height) continue;
      const from = Math.max(0, left);
      const to = Math.min(this.width, left + width);
      if (to <= from) continue;
      out.set(
        this.data.subarray((sourceRow * this.width + from) * 3, (sourceRow * this.width + to) * 3),
        (row * width + (from - left)) * 3,
      );
    }
    return new RgbImage(width, height, out);
  }

  /** Adds a zero border of the given widths in pixels. */
  pad(left: number, top: number, right: number, bottom: number): RgbImage {
    return this.crop(-left, -top, this.width + left + right, this.height + top + bottom);
  }

  /**
   * Resizes with bilinear interpolation. For reductions of 2x or more the
   * image is first averaged over integer blocks, because bilinear sampling
   * alone skips most source pixels and aliases fine detail.
   */
  resize(width: number, height: number): RgbImage {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new InvalidArgumentError('resize size', `expected positive integers, got ${width}x${height}`);
    }
    let source: RgbImage = this;
    const blockX = Math.floor(this.width / width);
    const blockY = Math.floor(this.height / height);
    if (blockX >= 2 || blockY >= 2) {
      source = this.averageBlocks(Math.max(1, blockX), Math.max(1, blockY));
    }
    if (source.width === width && source.height === height) return source;

    const scaleX = source.width / width;
    const scaleY = source.height / height;
    // Pixel centres line up: destination x maps to source (x + 0.5) * scale - 0.5.
    const matrix: AffineMatrix = [scaleX, 0, 0.5 * scaleX - 0.5, 0, scaleY, 0.5 * scaleY - 0.5];
    return source.sample(matrix, width, height, 'clamp');
  }

  /**
   * Warps the image with the affine transform `sourceToTarget` onto a
   * `width` x `height` canvas; target pixels that map outside the source
   * are zero.
   */
  warpAffine(sourceToTarget: AffineMatrix, width: number, height: number): RgbImage {
    return this.sample(invertAffine(sourceToTarget), width, height, 'zero');
  }

  private averageBlocks(blockX: number, blockY: number): RgbImage {
    const width = Math.floor(this.width / blockX);
    const height = Math.floor(this.height / blockY);
    const out = new Uint8Array(width * height * 3);
    const sums = new Uint32Array(width * 3);
    const area = blockX * blockY;

    for (let y = 0; y < height; y++) {
      sums.fill(0);
      for (let dy = 0; dy < blockY; dy++) {
        const rowStart = (y * blockY + dy) * this.width * 3;
        for (let x = 0; x < width; x++) {
          let offset = rowStart + x * blockX * 3;
          for (let dx = 0; dx < blockX; dx++) {
            sums[x * 3] += this.data[offset];
            sums[x * 3 + 1] += this.data[offset + 1];
            sums[x * 3 + 2] += this.data[offset + 2];
            offset += 3;
          }
        }
      }
      const outRow = y * width * 3;
      for (let i = 0; i < width * 3; i++) out[outRow + i] = Math.round(sums[i] / area);
    }
    return new RgbImage(width, height, out);
  }

  /** Bilinear sampling where `targetToSource` maps target pixel centres to source coordinates. */
  private sample(targetToSource: AffineMatrix, width: number, height: number, border: 'zero' | 'clamp'): RgbImage {
    const [a, b, c, d, e, f] = targetToSource;
    const out = new Uint8Array(width * height * 3);
    const maxX = this.width - 1;
    const maxY = this.height - 1;
    const source = this.data;
    const stride = this.width * 3;

    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let sx = a * x + b * y + c;
        let sy = d * x + e * y + f;
        if (border === 'clamp') {
          sx = Math.min(Math.max(sx, 0), maxX);
          sy = Math.min(Math.max(sy, 0), maxY);
        } else if (sx <= -1 || sy <= -1 || sx >= this.width || sy >= this.height) {
          continue;
        }

        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const fx = sx - x0;
        const fy = sy - y0;
        const w00 = (1 - fx) * (1 - fy);
        const w01 = fx * (1 - fy);
        const w10 = (1 - fx) * fy;
        const w11 = fx * fy;
        // Neighbours outside the image count as zero (only reachable in 'zero' mode).
        const in00 = x0 >= 0 && y0 >= 0;
        const in01 = x0 + 1 <= maxX && y0 >= 0;
        const in10 = x0 >= 0 && y0 + 1 <= maxY;
        const in11 = x0 + 1 <= maxX && y0 + 1 <= maxY;
        const o00 = y0 * stride + x0 * 3;
        const o10 = o00 + stride;
        const target = (y * width + x) * 3;

        for (let ch = 0; ch < 3; ch++) {
          let value = 0;
          if (in00) value += w00 * source[o00 + ch];
          if (in01) value += w01 * source[o00 + 3 + ch];
          if (in10) value += w10 * source[o10 + ch];
          if (in11) value += w11 * source[o10 + 3 + ch];
          out[target + ch] = Math.round(value);
        }
      }
    }
    return new RgbImage(width, height, out);
  }
}
