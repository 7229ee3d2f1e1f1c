// Loads hnswlib-wasm 0.8.2 once per process or page and describes the parts of
// its embind API that this package calls. The package's bundled type file and
// README disagree with the binary. The signatures below are the ones the
// binary checks, and it rejects calls with a different argument count.

/// <reference path="./hnswlib-wasm-chunk.d.ts" />
import { HnswError } from './errors.js';

export type HnswSpace = 'l2' | 'ip';

export interface HnswSearchResult {
  distances: number[];
  neighbors: number[];
}

/** One hnswlib::HierarchicalNSW instance in the WebAssembly heap; `delete()` frees it. */
export interface NativeHnsw {
  initIndex(maxElements: number, m: number, efConstruction: number, randomSeed: number): void;
  readIndex(filename: string, maxElements: number): unknown;
  writeIndex(filename: string): unknown;
  resizeIndex(newMaxElements: number): void;
  addPoint(point: Float32Array, label: number, replaceDeleted: boolean): void;
  markDelete(label: number): void;
  searchKnn(query: Float32Array, k: number, filter: undefined): HnswSearchResult;
  getMaxElements(): number;
  getCurrentCount(): number;
  getNumDimensions(): number;
  /** Labels of the live (not deleted) elements. */
  getUsedLabels(): number[];
  getEfSearch(): number;
  setEfSearch(ef: number): void;
  delete(): void;
}

interface FileSystemManager {
  initializeFileSystem(type: 'IDBFS'): void;
  isInitialized(): boolean;
  /** False from the start of a sync until it succeeds; stays false after a failed one. */
  isSynced(): boolean;
  syncFS(read: boolean, callback: () => void): void;
}

export interface HnswlibModule {
  HierarchicalNSW: new (space: HnswSpace, dim: number, autoSaveFilename: string) => NativeHnsw;
  EmscriptenFileSystemManager: FileSystemManager;
  getExceptionMessage(exception: unknown): [string, string];
}

type HnswlibFactory = (overrides: Record<string, unknown>) => Promise<HnswlibModule>;

/** Emscripten mount point of the IDBFS file system that hnswlib reads and writes index files in. */
export const HNSW_MOUNT = '/hnswlib-index';

/** IndexedDB object store that Emscripten's IDBFS keeps files in, one record per path. */
export const IDBFS_STORE = 'FILE_DATA';

// Messages that the binary prints on every file-system sync. They are progress
// chatter, and on stdout they would corrupt machine-readable CLI output.
const CHATTER = [/^warning: \d+ FS\.syncfs operations in flight at once/, /^EmscriptenFileSystemManager: Mounting/, /^b\. jsFS synced successfully/, /^d\. Calling sync callback/];

let loading: Promise<HnswlibModule> | undefined;

/** Loads hnswlib-wasm, once; later calls return the same module. */
export function loadHnswlib(): Promise<HnswlibModule> {
  loading ??= instantiate().catch((error: unknown) => {
    loading = undefined;
    throw error instanceof HnswError ? error : new HnswError('load', undefined, describeError(error), { cause: error });
  });
  return loading;
}

async function instantiate(): Promise<HnswlibModule> {
  await provideIndexedDb();
  installChatterFilter();

  // The hashed chunk is the Emscripten factory itself. Calling it directly,
  // rather than through the package's loadHnswlib(), lets print and printErr
  // be routed here.
  const chunk = (await import('hnswlib-wasm/dist/hnswlib-317962d7.js')) as { default: HnswlibFactory };
  const overrides = { print: dropChatter(console.log), printErr: dropChatter(console.warn) };

  // The binary was built for the web only and checks for `window` (or a
  // worker's importScripts) once, synchronously, when the factory starts.
  // Node gets a temporary `window` for that check alone.
  const needsWindow = typeof (globalThis as { window?: unknown }).window !== 'object' && typeof (globalThis as { importScripts?: unknown }).importScripts !== 'function';
  if (needsWindow) (globalThis as { window?: unknown }).window = globalThis;
  let ready: Promise<HnswlibModule>;
  try {
    ready = chunk.default(overrides);
  } finally {
    if (needsWindow) delete (globalThis as { window?: unknown }).window;
  }
  const lib = await ready;

  await mountFileSystem(lib);
  return lib;
}

