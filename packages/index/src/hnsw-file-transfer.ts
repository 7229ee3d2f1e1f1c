// Moves serialised HNSW graphs between hnswlib's IDBFS mount and plain bytes.
// hnswlib writes and reads index files only inside its Emscripten IDBFS mount,
// whose contents reach IndexedDB (one record per path) through syncfs. Export:
// hnswlib writes the file, a sync copies it out, and the bytes are read from
// its IndexedDB record. Import: the record is written, a sync copies it in,
// and hnswlib reads the file.

import { HnswError } from './errors.js';
import { HNSW_MOUNT, IDBFS_STORE, type HnswlibModule, type NativeHnsw, overlappingSyncCount, translateHnswException } from './hnswlib-module.js';

// IDBFS syncs the whole mount at once, so every transfer runs alone.
let queue: Promise<unknown> = Promise.resolve();
let fileCounter = 0;

// Generous: a sync copies the whole graph, hundreds of MB for large galleries.
const SYNC_TIMEOUT_MS = 120_000;
const MAX_SYNC_ATTEMPTS = 20;

function exclusive<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

/** Serialises `index` with hnswlib's own writer and returns the file's bytes. */
export function exportGraph(lib: HnswlibModule, index: NativeHnsw): Promise<Uint8Array> {
  return exclusive(async () => {
    const name = nextFileName();
    const path = `${HNSW_MOUNT}/${name}`;
    await settle(lib);

    try {
      index.writeIndex(name);
    } catch (error) {
      throw translateHnswException(lib, 'writeIndex', error);
    }

    try {
      await waitUntilSynced(lib, 'writeIndex');
      await syncFs(lib, false);
      const bytes = await getRecord(path);
      if (bytes === undefined) throw new HnswError('writeIndex', undefined, `hnswlib wrote no file at ${path}`);
      return bytes;
    } finally {
      await removeFile(lib, path);
    }
  });
}

/** Restores a graph that exportGraph produced into `index`, leaving room for `maxElements` elements. */
export function importGraph(lib: HnswlibModule, index: NativeHnsw, bytes: Uint8Array, maxElements: number): Promise<void> {
  return exclusive(async () => {
    const name = nextFileName();
    const path = `${HNSW_MOUNT}/${name}`;
    await settle(lib);

    try {
      await putRecord(path, bytes);
      await syncFs(lib, true);
      try {
        index.readIndex(name, maxElements);
      } catch (error) {
        throw translateHnswException(lib, 'readIndex', error);
      }
    } finally {
      await removeFile(lib, path);
    }
  });
}

// A sync already in flight (the mount's first one, or one that other code
// started) reconciles the mount with the store when it ends, and would delete
// a file or record that this transfer creates meanwhile.
function settle(lib: HnswlibModule): Promise<void> {
  return syncFs(lib, true);
}

function nextFileName(): string {
  fileCounter += 1;
  return `facegate-${Date.now().toString(36)}-${fileCounter}.bin`;
}

// writeIndex starts an IDBFS sync of its own and reports only through
// isSynced(), which it resets first. Syncs that overlap it race on the same
// records, so the next step waits for it to finish.
async function waitUntilSynced(lib: HnswlibModule, operation: string): Promise<void> {
  const manager = lib.EmscriptenFileSystemManager;
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  while (!manager.isSynced()) {
    if (Date.now() > deadline) throw new HnswError(operation, undefined, `IDBFS sync did not finish within ${SYNC_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Runs one IDBFS sync that starts while no other sync is in flight. When a
 * sync overlaps another (hnswlib's own after writeIndex, or the mount's), the
 * other's end can fire its callback. The other may then still be copying or
 * deleting records, so the sync is repeated until one runs alone.
 */
async function syncFs(lib: HnswlibModule, populateFromStore: boolean): Promise<void> {
  const operation = populateFromStore ? 'syncFS (read)' : 'syncFS (write)';
  for (let attempt = 0; attempt < MAX_SYNC_ATTEMPTS; attempt++) {
    const overlapsBefore = overlappingSyncCount();
    await new Promise<void>((resolve, reject) => {
      try {
        lib.EmscriptenFileSystemManager.syncFS(populateFromStore, () => resolve());
      } catch (error) {
        reject(translateHnswException(lib, operation, error));
      }
    });
    if (overlappingSyncCount() === overlapsBefore) return;

    // Let the other sync finish before trying again.
    await waitUntilSynced(lib, operation);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new HnswError(operation, undefined, `every one of ${MAX_SYNC_ATTEMPTS} IDBFS syncs overlapped another sync`);
}

// Deleting the record and syncing from the store drops the in-memory copy too,
// because IDBFS reconciles the mount to the store's contents.
async function removeFile(lib: HnswlibModule, path: string): Promise<void> {
  await deleteRecord(path);
  await syncFs(lib, true);
}

let database: Promise<IDBDatabase> | undefined;

function openStore(): Promise<IDBDatabase> {
  // IDBFS opens the database named after the mount point, creating the
  // store on its first sync, which happens when the mount is set up.
  database ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(HNSW_MOUNT);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new HnswError('open IDBFS store', undefined, String(request.error)));
  });
  return database;
}

async function transact<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openStore();
  return new Promise<T>((resolve, reject) => {
    const transaction = db.transaction(IDBFS_STORE, mode);
    const request = action(transaction.objectStore(IDBFS_STORE));
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(new HnswError('IDBFS transfer', undefined, String(transaction.error)));
    transaction.onabort = () => reject(new HnswError('IDBFS transfer', undefined, String(transaction.error ?? 'transaction aborted')));
  });
}

async function getRecord(path: string): Promise<Uint8Array | undefined> {
  const record = (await transact('readonly', (store) => store.get(path))) as { contents?: Uint8Array } | undefined;
  return record?.contents;
}

function putRecord(path: string, contents: Uint8Array): Promise<unknown> {
  // The record layout IDBFS writes for a regular file (mode 0100666).
  const record = { timestamp: new Date(), mode: 0o100666, contents };
  return transact('readwrite', (store) => store.put(record, path));
}

function deleteRecord(path: string): Promise<unknown> {
  return transact('readwrite', (store) => store.delete(path));
}
