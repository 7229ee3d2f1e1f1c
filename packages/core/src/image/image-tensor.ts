import { InvalidArgumentError } from '../errors.js';
import type { RgbImage } from './rgb-image.js';

export type TensorShape = readonly [count: number, height: number, width: number, channels: number];

/** Per-pixel normalisation applied when 8-bit pixels become floats: (p - mean) / divisor. */
export interface PixelNormalisation {
  readonly mean: number;
  readonly divisor: number;
}

/**
 * A batch of images as Float32, channels-last: shape (m, height, width,
 * channels), row-major. Model inputs are built from it and converted to the
 * NCHW layout ONNX models expect only at the last step.
 */
export class ImageTensor {
  constructor(
    readonly shape: TensorShape,
    readonly data: Float32Array,
  ) {
    const [count, height, width, channels] = shape;
    if (data.length !== count * height * width * channels) {
      throw new InvalidArgumentError(
        'tensor data',
        `expected ${count * height * width * channels} values for shape (${shape.join(', ')}), got ${data.length}`,
      );
    }
  }

  get count(): number {
    return this.shape[0];
  }

  get height(): number {
    return this.shape[1];
  }

  get width(): number {
    return this.shape[2];
  }

  get channels(): number {
    return this.shape[3];
  }

  /**
   * Stacks same-sized images into one batch. `gray` converts with the
   * ITU-R BT.601 luma weights (0.299 R + 0.587 G + 0.114 B) before
   * normalising.
   */
  static fromImages(images: readonly RgbImage[], normalisation: PixelNormalisation, colour: 'rgb' | 'gray' = 'rgb'): ImageTensor {
    if (images.length === 0) {
      throw new InvalidArgumentError('images', 'cannot build a tensor from an empty batch');
    }
    const { width, height } = images[0];
    const channels = colour === 'rgb' ? 3 : 1;
    const pixels = width * height;
    const data = new Float32Array(images.length * pixels * channels);
    const { mean, divisor } = normalisation;

    images.forEach((image, index) => {
      if (image.width !== width || image.height !== height) {
        throw new InvalidArgumentError(
          `images[${index}]`,
          `is ${image.width}x${image.height}, expected ${width}x${height} like the first image`,
        );
      }
      const offset = index * pixels * channels;
      const source = image.data;
      if (colour === 'rgb') {
        for (let i = 0; i < pixels * 3; i++) data[offset + i] = (source[i] - mean) / divisor;
      } else {
        for (let i = 0; i < pixels; i++) {
          const gray = 0.299 * source[i * 3] + 0.587 * source[i * 3 + 1] + 0.114 * source[i * 3 + 2];
          data[offset + i] = (gray - mean) / divisor;
        }
      }
    });
    return new ImageTensor([images.length, height, width, channels], data);
  }

  /** Returns image `index` of the batch as a (height, width, channels) view. */
  image(index: number): Float32Array {
    const size = this.height * this.width * this.channels;
    return this.data.subarray(index * size, (index + 1) * size);
  }

  /** Cuts the same rectangle out of every image; parts outside are zero. */
  crop(x: number, y: number, width: number, height: number): ImageTensor {
    const [count, sourceHeight, sourceWidth, channels] = this.shape;
    const out = new Float32Array(count * height * width * channels);
    for (let n = 0; n < count; n++) {
      for (let row = 0; row < height; row++) {
        const sourceRow = y + row;
        if (sourceRow < 0 || sourceRow >= sourceHeight) continue;
        const from = Math.max(0, x);
        const to = Math.min(sourceWidth, x + width);
        if (to <= from) continue;
        const sourceStart = ((n * sourceHeight + sourceRow) * sourceWidth + from) * channels;
        const targetStart = ((n * height + row) * width + (from - x)) * channels;
        out.set(this.data.subarray(sourceStart, sourceStart + (to - from) * channels), targetStart);
      }
    }
    return new ImageTensor([count, height, width, channels], out);
  }

  /** Resizes every image with bilinear interpolation, pixel centres aligned. */
  resize(width: number, height: number): ImageTensor {
    const [count, sourceHeight, sourceWidth, channels] = this.shape;
    const out = new Float32Array(count * height * width * channels);
    const scaleX = sourceWidth / width;
    const scaleY = sourceHeight / height;

    for (let n = 0; n < count; n++) {
      const base = n * sourceHeight * sourceWidth * channels;
      for (let ty = 0; ty < height; ty++) {
        const sy = Math.min(Math.max((ty + 0.5) * scaleY - 0.5, 0), sourceHeight - 1);
        const y0 = Math.floor(sy);
        const y1 = Math.min(y0 + 1, sourceHeight - 1);
        const fy = sy - y0;
        for (let tx = 0; tx < width; tx++) {
          const sx = Math.min(Math.max((tx + 0.5) * scaleX - 0.5, 0), sourceWidth - 1);
          const x0 = Math.floor(sx);
          const x1 = Math.min(x0 + 1, sourceWidth - 1);
          const fx = sx - x0;
          const target = ((n * height + ty) * width + tx) * channels;
          for (let ch = 0; ch < channels; ch++) {
            const top = this.data[base + (y0 * sourceWidth + x0) * channels + ch] * (1 - fx) +
              this.data[base + (y0 * sourceWidth + x1) * channels + ch] * fx;
            const bottom = this.data[base + (y1 * sourceWidth + x0) * channels + ch] * (1 - fx) +
              this.data[base + (y1 * sourceWidth + x1) * channels + ch] * fx;
            out[target + ch] = top * (1 - fy) + bottom * fy;
          }
        }
      }
    }
    return new ImageTensor([count, height, width, channels], out);
  }

  /** Returns the batch in NCHW order, the layout of the ONNX models' inputs. */
  toNCHW(): Float32Array {
    const [count, height, width, channels] = this.shape;
    const plane = height * width;
    const out = new Float32Array(this.data.length);
    for (let n = 0; n < count; n++) {
      const base = n * plane * channels;
      for (let i = 0; i < plane; i++) {
        for (let ch = 0; ch < channels; ch++) {
          out[base + ch * plane + i] = this.data[base + i * channels + ch];
        }
      }
    }
    return out;
  }
}
