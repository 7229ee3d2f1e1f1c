// Runs the conformance suite in Node against every backend. The webgpu
// backend needs a WebGPU adapter: in Node that is the `webgpu` package on
// SwiftShader (Debian's chromium package), which this file selects when
// VK_ICD_FILENAMES is unset. A missing adapter fails the suite: it is never skipped.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type CreateBackendOptions } from '../src/index.js';
import { CHUNK_BYTES, conformanceCases, type ConformanceContext } from './conformance/cases.js';
import { prepareWebGpuEnvironment } from './support/webgpu-environment.js';

prepareWebGpuEnvironment();

const configurations: { label: string; options: CreateBackendOptions }[] = [
  { label: 'js', options: { backend: 'js' } },
  { label: 'wasm-simd', options: { backend: 'wasm-simd' } },
  { label: 'wasm-simd on 2 worker threads', options: { backend: 'wasm-simd', threads: 2 } },
  { label: 'webgpu', options: { backend: 'webgpu' } },
];

for (const { label, options } of configurations) {
  describe(`${label} backend conformance`, () => {
    let context: ConformanceContext;

    beforeAll(async () => {
      const created = await createBackend({ ...options, strict: true });
      const chunked = await createBackend({ ...options, strict: true, maxChunkBytes: CHUNK_BYTES, maxShardBytes: CHUNK_BYTES });
      expect(created.chosen).toBe(options.backend);
      context = { backend: created.backend, chunkedBackend: chunked.backend };
    });

    afterAll(() => {
      context?.backend.dispose();
      context?.chunkedBackend.dispose();
    });

    for (const conformanceCase of conformanceCases) {
      it(conformanceCase.name, () => conformanceCase.run(context));
    }
  });
}
