import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { ImageDecodeError } from '../errors.js';
import { type DecodeOptions, checkImageHeader } from './limits.js';
import { RgbImage } from './rgb-image.js';

/**
 * Decodes a JPEG, PNG, GIF, WebP or BMP file in Node with sharp (libvips):
 * EXIF orientation applied, CMYK and grayscale converted to sRGB, 16-bit
 * reduced to 8-bit, alpha composited onto black (as a browser canvas does
 * with premultiplied alpha).
 */
export async function decodeImage(bytes: Uint8Array, source = '<buffer>', options: DecodeOptions = {}): Promise<RgbImage> {
  const header = checkImageHeader(bytes, source, options);
  try {
    const { data, info } = await sharp(bytes, {
      // The header check above already enforces the limit; sharp's own check
      // stays as a second guard for formats whose header we read loosely.
      limitInputPixels: header.width * header.height + 1,
      // Accept recoverable damage (a JPEG cut inside its scan data decodes
      // with its missing rows grey); reject what libvips calls an error.
      failOn: 'error',
    })
      .rotate()
      .flatten({ background: '#000000' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return RgbImage.fromPixels(info.width, info.height, new Uint8Array(data.buffer, data.byteOffset, data.byteLength), info.channels);
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const truncated = /premature end|truncated|unexpected end|read error|not enough data/i.test(message);
    throw new ImageDecodeError(
      truncated ? 'truncated' : 'decode-failed',
      source,
      `${header.format.toUpperCase()} decoding failed: ${message.split('\n')[0]}`,
      { cause: error },
    );
  }
}

/** Reads and decodes an image file; the error names the path. */
export async function readImageFile(path: string, options: DecodeOptions = {}): Promise<RgbImage> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    let reason = `cannot read file (${code ?? String(error)})`;
    if (code === 'ENOENT') reason = 'file not found';
    else if (code === 'EISDIR') reason = 'is a folder, not an image file';
    throw new ImageDecodeError('unreadable', path, reason, { cause: error });
  }
  return decodeImage(bytes, path, options);
}
