// End-to-end test of the demo page in headless Chromium: the office-door
// scenario through the page's own controls, once with WebGPU on its software
// adapter and once without a WebGPU adapter (the page falls back to
// wasm-simd and shows the fallback). Each step saves a screenshot under
// apps/demo/test-artifacts/<variant>/.

import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoServer } from '../server/static-server.js';
import type { LaunchedChromium } from '@facegate/testing';
import { ARTIFACTS, buildDemo, FIXTURES, flatGreyBmp, launchChromium } from './support/chromium.js';

interface OfficeExpectations {
  enrolled: Record<string, string>;
}

const OFFICE = join(FIXTURES, 'office');
const TWO_PEOPLE = join(FIXTURES, 'face_recognition', 'two_people.jpg');
const officePresent = existsSync(join(OFFICE, 'expected.json'));
if (!officePresent) console.warn(`SKIPPED: the demo end-to-end test needs the office photos in ${OFFICE}, which is not present`);

const DISTRACTORS = 100_000;

// Small, because hnswlib-wasm inserts on the page's main thread, one 512-d template at a time.
const HNSW_DISTRACTORS = 2_000;

const variants = [
  { name: 'webgpu', webgpu: true, backend: 'webgpu' },
  { name: 'no-webgpu', webgpu: false, backend: 'wasm-simd' },
] as const;

let site = '';
let buildFolder = '';

beforeAll(async () => {
  buildFolder = await buildDemo();
  site = join(buildFolder, 'site');
}, 120_000);

afterAll(() => {
  if (buildFolder) rmSync(buildFolder, { recursive: true, force: true });
});

