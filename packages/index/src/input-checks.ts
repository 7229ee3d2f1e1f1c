// Checks on caller input, shared by the gallery's methods. Each failure names
// the argument and the offending value.

import { GalleryArgumentError } from './errors.js';

/** Largest UTF-8 length of a label; the file format could hold 65,535 bytes. */
export const MAX_LABEL_BYTES = 1024;

// The kernels reject larger components, which would otherwise make a search fail long after enrolment.
const MAX_COMPONENT_MAGNITUDE = 1e15;

const encoder = new TextEncoder();

export function checkLabel(label: unknown, argument = 'label'): asserts label is string {
  if (typeof label !== 'string') throw new GalleryArgumentError(argument, `expected a string, got ${describe(label)}`);
  if (label.length === 0) throw new GalleryArgumentError(argument, 'must not be empty');

  const bytes = encoder.encode(label).length;
  if (bytes > MAX_LABEL_BYTES) throw new GalleryArgumentError(argument, `is ${bytes} bytes in UTF-8; the limit is ${MAX_LABEL_BYTES}`);
}

/**
 * Copies embeddings into one row-major Float32Array of rows x dim. Accepts a
 * Float32Array whose length is a multiple of dim, or an array of Float32Arrays
 * of length dim each.
 */
export function toRows(embeddings: unknown, dim: number, argument: string, allowEmpty: boolean): Float32Array {
  let rows: Float32Array;

  if (embeddings instanceof Float32Array) {
    if (embeddings.length % dim !== 0) {
      throw new GalleryArgumentError(argument, `length ${embeddings.length} is not a multiple of the gallery dimension ${dim}`);
    }
    rows = embeddings.slice();
  } else if (Array.isArray(embeddings)) {
    rows = new Float32Array(embeddings.length * dim);
    embeddings.forEach((row: unknown, i) => {
      if (!(row instanceof Float32Array)) throw new GalleryArgumentError(`${argument}[${i}]`, `expected a Float32Array, got ${describe(row)}`);
      if (row.length !== dim) throw new GalleryArgumentError(`${argument}[${i}]`, `has ${row.length} components, expected ${dim}`);
      rows.set(row, i * dim);
    });
  } else {
    throw new GalleryArgumentError(argument, `expected a Float32Array (rows x ${dim}) or an array of Float32Arrays, got ${describe(embeddings)}`);
  }

  if (rows.length === 0 && !allowEmpty) throw new GalleryArgumentError(argument, 'contains no embedding');

  for (let i = 0; i < rows.length; i++) {
    const value = rows[i];
    if (!(Math.abs(value) <= MAX_COMPONENT_MAGNITUDE)) {
      const what = Number.isFinite(value) ? `magnitude above ${MAX_COMPONENT_MAGNITUDE}` : 'not finite';
      throw new GalleryArgumentError(argument, `row ${Math.floor(i / dim)} component ${i % dim} is ${value} (${what})`);
    }
  }
  return rows;
}

export function checkK(k: unknown): asserts k is number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0) {
    throw new GalleryArgumentError('k', `expected a non-negative integer, got ${describe(k)}`);
  }
}

export function checkThreshold(threshold: unknown): asserts threshold is number | undefined {
  if (threshold === undefined) return;
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
    throw new GalleryArgumentError('threshold', `expected a number, got ${describe(threshold)}`);
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as { length: number }).length}`;
  return `a ${typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value}`;
}
