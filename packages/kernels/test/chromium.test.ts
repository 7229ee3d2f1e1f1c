// Runs the conformance suite inside headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core) on the browser's own WebGPU
// adapter, on wasm-simd with and without Web Workers, and on js. The page
// and its bundle are served by this test from 127.0.0.1, which browsers
// treat as a secure context, as WebGPU requires.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EntryPage, openEntryInChromium } from '@facegate/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateBackendOptions } from '../src/index.js';
import type { SuiteResult } from './browser/entry.js';

const testFolder = dirname(fileURLToPath(import.meta.url));

const configurations: { label: string; options: CreateBackendOptions }[] = [
  { label: 'webgpu', options: { backend: 'webgpu' } },
  { label: 'wasm-simd', options: { backend: 'wasm-simd' } },
  { label: 'wasm-simd on 2 Web Workers', options: { backend: 'wasm-simd', threads: 2 } },
  { label: 'js', options: { backend: 'js' } },
];

describe('conformance in headless Chromium', () => {
  let browser: EntryPage;

  beforeAll(async () => {
    browser = await openEntryInChromium(join(testFolder, 'browser/entry.ts'), 'runConformance', { webgpu: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const { label, options } of configurations) {
    it(`${label} passes every case`, { timeout: 600_000 }, async () => {
      const result = await browser.page.evaluate(
        (backendOptions) =>
          (globalThis as unknown as { runConformance(o: unknown): Promise<SuiteResult> }).runConformance(backendOptions),
        options,
      );

      expect(result.chosen).toBe(options.backend);
      const failures = result.cases.filter((entry) => entry.error).map((entry) => `${entry.name}: ${entry.error}`);
      expect(failures, `browser console:\n${browser.consoleLines.join('\n')}`).toEqual([]);
      expect(result.cases.length).toBeGreaterThan(20);
      if (options.backend === 'webgpu') {
        expect(result.reason).toMatch(/^webgpu: adapter /);
      }
    });
  }
});
