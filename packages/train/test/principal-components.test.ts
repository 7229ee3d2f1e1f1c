import { describe, expect, it } from 'vitest';
import { InvalidTrainingInputError } from '../src/errors.js';
import { principalComponents, symmetricEigen } from '../src/principal-components.js';
import { SeededRandom } from '../src/random.js';

function randomSymmetric(n: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const value = random.gaussian();
      matrix[i * n + j] = value;
      matrix[j * n + i] = value;
    }
  }
  return matrix;
}

describe('symmetricEigen', () => {
  it('satisfies A v = lambda v for every pair', () => {
    for (const n of [1, 2, 7, 40]) {
      const matrix = randomSymmetric(n, n);
      const { values, vectors } = symmetricEigen(matrix, n);
      let worst = 0;
      for (let vector = 0; vector < n; vector++) {
        for (let i = 0; i < n; i++) {
          let product = 0;
          for (let k = 0; k < n; k++) product += matrix[i * n + k] * vectors[vector * n + k];
          worst = Math.max(worst, Math.abs(product - values[vector] * vectors[vector * n + i]));
        }
      }
      expect(worst, `n = ${n}`).toBeLessThan(1e-10);
    }
  });

  it('returns orthonormal eigenvectors', () => {
    const n = 30;
    const { vectors } = symmetricEigen(randomSymmetric(n, 3), n);
    for (let a = 0; a < n; a++) {
      for (let b = a; b < n; b++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += vectors[a * n + k] * vectors[b * n + k];
        expect(Math.abs(dot - (a === b ? 1 : 0)), `vectors ${a}, ${b}`).toBeLessThan(1e-10);
      }
    }
  });

  it('handles a diagonal matrix with repeated eigenvalues', () => {
    const n = 5;
    const matrix = new Float64Array(n * n);
    [3, 1, 3, 0, 2].forEach((value, i) => (matrix[i * n + i] = value));
    const { values } = symmetricEigen(matrix, n);
    expect([...values].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 3]);
  });
});

describe('principalComponents', () => {
  it('finds the axes of known variances', () => {
    // Variances 9, 4, 1 and 0.01 along axes 2, 0, 3 and 1.
    const random = new SeededRandom(5);
    const rows = 4000;
    const deviations = [2, 0.1, 3, 1];
    const data = new Float32Array(rows * 4);
    for (let row = 0; row < rows; row++) for (let i = 0; i < 4; i++) data[row * 4 + i] = 5 + random.gaussian() * deviations[i];

    const pca = principalComponents(data, 4, 3);
    const axes = [2, 0, 3];
    axes.forEach((axis, component) => {
      expect(Math.abs(pca.components[component * 4 + axis]), `component ${component}`).toBeGreaterThan(0.999);
      expect(pca.variances[component] / deviations[axis] ** 2, `variance ${component}`).toBeCloseTo(1, 1);
    });
    // Four standard errors of the sample mean.
    for (let i = 0; i < 4; i++) expect(Math.abs(pca.mean[i] - 5), `mean ${i}`).toBeLessThan((4 * deviations[i]) / Math.sqrt(rows));
    expect(pca.totalVariance).toBeCloseTo(9 + 4 + 1 + 0.01, 0);
  });

  it('rejects more components than dimensions', () => {
    expect(() => principalComponents(new Float32Array(12), 4, 5)).toThrow(InvalidTrainingInputError);
  });

  it('rejects a single row', () => {
    expect(() => principalComponents(new Float32Array(4), 4, 2)).toThrow(/at least 2 rows/);
  });
});
