import { parseArgs } from 'node:util';
import { verify } from '@facegate/core';
import { COMMON_HELP, COMMON_OPTION_SPECS, UsageError, commonOptions } from '../options.js';
import { csvLine, printJson, reportFailure } from '../output.js';
import { analysePhoto, isFailure } from '@facegate/core/node';
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
    const claimed = values.as.toLowerCase();
    const similar = gallery.labels().filter((label) => label.toLowerCase().includes(claimed) || claimed.includes(label.toLowerCase()));
    const suggestion = similar.length > 0 ? `did you mean ${similar.slice(0, 3).map((label) => `"${label}"`).join(' or ')}? ` : '';
    throw new UsageError(
      `identity "${values.as}" is not enrolled in ${values.gallery} (names are case-sensitive); ${suggestion}` +
        `'facegate list --gallery ${values.gallery}' lists the enrolled names`,
    );
  }

  let failed = false;
  const results = [];
  for (const path of positionals) {
    const analysed = await analysePhoto(pipeline, path, options.maxPixels);
    if (isFailure(analysed)) {
      reportFailure(path, analysed.error);
      failed = true;
      results.push({ photo: path, error: analysed.error.message });
      continue;
    }
    const faces = encoding.encode(analysed.faces);
    const result = await verify(faces, values.as, gallery, encoding.modelId, { threshold: encoding.threshold });
    results.push({ photo: path, ...result });
    if (!options.json) {
      const decision = result.decision === 'no-face' ? 'no_face' : result.decision;
      process.stdout.write(`${csvLine([path, values.as, result.distance, result.threshold, decision])}\n`);
    }
  }
  if (options.json) printJson(results);
  return failed ? 1 : 0;
}
