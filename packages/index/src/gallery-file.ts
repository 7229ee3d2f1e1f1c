// The versioned binary gallery file: identities, their template vectors and,
// for HNSW galleries, hnswlib's serialised graph, closed by a CRC-32. All
// integers and floats are little-endian. docs/index.md has the byte layout.

import { crc32 } from './crc32.js';
import { GalleryFormatError } from './errors.js';
import type { HnswParameters } from './hnsw-index.js';
import type { GalleryMetric } from './metric.js';
import type { IndexKind } from './vector-index.js';

/** Index the gallery was configured with; `auto` picks by gallery size. */
export type StoredIndexChoice = 'auto' | IndexKind;

/** First 8 bytes of every gallery file, ASCII "FGALLERY". */
export const GALLERY_MAGIC = new Uint8Array([0x46, 0x47, 0x41, 0x4c, 0x4c, 0x45, 0x52, 0x59]);

export const GALLERY_FORMAT_VERSION = 1;

const METRIC_CODES: Record<GalleryMetric, number> = { squaredL2: 0, dot: 1 };
const INDEX_CODES: Record<IndexKind, number> = { exact: 0, hnsw: 1 };
const CHOICE_CODES: Record<StoredIndexChoice, number> = { auto: 0, exact: 1, hnsw: 2 };

// Labels and model ids are length-prefixed with a u16.
const MAX_STRING_BYTES = 0xffff;

export interface GalleryHeader {
  formatVersion: number;
  /** Size of the whole file in bytes, checked against what was read to detect truncation. */
  fileBytes: number;
  modelId: string;
  dim: number;
  metric: GalleryMetric;
  preprocessingVersion: string;
  identityCount: number;
  templateCount: number;
  /** Next unused template id; ids are never reused, even across save and load. */
  nextTemplateId: number;
  nextIdentityId: number;
  /** Index whose data the file holds: `hnsw` files carry the serialised graph. */
  index: IndexKind;
  indexChoice: StoredIndexChoice;
  /** Present when `index` is `hnsw`. */
  hnsw?: HnswParameters;
}

export interface StoredIdentity {
  identityId: number;
  label: string;
  templateIds: number[];
}

export interface GallerySnapshot {
  header: Omit<GalleryHeader, 'formatVersion' | 'fileBytes' | 'identityCount' | 'templateCount'>;
  identities: StoredIdentity[];
  /** templateCount x dim, row-major, in the order the identities list their template ids. */
  vectors: Float32Array;
  /** hnswlib's writeIndex output; present when header.index is `hnsw`. */
  graph?: Uint8Array;
}

