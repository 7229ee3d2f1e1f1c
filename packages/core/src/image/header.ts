import { ImageDecodeError } from '../errors.js';

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp';

export interface ImageHeader {
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
}

/**
 * Reads the format and pixel size from the first bytes of an encoded image
 * without decoding it, so that the pixel limit is enforced before any pixel
 * buffer is allocated, in Node and in the browser alike.
 */
export function readImageHeader(bytes: Uint8Array, source: string): ImageHeader {
  if (bytes.length === 0) {
    throw new ImageDecodeError('empty', source, 'file is empty (0 bytes)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (start: number, length: number) => String.fromCharCode(...bytes.subarray(start, start + length));

  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return readJpegHeader(bytes, view, source);
  }
  if (bytes.length >= 8 && ascii(1, 3) === 'PNG' && bytes[0] === 0x89) {
    if (bytes.length < 24 || ascii(12, 4) !== 'IHDR') {
      throw new ImageDecodeError('truncated', source, 'PNG file ends before its IHDR header');
    }
    return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) {
    if (bytes.length < 10) throw new ImageDecodeError('truncated', source, 'GIF file ends inside its header');
    return { format: 'gif', width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
    return readWebpHeader(bytes, view, source);
  }
  if (bytes.length >= 2 && ascii(0, 2) === 'BM') {
    if (bytes.length < 26) throw new ImageDecodeError('truncated', source, 'BMP file ends inside its header');
    return { format: 'bmp', width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
  }
  throw new ImageDecodeError(
    'not-an-image',
    source,
    'is not a JPEG, PNG, GIF, WebP or BMP image (unrecognised file signature)',
  );
}

/** Walks the JPEG marker segments up to the first start-of-frame marker. */
function readJpegHeader(bytes: Uint8Array, view: DataView, source: string): ImageHeader {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) {
      throw new ImageDecodeError('decode-failed', source, `corrupt JPEG: expected a marker at byte ${offset}`);
    }
    const marker = bytes[offset + 1];
    // Fill bytes and stand-alone markers carry no length field.
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    const length = view.getUint16(offset + 2);
    // Markers C0-CF carry the frame size (start of frame), except DHT (C4), JPG (C8)
    // and DAC (CC), as ITU-T T.81 table B.1 assigns them.
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame) {
      if (offset + 9 > bytes.length) break;
      return { format: 'jpeg', height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    if (marker === 0xda || marker === 0xd9) {
      throw new ImageDecodeError('decode-failed', source, 'corrupt JPEG: image data starts before any frame header');
    }
    offset += 2 + length;
  }
  throw new ImageDecodeError('truncated', source, 'JPEG file ends before its frame header (truncated beyond recovery)');
}

function readWebpHeader(bytes: Uint8Array, view: DataView, source: string): ImageHeader {
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  if (chunk === 'VP8X' && bytes.length >= 30) {
    const width = 1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16));
    const height = 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16));
    return { format: 'webp', width, height };
  }
  if (chunk === 'VP8 ' && bytes.length >= 30) {
    return { format: 'webp', width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  }
  if (chunk === 'VP8L' && bytes.length >= 25) {
    const bits = view.getUint32(21, true);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  throw new ImageDecodeError('truncated', source, 'WebP file ends inside its header');
}