for (const variant of variants) {
  describe.skipIf(!officePresent)(`demo page with ${variant.name}`, () => {
    const expected: OfficeExpectations = officePresent ? JSON.parse(readFileSync(join(OFFICE, 'expected.json'), 'utf8')) : { enrolled: {} };
    const people = Object.keys(expected.enrolled).sort();
    const artifacts = join(ARTIFACTS, variant.name);
    const consoleLines: string[] = [];
    let server: DemoServer;
    let browser: LaunchedChromium;
    let page: Page;

    const screenshot = (name: string) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
    const context = () => `browser console:\n${consoleLines.slice(-40).join('\n')}`;

    beforeAll(async () => {
      rmSync(artifacts, { recursive: true, force: true });
      mkdirSync(artifacts, { recursive: true });
      server = await startDemoServer({ root: site });
      browser = await launchChromium({ webgpu: variant.webgpu });
      page = await browser.context.newPage();
      // Keeps every GPUDevice the page creates reachable, so that a test can
      // destroy it and the page gets a real device-loss event.
      await page.addInitScript(() => {
        if (typeof GPUAdapter === 'undefined') return;
        const requestDevice = GPUAdapter.prototype.requestDevice;
        const devices: GPUDevice[] = [];
        (globalThis as unknown as { testGpuDevices: GPUDevice[] }).testGpuDevices = devices;
        GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, ...args: Parameters<GPUAdapter['requestDevice']>) {
          const device = await requestDevice.apply(this, args);
          devices.push(device);
          return device;
        };
      });
      page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('loads the models and reports the backend', async () => {
      await page.goto(server.url);
      await waitUntilReady(page);

      const models = page.locator('#models-note');
      expect(await models.getAttribute('data-isolated')).toBe('true');
      expect(Number(await models.getAttribute('data-threads'))).toBeGreaterThanOrEqual(1);
      expect(await models.textContent()).toContain('cross-origin isolated');

      const backend = page.locator('#backend-note');
      expect(await backend.getAttribute('data-chosen'), context()).toBe(variant.backend);
      if (variant.webgpu) {
        expect(await backend.getAttribute('data-fell-back')).toBe('false');
        expect(await backend.textContent()).toMatch(/Running webgpu\. webgpu: adapter /);
      } else {
        expect(await backend.getAttribute('data-fell-back')).toBe('true');
        expect(await backend.textContent()).toContain('Running wasm-simd instead of webgpu.');
        expect(await backend.textContent()).toContain('webgpu unavailable');
      }
      await expectNoErrors(page);
      await screenshot('01-loaded');
    });

    it('enrols the twelve office employees', async () => {
      const photos = Object.values(expected.enrolled).map((file) => join(OFFICE, file));
      await act(page, () => page.setInputFiles('#enrol-files', photos));

      expect(await page.locator('.enrol-result[data-status="enrolled"]').count(), context()).toBe(12);
      expect(await page.locator('.enrol-result[data-status="rejected"]').count()).toBe(0);
      expect(await page.locator('.enrol-result canvas.crop').count()).toBe(12);
      expect(await page.locator('#enrol-progress-label').textContent()).toMatch(/^12 enrolled, 0 rejected in /);
      expect(await galleryLabels(page)).toEqual(people);
      expect(await page.locator('#gallery-list td.templates').allTextContents()).toEqual(people.map(() => '1'));
      await expectNoErrors(page);
      await screenshot('02-enrolled');
    });

    it('rejects photos without exactly one face', async () => {
      const files: { name: string; mimeType: string; buffer: Buffer }[] = [{ name: 'blank.bmp', mimeType: 'image/bmp', buffer: flatGreyBmp(320, 240) }];
      if (existsSync(TWO_PEOPLE)) files.push({ name: 'two_people.jpg', mimeType: 'image/jpeg', buffer: readFileSync(TWO_PEOPLE) });
      await act(page, () => page.setInputFiles('#enrol-files', files));

      const blank = page.locator('.enrol-result[data-identity="blank"]');
      expect(await blank.getAttribute('data-status')).toBe('rejected');
      expect(await blank.locator('.message').textContent()).toBe('rejected: no face found; enrolment needs a photo with one face');
      if (existsSync(TWO_PEOPLE)) {
        const group = page.locator('.enrol-result[data-identity="two_people"]');
        expect(await group.getAttribute('data-status')).toBe('rejected');
        expect(await group.locator('.message').textContent()).toBe('rejected: 2 faces found; enrolment needs a photo with exactly one face');
        expect(await group.locator('canvas.crop').count()).toBe(2);
      }
      await screenshot('03-rejected');

      // Chromium's synthetic camera shows a test pattern, which has no face.
      await act(page, () => page.click('#camera-toggle'));
      await page.fill('#enrol-name', 'camera person');
      await act(page, () => page.click('#enrol-camera'));
      const frame = page.locator('.enrol-result[data-identity="camera person"]');
      expect(await frame.getAttribute('data-status')).toBe('rejected');
      expect(await frame.locator('.message').textContent()).toContain('no face found');
      await page.click('#camera-toggle');
      await page.fill('#enrol-name', '');

      expect(await galleryLabels(page)).toEqual(people);
      await expectNoErrors(page);
      await screenshot('03-camera-rejected');
    });

    it('identifies camera_0 as younes', async () => {
      await act(page, () => page.setInputFiles('#probe-file', join(OFFICE, 'camera_0.jpg')));

      const face = page.locator('#faces-body tr').first();
      expect(await face.getAttribute('data-identity'), context()).toBe('younes');
      expect(await page.locator('#topk-body tr').first().getAttribute('data-identity')).toBe('younes');
      expect(await page.locator('#topk-body tr').count()).toBe(5);
      const info = page.locator('#query-info');
      expect(await info.getAttribute('data-backend')).toBe(variant.backend);
      expect(await info.getAttribute('data-index')).toBe('exact');
      expect(await info.getAttribute('data-templates')).toBe('12');
      await expectNoErrors(page);
      await screenshot('04-identify');
    });

    it('verifies camera_0 as younes and rejects camera_2 as kian', async () => {
      await act(page, () => page.check('#mode-verify'));
      await act(page, () => page.selectOption('#claimed', 'younes'));
      const verdict = page.locator('#verdict');
      expect(await verdict.getAttribute('data-decision')).toBe('accept');

      await act(page, () => page.selectOption('#claimed', 'kian'));
      await act(page, () => page.setInputFiles('#probe-file', join(OFFICE, 'camera_2.jpg')));
      expect(await page.locator('#query-info').textContent()).toContain('camera_2.jpg');
      expect(await verdict.getAttribute('data-decision')).toBe('reject');
      const detail = await verdict.locator('.verdict-detail').textContent();
      const match = /claimed kian: distance ([\d.]+), threshold ([\d.]+)/.exec(detail ?? '');
      expect(match, `verdict text: ${detail}`).not.toBeNull();
      expect(Number(match?.[1])).toBeGreaterThan(Number(match?.[2]));
      expect(await page.locator('#faces-body tr').first().getAttribute('data-identity')).not.toBe('kian');
      await expectNoErrors(page);
      await screenshot('05-verify');
      await act(page, () => page.check('#mode-identify'));
    });

    it('renames, removes, exports and imports people', async () => {
      await page.locator('#gallery-list tr[data-label="andrew"] button.rename').click();
      await page.fill('#gallery-list .rename-input', 'andrew s');
      await act(page, () => page.click('#gallery-list .rename-save'));
      expect(await galleryLabels(page)).toContain('andrew s');
      expect(await galleryLabels(page)).not.toContain('andrew');

      const [download] = await Promise.all([page.waitForEvent('download'), act(page, () => page.click('#export-json'))]);
      const exported = await download.path();
      const json = JSON.parse(readFileSync(exported, 'utf8'));
      expect(json.templates).toHaveLength(12);

      await act(page, () => page.locator('#gallery-list tr[data-label="tian"] button.remove').click());
      expect(await galleryLabels(page)).not.toContain('tian');
      expect(await page.locator('#gallery-summary').getAttribute('data-people')).toBe('11');

      await act(page, () => page.setInputFiles('#import-file', exported));
      expect(await galleryLabels(page)).toContain('tian');
      expect(await page.locator('#gallery-list td.templates').allTextContents()).toEqual(people.map(() => '1'));

      await page.locator('#gallery-list tr[data-label="andrew s"] button.rename').click();
      await page.fill('#gallery-list .rename-input', 'andrew');
      await act(page, () => page.click('#gallery-list .rename-save'));
      expect(await galleryLabels(page)).toEqual(people);
      await expectNoErrors(page);
      await screenshot('06-gallery');
    });

    it(`identifies camera_0 as younes among ${DISTRACTORS.toLocaleString('en-US')} distractors`, { timeout: 300_000 }, async () => {
      await page.fill('#distractor-count', String(DISTRACTORS));
      await act(page, () => page.click('#add-distractors'), 280_000);
      expect(await page.locator('#distractor-status').getAttribute('data-distractors'), context()).toBe(String(DISTRACTORS));

      await act(page, () => page.setInputFiles('#probe-file', join(OFFICE, 'camera_0.jpg')));
      expect(await page.locator('#faces-body tr').first().getAttribute('data-identity'), context()).toBe('younes');
      const info = page.locator('#query-info');
      expect(await info.getAttribute('data-templates')).toBe(String(DISTRACTORS + 12));
      expect(await info.getAttribute('data-backend')).toBe(variant.backend);
      expect(await info.getAttribute('data-index')).toBe('exact');

      await act(page, () => page.click('#measure-latency'), 120_000);
      const rows = page.locator('#latency-body tr');
      expect(await rows.count()).toBeGreaterThanOrEqual(5);
      expect(await rows.first().getAttribute('data-backend')).toBe(variant.backend);
      expect(await page.locator('#latency-chart circle').count()).toBeGreaterThanOrEqual(7);
      await expectNoErrors(page);
      await screenshot('07-distractors');
    });

    it('keeps the people and drops the distractors across a reload', async () => {
      await page.reload();
      await waitUntilReady(page);

      expect(await galleryLabels(page)).toEqual(people);
      expect(await page.locator('#gallery-list td.templates').allTextContents()).toEqual(people.map(() => '1'));
      expect(await page.locator('#distractor-status').getAttribute('data-distractors')).toBe('0');

      await act(page, () => page.setInputFiles('#probe-file', join(OFFICE, 'camera_0.jpg')));
      expect(await page.locator('#faces-body tr').first().getAttribute('data-identity')).toBe('younes');
      await expectNoErrors(page);
      await screenshot('08-reloaded');
    });

    // Registered for the WebGPU variant only: without WebGPU there is no device to lose.
    if (variant.webgpu) it('moves searches to wasm-simd after a GPU device loss', async () => {
      const destroyed = await page.evaluate(() => {
        const devices = (globalThis as unknown as { testGpuDevices: GPUDevice[] }).testGpuDevices;
        for (const device of devices) device.destroy();
        return devices.length;
      });
      expect(destroyed).toBeGreaterThanOrEqual(1);

      await act(page, () => page.setInputFiles('#probe-file', join(OFFICE, 'camera_1.jpg')));
      await act(page, () => page.setInputFiles('#probe-file', join(OFFICE, 'camera_0.jpg')));
      expect(await page.locator('#faces-body tr').first().getAttribute('data-identity'), context()).toBe('younes');
      expect(await page.locator('#query-info').getAttribute('data-backend')).toBe('wasm-simd');
      const backend = page.locator('#backend-note');
      expect(await backend.getAttribute('data-chosen')).toBe('wasm-simd');
      expect(await backend.textContent()).toContain('the WebGPU device was lost');
      expect(await page.locator('#messages li.warning').first().textContent()).toContain('searches now run on wasm-simd');
      await expectNoErrors(page);
      await screenshot('09-device-lost');
    });

    it('identifies younes with the HNSW index', async () => {
      await act(page, () => page.selectOption('#index-choice', 'hnsw'));
      expect(await page.locator('#index-note').getAttribute('data-kind')).toBe('hnsw');

      await page.fill('#distractor-count', String(HNSW_DISTRACTORS));
      await act(page, () => page.click('#add-distractors'));
      await act(page, () => page.setInputFiles('#probe-file', join(OFFICE, 'camera_0.jpg')));
      expect(await page.locator('#faces-body tr').first().getAttribute('data-identity'), context()).toBe('younes');
      const info = page.locator('#query-info');
      expect(await info.getAttribute('data-index')).toBe('hnsw');
      expect(await info.getAttribute('data-templates')).toBe(String(HNSW_DISTRACTORS + 12));
      await expectNoErrors(page);
      await screenshot('10-hnsw');
    });
  });
}

describe('demo page failure modes', () => {
  let browser: LaunchedChromium;
  let isolated: DemoServer;
  let plain: DemoServer;

  beforeAll(async () => {
    isolated = await startDemoServer({ root: site });
    plain = await startDemoServer({ root: site, crossOriginIsolation: false });
    browser = await launchChromium({ webgpu: false });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await isolated?.close();
    await plain?.close();
  });

  it('names a model URL that returns HTML', async () => {
    const page = await browser.context.newPage();
    await page.route('**/models/fr_landmark.onnx', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>app shell</title>' }));
    await page.goto(isolated.url);
    await waitUntilReady(page, 'failed');

    const message = await page.locator('#messages li.error').first().textContent();
    expect(message).toContain(`${isolated.url}models/fr_landmark.onnx`);
    expect(message).toContain('HTML');
    await page.close();
  });

  it('names a missing WebAssembly binary URL', async () => {
    const page = await browser.context.newPage();
    await page.route('**/ort/*.wasm', (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }));
    await page.goto(isolated.url);
    await waitUntilReady(page, 'failed');

    const message = await page.locator('#messages li.error').first().textContent();
    expect(message).toContain(`${isolated.url}ort/ort-wasm-simd-threaded.jsep.wasm`);
    expect(message).toContain('HTTP 404');
    await page.close();
  });

  it('runs one thread with a notice when not isolated', async () => {
    const page = await browser.context.newPage();
    await page.goto(plain.url);
    await waitUntilReady(page);

    const models = page.locator('#models-note');
    expect(await models.getAttribute('data-isolated')).toBe('false');
    expect(await models.getAttribute('data-threads')).toBe('1');
    expect(await models.textContent()).toContain('not cross-origin isolated');
    expect(await page.locator('#messages li.notice').first().textContent()).toContain('not cross-origin isolated');
    await page.close();
  });
});

async function waitUntilReady(page: Page, state: 'ready' | 'failed' = 'ready'): Promise<void> {
  await page.waitForFunction(() => ['ready', 'failed'].includes(document.getElementById('app-status')?.dataset.state ?? ''), null, { timeout: 120_000 });
  const actual = await page.locator('#app-status').getAttribute('data-state');
  const errors = await page.locator('#messages li.error').allTextContents();
  expect(actual, `page state ${actual}; errors: ${errors.join(' | ')}`).toBe(state);
}

/** Performs a UI action and waits until the page has finished every action it queued. */
async function act(page: Page, action: () => Promise<unknown>, timeout = 120_000): Promise<void> {
  const before = Number(await page.locator('#app-status').getAttribute('data-completed'));
  await action();
  await page.waitForFunction(
    (count) => {
      const status = document.getElementById('app-status');
      return Number(status?.dataset.completed) > count && status?.dataset.state !== 'busy';
    },
    before,
    { timeout },
  );
}

async function galleryLabels(page: Page): Promise<string[]> {
  return (await page.locator('#gallery-list tr').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.label ?? ''))).sort();
}

async function expectNoErrors(page: Page): Promise<void> {
  expect(await page.locator('#messages li.error').allTextContents()).toEqual([]);
}
