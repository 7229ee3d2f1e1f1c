import { InvalidArgumentError } from '../errors.js';

/**
 * A 2-D affine transform [a, b, c, d, e, f] mapping (x, y) to
 * (a x + b y + c, d x + e y + f).
 */
export type AffineMatrix = readonly [number, number, number, number, number, number];

export function applyAffine(matrix: AffineMatrix, x: number, y: number): [number, number] {
  const [a, b, c, d, e, f] = matrix;
  return [a * x + b * y + c, d * x + e * y + f];
}

export function invertAffine(matrix: AffineMatrix): AffineMatrix {
  const [a, b, c, d, e, f] = matrix;
  const determinant = a * e - b * d;
  if (Math.abs(determinant) < 1e-12) {
    throw new InvalidArgumentError('affine matrix', 'is singular and cannot be inverted');
  }
  const ia = e / determinant;
  const ib = -b / determinant;
  const id = -d / determinant;
  const ie = a / determinant;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}