export interface DecodedGallery extends GallerySnapshot {
  header: GalleryHeader;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Serialises a gallery snapshot into the version-1 file format. */
export function encodeGallery(snapshot: GallerySnapshot): Uint8Array {
  const { header, identities, vectors, graph } = snapshot;
  const templateCount = identities.reduce((sum, identity) => sum + identity.templateIds.length, 0);
  if (vectors.length !== templateCount * header.dim) {
    throw new Error(`snapshot has ${vectors.length} vector components for ${templateCount} templates of dim ${header.dim}`);
  }
  if ((header.index === 'hnsw') !== (graph !== undefined)) throw new Error('snapshot graph does not match its index kind');

  const modelId = encodeString(header.modelId, 'modelId');
  const preprocessing = encodeString(header.preprocessingVersion, 'preprocessingVersion');
  const labels = identities.map((identity) => encodeString(identity.label, 'label'));

  const headerBytes = 4 + 1 + 1 + 2 + 4 * 5 + 8 + 2 + modelId.length + 2 + preprocessing.length + (header.index === 'hnsw' ? 20 : 0);
  const labelBytes = identities.reduce((sum, identity, i) => sum + 4 + 2 + labels[i].length + 4 + 4 * identity.templateIds.length, 0);
  const labelsEnd = 16 + headerBytes + labelBytes;
  const vectorsStart = align4(labelsEnd);
  const vectorsEnd = vectorsStart + vectors.length * 4;
  const graphEnd = graph ? vectorsEnd + 8 + graph.length : vectorsEnd;
  const fileBytes = graphEnd + 4;

  const bytes = new Uint8Array(fileBytes);
  const writer = new Writer(bytes);

  writer.bytes(GALLERY_MAGIC);
  writer.u32(GALLERY_FORMAT_VERSION);
  writer.u32(headerBytes);

  writer.u32(header.dim);
  writer.u8(METRIC_CODES[header.metric]);
  writer.u8(INDEX_CODES[header.index]);
  writer.u8(CHOICE_CODES[header.indexChoice]);
  writer.u8(0);
  writer.u32(identities.length);
  writer.u32(templateCount);
  writer.u32(header.nextTemplateId);
  writer.u32(header.nextIdentityId);
  writer.u32(0);
  writer.u64(fileBytes);
  writer.string(modelId);
  writer.string(preprocessing);
  if (header.index === 'hnsw') {
    const hnsw = header.hnsw as HnswParameters;
    for (const value of [hnsw.M, hnsw.efConstruction, hnsw.ef, hnsw.seed, hnsw.initialCapacity]) writer.u32(value);
  }

  identities.forEach((identity, i) => {
    writer.u32(identity.identityId);
    writer.string(labels[i]);
    writer.u32(identity.templateIds.length);
    for (const id of identity.templateIds) writer.u32(id);
  });

  writer.offset = vectorsStart;
  writer.floats(vectors);

  if (graph) {
    writer.u64(graph.length);
    writer.bytes(graph);
  }

  writer.u32(crc32(bytes.subarray(0, graphEnd)));
  return bytes;
}

/** Reads only the header, after checking magic, version and size; the checksum is not verified. */
export function readGalleryHeader(bytes: Uint8Array, source: string): GalleryHeader {
  const reader = new Reader(bytes, source);

  if (bytes.length < 16) throw new GalleryFormatError('truncated', source, `file is ${bytes.length} bytes, too short for a gallery header`);
  const magic = reader.bytes(8);
  if (!magic.every((byte, i) => byte === GALLERY_MAGIC[i])) {
    throw new GalleryFormatError('bad-magic', source, 'not a facegate gallery file (magic bytes "FGALLERY" missing)');
  }
  const formatVersion = reader.u32();
  if (formatVersion !== GALLERY_FORMAT_VERSION) {
    throw new GalleryFormatError(
      'unsupported-version',
      source,
      `gallery format version ${formatVersion} is not supported; this build reads version ${GALLERY_FORMAT_VERSION}`,
    );
  }
  const headerBytes = reader.u32();
  if (16 + headerBytes > bytes.length) throw new GalleryFormatError('truncated', source, 'file ends inside the header');

  const dim = reader.u32();
  const metric = decodeCode(METRIC_CODES, reader.u8(), 'metric', source);
  const index = decodeCode(INDEX_CODES, reader.u8(), 'index kind', source);
  const indexChoice = decodeCode(CHOICE_CODES, reader.u8(), 'index choice', source);
  reader.u8();
  const identityCount = reader.u32();
  const templateCount = reader.u32();
  const nextTemplateId = reader.u32();
  const nextIdentityId = reader.u32();
  reader.u32();
  const fileBytes = reader.u64();
  const modelId = reader.string('modelId');
  const preprocessingVersion = reader.string('preprocessingVersion');

  let hnsw: HnswParameters | undefined;
  if (index === 'hnsw') {
    const [M, efConstruction, ef, seed, initialCapacity] = [reader.u32(), reader.u32(), reader.u32(), reader.u32(), reader.u32()];
    hnsw = { M, efConstruction, ef, seed, initialCapacity };
  }
  if (reader.offset !== 16 + headerBytes) {
    throw new GalleryFormatError('malformed', source, `header is ${reader.offset - 16} bytes but declares ${headerBytes}`);
  }

  if (bytes.length < fileBytes) {
    throw new GalleryFormatError('truncated', source, `file is ${bytes.length} bytes but its header declares ${fileBytes}; it was cut short`);
  }
  if (bytes.length > fileBytes) {
    throw new GalleryFormatError('malformed', source, `file is ${bytes.length} bytes but its header declares ${fileBytes}`);
  }
  if (dim < 1) throw new GalleryFormatError('malformed', source, `dimension ${dim} is invalid`);

  return {
    formatVersion,
    fileBytes,
    modelId,
    dim,
    metric,
    preprocessingVersion,
    identityCount,
    templateCount,
    nextTemplateId,
    nextIdentityId,
    index,
    indexChoice,
    ...(hnsw ? { hnsw } : {}),
  };
}

/** Parses and verifies a whole gallery file; throws GalleryFormatError on any damage. */
export function decodeGallery(bytes: Uint8Array, source: string): DecodedGallery {
  const header = readGalleryHeader(bytes, source);

  const stored = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 4, true);
  const computed = crc32(bytes.subarray(0, bytes.length - 4));
  if (stored !== computed) {
    throw new GalleryFormatError(
      'checksum-mismatch',
      source,
      `checksum mismatch (stored ${hex(stored)}, computed ${hex(computed)}); the file is corrupted`,
    );
  }

