// Runs the browser entry in headless Chromium (Debian's /usr/bin/chromium
// driven by playwright-core): hnswlib-wasm as browsers load it, and gallery
// files in IndexedDB and the Origin Private File System. The page is served
// from 127.0.0.1, a secure context, which OPFS requires.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EntryPage, openEntryInChromium } from '@facegate/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BrowserCheck } from './browser/entry.js';

const testFolder = dirname(fileURLToPath(import.meta.url));

describe('gallery in headless Chromium', () => {
  let browser: EntryPage;

  beforeAll(async () => {
    browser = await openEntryInChromium(join(testFolder, 'browser/entry.ts'), 'runGalleryChecks', { webgpu: false });
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('hnsw, IndexedDB and OPFS work in the browser', async () => {
    const checks = await browser.page.evaluate(() => (globalThis as unknown as { runGalleryChecks(): Promise<BrowserCheck[]> }).runGalleryChecks());

    expect(checks.map((entry) => entry.name)).toHaveLength(4);
    const failures = checks.filter((entry) => entry.error).map((entry) => `${entry.name}: ${entry.error}`);
    expect(failures, `browser console:\n${browser.consoleLines.join('\n')}`).toEqual([]);
  }, 300_000);
});
