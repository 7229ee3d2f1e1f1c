import { type DetectedFace, FacePipeline, defaultThreshold, squaredL2 } from '@facegate/core';
import { nodeModelLoader, readImageFile } from '@facegate/core/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, hasFixtures } from './support/cli.js';

const OBAMA = [
  'obama.jpg',
  'obama2.jpg',
  'obama3.jpg',
  'obama-240p.jpg',
  'obama-1080p.jpg',
  'obama_small.jpg',
  'obama_partial_face.jpg',
  'obama_partial_face2.jpg',
];

const present = hasFixtures('face_recognition');

describe.skipIf(!present)('face_recognition photos', () => {
  let pipeline: FacePipeline;
  const faces = new Map<string, DetectedFace[]>();
  const threshold = defaultThreshold();

  beforeAll(async () => {
    pipeline = await FacePipeline.create({ loader: nodeModelLoader(), threads: 2 });
    for (const file of [...OBAMA, 'biden.jpg', 'two_people.jpg', '32bit.png']) {
      const path = fixturePath('face_recognition', file);
      faces.set(file, await pipeline.analyse(await readImageFile(path), path));
    }
  });

  it('finds one face in each single-person photo', () => {
    for (const file of [...OBAMA, 'biden.jpg']) expect(faces.get(file)?.length, file).toBe(1);
  });

  it('finds one face in each partial-face photo', () => {
    expect(faces.get('obama_partial_face.jpg')).toHaveLength(1);
    expect(faces.get('obama_partial_face2.jpg')).toHaveLength(1);
  });

  it('finds two faces in two_people.jpg', () => {
    expect(faces.get('two_people.jpg')).toHaveLength(2);
  });

  it('decodes the 32-bit RGBA PNG and finds its face', async () => {
    const image = await readImageFile(fixturePath('face_recognition', '32bit.png'));
    expect(image.width).toBeGreaterThan(0);
    expect(faces.get('32bit.png')?.length).toBe(1);
  });

  it('matches every obama photo with every other', () => {
    for (const a of OBAMA) {
      for (const b of OBAMA) {
        const distance = squaredL2(faces.get(a)![0].embedding, faces.get(b)![0].embedding);
        expect(distance, `${a} vs ${b}`).toBeLessThanOrEqual(threshold);
      }
    }
  });

  it('matches no obama photo with biden.jpg', () => {
    const biden = faces.get('biden.jpg')![0].embedding;
    for (const file of OBAMA) {
      expect(squaredL2(faces.get(file)![0].embedding, biden), file).toBeGreaterThan(threshold);
    }
  });

  it('produces unit-length embeddings', () => {
    const embedding = faces.get('obama.jpg')![0].embedding;
    expect(embedding).toHaveLength(pipeline.dim);
    expect(Math.hypot(...embedding)).toBeCloseTo(1, 5);
  });
});
