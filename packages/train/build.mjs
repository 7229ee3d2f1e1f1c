import { build } from 'esbuild';

// Library bundles for Node consumers (CLI, bench) and browser bundlers. The
// kernels package stays external because it carries its own dist/ with the
// WebAssembly and WGSL it loads.
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
  external: ['@facegate/kernels', 'node:*'],
  sourcemap: true,
  logLevel: 'warning',
});
