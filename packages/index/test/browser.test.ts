// Runs the browser entry in headless Chromium (Debian's /usr/bin/chromium
// driven by playwright-core): hnswlib-wasm as browsers load it, and gallery
// files in IndexedDB and the Origin Private File System. The page is served
// from 127.0.0.1, a secure context, which OPFS requires.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserCheck } from './browser/entry.js';

const CHROMIUM = '/usr/bin/chromium';
const testFolder = dirname(fileURLToPath(import.meta.url));

describe.skipIf(!existsSync(CHROMIUM))(`gallery in headless Chromium (skipped: ${CHROMIUM} not installed)`, () => {
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  let scratch: string;
  const consoleLines: string[] = [];

  beforeAll(async () => {
    const bundle = await build({
      entryPoints: [join(testFolder, 'browser/entry.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['source'],
      logLevel: 'error',
    });
    const script = bundle.outputFiles[0].text;
    const html = '<!doctype html><meta charset="utf-8"><title>gallery checks</title><script type="module" src="/entry.js"></script>';

    server = createServer((request, response) => {
      if (request.url === '/entry.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      else if (request.url === '/') response.writeHead(200, { 'content-type': 'text/html' }).end(html);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('test server has no TCP address');

    scratch = mkdtempSync(join(tmpdir(), 'facegate-index-chromium-'));
    context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      env: { ...process.env, XDG_CACHE_HOME: join(scratch, 'cache'), XDG_CONFIG_HOME: join(scratch, 'config') },
    });
    page = await context.newPage();
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
    await page.goto(`http://127.0.0.1:${address.port}/`);
    await page.waitForFunction(() => 'runGalleryChecks' in globalThis);
  });

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('hnsw, IndexedDB and OPFS work in the browser', async () => {
    const checks = await page.evaluate(() => (globalThis as unknown as { runGalleryChecks(): Promise<BrowserCheck[]> }).runGalleryChecks());

    expect(checks.map((entry) => entry.name)).toHaveLength(4);
    const failures = checks.filter((entry) => entry.error).map((entry) => `${entry.name}: ${entry.error}`);
    expect(failures, `browser console:\n${consoleLines.join('\n')}`).toEqual([]);
  }, 300_000);
});
