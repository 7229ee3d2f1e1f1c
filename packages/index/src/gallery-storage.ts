// Storages for gallery files: the file system in Node (the /node entry
// registers it), IndexedDB or the Origin Private File System in browsers.
// Each storage replaces a stored gallery in one step, so an interrupted save
// leaves the previous version readable.

import { GalleryStorageError } from './errors.js';

export interface GalleryStorage {
  /** Short name for messages, such as `file`, `indexeddb` or `opfs`. */
  readonly kind: string;
  /** Replaces the bytes stored at `location`, all or nothing. */
  write(location: string, bytes: Uint8Array): Promise<void>;
  /** Returns the bytes stored at `location`; throws GalleryStorageError when there are none. */
  read(location: string): Promise<Uint8Array>;
}

let defaultStorage: GalleryStorage | undefined;

/** Sets the storage that Gallery.save and Gallery.load use when none is passed. */
export function setDefaultGalleryStorage(storage: GalleryStorage): void {
  defaultStorage = storage;
}

/**
 * Returns the registered default storage, or IndexedDB in a browser. Node has
 * no default here, because its IndexedDB (if any) is an in-memory stand-in
 * that would lose the gallery at exit. Importing `@facegate/index/node`
 * registers file storage.
 */
export function getDefaultGalleryStorage(location: string): GalleryStorage {
  if (defaultStorage) return defaultStorage;

  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (isNode) {
    throw new GalleryStorageError(location, "no gallery storage is registered in Node; import '@facegate/index/node' to save and load files");
  }
  if (typeof indexedDB === 'undefined') {
    throw new GalleryStorageError(location, 'this environment has no IndexedDB; pass a GalleryStorage such as opfsStorage()');
  }
  defaultStorage = indexedDbStorage();
  return defaultStorage;
}

const DATABASE = 'facegate-galleries';
const STORE = 'galleries';

/** Stores galleries as records of one IndexedDB object store, keyed by location; a put is atomic. */
export function indexedDbStorage(database = DATABASE): GalleryStorage {
  let opened: Promise<IDBDatabase> | undefined;

  const open = (location: string): Promise<IDBDatabase> => {
    opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(database, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => {
        opened = undefined;
        reject(new GalleryStorageError(location, `cannot open IndexedDB database "${database}": ${String(request.error)}`));
      };
    });
    return opened;
  };

  const run = async <T>(location: string, mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const db = await open(location);
    return new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      const fail = () => reject(new GalleryStorageError(location, `IndexedDB ${mode} failed: ${String(transaction.error ?? request.error)}`));
      transaction.onerror = fail;
      transaction.onabort = fail;
    });
  };

  return {
    kind: 'indexeddb',
    async write(location, bytes) {
      await run(location, 'readwrite', (store) => store.put(bytes, location));
    },
    async read(location) {
      const value = await run(location, 'readonly', (store) => store.get(location));
      if (value === undefined) throw new GalleryStorageError(location, `no gallery is stored in IndexedDB database "${database}" under this name`);
      if (!(value instanceof Uint8Array)) throw new GalleryStorageError(location, 'the IndexedDB record is not a gallery file');
      return value;
    },
  };
}

/**
 * Stores galleries as files in the Origin Private File System. A writable
 * stream writes to a swap file and replaces the target only on close(), so an
 * interrupted save keeps the previous file.
 */
export function opfsStorage(directory = 'facegate-galleries'): GalleryStorage {
  const folder = async (location: string): Promise<FileSystemDirectoryHandle> => {
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
    if (!storage?.getDirectory) throw new GalleryStorageError(location, 'this environment has no Origin Private File System');
    const root = await storage.getDirectory();
    return root.getDirectoryHandle(directory, { create: true });
  };

  return {
    kind: 'opfs',
    async write(location, bytes) {
      try {
        const file = await (await folder(location)).getFileHandle(location, { create: true });
        const writable = await file.createWritable();
        try {
          await writable.write(bytes as Uint8Array<ArrayBuffer>);
          await writable.close();
        } catch (error) {
          await writable.abort().catch(() => undefined);
          throw error;
        }
      } catch (error) {
        if (error instanceof GalleryStorageError) throw error;
        throw new GalleryStorageError(location, `OPFS write failed: ${String(error)}`, { cause: error });
      }
    },
    async read(location) {
      try {
        const file = await (await folder(location)).getFileHandle(location);
        return new Uint8Array(await (await file.getFile()).arrayBuffer());
      } catch (error) {
        if (error instanceof GalleryStorageError) throw error;
        if ((error as { name?: string }).name === 'NotFoundError') {
          throw new GalleryStorageError(location, `no gallery file in the OPFS folder "${directory}" under this name`, { cause: error });
        }
        throw new GalleryStorageError(location, `OPFS read failed: ${String(error)}`, { cause: error });
      }
    },
  };
}
