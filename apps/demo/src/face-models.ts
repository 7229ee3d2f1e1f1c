// Starts the face pipeline on onnxruntime-web's WebAssembly execution
// provider, from files in the app's own build output: models/ and ort/.
// Every binary is checked before use, so a missing file or an HTML page
// served in its place fails with an error that names the URL.

import { FacePipeline, ort, urlModelLoader } from '@facegate/core';

/** The loader script and binary that onnxruntime-web's default browser build (ort.min.mjs) loads; build.mjs copies them to ort/. */
const ORT_LOADER = 'ort-wasm-simd-threaded.jsep.mjs';
const ORT_BINARY = 'ort-wasm-simd-threaded.jsep.wasm';

/** Maximum onnxruntime-web threads; more rarely help models of this size. */
const MAX_THREADS = 4;

/** A file of the build output that is missing or does not have the expected type. */
export class AssetError extends Error {
  override name = 'AssetError';

  constructor(
    readonly url: string,
    message: string,
  ) {
    super(`${url}: ${message}`);
  }
}

export interface FaceModels {
  readonly pipeline: FacePipeline;
  readonly threads: number;
  readonly crossOriginIsolated: boolean;
  /** One line for the page header: runtime, version, threads and why. */
  readonly note: string;
}

export async function startFaceModels(baseUrl: string): Promise<FaceModels> {
  const isolated = globalThis.crossOriginIsolated === true;
  // WebAssembly threads share memory through SharedArrayBuffer, which browsers
  // expose only to cross-origin isolated pages.
  const threads = isolated ? Math.max(1, Math.min(MAX_THREADS, navigator.hardwareConcurrency || 1)) : 1;

  const ortBase = new URL('ort/', baseUrl).href;
  await fetchChecked(new URL(ORT_LOADER, ortBase).href, 'javascript');
  const binary = await fetchChecked(new URL(ORT_BINARY, ortBase).href, 'wasm');
  ort.env.wasm.wasmPaths = ortBase;
  ort.env.wasm.wasmBinary = binary;

  const pipeline = await FacePipeline.create({
    loader: urlModelLoader(new URL('models/', baseUrl).href),
    threads,
    executionProviders: ['wasm'],
  });

  const version = ort.env.versions?.web ?? 'unknown version';
  const threadNote = isolated
    ? `${threads} thread${threads === 1 ? '' : 's'} (page is cross-origin isolated)`
    : '1 thread: this page is not cross-origin isolated, so WebAssembly threads are off (serve it with COOP/COEP headers, as `pnpm demo` does)';
  return {
    pipeline,
    threads,
    crossOriginIsolated: isolated,
    note: `onnxruntime-web ${version}, WebAssembly execution provider, ${threadNote}`,
  };
}

/** Fetches a build file and checks that it is a WebAssembly binary or a JavaScript module, not an error page. */
export async function fetchChecked(url: string, kind: 'wasm' | 'javascript'): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new AssetError(url, `fetch failed (${String(error)})`);
  }
  if (!response.ok) throw new AssetError(url, `fetch failed with HTTP ${response.status} ${response.statusText}; rebuild the demo with 'pnpm build'`);

  const type = response.headers.get('content-type') ?? '';
  const bytes = await response.arrayBuffer();
  const head = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
  if (type.includes('text/html') || head[0] === 0x3c /* '<' */) {
    throw new AssetError(url, `the server returned an HTML page (content-type "${type}") instead of the ${kind === 'wasm' ? 'WebAssembly binary' : 'JavaScript module'}`);
  }
  if (kind === 'wasm' && !(head[0] === 0x00 && head[1] === 0x61 && head[2] === 0x73 && head[3] === 0x6d)) {
    throw new AssetError(url, `is not a WebAssembly binary (it does not start with "\\0asm"; content-type "${type}")`);
  }
  if (kind === 'javascript' && !type.includes('javascript')) {
    throw new AssetError(url, `has content-type "${type}"; browsers load modules only as JavaScript`);
  }
  return bytes;
}
