import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

// Library bundles for Node consumers (CLI, bench) and browser bundlers. The
// two entries share one chunk, so the storage that the node entry registers
// is the one its Gallery uses. Runtime dependencies stay external: the
// kernels package has its own dist/, hnswlib-wasm carries its WebAssembly
// inline and is imported by path, and fake-indexeddb is loaded only in Node.

// Chunk names change with their contents, so stale chunks are removed first.
await rm('dist', { recursive: true, force: true });

await build({
  entryPoints: { index: 'src/index.ts', node: 'src/node.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  conditions: ['source'],
  mainFields: ['module', 'main'],
  external: ['@facegate/kernels', 'hnswlib-wasm', 'hnswlib-wasm/*', 'fake-indexeddb', 'node:*'],
  sourcemap: true,
  logLevel: 'warning',
});
