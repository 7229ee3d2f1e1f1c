// Principal component analysis of the training embeddings. The top principal
// directions are the best linear compression in the squared-error sense and
// preserve most distances, so a head started from them begins close to the
// embedder's accuracy instead of at a random projection's.

import { InvalidTrainingInputError, TrainingError } from './errors.js';

export interface PrincipalComponents {
  /** Mean of the rows, dim values. */
  readonly mean: Float64Array;
  /** count x dim, row-major, orthonormal rows ordered by decreasing variance. */
  readonly components: Float64Array;
  /** Variance along each component (eigenvalues of the sample covariance), decreasing. */
  readonly variances: Float64Array;
  /** Sum of all dim eigenvalues, so variances / totalVariance is the explained share. */
  readonly totalVariance: number;
}

/** Computes the top `count` principal components of rows x dim data. */
export function principalComponents(data: Float32Array, dim: number, count: number): PrincipalComponents {
  const rows = data.length / dim;
  if (!Number.isInteger(rows) || rows < 2) {
    throw new InvalidTrainingInputError('data', `expected at least 2 rows of ${dim} values, got ${data.length} values`);
  }
  if (!Number.isInteger(count) || count < 1 || count > dim) {
    throw new InvalidTrainingInputError('count', `expected 1 to ${dim} components (the input dimension), got ${count}`);
  }

  const mean = new Float64Array(dim);
  for (let row = 0; row < rows; row++) for (let i = 0; i < dim; i++) mean[i] += data[row * dim + i];
  for (let i = 0; i < dim; i++) mean[i] /= rows;

  const covariance = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let row = 0; row < rows; row++) {
    for (let i = 0; i < dim; i++) centred[i] = data[row * dim + i] - mean[i];
    for (let i = 0; i < dim; i++) {
      const value = centred[i];
      if (value === 0) continue;
      const offset = i * dim;
      for (let j = i; j < dim; j++) covariance[offset + j] += value * centred[j];
    }
  }
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      const value = covariance[i * dim + j] / (rows - 1);
      covariance[i * dim + j] = value;
      covariance[j * dim + i] = value;
    }
  }

  const { values, vectors } = symmetricEigen(covariance, dim);
  const order = Array.from(values.keys()).sort((a, b) => values[b] - values[a] || a - b);
  const components = new Float64Array(count * dim);
  const variances = new Float64Array(count);
  let totalVariance = 0;
  for (const value of values) totalVariance += Math.max(0, value);

  order.slice(0, count).forEach((index, component) => {
    variances[component] = Math.max(0, values[index]);
    const vector = vectors.subarray(index * dim, (index + 1) * dim);
    // Eigenvectors are defined up to sign, so make the largest entry positive for a canonical result.
    let largest = 0;
    for (const value of vector) if (Math.abs(value) > Math.abs(largest)) largest = value;
    const sign = largest < 0 ? -1 : 1;
    for (let i = 0; i < dim; i++) components[component * dim + i] = sign * vector[i];
  });
  return { mean, components, variances, totalVariance };
}

/**
 * Eigen-decomposition of a symmetric n x n matrix (row-major): Householder
 * reduction to tridiagonal form, then the implicit QL algorithm, after the
 * EISPACK routines tred2 and tql2 as published in the public-domain JAMA
 * library. Returns the eigenvalues, unsorted, and the matching eigenvectors
 * as the rows of `vectors` (n x n, row-major).
 */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const V = Float64Array.from(matrix);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalise(V, d, e, n);

  // The QL rotations combine two columns of V at a time. On the transpose they
  // combine two contiguous rows, which halved the time for n = 512 in Node 20.
  const transposed = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) transposed[j * n + i] = V[i * n + j];
  diagonalise(transposed, d, e, n);
  return { values: d, vectors: transposed };
}

function tridiagonalise(V: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = V[(n - 1) * n + j];

  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
        V[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;

      for (let j = 0; j < i; j++) {
        f = d[j];
        V[j * n + i] = f;
        g = e[j] + V[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += V[k * n + j] * d[k];
          e[k] += V[k * n + j] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) V[k * n + j] -= f * e[k] + g * d[k];
        d[j] = V[(i - 1) * n + j];
        V[i * n + j] = 0;
      }
    }
    d[i] = h;
  }

  // Accumulate the Householder transformations.
  for (let i = 0; i < n - 1; i++) {
    V[(n - 1) * n + i] = V[i * n + i];
    V[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = V[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += V[k * n + i + 1] * V[k * n + j];
        for (let k = 0; k <= i; k++) V[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) V[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = V[(n - 1) * n + j];
    V[(n - 1) * n + j] = 0;
  }
  V[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** Runs the implicit QL iterations. `Z` contains the accumulated transformation, transposed: eigenvectors as rows. */
function diagonalise(Z: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;

  let f = 0;
  let largest = 0;
  const epsilon = 2 ** -52;
  for (let l = 0; l < n; l++) {
    // Find a small subdiagonal element.
    largest = Math.max(largest, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n && Math.abs(e[m]) > epsilon * largest) m++;

    // If m == l, d[l] is already an eigenvalue. Otherwise iterate.
    if (m > l) {
      let iterations = 0;
      do {
        if (++iterations > 100) throw new TrainingError(`symmetric eigen-decomposition did not converge after 100 QL iterations at row ${l}`);
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;

        // Implicit QL transformation.
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          const rowI = i * n;
          const rowNext = rowI + n;
          for (let k = 0; k < n; k++) {
            h = Z[rowNext + k];
            Z[rowNext + k] = s * Z[rowI + k] + c * h;
            Z[rowI + k] = c * Z[rowI + k] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > epsilon * largest);
    }
    d[l] += f;
    e[l] = 0;
  }
}
