import { ImageDecodeError } from '../errors.js';
import { type DecodeOptions, checkImageHeader } from './limits.js';
import { RgbImage } from './rgb-image.js';

/**
 * Decodes an image with the browser's own decoders (createImageBitmap,
 * EXIF orientation applied). The pixel limit is checked on the header
 * first, so an oversized file never reaches the decoder.
 */
export async function decodeImage(bytes: Uint8Array, source = '<buffer>', options: DecodeOptions = {}): Promise<RgbImage> {
  const header = checkImageHeader(bytes, source, options);
  let bitmap: ImageBitmap;
  try {
    const copy = new Uint8Array(bytes);
    bitmap = await createImageBitmap(new Blob([copy.buffer]), {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'premultiply',
      colorSpaceConversion: 'default',
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ImageDecodeError('decode-failed', source, `${header.format.toUpperCase()} decoding failed: ${message}`, {
      cause: error,
    });
  }
  return rgbFromBitmap(bitmap);
}

/** Copies an ImageBitmap (a decoded file or a webcam frame) into an RgbImage. */
export function rgbFromBitmap(bitmap: ImageBitmap | HTMLVideoElement | HTMLCanvasElement, width?: number, height?: number): RgbImage {
  const w = width ?? ('videoWidth' in bitmap ? bitmap.videoWidth : bitmap.width);
  const h = height ?? ('videoHeight' in bitmap ? bitmap.videoHeight : bitmap.height);
  const canvas = new OffscreenCanvas(w, h);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('OffscreenCanvas 2d context is not available in this browser');
  // Black first, so transparent pixels come out black like the Node decoder's.
  context.fillStyle = '#000';
  context.fillRect(0, 0, w, h);
  context.drawImage(bitmap, 0, 0, w, h);
  const pixels = context.getImageData(0, 0, w, h).data;
  if ('close' in bitmap && typeof bitmap.close === 'function') bitmap.close();
  return RgbImage.fromPixels(w, h, pixels, 4);
}
