// Builds the demo into dist/, or into the folder given with --outdir DIR.
//
//   site/          the static page: index.html, styles.css and assets/*.js
//   site/models/   the ONNX models named in models/manifest.json
//   site/ort/      onnxruntime-web's WebAssembly binary and its loader
//   serve.js       the Node static server that `pnpm demo` starts
//
// Everything the page loads comes from site/, so it needs no other host.

import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const demoRoot = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// onnxruntime-web's default browser build (ort.min.mjs, with the WebGPU
// execution provider) loads this loader and binary from env.wasm.wasmPaths.
const ORT_RUNTIME_FILES = ['ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm'];

const { values } = parseArgs({ options: { outdir: { type: 'string', default: join(demoRoot, 'dist') } } });
const outdir = resolve(values.outdir);
const site = join(outdir, 'site');

await rm(outdir, { recursive: true, force: true });
await mkdir(join(site, 'models'), { recursive: true });
await mkdir(join(site, 'ort'), { recursive: true });

await bundlePage();
await copyStaticFiles();
await copyModels();
await copyOrtRuntime();
await bundleServer();

async function bundlePage() {
  await build({
    entryPoints: { app: join(demoRoot, 'src/main.ts') },
    outdir: join(site, 'assets'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // `source` builds the workspace packages from TypeScript. The onnxruntime-web
    // condition selects ort.min.mjs, which loads its .wasm from wasmPaths,
    // instead of the bundle that resolves it next to the importing script.
    conditions: ['source', 'onnxruntime-web-use-extern-wasm'],
    // Node-only fallbacks that the libraries import behind runtime checks.
    external: ['fake-indexeddb', 'webgpu', 'node:*'],
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
  });
}

async function copyStaticFiles() {
  for (const file of ['index.html', 'styles.css']) await copyFile(join(demoRoot, 'src', file), join(site, file));
}

async function copyModels() {
  const manifestPath = require.resolve('@facegate/models/manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  const modelsDist = join(dirname(manifestPath), 'dist');

  for (const model of manifest.models) {
    const source = join(modelsDist, model.file);
    if (!existsSync(source)) {
      throw new Error(`${source} is missing; run 'pnpm build' at the repository root to prepare the models first`);
    }
    await copyFile(source, join(site, 'models', model.file));
  }
}

async function copyOrtRuntime() {
  // The package exports its .wasm files but not package.json, so locate dist/ through one of them.
  const ortDist = dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
  const loader = await readFile(join(ortDist, 'ort.min.mjs'), 'utf8');

  for (const file of ORT_RUNTIME_FILES) {
    const stem = file.replace(/\.wasm$/, '.mjs');
    if (!loader.includes(stem)) {
      throw new Error(`onnxruntime-web's ort.min.mjs no longer refers to ${stem}; update ORT_RUNTIME_FILES in build.mjs`);
    }
    await copyFile(join(ortDist, file), join(site, 'ort', file));
  }
}

async function bundleServer() {
  await build({
    entryPoints: { serve: join(demoRoot, 'server/serve.ts') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
}
