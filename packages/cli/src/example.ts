import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultThreshold, identify } from '@facegate/core';
import { readImageFile } from '@facegate/core/node';
import { writeAnnotatedCopy } from './annotate.js';
import { loadEncoding } from './encoding.js';
import { createEmptyGallery } from './gallery-store.js';
import { formatDistance } from './output.js';
import { createPipeline } from './pipeline.js';

// The main job on photos that ship with the install: the six MIT-licensed
// group photos in @vladmandic/face-api's demo/ folder. Every face of the
// first photo is enrolled as person-1, person-2, ... (left to right), then
// every face of the other photos is identified against them.
const { values } = parseArgs({
  options: { out: { type: 'string' }, threads: { type: 'string' } },
});
const outputFolder = resolve(values.out ?? 'facegate-example');
const require = createRequire(import.meta.url);
const demoFolder = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');
const photos = [1, 2, 3, 4, 5, 6].map((n) => join(demoFolder, `sample${n}.jpg`));
const threshold = defaultThreshold();

const pipeline = await createPipeline({ threads: values.threads ? Number(values.threads) : undefined });
const gallery = await createEmptyGallery(await loadEncoding(pipeline, {}), 'exact');
await mkdir(outputFolder, { recursive: true });

const enrolmentPhoto = photos[0];
const enrolmentFaces = (await pipeline.analyse(await readImageFile(enrolmentPhoto), enrolmentPhoto)).sort((a, b) => a.box.x1 - b.box.x1);
const enrolled = [];
for (const [index, face] of enrolmentFaces.entries()) {
  const label = `person-${index + 1}`;
  await gallery.enrol(label, face.embedding);
  enrolled.push({ box: face.box, text: label, known: true });
}
await writeAnnotatedCopy(enrolmentPhoto, join(outputFolder, basename(enrolmentPhoto)), enrolled);
console.log(`${basename(enrolmentPhoto)}: enrolled ${enrolmentFaces.length} faces as person-1 ... person-${enrolmentFaces.length}`);
console.log(`threshold: squared L2 ${threshold} (model ${pipeline.modelId})`);

for (const photo of photos.slice(1)) {
  const faces = await pipeline.analyse(await readImageFile(photo), photo);
  const result = await identify(faces, gallery, pipeline.modelId, { threshold });
  const labels = result.faces.map((face) => ({
    box: face.box,
    text: face.identity === 'unknown' ? 'unknown' : `${face.identity} ${formatDistance(face.distance as number)}`,
    known: face.identity !== 'unknown',
  }));
  await writeAnnotatedCopy(photo, join(outputFolder, basename(photo)), labels);

  const found = result.faces.filter((face) => face.identity !== 'unknown');
  const summary = found.map((face) => `${face.identity} (${formatDistance(face.distance as number)})`).join(', ');
  console.log(`${basename(photo)}: ${faces.length} faces, recognised ${found.length}${found.length ? `: ${summary}` : ''}`);
}
await gallery.dispose();
console.log(`annotated copies: ${outputFolder}`);
