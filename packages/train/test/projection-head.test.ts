import { describe, expect, it } from 'vitest';
import { InvalidTrainingInputError } from '../src/errors.js';
import { ProjectionHead } from '../src/projection-head.js';
import { SeededRandom } from '../src/random.js';

const random = () => new SeededRandom(42);

function randomInputs(rows: number, dim: number, seed: number): Float32Array {
  const generator = new SeededRandom(seed);
  return Float32Array.from({ length: rows * dim }, () => generator.gaussian());
}

/** Computes a scalar loss with a non-trivial gradient: the sum of c_k * y_k over all outputs. */
function weightedSum(outputs: Float32Array, coefficients: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < outputs.length; i++) sum += outputs[i] * coefficients[i];
  return sum;
}

describe('ProjectionHead', () => {
  for (const normalise of [true, false]) {
    it(`matches finite differences (normalise ${normalise})`, () => {
      const head = ProjectionHead.random({ inputDim: 6, outputDim: 4, normalise }, random());
      head.bias.set([0.1, -0.2, 0.3, 0.05]);
      const inputs = randomInputs(3, 6, 1);
      const coefficients = randomInputs(3, 4, 2);
      const activations = head.forward(inputs);
      const gradients = head.backward(inputs, activations, coefficients);

      // Central differences in float64 through a float32 head: step 1e-3 keeps rounding small.
      const step = 1e-3;
      const check = (parameters: Float32Array, analytic: Float32Array, name: string) => {
        for (let i = 0; i < parameters.length; i++) {
          const original = parameters[i];
          parameters[i] = original + step;
          const up = weightedSum(head.forward(inputs).outputs, coefficients);
          parameters[i] = original - step;
          const down = weightedSum(head.forward(inputs).outputs, coefficients);
          parameters[i] = original;
          expect(analytic[i], `${name}[${i}]`).toBeCloseTo((up - down) / (2 * step), 2);
        }
      };
      check(head.weights, gradients.weights, 'weights');
      check(head.bias, gradients.bias, 'bias');
    });
  }

  it('returns unit vectors when normalising', () => {
    const head = ProjectionHead.random({ inputDim: 16, outputDim: 5, normalise: true }, random());
    const { outputs } = head.forward(randomInputs(4, 16, 3));
    for (let row = 0; row < 4; row++) {
      const norm = Math.hypot(...outputs.subarray(row * 5, row * 5 + 5));
      expect(norm).toBeCloseTo(1, 6);
    }
  });

  it('computes W x + b without normalisation', () => {
    const head = new ProjectionHead({ inputDim: 2, outputDim: 2, normalise: false }, Float32Array.from([1, 2, 3, 4]), Float32Array.from([0.5, -1]));
    expect([...head.project(Float32Array.from([1, -1]))]).toEqual([-0.5, -2]);
  });

  it('maps a zero output to zeros instead of NaN', () => {
    const head = new ProjectionHead({ inputDim: 2, outputDim: 2, normalise: true }, new Float32Array(4), new Float32Array(2));
    const outputs = head.project(Float32Array.from([1, 1]));
    expect([...outputs]).toEqual([0, 0]);
    const gradients = head.backward(Float32Array.from([1, 1]), head.forward(Float32Array.from([1, 1])), Float32Array.from([1, 1]));
    expect(gradients.weights.every(Number.isFinite)).toBe(true);
  });

  it('rejects an embedding of the wrong dimension', () => {
    const head = ProjectionHead.random({ inputDim: 8, outputDim: 2, normalise: true }, random());
    expect(() => head.project(new Float32Array(7))).toThrow(InvalidTrainingInputError);
    expect(() => head.project(new Float32Array(7))).toThrow(/8 values/);
  });

  it('rejects a batch that is not whole rows', () => {
    const head = ProjectionHead.random({ inputDim: 8, outputDim: 2, normalise: true }, random());
    expect(() => head.forward(new Float32Array(12))).toThrow(/multiple of 8/);
  });

  it('rejects weights of the wrong size', () => {
    expect(() => new ProjectionHead({ inputDim: 3, outputDim: 2, normalise: true }, new Float32Array(5), new Float32Array(2))).toThrow(/weights/);
  });

  it('rejects non-finite weights', () => {
    const weights = new Float32Array(6);
    weights[4] = Number.NaN;
    expect(() => new ProjectionHead({ inputDim: 3, outputDim: 2, normalise: true }, weights, new Float32Array(2))).toThrow(/value 4 is NaN/);
  });

  it('rejects a non-integer shape', () => {
    expect(() => ProjectionHead.random({ inputDim: 3.5, outputDim: 2, normalise: true }, random())).toThrow(/inputDim/);
  });

  it('draws the same weights for the same seed', () => {
    const a = ProjectionHead.random({ inputDim: 10, outputDim: 3, normalise: true }, new SeededRandom(9));
    const b = ProjectionHead.random({ inputDim: 10, outputDim: 3, normalise: true }, new SeededRandom(9));
    expect(a.weights).toEqual(b.weights);
  });

  it('copies its parameters when cloned', () => {
    const head = ProjectionHead.random({ inputDim: 4, outputDim: 2, normalise: true }, random());
    const copy = head.clone();
    copy.weights[0] += 1;
    expect(copy.weights[0]).not.toBe(head.weights[0]);
  });
});
