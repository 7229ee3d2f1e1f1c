import { parseArgs } from 'node:util';
import { verify } from '@facegate/core';
import { COMMON_HELP, COMMON_OPTION_SPECS, UsageError, commonOptions } from '../options.js';
import { csvLine } from '../output.js';
import { compareProbes } from '../probe-batch.js';
import { loadEncoding } from '../encoding.js';
import { createPipeline } from '../pipeline.js';
import { openGallery } from '../gallery-store.js';

export const VERIFY_HELP = `Usage: facegate verify --gallery FILE --as NAME PHOTO...

1:1 verification: is the largest face in each PHOTO the claimed person?
Prints one line per photo: photo,claimed,distance,threshold,decision where the
decision is accept, reject or no_face. Photos that cannot be read are
reported on stderr and the exit status is 1.

  --gallery FILE    gallery file made by 'facegate enroll'
  --as NAME         claimed identity
${COMMON_HELP}`;

export async function verifyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...COMMON_OPTION_SPECS, gallery: { type: 'string' }, as: { type: 'string' } },
  });
  if (values.help) {
    process.stdout.write(`${VERIFY_HELP}\n`);
    return 0;
  }
  if (!values.gallery) throw new UsageError('--gallery FILE is required');
  if (!values.as) throw new UsageError('--as NAME (the claimed identity) is required');
  if (positionals.length === 0) throw new UsageError('give at least one photo to verify');
  const options = commonOptions(values);

  const pipeline = await createPipeline(options);
  const encoding = await loadEncoding(pipeline, options);
  const gallery = await openGallery(values.gallery, encoding, { createIfMissing: false, backend: options.backend });
  if (!gallery.has(values.as)) {
    const typed = values.as.toLowerCase();
    const similar = gallery.labels().filter((label) => label.toLowerCase().includes(typed) || typed.includes(label.toLowerCase()));
    const suggestion = similar.length > 0 ? `did you mean ${similar.slice(0, 3).map((label) => `"${label}"`).join(' or ')}? ` : '';
    throw new UsageError(
      `identity "${values.as}" is not enrolled in ${values.gallery} (names are case-sensitive); ${suggestion}` +
        `'facegate list --gallery ${values.gallery}' lists the enrolled names`,
    );
  }

  const claimed = values.as;
  return compareProbes(
    pipeline,
    encoding,
    positionals,
    options,
    (faces) => verify(faces, claimed, gallery, encoding.modelId, { threshold: encoding.threshold }),
    (result, path) => {
      const decision = result.decision === 'no-face' ? 'no_face' : result.decision;
      process.stdout.write(`${csvLine([path, claimed, result.distance, result.threshold, decision])}\n`);
    },
  );
}
