// Launches Debian's Chromium through playwright-core with a fresh profile in
// a temporary folder, and builds the demo into a temporary folder, so that
// tests never touch the home directory or a running `pnpm demo`.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type LaunchedChromium, launchChromium as launchSharedChromium } from '@facegate/testing';

export { FIXTURES } from '@facegate/testing';

const supportFolder = dirname(fileURLToPath(import.meta.url));
export const DEMO_ROOT = resolve(supportFolder, '../..');
export const ARTIFACTS = join(DEMO_ROOT, 'test-artifacts');

// A synthetic camera (a test pattern without a face) that needs no permission prompt.
const FAKE_CAMERA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/** Launches Chromium; without `webgpu` the page still has navigator.gpu, but requestAdapter() returns no adapter. */
export function launchChromium(options: { webgpu: boolean }): Promise<LaunchedChromium> {
  return launchSharedChromium({
    webgpu: options.webgpu,
    args: FAKE_CAMERA_FLAGS,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
}

/** Builds the demo with its own build script into a new temporary folder; returns the folder. */
export async function buildDemo(): Promise<string> {
  const outdir = mkdtempSync(join(tmpdir(), 'facegate-demo-build-'));
  try {
    await promisify(execFile)(process.execPath, [join(DEMO_ROOT, 'build.mjs'), '--outdir', outdir], { cwd: DEMO_ROOT });
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    const { stderr } = error as { stderr?: string };
    throw new Error(`building the demo failed: ${stderr || String(error)}`);
  }
  return outdir;
}

/** Returns a 24-bit BMP of one flat grey: a valid image without a face. */
export function flatGreyBmp(width: number, height: number): Buffer {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const pixelBytes = rowBytes * height;
  const bmp = Buffer.alloc(54 + pixelBytes, 0);
  bmp.write('BM', 0, 'ascii');
  bmp.writeUInt32LE(bmp.length, 2);
  bmp.writeUInt32LE(54, 10);
  bmp.writeUInt32LE(40, 14);
  bmp.writeInt32LE(width, 18);
  bmp.writeInt32LE(height, 22);
  bmp.writeUInt16LE(1, 26);
  bmp.writeUInt16LE(24, 28);
  bmp.writeUInt32LE(pixelBytes, 34);
  for (let row = 0; row < height; row++) bmp.fill(128, 54 + row * rowBytes, 54 + row * rowBytes + width * 3);
  return bmp;
}
