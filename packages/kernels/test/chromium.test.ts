// Runs the conformance suite inside headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core) on the browser's own WebGPU
// adapter, on wasm-simd with and without Web Workers, and on js. The page
// and its bundle are served by this test from 127.0.0.1, which browsers
// treat as a secure context, as WebGPU requires.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateBackendOptions } from '../src/index.js';
import type { SuiteResult } from './browser/entry.js';

const CHROMIUM = '/usr/bin/chromium';
const testFolder = dirname(fileURLToPath(import.meta.url));

const configurations: { label: string; options: CreateBackendOptions }[] = [
  { label: 'webgpu', options: { backend: 'webgpu' } },
  { label: 'wasm-simd', options: { backend: 'wasm-simd' } },
  { label: 'wasm-simd on 2 Web Workers', options: { backend: 'wasm-simd', threads: 2 } },
  { label: 'js', options: { backend: 'js' } },
];

describe('conformance in headless Chromium', () => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  let scratch: string;
  const consoleLines: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} not found: install Debian's chromium package (apt-get install -y chromium)`);
    }

    const bundle = await build({
      entryPoints: [join(testFolder, 'browser/entry.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      logLevel: 'warning',
    });
    const script = bundle.outputFiles[0].text;
    const html = '<!doctype html><meta charset="utf-8"><title>kernels conformance</title><script type="module" src="/entry.js"></script>';

    server = createServer((request, response) => {
      if (request.url === '/entry.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      } else if (request.url === '/') {
        response.writeHead(200, { 'content-type': 'text/html' }).end(html);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('test server has no TCP address');

    scratch = mkdtempSync(join(tmpdir(), 'facegate-chromium-'));
    context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--enable-unsafe-webgpu',
      ],
      env: { ...process.env, XDG_CACHE_HOME: join(scratch, 'cache'), XDG_CONFIG_HOME: join(scratch, 'config') },
    });
    page = await context.newPage();
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
    await page.goto(`http://127.0.0.1:${address.port}/`);
    await page.waitForFunction(() => 'runConformance' in globalThis);
  });

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  for (const { label, options } of configurations) {
    it(`${label} passes every case`, { timeout: 600_000 }, async () => {
      const result = await page.evaluate(
        (backendOptions) =>
          (globalThis as unknown as { runConformance(o: unknown): Promise<SuiteResult> }).runConformance(backendOptions),
        options,
      );

      expect(result.chosen).toBe(options.backend);
      const failures = result.cases.filter((entry) => entry.error).map((entry) => `${entry.name}: ${entry.error}`);
      expect(failures, `browser console:\n${consoleLines.join('\n')}`).toEqual([]);
      expect(result.cases.length).toBeGreaterThan(20);
      if (options.backend === 'webgpu') {
        expect(result.reason).toMatch(/^webgpu: adapter /);
      }
    });
  }
});
