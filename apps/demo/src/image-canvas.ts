// Canvases from the pipeline's RgbImage: aligned face crops, photo previews
// and the data-URL thumbnails kept with the gallery.

import type { RgbImage } from '@facegate/core';

/** Draws the image at its own size on a new canvas. */
export function canvasFromImage(image: RgbImage, className?: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  if (className) canvas.className = className;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser has no 2d canvas context');
  context.putImageData(new ImageData(new Uint8ClampedArray(image.toRgba()), image.width, image.height), 0, 0);
  return canvas;
}

/** Returns a small JPEG data URL of a face crop, stored as the person's thumbnail. */
export function thumbnailUrl(face: RgbImage): string {
  return canvasFromImage(face).toDataURL('image/jpeg', 0.85);
}

/** Returns a copy of the image scaled so that neither side exceeds `maxSide` pixels. */
export function previewCanvas(image: RgbImage, maxSide: number, className?: string): HTMLCanvasElement {
  const source = canvasFromImage(image);
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(image.width * scale));
  canvas.height = Math.max(1, Math.round(image.height * scale));
  if (className) canvas.className = className;
  canvas.getContext('2d')?.drawImage(source, 0, 0, canvas.width, canvas.height);
  return canvas;
}
