import { decodeImage } from '../src/node.js';
import { ImageDecodeError } from '../src/index.js';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

const WIDTH = 40;
const HEIGHT = 30;

/** Left half red, right half blue: orientation and colour are both visible. */
function halves(): Buffer {
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const offset = (y * WIDTH + x) * 3;
      if (x < WIDTH / 2) pixels[offset] = 220;
      else pixels[offset + 2] = 220;
    }
  }
  return pixels;
}

const raw = { raw: { width: WIDTH, height: HEIGHT, channels: 3 as const } };

function pixel(image: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const offset = (y * image.width + x) * 3;
  return [image.data[offset], image.data[offset + 1], image.data[offset + 2]];
}

describe('decodeImage in Node', () => {
  const encoded: Record<string, Buffer> = {};

  beforeAll(async () => {
    const source = halves();
    encoded.baseline = await sharp(source, raw).jpeg({ quality: 95 }).toBuffer();
    encoded.progressive = await sharp(source, raw).jpeg({ quality: 95, progressive: true }).toBuffer();
    encoded.grayJpeg = await sharp(source, raw).grayscale().jpeg().toBuffer();
    encoded.cmyk = await sharp(source, raw).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    encoded.rgba = await sharp(source, raw).ensureAlpha(1).png().toBuffer();
    encoded.palette = await sharp(source, raw).png({ palette: true }).toBuffer();
    encoded.grayPng = await sharp(source, raw).grayscale().png().toBuffer();
    encoded.png16 = await sharp(source, raw).toColourspace('rgb16').png().toBuffer();
    // EXIF orientation 6: the stored pixels must be turned 90 degrees clockwise for display.
    encoded.rotated = await sharp(source, raw).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
  });

  it.each(['baseline', 'progressive', 'cmyk', 'rgba', 'palette', 'png16'])('decodes %s to 8-bit RGB', async (name) => {
    const image = await decodeImage(encoded[name], name);
    expect(image.width).toBe(WIDTH);
    expect(image.height).toBe(HEIGHT);
    const [red, , blueOfRed] = pixel(image, 2, 2);
    const [redOfBlue, , blue] = pixel(image, WIDTH - 3, 2);
    // Thresholds leave room for the CMYK round trip, which cannot hold sRGB's saturated blue.
    expect(red, 'left half is red').toBeGreaterThan(150);
    expect(blueOfRed).toBeLessThan(60);
    expect(blue, 'right half is blue').toBeGreaterThan(120);
    expect(redOfBlue).toBeLessThan(60);
  });

  it.each(['grayJpeg', 'grayPng'])('expands %s to three equal channels', async (name) => {
    const image = await decodeImage(encoded[name], name);
    const [r, g, b] = pixel(image, 2, 2);
    expect(r).toBe(g);
    expect(g).toBe(b);
  });

  it('applies EXIF orientation', async () => {
    const image = await decodeImage(encoded.rotated, 'rotated.jpg');
    expect(image.width).toBe(HEIGHT);
    expect(image.height).toBe(WIDTH);
    // Turned clockwise, the red left half becomes the top.
    expect(pixel(image, 2, 2)[0]).toBeGreaterThan(180);
    expect(pixel(image, 2, WIDTH - 3)[2]).toBeGreaterThan(180);
  });

  it('enforces the pixel limit from the header', async () => {
    const error = await decodeImage(encoded.baseline, 'small.jpg', { maxPixels: 100 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImageDecodeError);
    expect((error as ImageDecodeError).code).toBe('too-large');
    expect((error as ImageDecodeError).message).toContain('small.jpg');
  });

  it('rejects a JPEG cut before its frame header as truncated', async () => {
    const error = await decodeImage(encoded.baseline.subarray(0, 20), 'cut.jpg').catch((caught: unknown) => caught);
    expect((error as ImageDecodeError).code).toBe('truncated');
  });

  it('reports corrupt scan data without crashing', async () => {
    const damaged = Buffer.from(encoded.progressive);
    const start = damaged.length >> 1;
    damaged.fill(0xff, start, start + 64);
    const outcome = await decodeImage(damaged, 'damaged.jpg').then(
      (image) => image.width,
      (error: unknown) => error,
    );
    // libvips either recovers the picture or rejects it; both are typed outcomes.
    if (typeof outcome === 'number') expect(outcome).toBe(WIDTH);
    else expect(outcome).toBeInstanceOf(ImageDecodeError);
  });
});
