import { describe, expect, it } from 'vitest';
import { ImageDecodeError, ImageTensor, RgbImage, readImageHeader } from '../src/index.js';

function gradient(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 3;
      data[offset] = x * 10;
      data[offset + 1] = y * 10;
      data[offset + 2] = 100;
    }
  }
  return new RgbImage(width, height, data);
}

describe('RgbImage', () => {
  it('converts RGBA, gray and gray+alpha pixels to RGB', () => {
    expect([...RgbImage.fromPixels(1, 1, new Uint8Array([1, 2, 3, 4]), 4).data]).toEqual([1, 2, 3]);
    expect([...RgbImage.fromPixels(1, 1, new Uint8Array([7]), 1).data]).toEqual([7, 7, 7]);
    expect([...RgbImage.fromPixels(1, 1, new Uint8Array([9, 0]), 2).data]).toEqual([9, 9, 9]);
  });

  it('rejects pixel buffers of the wrong length', () => {
    expect(() => new RgbImage(2, 2, new Uint8Array(5))).toThrow(/expected 12 bytes/);
  });

  it('crops with zero fill outside the image', () => {
    const crop = gradient(4, 4).crop(-1, 2, 3, 3);
    expect(crop.width).toBe(3);
    expect([...crop.data.subarray(0, 3)]).toEqual([0, 0, 0]);
    expect([...crop.data.subarray(3, 6)]).toEqual([0, 20, 100]);
    expect([...crop.data.subarray(6 * 3, 7 * 3)]).toEqual([0, 0, 0]);
  });

  it('resizes to the same size without change', () => {
    const image = gradient(5, 3);
    expect([...image.resize(5, 3).data]).toEqual([...image.data]);
  });

  it('keeps a linear ramp linear when upscaling', () => {
    const image = gradient(4, 1).resize(8, 1);
    // Centre-aligned sampling: target x maps to (x + 0.5) / 2 - 0.5.
    expect(image.data[3 * 3]).toBe(Math.round(((3 + 0.5) / 2 - 0.5) * 10));
  });

  it('averages blocks when shrinking by 2x or more', () => {
    const image = new RgbImage(2, 2, new Uint8Array([0, 0, 0, 200, 200, 200, 0, 0, 0, 200, 200, 200]));
    expect([...image.resize(1, 1).data]).toEqual([100, 100, 100]);
  });

  it('warps with an identity transform to the same pixels', () => {
    const image = gradient(6, 5);
    expect([...image.warpAffine([1, 0, 0, 0, 1, 0], 6, 5).data]).toEqual([...image.data]);
  });

  it('warps with a translation and zero-fills the uncovered part', () => {
    const warped = gradient(6, 5).warpAffine([1, 0, 2, 0, 1, 0], 6, 5);
    expect([...warped.data.subarray(0, 3)]).toEqual([0, 0, 0]);
    expect([...warped.data.subarray(2 * 3, 3 * 3)]).toEqual([0, 0, 100]);
  });
});

describe('ImageTensor', () => {
  it('stacks images channels-last with normalisation', () => {
    const tensor = ImageTensor.fromImages([gradient(2, 2), gradient(2, 2)], { mean: 127, divisor: 128 });
    expect(tensor.shape).toEqual([2, 2, 2, 3]);
    expect(tensor.data[2]).toBeCloseTo((100 - 127) / 128, 6);
  });

  it('converts to gray with BT.601 weights', () => {
    const image = new RgbImage(1, 1, new Uint8Array([100, 200, 50]));
    const tensor = ImageTensor.fromImages([image], { mean: 0, divisor: 1 }, 'gray');
    expect(tensor.shape).toEqual([1, 1, 1, 1]);
    expect(tensor.data[0]).toBeCloseTo(0.299 * 100 + 0.587 * 200 + 0.114 * 50, 4);
  });

  it('reorders to NCHW', () => {
    const tensor = new ImageTensor([1, 1, 2, 3], Float32Array.from([1, 2, 3, 4, 5, 6]));
    expect([...tensor.toNCHW()]).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('crops and resizes every image of the batch', () => {
    const tensor = ImageTensor.fromImages([gradient(4, 4), gradient(4, 4)], { mean: 0, divisor: 1 });
    const cropped = tensor.crop(1, 1, 2, 2);
    expect(cropped.shape).toEqual([2, 2, 2, 3]);
    expect(cropped.image(1)[0]).toBe(10);
    expect(cropped.resize(4, 4).shape).toEqual([2, 4, 4, 3]);
  });

  it('rejects images of different sizes in one batch', () => {
    expect(() => ImageTensor.fromImages([gradient(2, 2), gradient(3, 2)], { mean: 0, divisor: 1 })).toThrow(/images\[1\]/);
  });
});

describe('readImageHeader', () => {
  it('reads a PNG header', () => {
    const png = new Uint8Array(24);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    new DataView(png.buffer).setUint32(16, 640);
    new DataView(png.buffer).setUint32(20, 480);
    expect(readImageHeader(png, 'a.png')).toEqual({ format: 'png', width: 640, height: 480 });
  });

  it('reads a JPEG frame header after other segments', () => {
    const jpeg = new Uint8Array([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc2, 0x00, 0x0b, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03,
    ]);
    expect(readImageHeader(jpeg, 'a.jpg')).toEqual({ format: 'jpeg', width: 640, height: 480 });
  });

  it('names the input and the cause for each bad file', () => {
    const cases: [Uint8Array, string][] = [
      [new Uint8Array(0), 'empty'],
      [new TextEncoder().encode('hello, not an image'), 'not-an-image'],
      [new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), 'truncated'],
    ];
    for (const [bytes, code] of cases) {
      let caught: unknown;
      try {
        readImageHeader(bytes, 'photo.jpg');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ImageDecodeError);
      expect((caught as ImageDecodeError).code).toBe(code);
      expect((caught as ImageDecodeError).message).toContain('photo.jpg');
    }
  });
});
