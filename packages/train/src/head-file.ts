// The head file: a small versioned binary that the model manifest can
// reference by sha256. Layout, all little-endian:
//   bytes 0-5    ASCII "FGHEAD"
//   bytes 6-7    uint16 format version (1)
//   bytes 8-11   uint32 byte length H of the JSON header
//   bytes 12..   H bytes of UTF-8 JSON (HeadFileHeader), space-padded so the
//                payload starts at a multiple of 4
//   payload      float32 weights (outputDim x inputDim, row-major), then
//                float32 bias (outputDim)
// The header carries a CRC-32 of the payload, so truncation or a flipped bit
// is caught when the file is read. The same head and metadata always encode
// to the same bytes (no timestamps), so a fixed-seed run reproduces the file
// and its sha256.

import { HeadFileError } from './errors.js';
import { ProjectionHead } from './projection-head.js';
import { crc32 } from './crc32.js';

export const HEAD_FILE_MAGIC = 'FGHEAD';
export const HEAD_FILE_VERSION = 1;
const PREFIX_BYTES = 12;
/** A header larger than this is corrupt; real ones are about 1-2 KiB. */
const MAX_HEADER_BYTES = 1 << 20;

/** A distance threshold calibrated for the head's encodings. */
export interface HeadThreshold {
  readonly metric: 'squaredL2';
  readonly value: number;
  /** Calibration data, pairs and target error rate behind the value. */
  readonly calibration: string;
}

/** Training data and settings of the head, recorded so a reader can judge and repeat the run. */
export interface HeadTrainingRecord {
  /** Description of the training faces and how they were chosen. */
  readonly data: string;
  readonly identities: number;
  readonly identitiesWithPairs: number;
  readonly faces: number;
  /** Starting weights: `pca` or `random`. */
  readonly init: string;
  readonly seed: number;
  readonly alpha: number;
  readonly selection: string;
  readonly epochs: number;
  readonly identitiesPerBatch: number;
  readonly facesPerIdentity: number;
  readonly negativeIdentitiesPerBatch: number;
  readonly learningRate: number;
  readonly backend: string;
  /** Mean triplet loss and active-triplet fraction of the first and last epochs; absent after 0 epochs. */
  readonly firstEpoch?: { readonly loss: number; readonly activeFraction: number };
  readonly lastEpoch?: { readonly loss: number; readonly activeFraction: number };
}

/** Descriptive fields of a head file besides the weights. */
export interface HeadMetadata {
  /** Short name; the composite model id `<sourceModelId>+head-<name>` identifies the encoding. */
  readonly name: string;
  /** Model id of the embedder whose output the head projects. */
  readonly sourceModelId: string;
  readonly threshold?: HeadThreshold;
  readonly training?: HeadTrainingRecord;
}

export interface HeadFileHeader extends HeadMetadata {
  readonly format: 'facegate-projection-head';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly normalise: boolean;
  readonly metric: 'squaredL2';
  readonly payloadBytes: number;
  readonly payloadCrc32: number;
}

export interface DecodedHead {
  readonly head: ProjectionHead;
  readonly header: HeadFileHeader;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Checks a head name: 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit. */
export function isValidHeadName(name: string): boolean {
  return typeof name === 'string' && NAME_PATTERN.test(name);
}

/** Returns the model id that galleries record for vectors produced by this head. */
export function headModelId(metadata: Pick<HeadMetadata, 'name' | 'sourceModelId'>): string {
  return `${metadata.sourceModelId}+head-${metadata.name}`;
}

/** Encodes a head and its metadata as head-file bytes. */
export function encodeHeadFile(head: ProjectionHead, metadata: HeadMetadata): Uint8Array {
  checkMetadata(metadata, 'head metadata');
  const payload = new Uint8Array((head.weights.length + head.bias.length) * 4);
  const view = new DataView(payload.buffer);
  head.weights.forEach((value, i) => view.setFloat32(i * 4, value, true));
  const biasOffset = head.weights.length * 4;
  head.bias.forEach((value, i) => view.setFloat32(biasOffset + i * 4, value, true));

  const header: HeadFileHeader = {
    format: 'facegate-projection-head',
    name: metadata.name,
    sourceModelId: metadata.sourceModelId,
    inputDim: head.inputDim,
    outputDim: head.outputDim,
    normalise: head.normalise,
    metric: 'squaredL2',
    ...(metadata.threshold ? { threshold: metadata.threshold } : {}),
    ...(metadata.training ? { training: metadata.training } : {}),
    payloadBytes: payload.length,
    payloadCrc32: crc32(payload),
  };
  let json = JSON.stringify(header, null, 1);
  while ((PREFIX_BYTES + new TextEncoder().encode(json).length) % 4 !== 0) json += ' ';
  const headerBytes = new TextEncoder().encode(json);

  const bytes = new Uint8Array(PREFIX_BYTES + headerBytes.length + payload.length);
  bytes.set(new TextEncoder().encode(HEAD_FILE_MAGIC), 0);
  const prefix = new DataView(bytes.buffer);
  prefix.setUint16(6, HEAD_FILE_VERSION, true);
  prefix.setUint32(8, headerBytes.length, true);
  bytes.set(headerBytes, PREFIX_BYTES);
  bytes.set(payload, PREFIX_BYTES + headerBytes.length);
  return bytes;
}

/**
 * Decodes head-file bytes. `source` names the file in errors. Throws
 * HeadFileError for a wrong magic, an unknown version, a malformed header,
 * a size mismatch or a payload whose CRC-32 differs from the header's.
 */
export function decodeHeadFile(bytes: Uint8Array, source = '<head file>'): DecodedHead {
  if (!(bytes instanceof Uint8Array) || bytes.length < PREFIX_BYTES) {
    throw new HeadFileError(source, `is ${bytes instanceof Uint8Array ? `${bytes.length} bytes` : 'not a byte array'}, too short for a head file`);
  }
  const magic = new TextDecoder().decode(bytes.subarray(0, 6));
  if (magic !== HEAD_FILE_MAGIC) {
    throw new HeadFileError(source, `is not a facegate head file (expected the bytes "${HEAD_FILE_MAGIC}" at the start)`);
  }
  const prefix = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = prefix.getUint16(6, true);
  if (version !== HEAD_FILE_VERSION) {
    throw new HeadFileError(source, `has format version ${version}; this build reads version ${HEAD_FILE_VERSION}`);
  }
  const headerLength = prefix.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES || PREFIX_BYTES + headerLength > bytes.length) {
    throw new HeadFileError(source, `declares a ${headerLength}-byte header but contains ${bytes.length - PREFIX_BYTES} bytes after the prefix (truncated or corrupt)`);
  }

