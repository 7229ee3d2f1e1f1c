// Input checks shared by every backend, so that each rejects the same input
// with the same error before any kernel runs.

import type { KernelMetric } from './backend.js';
import { InvalidInputError } from './errors.js';

/**
 * Largest accepted component magnitude. Squared differences of such values
 * summed over a million dimensions stay below float32's maximum, so no kernel
 * meets an infinity (WGSL lets implementations assume there are none).
 */
export const MAX_COMPONENT_MAGNITUDE = 1e15;

export function checkVectors(argument: string, values: unknown): asserts values is Float32Array {
  if (!(values instanceof Float32Array)) {
    throw new InvalidInputError(argument, `expected a Float32Array, got ${describe(values)}`);
  }

  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!(Math.abs(value) <= MAX_COMPONENT_MAGNITUDE)) {
      const what = Number.isFinite(value) ? `magnitude above ${MAX_COMPONENT_MAGNITUDE}` : 'not finite';
      throw new InvalidInputError(argument, `component ${i} is ${value} (${what})`);
    }
  }
}

export function checkDim(dim: unknown, gallery: boolean): asserts dim is number {
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim <= 0) {
    throw new InvalidInputError('dim', `expected a positive integer, got ${describe(dim)}`);
  }
  if (gallery && dim % 4 !== 0) {
    throw new InvalidInputError(
      'dim',
      `gallery kernels need a multiple of 4, got ${dim}; pad each vector with zeros to ${Math.ceil(dim / 4) * 4}`,
    );
  }
}

/** Returns the row count of a row-major matrix, checking that its length is a multiple of dim. */
export function rowCount(argument: string, values: Float32Array, dim: number): number {
  if (values.length % dim !== 0) {
    throw new InvalidInputError(argument, `length ${values.length} is not a multiple of dim ${dim}`);
  }
  return values.length / dim;
}

export function checkK(k: unknown): asserts k is number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0) {
    throw new InvalidInputError('k', `expected a non-negative integer, got ${describe(k)}`);
  }
}

export function checkMetric(metric: unknown): asserts metric is KernelMetric {
  if (metric !== 'squaredL2' && metric !== 'dot') {
    throw new InvalidInputError('metric', `expected 'squaredL2' or 'dot', got ${describe(metric)}`);
  }
}

export function checkAlpha(alpha: unknown): asserts alpha is number {
  if (typeof alpha !== 'number' || !(Math.abs(alpha) <= MAX_COMPONENT_MAGNITUDE)) {
    throw new InvalidInputError('alpha', `expected a finite number, got ${describe(alpha)}`);
  }
}

export function checkRerankCandidates(value: unknown): asserts value is number | undefined {
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
    throw new InvalidInputError('options.rerankCandidates', `expected a non-negative integer, got ${describe(value)}`);
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

/** Checks an (m, dim) triplet batch and returns m. Any dim is accepted. */
export function checkTripletBatch(anchor: unknown, positive: unknown, negative: unknown, dim: unknown): number {
  checkDim(dim, false);
  checkVectors('anchor', anchor);
  checkVectors('positive', positive);
  checkVectors('negative', negative);

  const rows = rowCount('anchor', anchor, dim);
  if (positive.length !== anchor.length) {
    throw new InvalidInputError('positive', `length ${positive.length} differs from anchor length ${anchor.length}`);
  }
  if (negative.length !== anchor.length) {
    throw new InvalidInputError('negative', `length ${negative.length} differs from anchor length ${anchor.length}`);
  }
  return rows;
}