// hnswlib keeps index files in an Emscripten IDBFS mount, so it needs an
// IndexedDB even though this package only passes bytes through it. Node has
// none, so it gets fake-indexeddb, an in-memory implementation.
async function provideIndexedDb(): Promise<void> {
  if (typeof (globalThis as { indexedDB?: unknown }).indexedDB !== 'undefined') return;

  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode) throw new HnswError('load', undefined, 'this environment has no IndexedDB, which hnswlib-wasm needs for index files');

  const fake = (await import('fake-indexeddb')) as { indexedDB: unknown; IDBKeyRange: unknown };
  (globalThis as { indexedDB?: unknown }).indexedDB = fake.indexedDB;
  (globalThis as { IDBKeyRange?: unknown }).IDBKeyRange ??= fake.IDBKeyRange;
}

async function mountFileSystem(lib: HnswlibModule): Promise<void> {
  const manager = lib.EmscriptenFileSystemManager;
  if (manager.isInitialized()) return;

  try {
    manager.initializeFileSystem('IDBFS');
  } catch (error) {
    throw translateHnswException(lib, 'mount file system', error);
  }

  // The mount finishes with an asynchronous IDBFS sync, with no callback.
  const deadline = Date.now() + 10_000;
  while (!manager.isInitialized()) {
    if (Date.now() > deadline) throw new HnswError('mount file system', undefined, 'IDBFS mount did not finish within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const OVERLAP_WARNING = CHATTER[0];
let overlappingSyncs = 0;

/**
 * Returns how many IDBFS syncs have started while another was in flight.
 * hnswlib reports every sync's end through one shared isSynced() flag, so
 * the flag can turn true while a later sync still runs. This count is the
 * only sign of that overlap that the module exposes.
 */
export function overlappingSyncCount(): number {
  return overlappingSyncs;
}

function dropChatter(print: (...args: unknown[]) => void): (text: string) => void {
  return (text: string) => {
    if (OVERLAP_WARNING.test(text)) overlappingSyncs += 1;
    if (!CHATTER.some((pattern) => pattern.test(text))) print(text);
  };
}

let filterInstalled = false;

// Two of the messages come from inline JavaScript in the binary that calls
// console.log directly, bypassing `print`.
// NOTE: this wraps console.log for the whole process or page once hnswlib is
// loaded; it drops only lines matching CHATTER and passes everything else on.
function installChatterFilter(): void {
  if (filterInstalled) return;
  filterInstalled = true;

  const original = console.log;
  console.log = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === 'string' && CHATTER.some((pattern) => pattern.test(args[0] as string))) return;
    original.apply(console, args);
  };
}

/** Converts a C++ exception thrown by hnswlib into an HnswError with its what() message. */
export function translateHnswException(lib: HnswlibModule, operation: string, error: unknown): HnswError {
  if (error instanceof HnswError) return error;

  // WebAssembly.Exception (Node 20, current browsers) is missing from TypeScript's ES2022 lib.
  const exceptionClass = (WebAssembly as unknown as { Exception?: abstract new (...args: never[]) => unknown }).Exception;
  if (typeof exceptionClass === 'function' && error instanceof exceptionClass) {
    try {
      const [type, message] = lib.getExceptionMessage(error);
      return new HnswError(operation, type, message, { cause: error });
    } catch {
      return new HnswError(operation, undefined, 'unreadable C++ exception', { cause: error });
    }
  }

  return new HnswError(operation, undefined, describeError(error), { cause: error });
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (Array.isArray(error)) return error.join(': ');
  return String(error);
}
