// The projection head: a linear map from the embedder's output to a compact
// encoding, optionally followed by L2 normalisation, with its own forward and
// backward passes in plain TypeScript (the matrices are small: 512 x 128).

import { InvalidTrainingInputError, describeValue } from './errors.js';
import type { PrincipalComponents } from './principal-components.js';
import type { SeededRandom } from './random.js';

export interface ProjectionHeadShape {
  readonly inputDim: number;
  readonly outputDim: number;
  /** Divide each output by its L2 norm, so encodings are unit vectors like the embedder's. */
  readonly normalise: boolean;
}

/** Intermediate values of a forward pass that the backward pass needs. */
export interface HeadActivations {
  readonly rows: number;
  /** Head outputs, rows x outputDim: unit vectors when the head normalises. */
  readonly outputs: Float32Array;
  /** L2 norm of each row before normalisation; all 1 when the head does not normalise. */
  readonly norms: Float64Array;
}

export interface HeadGradients {
  /** d loss / d weights, outputDim x inputDim row-major. */
  readonly weights: Float32Array;
  /** d loss / d bias, outputDim. */
  readonly bias: Float32Array;
}

/** Norms below this count as zero: the output of such a row stays zero instead of becoming NaN. */
const MIN_NORM = 1e-12;

export class ProjectionHead implements ProjectionHeadShape {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly normalise: boolean;
  /** outputDim x inputDim, row-major: row o maps an input to output component o. */
  readonly weights: Float32Array;
  readonly bias: Float32Array;

  constructor(shape: ProjectionHeadShape, weights: Float32Array, bias: Float32Array) {
    checkShape(shape);
    if (!(weights instanceof Float32Array) || weights.length !== shape.outputDim * shape.inputDim) {
      throw new InvalidTrainingInputError(
        'weights',
        `expected a Float32Array of ${shape.outputDim} x ${shape.inputDim} values, got ${weights instanceof Float32Array ? weights.length : describeValue(weights)}`,
      );
    }
    if (!(bias instanceof Float32Array) || bias.length !== shape.outputDim) {
      throw new InvalidTrainingInputError(
        'bias',
        `expected a Float32Array of ${shape.outputDim} values, got ${bias instanceof Float32Array ? bias.length : describeValue(bias)}`,
      );
    }
    checkFinite('weights', weights);
    checkFinite('bias', bias);
    this.inputDim = shape.inputDim;
    this.outputDim = shape.outputDim;
    this.normalise = shape.normalise;
    this.weights = weights;
    this.bias = bias;
  }

  /**
   * Creates a head with Gaussian weights of standard deviation
   * 1 / sqrt(outputDim) and zero bias. That scale keeps the norm of a unit
   * input near 1 (a Johnson-Lindenstrauss projection), so distances start
   * close to the embedder's before training.
   */
  static random(shape: ProjectionHeadShape, random: SeededRandom): ProjectionHead {
    checkShape(shape);
    const weights = new Float32Array(shape.outputDim * shape.inputDim);
    const scale = 1 / Math.sqrt(shape.outputDim);
    for (let i = 0; i < weights.length; i++) weights[i] = random.gaussian() * scale;
    return new ProjectionHead(shape, weights, new Float32Array(shape.outputDim));
  }

  /**
   * Creates a head that projects onto the top principal components after
   * subtracting their mean: weights = components, bias = -components * mean.
   */
  static fromPrincipalComponents(shape: ProjectionHeadShape, pca: PrincipalComponents): ProjectionHead {
    checkShape(shape);
    if (pca.components.length !== shape.outputDim * shape.inputDim || pca.mean.length !== shape.inputDim) {
      throw new InvalidTrainingInputError(
        'pca',
        `has ${pca.components.length / Math.max(1, pca.mean.length)} components of ${pca.mean.length} values, expected ${shape.outputDim} of ${shape.inputDim}`,
      );
    }
    const weights = Float32Array.from(pca.components);
    const bias = new Float32Array(shape.outputDim);
    for (let o = 0; o < shape.outputDim; o++) {
      let sum = 0;
      for (let i = 0; i < shape.inputDim; i++) sum += pca.components[o * shape.inputDim + i] * pca.mean[i];
      bias[o] = -sum;
    }
    return new ProjectionHead(shape, weights, bias);
  }

  clone(): ProjectionHead {
    return new ProjectionHead(this, this.weights.slice(), this.bias.slice());
  }

  /** Projects one embedding of inputDim values and returns a new array of outputDim values. */
  project(embedding: Float32Array): Float32Array {
    if (!(embedding instanceof Float32Array) || embedding.length !== this.inputDim) {
      throw new InvalidTrainingInputError(
        'embedding',
        `expected a Float32Array of ${this.inputDim} values (the head's input dimension), got ${embedding instanceof Float32Array ? embedding.length : describeValue(embedding)}`,
      );
    }
    return this.forward(embedding).outputs;
  }

