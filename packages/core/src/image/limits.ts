import { ImageDecodeError } from '../errors.js';
import { type ImageHeader, readImageHeader } from './header.js';

/** Options shared by the Node and browser decoders. */
export interface DecodeOptions {
  /**
   * Largest accepted width x height, checked on the file header before any
   * pixel buffer is allocated. Default 50 megapixels (about 150 MB as RGB).
   */
  readonly maxPixels?: number;
}

export const DEFAULT_MAX_PIXELS = 50_000_000;

/** Reads the header and rejects images whose declared size is empty or above the pixel limit. */
export function checkImageHeader(bytes: Uint8Array, source: string, options: DecodeOptions = {}): ImageHeader {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const header = readImageHeader(bytes, source);
  if (header.width === 0 || header.height === 0) {
    throw new ImageDecodeError('decode-failed', source, `declares an empty ${header.width}x${header.height} image`);
  }
  const pixels = header.width * header.height;
  if (pixels > maxPixels) {
    throw new ImageDecodeError(
      'too-large',
      source,
      `declares ${header.width}x${header.height} = ${pixels} pixels, above the limit of ${maxPixels} ` +
        '(raise the limit with the maxPixels option, or --max-pixels in the CLI, to accept it)',
    );
  }
  return header;
}
