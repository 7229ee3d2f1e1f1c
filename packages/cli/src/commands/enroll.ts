import { parseArgs } from 'node:util';
import { FaceCountError } from '@facegate/core';
import { COMMON_HELP, COMMON_OPTION_SPECS, UsageError, commonOptions } from '../options.js';
import { csvLine, printJson, reportFailure } from '../output.js';
import { analysePhoto, isFailure } from '@facegate/core/node';
import { collectEnrolmentPhotos } from '../photos.js';
import { loadEncoding } from '../encoding.js';
import { createPipeline } from '../pipeline.js';
import { enrolTemplate, openGallery, saveGallery } from '../gallery-store.js';

export const ENROLL_HELP = `Usage: facegate enroll --gallery FILE PATH...

Enrols faces into a gallery file (created when missing). Each PATH is an image
named after its person (andrew.jpg enrols "andrew") or a folder with one
sub-folder per person. Enrolling a name again adds another template. A photo
must contain exactly one face; photos that fail are reported on stderr and
skipped, and the exit status is 1.

  --gallery FILE    gallery file to create or extend
${COMMON_HELP}`;

interface EnrolledPhoto {
  path: string;
  identity: string;
  status: 'enrolled' | 'failed';
  error?: string;
}

export async function enrollCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...COMMON_OPTION_SPECS, gallery: { type: 'string' } },
  });
  if (values.help) {
    process.stdout.write(`${ENROLL_HELP}\n`);
    return 0;
  }
  if (!values.gallery) throw new UsageError('--gallery FILE is required');
  if (positionals.length === 0) throw new UsageError('give at least one image or folder to enrol');
  const options = commonOptions(values);

  const photos = await collectEnrolmentPhotos(positionals);
  const pipeline = await createPipeline(options);
  const encoding = await loadEncoding(pipeline, options);
  const gallery = await openGallery(values.gallery, encoding, { createIfMissing: true, backend: options.backend });
  const results: EnrolledPhoto[] = [];

  for (const photo of photos) {
    const analysed = await analysePhoto(pipeline, photo.path, options.maxPixels);
    let problem: Error | undefined;
    if (isFailure(analysed)) problem = analysed.error;
    else if (analysed.faces.length !== 1) problem = new FaceCountError(photo.path, analysed.faces.length);

    if (problem || isFailure(analysed)) {
      reportFailure(photo.path, problem as Error);
      results.push({ ...photo, status: 'failed', error: (problem as Error).message });
      continue;
    }
    await enrolTemplate(gallery, photo.identity, encoding.encodeVector(analysed.faces[0].embedding));
    results.push({ ...photo, status: 'enrolled' });
  }

  if (results.some((result) => result.status === 'enrolled')) await saveGallery(gallery, values.gallery);

  if (options.json) {
    printJson({ gallery: values.gallery, identities: gallery.count, templates: gallery.templateCount, photos: results });
  } else {
    for (const result of results) process.stdout.write(`${csvLine([result.path, result.identity, result.status])}\n`);
    process.stderr.write(`facegate: ${values.gallery}: ${gallery.count} identities, ${gallery.templateCount} templates\n`);
  }
  return results.some((result) => result.status === 'failed') ? 1 : 0;
}
