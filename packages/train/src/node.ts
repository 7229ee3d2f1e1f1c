// Node-only entry: head files on disk, written atomically.

import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { HeadFileError } from './errors.js';
import { type DecodedHead, type HeadMetadata, decodeHeadFile, encodeHeadFile } from './head-file.js';
import type { ProjectionHead } from './projection-head.js';

export * from './index.js';

/**
 * Reads and verifies a head file; a missing, unreadable or corrupt file
 * raises HeadFileError naming the path. With `sourceModelId`, a head trained
 * on another embedder's output is rejected too.
 */
export async function readHeadFile(path: string, options: { sourceModelId?: string } = {}): Promise<DecodedHead & { sha256: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new HeadFileError(path, `cannot read head file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const decoded = decodeHeadFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
  const expected = options.sourceModelId;
  if (expected !== undefined && decoded.header.sourceModelId !== expected) {
    throw new HeadFileError(
      path,
      `head projects embeddings of model ${decoded.header.sourceModelId}, but the pipeline embeds with ${expected}; train a head for ${expected}`,
    );
  }
  return { ...decoded, sha256: sha256Hex(bytes) };
}

/**
 * Writes a head file through a temporary file and a rename, so a crash
 * never leaves a half-written head at `path`. Returns the sha256 of the bytes
 * for the model manifest.
 */
export async function writeHeadFile(path: string, head: ProjectionHead, metadata: HeadMetadata): Promise<{ bytes: number; sha256: string }> {
  const bytes = encodeHeadFile(head, metadata);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new HeadFileError(path, `cannot write head file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return { bytes: bytes.length, sha256: sha256Hex(bytes) };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
