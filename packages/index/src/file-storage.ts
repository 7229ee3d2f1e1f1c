// Gallery files on a local file system (Node only). A save writes a temporary
// file next to the target, flushes it to disk and renames it over the target.
// rename() replaces a file atomically on POSIX file systems, so a crash during
// a save leaves either the old or the new file, never a mix.

import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { GalleryStorageError } from './errors.js';
import type { GalleryStorage } from './gallery-storage.js';

/** Returns the temporary path that a save to `path` writes first. */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export function fileStorage(): GalleryStorage {
  return {
    kind: 'file',
    write: writeFileAtomically,
    async read(path) {
      try {
        const buffer = await readFile(path);
        return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const reason = code === 'ENOENT' ? 'no such gallery file' : `cannot read the gallery file (${code ?? String(error)})`;
        throw new GalleryStorageError(path, reason, { cause: error });
      }
    },
  };
}

async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = temporaryPathFor(path);

  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      // Chunked writes keep each write() call small for very large galleries.
      const chunk = 16 << 20;
      for (let offset = 0; offset < bytes.length; offset += chunk) {
        await handle.write(bytes.subarray(offset, Math.min(bytes.length, offset + chunk)));
      }
      await handle.sync();
    } finally {
      await handle.close();
    }

    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    throw new GalleryStorageError(path, `cannot save the gallery file (${code ?? String(error)}); the previous file, if any, is unchanged`, { cause: error });
  }

  await syncDirectory(dirname(path));
}

// Makes the rename itself durable. Some file systems refuse to open or sync a
// directory; the rename has happened by then, so that is not an error.
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    return;
  }
}
