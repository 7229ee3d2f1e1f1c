import { build } from 'esbuild';

// The CLI bundles the workspace packages and leaves third-party packages
// external: sharp is native, and onnxruntime-web, hnswlib-wasm and webgpu
// load their .wasm / .node files relative to their own package folders.
const externalThirdParty = {
  name: 'external-third-party',
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@facegate/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

await build({
  entryPoints: { facegate: 'src/facegate.ts', example: 'src/example.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: ['source'],
  plugins: [externalThirdParty],
  sourcemap: true,
  logLevel: 'warning',
});
