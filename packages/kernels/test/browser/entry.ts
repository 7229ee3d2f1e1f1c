// Page script of the Chromium test: runs the conformance cases in the page
// against one backend and returns one result per case. navigator.gpu is
// Chromium's own WebGPU adapter; wasm-simd threads are Web Workers.

import { createBackend, type CreateBackendOptions } from '../../src/index.js';
import { CHUNK_BYTES, conformanceCases } from '../conformance/cases.js';

export interface CaseResult {
  readonly name: string;
  readonly error?: string;
  readonly milliseconds: number;
}

export interface SuiteResult {
  readonly chosen: string;
  readonly reason: string;
  readonly info: unknown;
  readonly cases: CaseResult[];
}

async function runConformance(options: CreateBackendOptions): Promise<SuiteResult> {
  const created = await createBackend({ ...options, strict: true });
  const chunked = await createBackend({ ...options, strict: true, maxChunkBytes: CHUNK_BYTES, maxShardBytes: CHUNK_BYTES });
  const context = { backend: created.backend, chunkedBackend: chunked.backend };
  const cases: CaseResult[] = [];

  try {
    for (const conformanceCase of conformanceCases) {
      const start = performance.now();
      try {
        await conformanceCase.run(context);
        cases.push({ name: conformanceCase.name, milliseconds: performance.now() - start });
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        cases.push({ name: conformanceCase.name, error: message, milliseconds: performance.now() - start });
      }
    }
  } finally {
    created.backend.dispose();
    chunked.backend.dispose();
  }

  return { chosen: created.chosen, reason: created.reason, info: created.backend.info, cases };
}

(globalThis as { runConformance?: typeof runConformance }).runConformance = runConformance;
