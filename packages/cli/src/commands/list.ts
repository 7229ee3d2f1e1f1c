import { parseArgs } from 'node:util';
import { Gallery } from '@facegate/index/node';
import { UsageError } from '../options.js';
import { csvLine, printJson } from '../output.js';

export const LIST_HELP = `Usage: facegate list --gallery FILE [--json]

Lists the identities of a gallery file, one line per identity:
identity,templates. The header line on stderr names the encoding (model id),
the dimension and the counts.

  --gallery FILE    gallery file made by 'facegate enroll'
  --json            print machine-readable JSON instead of text`;

export async function listCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { gallery: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${LIST_HELP}\n`);
    return 0;
  }
  if (!values.gallery) throw new UsageError('--gallery FILE is required');

  // Listing needs no search, so the exact index on the js kernels avoids starting any backend.
  const gallery = await Gallery.open(values.gallery, { backend: 'js', index: 'exact' });
  const identities = gallery.labels().map((label) => ({ identity: label, templates: gallery.templates(label).length }));
  if (values.json) {
    printJson({ gallery: values.gallery, modelId: gallery.modelId, dim: gallery.dim, templateCount: gallery.templateCount, identities });
  } else {
    for (const { identity, templates } of identities) process.stdout.write(`${csvLine([identity, String(templates)])}\n`);
    process.stderr.write(
      `facegate: ${values.gallery}: ${gallery.modelId} (${gallery.dim}-d), ${gallery.count} identities, ${gallery.templateCount} templates\n`,
    );
  }
  await gallery.dispose();
  return 0;
}
