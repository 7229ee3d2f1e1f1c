import { build } from 'esbuild';

// Library bundles for Node consumers (CLI, bench). Runtime dependencies stay
// external: sharp is native, and onnxruntime-web locates its .wasm files
// relative to its own package. The model manifest is bundled in.
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
  external: ['onnxruntime-web', 'sharp', '@facegate/kernels', '@facegate/index', 'node:*'],
  sourcemap: true,
  logLevel: 'warning',
});
