// Headless Chromium for tests: Debian's /usr/bin/chromium driven by
// playwright-core (never a downloaded browser), with a fresh profile and
// XDG folders in a temporary directory so tests leave the home folder alone.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type BrowserContext, type Page, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a root user on a machine without network access: no sandbox (root),
 * and no background requests to Google services, which would only fail.
 */
const BASE_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumOptions {
  /** Adds --enable-unsafe-webgpu; without it requestAdapter() finds no adapter. */
  readonly webgpu: boolean;
  /** Further command-line flags. */
  readonly args?: readonly string[];
  readonly viewport?: { width: number; height: number };
  readonly acceptDownloads?: boolean;
}

export interface LaunchedChromium {
  readonly context: BrowserContext;
  /** Closes the browser and deletes its temporary profile. */
  close(): Promise<void>;
}

export async function launchChromium(options: ChromiumOptions): Promise<LaunchedChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: install Debian's chromium package (apt-get install -y chromium)`);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'facegate-chromium-'));
  const args = [...BASE_FLAGS, ...(options.webgpu ? ['--enable-unsafe-webgpu'] : []), ...(options.args ?? [])];
  const context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args,
    env: { ...process.env, XDG_CACHE_HOME: join(scratch, 'cache'), XDG_CONFIG_HOME: join(scratch, 'config') },
    viewport: options.viewport,
    acceptDownloads: options.acceptDownloads,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export interface EntryPage {
  readonly page: Page;
  /** Console messages and uncaught page errors, for failure messages. */
  readonly consoleLines: string[];
  close(): Promise<void>;
}

/**
 * Bundles a TypeScript entry for the browser (workspace packages resolved to
 * their sources), serves it on 127.0.0.1, a secure context as WebGPU and
 * OPFS require, and opens it in headless Chromium. Resolves once the page
 * defines the global `ready`.
 */
export async function openEntryInChromium(entry: string, ready: string, options: ChromiumOptions): Promise<EntryPage> {
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    logLevel: 'error',
  });
  const script = bundle.outputFiles[0].text;
  const html = '<!doctype html><meta charset="utf-8"><title>facegate test</title><script type="module" src="/entry.js"></script>';

  const server = createServer((request, response) => {
    if (request.url === '/entry.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (request.url === '/') response.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('test server has no TCP address');

  const browser = await launchChromium(options);
  const page = await browser.context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
  await page.goto(`http://127.0.0.1:${address.port}/`);
  await page.waitForFunction((name) => name in globalThis, ready);

  return {
    page,
    consoleLines,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