  /** Projects rows x inputDim embeddings (row-major) and returns the outputs and what backward needs. */
  forward(inputs: Float32Array): HeadActivations {
    if (!(inputs instanceof Float32Array) || inputs.length % this.inputDim !== 0) {
      throw new InvalidTrainingInputError(
        'inputs',
        `expected a Float32Array whose length is a multiple of ${this.inputDim}, got ${inputs instanceof Float32Array ? inputs.length : describeValue(inputs)}`,
      );
    }
    const rows = inputs.length / this.inputDim;
    const { inputDim, outputDim, weights, bias } = this;
    const outputs = new Float32Array(rows * outputDim);
    const norms = new Float64Array(rows).fill(1);
    const linear = new Float64Array(outputDim);

    for (let row = 0; row < rows; row++) {
      const input = row * inputDim;
      let squaredNorm = 0;
      for (let o = 0; o < outputDim; o++) {
        const weightRow = o * inputDim;
        let sum = bias[o];
        for (let i = 0; i < inputDim; i++) sum += weights[weightRow + i] * inputs[input + i];
        linear[o] = sum;
        squaredNorm += sum * sum;
      }

      let scale = 1;
      if (this.normalise) {
        const norm = Math.sqrt(squaredNorm);
        norms[row] = norm;
        scale = norm > MIN_NORM ? 1 / norm : 0;
      }
      for (let o = 0; o < outputDim; o++) outputs[row * outputDim + o] = linear[o] * scale;
    }
    return { rows, outputs, norms };
  }

  /**
   * Back-propagates d loss / d outputs (rows x outputDim) to the weights and
   * bias. Through the normalisation y = z / |z| the Jacobian is
   * (I - y y^T) / |z|, so dz = (dy - y (y . dy)) / |z|.
   */
  backward(inputs: Float32Array, activations: HeadActivations, gradOutputs: Float32Array): HeadGradients {
    const { inputDim, outputDim } = this;
    const { rows, outputs, norms } = activations;
    if (inputs.length !== rows * inputDim) {
      throw new InvalidTrainingInputError('inputs', `expected ${rows} x ${inputDim} values like the forward pass, got ${inputs.length}`);
    }
    if (gradOutputs.length !== rows * outputDim) {
      throw new InvalidTrainingInputError('gradOutputs', `expected ${rows} x ${outputDim} values, got ${gradOutputs.length}`);
    }

    const weights = new Float64Array(outputDim * inputDim);
    const bias = new Float64Array(outputDim);
    const gradLinear = new Float64Array(outputDim);

    for (let row = 0; row < rows; row++) {
      const output = row * outputDim;
      let isZero = true;
      if (this.normalise) {
        let projection = 0;
        for (let o = 0; o < outputDim; o++) projection += outputs[output + o] * gradOutputs[output + o];
        const inverseNorm = norms[row] > MIN_NORM ? 1 / norms[row] : 0;
        for (let o = 0; o < outputDim; o++) {
          gradLinear[o] = (gradOutputs[output + o] - outputs[output + o] * projection) * inverseNorm;
          if (gradLinear[o] !== 0) isZero = false;
        }
      } else {
        for (let o = 0; o < outputDim; o++) {
          gradLinear[o] = gradOutputs[output + o];
          if (gradLinear[o] !== 0) isZero = false;
        }
      }
      // Most rows of a triplet batch are inactive; skipping them saves the outer product.
      if (isZero) continue;

      const input = row * inputDim;
      for (let o = 0; o < outputDim; o++) {
        const g = gradLinear[o];
        if (g === 0) continue;
        bias[o] += g;
        const weightRow = o * inputDim;
        for (let i = 0; i < inputDim; i++) weights[weightRow + i] += g * inputs[input + i];
      }
    }
    return { weights: Float32Array.from(weights), bias: Float32Array.from(bias) };
  }
}

function checkShape(shape: ProjectionHeadShape): void {
  for (const field of ['inputDim', 'outputDim'] as const) {
    const value = shape?.[field];
    if (!Number.isInteger(value) || value < 1) {
      throw new InvalidTrainingInputError(field, `expected a positive integer, got ${describeValue(value)}`);
    }
  }
  if (typeof shape.normalise !== 'boolean') {
    throw new InvalidTrainingInputError('normalise', `expected true or false, got ${describeValue(shape.normalise)}`);
  }
}

function checkFinite(name: string, values: Float32Array): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new InvalidTrainingInputError(name, `value ${i} is ${values[i]}; expected finite numbers`);
  }
}
