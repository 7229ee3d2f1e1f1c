import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

/**
 * Bundles a workspace library's `index` (browser-safe) and `node` entries
 * into dist/ as ES modules sharing one chunk, for Node consumers and browser
 * bundlers. `external` names the runtime dependencies that must stay imports
 * (native code, or packages that load their own .wasm files).
 */
export async function buildLibrary(external) {
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
    external: [...external, 'node:*'],
    sourcemap: true,
    logLevel: 'warning',
  });
}
