import { parseArgs } from 'node:util';
import { identify } from '@facegate/core';
import { COMMON_HELP, COMMON_OPTION_SPECS, UsageError, commonOptions, parseNumber } from '../options.js';
import { csvLine, formatDistance } from '../output.js';
import { compareProbes } from '../probe-batch.js';
import { loadEncoding } from '../encoding.js';
import { createPipeline } from '../pipeline.js';
import { openGallery } from '../gallery-store.js';

export const IDENTIFY_HELP = `Usage: facegate identify --gallery FILE [-k K] PHOTO...

1:K identification of every face in each photo. Prints one line per face:
file,identity,distance with 'unknown' when no one is within the threshold and
file,no_face, for a photo without faces. With -k K above 1 a fourth column
lists the K closest identities as name:distance separated by '|'. Photos that
cannot be read are reported on stderr and the exit status is 1.

  --gallery FILE    gallery file made by 'facegate enroll'
  -k K              candidate identities per face (default 1)
${COMMON_HELP}`;

export async function identifyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...COMMON_OPTION_SPECS, gallery: { type: 'string' }, k: { type: 'string', short: 'k' } },
  });
  if (values.help) {
    process.stdout.write(`${IDENTIFY_HELP}\n`);
    return 0;
  }
  if (!values.gallery) throw new UsageError('--gallery FILE is required');
  if (positionals.length === 0) throw new UsageError('give at least one photo to identify');
  const options = commonOptions(values);
  const k = parseNumber(values.k, 'k', (n) => Number.isInteger(n) && n >= 1, 'a whole number >= 1') ?? 1;

  const pipeline = await createPipeline(options);
  const encoding = await loadEncoding(pipeline, options);
  const gallery = await openGallery(values.gallery, encoding, { createIfMissing: false, backend: options.backend });

  return compareProbes(
    pipeline,
    encoding,
    positionals,
    options,
    (faces) => identify(faces, gallery, encoding.modelId, { threshold: encoding.threshold, k }),
    (result, path) => {
      if (result.faces.length === 0) {
        process.stdout.write(`${csvLine([path, 'no_face', ''])}\n`);
        return;
      }
      for (const face of result.faces) {
        const cells = [path, face.identity, face.distance];
        if (k > 1) cells.push(face.candidates.map((candidate) => `${candidate.label}:${formatDistance(candidate.distance)}`).join('|'));
        process.stdout.write(`${csvLine(cells)}\n`);
      }
    },
  );
}
