import { InvalidArgumentError } from '../errors.js';
import type { AffineMatrix } from '../image/affine.js';
import type { RgbImage } from '../image/rgb-image.js';
import type { Point } from '../landmarks/landmarker.js';

/** The five ArcFace reference points (eyes, nose tip, mouth corners) on a 112x112 face. */
export const ARCFACE_REFERENCE_112: readonly Point[] = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
];

export const ALIGNED_FACE_SIZE = 112;

/**
 * Least-squares similarity transform (rotation, uniform scale, translation,
 * no reflection) mapping `source` points onto `target` points: the 2-D case
 * of Umeyama's method, which has this closed form.
 */
export function similarityTransform(source: readonly Point[], target: readonly Point[]): AffineMatrix {
  if (source.length !== target.length || source.length < 2) {
    throw new InvalidArgumentError('points', `need two equally long lists of at least 2 points, got ${source.length} and ${target.length}`);
  }
  const count = source.length;
  let sourceMeanX = 0;
  let sourceMeanY = 0;
  let targetMeanX = 0;
  let targetMeanY = 0;
  for (let i = 0; i < count; i++) {
    sourceMeanX += source[i].x / count;
    sourceMeanY += source[i].y / count;
    targetMeanX += target[i].x / count;
    targetMeanY += target[i].y / count;
  }

  let dotSum = 0;
  let crossSum = 0;
  let sourceVariance = 0;
  for (let i = 0; i < count; i++) {
    const px = source[i].x - sourceMeanX;
    const py = source[i].y - sourceMeanY;
    const qx = target[i].x - targetMeanX;
    const qy = target[i].y - targetMeanY;
    dotSum += px * qx + py * qy;
    crossSum += px * qy - py * qx;
    sourceVariance += px * px + py * py;
  }
  if (sourceVariance < 1e-9) {
    throw new InvalidArgumentError('points', 'source points coincide, so no transform can be fitted');
  }

  // [a -b; b a] is scale times rotation.
  const a = dotSum / sourceVariance;
  const b = crossSum / sourceVariance;
  const tx = targetMeanX - (a * sourceMeanX - b * sourceMeanY);
  const ty = targetMeanY - (b * sourceMeanX + a * sourceMeanY);
  return [a, -b, tx, b, a, ty];
}

/** Warps the face so its five points land on the 112x112 ArcFace reference. */
export function alignFace(image: RgbImage, points: readonly Point[]): RgbImage {
  const transform = similarityTransform(points, ARCFACE_REFERENCE_112);
  return image.warpAffine(transform, ALIGNED_FACE_SIZE, ALIGNED_FACE_SIZE);
}
