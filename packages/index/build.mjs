import { buildLibrary } from '../../scripts/build-library.mjs';

// The two entries share one chunk, so the storage that the node entry
// registers is the one its Gallery uses. The kernels package has its own
// dist/, hnswlib-wasm carries its WebAssembly inline and is imported by path,
// and fake-indexeddb is loaded only in Node.
await buildLibrary(['@facegate/kernels', 'hnswlib-wasm', 'hnswlib-wasm/*', 'fake-indexeddb']);
