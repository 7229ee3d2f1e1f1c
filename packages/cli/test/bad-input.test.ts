import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FacePipeline, ImageDecodeError } from '@facegate/core';
import { decodeImage, nodeModelLoader, readImageFile } from '@facegate/core/node';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEncoding } from '../src/encoding.js';
import { createEmptyGallery } from '../src/gallery-store.js';
import { runCli, temporaryFolder } from './support/cli.js';

/** Returns a PNG header that declares width x height and has no pixel data after it. */
function pngHeader(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set([8, 2, 0, 0, 0], 24);
  return bytes;
}

/** Returns a smooth synthetic landscape: a real JPEG without any face. */
async function facelessJpeg(): Promise<Buffer> {
  const width = 320;
  const height = 240;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const offset = (y * width + x) * 3;
      pixels[offset] = 60 + (x % 50);
      pixels[offset + 1] = 120 + Math.round(40 * Math.sin(y / 9));
      pixels[offset + 2] = 200 - Math.round(y / 3);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg().toBuffer();
}

describe('bad input in a CLI batch', () => {
  let folder: string;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    folder = await temporaryFolder('bad-input');
    const landscape = await facelessJpeg();
    const entries: [string, Uint8Array | string][] = [
      ['no-face.jpg', landscape],
      ['empty.jpg', new Uint8Array(0)],
      ['text.jpg', 'This is a text file, not a JPEG.\n'],
      // Cut inside the header segments, before the frame header.
      ['truncated.jpg', landscape.subarray(0, 120)],
      ['huge.png', pngHeader(100_000, 100_000)],
    ];
    for (const [name, content] of entries) {
      files[name] = join(folder, name);
      await writeFile(files[name], content);
    }
  });

  it('gives each bad file its typed error', async () => {
    const expected: Record<string, string> = {
      'empty.jpg': 'empty',
      'text.jpg': 'not-an-image',
      'truncated.jpg': 'truncated',
      'huge.png': 'too-large',
    };
    for (const [name, code] of Object.entries(expected)) {
      const error = await readImageFile(files[name]).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error, name).toBeInstanceOf(ImageDecodeError);
      expect((error as ImageDecodeError).code, name).toBe(code);
      expect((error as ImageDecodeError).source).toBe(files[name]);
    }
  });

  it('rejects the huge PNG before allocating pixels', async () => {
    const error = await decodeImage(pngHeader(100_000, 100_000), 'huge.png').catch((caught: unknown) => caught);
    expect((error as ImageDecodeError).message).toContain('10000000000 pixels');
  });

  it('names a missing file', async () => {
    const error = await readImageFile(join(folder, 'missing.jpg')).catch((caught: unknown) => caught);
    expect((error as ImageDecodeError).code).toBe('unreadable');
  });

  it('reports bad files on stderr and carries on with the rest', async () => {
    // A gallery with one person from a group photo that ships with the install.
    const groupPhoto = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo', 'sample1.jpg');
    const pipeline = await FacePipeline.create({ loader: nodeModelLoader(), threads: 2 });
    const faces = await pipeline.analyse(await readImageFile(groupPhoto), groupPhoto);
    expect(faces.length).toBeGreaterThan(1);
    const galleryPath = join(folder, 'gallery.bin');
    const gallery = await createEmptyGallery(await loadEncoding(pipeline, {}), 'exact');
    await gallery.enrol('first-face', faces[0].embedding);
    await gallery.save(galleryPath);
    await gallery.dispose();

    const batch = ['empty.jpg', 'text.jpg', 'no-face.jpg', 'truncated.jpg', 'huge.png'].map((name) => files[name]);
    const result = await runCli(['identify', '--gallery', galleryPath, ...batch, groupPhoto]);

    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`${files['no-face.jpg']},no_face,`);
    expect(result.stdout).toContain(`${groupPhoto},first-face,`);
    expect(result.stdout.split('\n').filter((line) => line.startsWith(groupPhoto))).toHaveLength(faces.length);
    for (const name of ['empty.jpg', 'text.jpg', 'truncated.jpg', 'huge.png']) {
      expect(result.stderr).toContain(`ImageDecodeError: ${files[name]}`);
    }
    expect(result.stderr).not.toContain('unexpected error');
  });

  it('fails enrolment of a face-free photo alone', async () => {
    const gallery = join(folder, 'enrol.bin');
    const result = await runCli(['enroll', '--gallery', gallery, files['no-face.jpg'], files['text.jpg']]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no face found');
    expect(result.stderr).toContain('unrecognised file signature');
  });
});
