import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadFileError } from '../src/errors.js';
import { type HeadMetadata, decodeHeadFile, encodeHeadFile, headModelId } from '../src/head-file.js';
import { readHeadFile, sha256Hex, writeHeadFile } from '../src/node.js';
import { ProjectionHead } from '../src/projection-head.js';
import { SeededRandom } from '../src/random.js';

const head = ProjectionHead.random({ inputDim: 12, outputDim: 4, normalise: true }, new SeededRandom(1));
head.bias.set([0.25, -0.5, 1e-7, 3]);
const metadata: HeadMetadata = {
  name: 'test-head',
  sourceModelId: 'faceplugin-mobilefacenet-512',
  threshold: { metric: 'squaredL2', value: 1.25, calibration: 'synthetic' },
};

function corrupt(bytes: Uint8Array, offset: number): Uint8Array {
  const copy = bytes.slice();
  copy[offset] ^= 0x40;
  return copy;
}

describe('head file', () => {
  it('round-trips weights, bias and metadata', () => {
    const { head: decoded, header } = decodeHeadFile(encodeHeadFile(head, metadata));
    expect(decoded.weights).toEqual(head.weights);
    expect(decoded.bias).toEqual(head.bias);
    expect(decoded.normalise).toBe(true);
    expect(header.inputDim).toBe(12);
    expect(header.outputDim).toBe(4);
    expect(header.name).toBe('test-head');
    expect(header.sourceModelId).toBe('faceplugin-mobilefacenet-512');
    expect(header.threshold?.value).toBe(1.25);
  });

  it('encodes the same head to the same bytes', () => {
    expect(sha256Hex(encodeHeadFile(head.clone(), metadata))).toBe(sha256Hex(encodeHeadFile(head, metadata)));
  });

  it('starts with the magic and version', () => {
    const bytes = encodeHeadFile(head, metadata);
    expect(new TextDecoder().decode(bytes.subarray(0, 6))).toBe('FGHEAD');
    expect(bytes[6] | (bytes[7] << 8)).toBe(1);
    // Payload: 4 x 12 weights + 4 bias values in float32, 4-byte aligned.
    expect(bytes.length % 4).toBe(0);
    expect(bytes.length).toBeGreaterThan(52 * 4);
  });

  it('names the composite model id', () => {
    expect(headModelId(metadata)).toBe('faceplugin-mobilefacenet-512+head-test-head');
  });

  it('rejects a flipped payload bit', () => {
    const bytes = encodeHeadFile(head, metadata);
    expect(() => decodeHeadFile(corrupt(bytes, bytes.length - 3), 'h.fghead')).toThrow(HeadFileError);
    expect(() => decodeHeadFile(corrupt(bytes, bytes.length - 3), 'h.fghead')).toThrow(/h\.fghead: payload CRC-32/);
  });

  it('rejects a truncated file', () => {
    const bytes = encodeHeadFile(head, metadata);
    expect(() => decodeHeadFile(bytes.subarray(0, bytes.length - 4))).toThrow(/payload is/);
    expect(() => decodeHeadFile(bytes.subarray(0, 40))).toThrow(/truncated or corrupt/);
    expect(() => decodeHeadFile(bytes.subarray(0, 5))).toThrow(/too short/);
  });

  it('rejects another file type', () => {
    expect(() => decodeHeadFile(new TextEncoder().encode('{"format":"something else"}'))).toThrow(/not a facegate head file/);
  });

  it('rejects an unknown format version', () => {
    const bytes = encodeHeadFile(head, metadata).slice();
    bytes[6] = 2;
    expect(() => decodeHeadFile(bytes)).toThrow(/format version 2/);
  });

  it('rejects a corrupt header', () => {
    const bytes = encodeHeadFile(head, metadata);
    expect(() => decodeHeadFile(corrupt(bytes, 14))).toThrow(HeadFileError);
  });

  it('rejects an invalid name', () => {
    expect(() => encodeHeadFile(head, { ...metadata, name: 'has space' })).toThrow(/name "has space" is invalid/);
    expect(() => encodeHeadFile(head, { ...metadata, name: '' })).toThrow(HeadFileError);
  });

  it('rejects a missing source model id', () => {
    expect(() => encodeHeadFile(head, { ...metadata, sourceModelId: '' })).toThrow(/sourceModelId/);
  });

  it('rejects a negative threshold', () => {
    expect(() => encodeHeadFile(head, { ...metadata, threshold: { metric: 'squaredL2', value: -1, calibration: '' } })).toThrow(/threshold/);
  });
});

describe('head file on disk', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'facegate-head-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('writes and reads back with the same sha256', async () => {
    const path = join(folder, 'head.fghead');
    const written = await writeHeadFile(path, head, metadata);
    const read = await readHeadFile(path);
    expect(read.sha256).toBe(written.sha256);
    expect(read.sha256).toBe(sha256Hex(await readFile(path)));
    expect(read.head.weights).toEqual(head.weights);
  });

  it('rejects a head of another embedder', async () => {
    const path = join(folder, 'other.fghead');
    await writeHeadFile(path, head, metadata);
    await expect(readHeadFile(path, { sourceModelId: 'another-model' })).rejects.toThrow(/faceplugin-mobilefacenet-512, but the pipeline embeds with another-model/);
  });

  it('names a missing file', async () => {
    const path = join(folder, 'missing.fghead');
    await expect(readHeadFile(path)).rejects.toThrow(HeadFileError);
    await expect(readHeadFile(path)).rejects.toThrow(/missing\.fghead: cannot read head file \(ENOENT\)/);
  });

  it('names a corrupt file', async () => {
    const path = join(folder, 'corrupt.fghead');
    const bytes = encodeHeadFile(head, metadata);
    await writeFile(path, corrupt(bytes, bytes.length - 1));
    await expect(readHeadFile(path)).rejects.toThrow(/corrupt\.fghead: payload CRC-32/);
  });
});