  let header: HeadFileHeader;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength)));
  } catch (error) {
    throw new HeadFileError(source, `header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  checkHeader(header, source);

  const payload = bytes.subarray(PREFIX_BYTES + headerLength);
  const expectedBytes = (header.outputDim * header.inputDim + header.outputDim) * 4;
  if (header.payloadBytes !== expectedBytes || payload.length !== expectedBytes) {
    throw new HeadFileError(
      source,
      `payload is ${payload.length} bytes (header says ${header.payloadBytes}); a ${header.inputDim} -> ${header.outputDim} head needs ${expectedBytes}`,
    );
  }
  const checksum = crc32(payload);
  if (checksum !== header.payloadCrc32) {
    throw new HeadFileError(source, `payload CRC-32 is ${checksum} but the header records ${header.payloadCrc32} (the file is corrupt)`);
  }

  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const weights = new Float32Array(header.outputDim * header.inputDim);
  for (let i = 0; i < weights.length; i++) weights[i] = view.getFloat32(i * 4, true);
  const bias = new Float32Array(header.outputDim);
  for (let i = 0; i < bias.length; i++) bias[i] = view.getFloat32((weights.length + i) * 4, true);

  let head: ProjectionHead;
  try {
    head = new ProjectionHead(header, weights, bias);
  } catch (error) {
    throw new HeadFileError(source, (error as Error).message);
  }
  return { head, header };
}

function checkMetadata(metadata: HeadMetadata, source: string): void {
  if (!isValidHeadName(metadata?.name)) {
    throw new HeadFileError(source, `name ${JSON.stringify(metadata?.name)} is invalid: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
  if (typeof metadata.sourceModelId !== 'string' || metadata.sourceModelId.length === 0) {
    throw new HeadFileError(source, 'sourceModelId is missing: name the embedder whose output the head projects');
  }
  const threshold = metadata.threshold;
  if (threshold !== undefined && (threshold.metric !== 'squaredL2' || !Number.isFinite(threshold.value) || threshold.value < 0)) {
    throw new HeadFileError(source, `threshold must be a non-negative squaredL2 distance, got ${JSON.stringify(threshold)}`);
  }
}

function checkHeader(header: HeadFileHeader, source: string): void {
  if (header === null || typeof header !== 'object' || header.format !== 'facegate-projection-head') {
    throw new HeadFileError(source, 'header format is not "facegate-projection-head"');
  }
  for (const field of ['inputDim', 'outputDim', 'payloadBytes', 'payloadCrc32'] as const) {
    if (!Number.isInteger(header[field]) || header[field] < 0) {
      throw new HeadFileError(source, `header field ${field} is ${JSON.stringify(header[field])}, expected a non-negative integer`);
    }
  }
  if (typeof header.normalise !== 'boolean') {
    throw new HeadFileError(source, `header field normalise is ${JSON.stringify(header.normalise)}, expected true or false`);
  }
  if (header.metric !== 'squaredL2') {
    throw new HeadFileError(source, `header metric is ${JSON.stringify(header.metric)}, expected "squaredL2"`);
  }
  checkMetadata(header, source);
}
