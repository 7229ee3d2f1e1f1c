// JSON export and import of a gallery: one record per template, { label,
// vector }, under a header naming the model, dimension, metric and
// pre-processing. Float32 components are written as the exact double value of
// each float32, so an export re-imports bit for bit.

import { GalleryJsonError, GalleryMismatchError } from './errors.js';
import { GALLERY_METRICS, type GalleryMetric } from './metric.js';

export const GALLERY_JSON_FORMAT = 'facegate-gallery';
export const GALLERY_JSON_VERSION = 1;

export interface GalleryJsonHeader {
  modelId: string;
  dim: number;
  metric: GalleryMetric;
  preprocessingVersion: string;
}

export interface GalleryJsonRecord {
  label: string;
  vector: Float32Array;
}

/** Writes the export document; `records` are in enrolment order. */
export function formatGalleryJson(header: GalleryJsonHeader, records: Iterable<GalleryJsonRecord>): string {
  const lines = Array.from(records, (record) => `    ${JSON.stringify({ label: record.label, vector: Array.from(record.vector) })}`);
  const head = JSON.stringify({ format: GALLERY_JSON_FORMAT, version: GALLERY_JSON_VERSION, ...header }, null, 2);
  // One template per line keeps large exports readable and diffable.
  return `${head.slice(0, -2)},\n  "templates": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

/**
 * Parses an export and checks it against the receiving gallery's header.
 * Accepts the document formatGalleryJson writes, or a bare array of
 * { label, vector } records, which then carries no header to check.
 * Throws GalleryJsonError naming the 1-based record number at fault.
 */
export function parseGalleryJson(input: string | unknown, expected: GalleryJsonHeader): GalleryJsonRecord[] {
  let document: unknown = input;
  if (typeof input === 'string') {
    try {
      document = JSON.parse(input);
    } catch (error) {
      throw new GalleryJsonError(undefined, `not valid JSON (${(error as Error).message})`);
    }
  }

  let records: unknown;
  if (Array.isArray(document)) {
    records = document;
  } else if (document !== null && typeof document === 'object') {
    const object = document as Record<string, unknown>;
    checkHeader(object, expected);
    records = object.templates;
    if (!Array.isArray(records)) throw new GalleryJsonError(undefined, '"templates" must be an array of { label, vector } records');
  } else {
    throw new GalleryJsonError(undefined, 'expected an object with "templates" or an array of { label, vector } records');
  }

  return (records as unknown[]).map((record, i) => parseRecord(record, i + 1, expected.dim));
}

function checkHeader(object: Record<string, unknown>, expected: GalleryJsonHeader): void {
  if (object.format !== undefined && object.format !== GALLERY_JSON_FORMAT) {
    throw new GalleryJsonError(undefined, `"format" is ${JSON.stringify(object.format)}, expected "${GALLERY_JSON_FORMAT}"`);
  }
  if (object.version !== undefined && object.version !== GALLERY_JSON_VERSION) {
    throw new GalleryJsonError(undefined, `"version" ${JSON.stringify(object.version)} is not supported; this build reads version ${GALLERY_JSON_VERSION}`);
  }
  if (object.metric !== undefined && !GALLERY_METRICS.includes(object.metric as GalleryMetric)) {
    throw new GalleryJsonError(undefined, `"metric" ${JSON.stringify(object.metric)} is unknown; expected one of ${GALLERY_METRICS.join(', ')}`);
  }

  const fields = ['modelId', 'dim', 'metric', 'preprocessingVersion'] as const;
  for (const field of fields) {
    const actual = object[field];
    if (actual !== undefined && actual !== expected[field]) {
      throw new GalleryMismatchError('gallery JSON', field, expected[field], actual as string | number);
    }
  }
}

function parseRecord(record: unknown, number: number, dim: number): GalleryJsonRecord {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw new GalleryJsonError(number, 'expected an object { label, vector }');
  }

  const { label, vector } = record as Record<string, unknown>;
  if (typeof label !== 'string' || label.length === 0) {
    throw new GalleryJsonError(number, '"label" must be a non-empty string');
  }
  if (!Array.isArray(vector)) throw new GalleryJsonError(number, `"vector" of "${label}" must be an array of ${dim} numbers`);
  if (vector.length !== dim) {
    throw new GalleryJsonError(number, `"vector" of "${label}" has ${vector.length} components, expected ${dim}`);
  }

  const values = new Float32Array(dim);
  for (let i = 0; i < dim; i++) {
    const value = vector[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new GalleryJsonError(number, `"vector" of "${label}" has a non-finite or non-number component ${i}: ${JSON.stringify(value)}`);
    }
    values[i] = value;
  }
  return { label, vector: values };
}