  const reader = new Reader(bytes, source);
  reader.offset = 16 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true);

  const identities: StoredIdentity[] = [];
  const seenTemplates = new Set<number>();
  const seenLabels = new Set<string>();
  for (let i = 0; i < header.identityCount; i++) {
    const identityId = reader.u32();
    const label = reader.string('label');
    const count = reader.u32();
    if (count === 0) throw new GalleryFormatError('malformed', source, `identity "${label}" has no templates`);
    if (seenLabels.has(label)) throw new GalleryFormatError('malformed', source, `label "${label}" appears twice`);
    seenLabels.add(label);

    const templateIds: number[] = [];
    for (let j = 0; j < count; j++) {
      const id = reader.u32();
      if (seenTemplates.has(id) || id >= header.nextTemplateId) {
        throw new GalleryFormatError('malformed', source, `template id ${id} of "${label}" is duplicated or out of range`);
      }
      seenTemplates.add(id);
      templateIds.push(id);
    }
    identities.push({ identityId, label, templateIds });
  }
  if (seenTemplates.size !== header.templateCount) {
    throw new GalleryFormatError('malformed', source, `labels list ${seenTemplates.size} templates but the header declares ${header.templateCount}`);
  }

  reader.offset = align4(reader.offset);
  const vectors = reader.floats(header.templateCount * header.dim);

  let graph: Uint8Array | undefined;
  if (header.index === 'hnsw') {
    const length = reader.u64();
    graph = reader.bytes(length).slice();
  }

  if (reader.offset !== bytes.length - 4) {
    throw new GalleryFormatError('malformed', source, `${bytes.length - 4 - reader.offset} unexpected bytes before the checksum`);
  }

  return { header, identities, vectors, ...(graph ? { graph } : {}) };
}

function encodeString(value: string, what: string): Uint8Array {
  const bytes = encoder.encode(value);
  if (bytes.length > MAX_STRING_BYTES) throw new Error(`${what} is ${bytes.length} bytes in UTF-8; the limit is ${MAX_STRING_BYTES}`);
  return bytes;
}

function decodeCode<T extends string>(codes: Record<T, number>, code: number, what: string, source: string): T {
  const entry = Object.entries(codes).find(([, value]) => value === code);
  if (!entry) throw new GalleryFormatError('malformed', source, `unknown ${what} code ${code}`);
  return entry[0] as T;
}

function align4(offset: number): number {
  return Math.ceil(offset / 4) * 4;
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}

class Writer {
  offset = 0;
  private readonly view: DataView;

  constructor(private readonly target: Uint8Array) {
    this.view = new DataView(target.buffer, target.byteOffset, target.byteLength);
  }

  u8(value: number): void {
    this.view.setUint8(this.offset, value);
    this.offset += 1;
  }

  u16(value: number): void {
    this.view.setUint16(this.offset, value, true);
    this.offset += 2;
  }

  u32(value: number): void {
    this.view.setUint32(this.offset, value, true);
    this.offset += 4;
  }

  u64(value: number): void {
    this.view.setBigUint64(this.offset, BigInt(value), true);
    this.offset += 8;
  }

  bytes(value: Uint8Array): void {
    this.target.set(value, this.offset);
    this.offset += value.length;
  }

  string(utf8: Uint8Array): void {
    this.u16(utf8.length);
    this.bytes(utf8);
  }

  floats(values: Float32Array): void {
    if (LITTLE_ENDIAN) {
      this.bytes(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      return;
    }
    for (const value of values) {
      this.view.setFloat32(this.offset, value, true);
      this.offset += 4;
    }
  }
}

class Reader {
  offset = 0;
  private readonly view: DataView;

  constructor(
    private readonly source: Uint8Array,
    private readonly name: string,
  ) {
    this.view = new DataView(source.buffer, source.byteOffset, source.byteLength);
  }

  private need(count: number): void {
    if (this.offset + count > this.source.length) {
      throw new GalleryFormatError('truncated', this.name, `file ends at byte ${this.source.length}, inside a record at byte ${this.offset}`);
    }
  }

  u8(): number {
    this.need(1);
    return this.view.getUint8(this.offset++);
  }

  u16(): number {
    this.need(2);
    const value = this.view.getUint16(this.offset, true);
    this.offset += 2;
    return value;
  }

  u32(): number {
    this.need(4);
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }

  u64(): number {
    this.need(8);
    const value = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new GalleryFormatError('malformed', this.name, `length ${value} is out of range`);
    return Number(value);
  }

  bytes(count: number): Uint8Array {
    this.need(count);
    const value = this.source.subarray(this.offset, this.offset + count);
    this.offset += count;
    return value;
  }

  string(what: string): string {
    const utf8 = this.bytes(this.u16());
    try {
      return decoder.decode(utf8);
    } catch (error) {
      throw new GalleryFormatError('malformed', this.name, `${what} is not valid UTF-8`, { cause: error });
    }
  }

  floats(count: number): Float32Array {
    const raw = this.bytes(count * 4);
    if (LITTLE_ENDIAN) return new Float32Array(raw.slice().buffer);

    const values = new Float32Array(count);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    for (let i = 0; i < count; i++) values[i] = view.getFloat32(i * 4, true);
    return values;
  }
}
