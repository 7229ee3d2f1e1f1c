import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type IdentificationReport,
  type PairScore,
  type ProbeSearch,
  type VerificationReport,
  evaluateIdentification,
  evaluateVerification,
  squaredL2,
} from '@facegate/core';
import { embedPhotos } from '@facegate/core/node';
import { loadEncoding } from '../encoding.js';
import { createEmptyGallery, enrolTemplate, type IndexChoice } from '../gallery-store.js';
import { COMMON_HELP, COMMON_OPTION_SPECS, UsageError, commonOptions } from '../options.js';
import { printJson, reportFailure } from '../output.js';
import { createPipeline } from '../pipeline.js';
import { readTsv } from '../tsv.js';

export const EVAL_HELP = `Usage: facegate eval --images DIR [--index exact|hnsw|auto] FILE.tsv

Evaluates the pipeline on a protocol file whose image names are relative to DIR.
  pairs file (image_a, image_b, same_person 1/0): ROC AUC, best accuracy and
    its threshold, accuracy at the threshold, TAR at FAR 1e-2 and 1e-3, EER.
  identification file (image, identity, role gallery/probe): rank-1 and rank-5
    accuracy, TPIR and the false-positive identification rate (FPIR) of
    non-mated searches at the threshold, plus the verification figures over
    every probe x gallery pair (use them to calibrate a threshold).
A photo in which no face is found counts as a failed comparison (rejected).

  --images DIR      folder of the images named in FILE.tsv
  --index KIND      gallery index for identification: exact, hnsw or auto (default exact)
  --exclude FILE    leave out identities that appear in this other protocol file
                    (calibrate on identities disjoint from the test pairs)
  --cache FILE      embedding cache; unchanged photos are not embedded again
  --quiet           no progress on stderr
${COMMON_HELP}`;

/** Returns the identity of an image named Person_Name_0001.jpg, as LFW names its files. */
export function identityOfImage(image: string): string {
  return image.replace(/_\d+\.[^.]+$/, '');
}

export async function identitiesIn(path: string): Promise<Set<string>> {
  const { rows } = await readTsv(path);
  const identities = new Set<string>();
  for (const row of rows) {
    if (row.identity) identities.add(row.identity);
    for (const column of ['image', 'image_a', 'image_b']) if (row[column]) identities.add(identityOfImage(row[column]));
  }
  return identities;
}

export async function evalCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...COMMON_OPTION_SPECS,
      images: { type: 'string' },
      index: { type: 'string' },
      exclude: { type: 'string' },
      cache: { type: 'string' },
      quiet: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${EVAL_HELP}\n`);
    return 0;
  }
  if (!values.images) throw new UsageError('--images DIR is required');
  if (positionals.length !== 1) throw new UsageError('give exactly one protocol file (pairs or identification .tsv)');
  const index = (values.index ?? 'exact') as IndexChoice;
  if (!['exact', 'hnsw', 'auto'].includes(index)) throw new UsageError(`--index must be exact, hnsw or auto, got "${index}"`);
  const options = commonOptions(values);
  const protocolPath = positionals[0];
  const { columns, rows: allRows } = await readTsv(protocolPath);
  const excluded = values.exclude ? await identitiesIn(values.exclude) : new Set<string>();

  const isPairs = ['image_a', 'image_b', 'same_person'].every((column) => columns.includes(column));
  const isIdentification = ['image', 'identity', 'role'].every((column) => columns.includes(column));
  if (!isPairs && !isIdentification) {
    throw new UsageError(`${protocolPath}: expected columns image_a, image_b, same_person or image, identity, role; got ${columns.join(', ')}`);
  }
  const rows = allRows.filter((row) =>
    isPairs
      ? !excluded.has(identityOfImage(row.image_a)) && !excluded.has(identityOfImage(row.image_b))
      : !excluded.has(row.identity),
  );

  const images = isPairs ? rows.flatMap((row) => [row.image_a, row.image_b]) : rows.map((row) => row.image);
  const uniqueImages = [...new Set(images)];
  const found = uniqueImages.filter((image) => existsSync(join(values.images as string, image))).length;
  if (uniqueImages.length > 0 && found === 0) {
    throw new UsageError(
      `none of the ${uniqueImages.length} images named in ${protocolPath} is in ${values.images} ` +
        `(looked for ${join(values.images, uniqueImages[0])}); --images must be the folder that contains them`,
    );
  }
  const pipeline = await createPipeline(options);
  const encodingInUse = await loadEncoding(pipeline, options);
  const { threshold } = encodingInUse;
  const encoding = { modelId: encodingInUse.modelId, dim: encodingInUse.dim, ...encodingInUse.head };
  const started = performance.now();
  const embedded = await embedPhotos(
    pipeline,
    uniqueImages.map((image) => join(values.images as string, image)),
    {
      cachePath: values.cache,
      maxPixels: options.maxPixels,
      // Progress overwrites one terminal line; a log gets a line every 500 photos.
      onProgress: values.quiet
        ? undefined
        : (done, total) => {
            if (process.stderr.isTTY) {
              if (done % 100 === 0 || done === total) process.stderr.write(`\rfacegate: embedded ${done}/${total} photos`);
              if (done === total) process.stderr.write('\n');
            } else if (done % 500 === 0 || done === total) {
              process.stderr.write(`facegate: embedded ${done}/${total} photos\n`);
            }
          },
    },
  );
  const embeddings = new Map(
    [...embedded].map(([path, photo]) => [path, photo.embedding ? { ...photo, embedding: encodingInUse.encodeVector(photo.embedding) } : photo]),
  );
  const embeddingOf = (image: string) => embeddings.get(join(values.images as string, image));

  let unreadable = 0;
  let noFace = 0;
  for (const result of embeddings.values()) {
    if (result.error) {
      unreadable++;
      reportFailure(result.path, result.error);
    } else if (!result.embedding) noFace++;
  }
  const photos = { total: uniqueImages.length, noFace, unreadable, seconds: (performance.now() - started) / 1000 };

  if (isPairs) {
    const scores: PairScore[] = rows.map((row) => {
      const a = embeddingOf(row.image_a)?.embedding;
      const b = embeddingOf(row.image_b)?.embedding;
      // 4 is the largest squared L2 between unit vectors: a failed photo never matches.
      return { distance: a && b ? squaredL2(a, b) : 4, same: row.same_person === '1' };
    });
    const report = evaluateVerification(scores, { threshold });
    if (options.json) printJson({ protocol: 'pairs', file: protocolPath, encoding, photos, ...report, roc: undefined });
    else {
      if (encodingInUse.head) process.stdout.write(`encoding: ${encoding.modelId} (${encoding.dim}-d)\n`);
      printVerification(report, photos, scores.length);
    }
    return unreadable > 0 ? 1 : 0;
  }

  const galleryRows = rows.filter((row) => row.role === 'gallery');
  const probeRows = rows.filter((row) => row.role === 'probe');
  const gallery = await createEmptyGallery(encodingInUse, index, options.backend);
  for (const row of galleryRows) {
    const embedding = embeddingOf(row.image)?.embedding;
    if (embedding) await enrolTemplate(gallery, row.identity, embedding);
  }

  const searched = probeRows.filter((row) => embeddingOf(row.image)?.embedding);
  const queries = new Float32Array(searched.length * encoding.dim);
  searched.forEach((row, i) => queries.set(embeddingOf(row.image)?.embedding as Float32Array, i * encoding.dim));
  // Six candidates: rank-5 needs five, and the non-mated rate needs the best other identity.
  const candidates = searched.length > 0 ? await gallery.search(queries, 6) : [];
  const searches: ProbeSearch[] = probeRows.map((row) => {
    const index = searched.indexOf(row);
    return { identity: row.identity, candidates: index >= 0 ? candidates[index] : [] };
  });
  const report = evaluateIdentification(searches, threshold);

  // Every probe x gallery pair, for threshold calibration on this protocol.
  const pairScores: PairScore[] = [];
  for (const probe of searched) {
    const probeEmbedding = embeddingOf(probe.image)?.embedding as Float32Array;
    for (const row of galleryRows) {
      const galleryEmbedding = embeddingOf(row.image)?.embedding;
      if (galleryEmbedding) pairScores.push({ distance: squaredL2(probeEmbedding, galleryEmbedding), same: row.identity === probe.identity });
    }
  }
  const verification = evaluateVerification(pairScores, { threshold });
  const indexKind = gallery.indexKind;
  const identityCount = gallery.count;
  await gallery.dispose();

  if (options.json) {
    printJson({
      protocol: 'identification',
      file: protocolPath,
      index: indexKind,
      encoding,
      galleryIdentities: identityCount,
      photos,
      ...report,
      verification: { ...verification, roc: undefined },
    });
  } else {
    if (encodingInUse.head) process.stdout.write(`encoding: ${encoding.modelId} (${encoding.dim}-d)\n`);
    printIdentification(report, photos, identityCount, indexKind);
    process.stdout.write('verification over every probe x gallery pair:\n');
    printVerification(verification, undefined, pairScores.length);
  }
  return unreadable > 0 ? 1 : 0;
}

interface PhotoCounts {
  total: number;
  noFace: number;
  unreadable: number;
  seconds: number;
}

const percent = (value: number) => `${(100 * value).toFixed(2)} %`;

function printPhotos(photos: PhotoCounts): void {
  process.stdout.write(
    `photos: ${photos.total} (${photos.noFace} without a detected face, ${photos.unreadable} unreadable), ${photos.seconds.toFixed(1)} s\n`,
  );
}

function printVerification(report: VerificationReport, photos: PhotoCounts | undefined, pairs: number): void {
  if (photos) printPhotos(photos);
  const lines = [
    `pairs: ${pairs} (${report.positives} same, ${report.negatives} different)`,
    `AUC: ${report.auc.toFixed(4)}`,
    `best accuracy: ${percent(report.bestAccuracy)} at threshold ${report.bestThreshold.toFixed(4)}`,
  ];
  if (report.atThreshold) {
    const at = report.atThreshold;
    lines.push(`at threshold ${at.threshold.toFixed(4)}: accuracy ${percent(at.accuracy)}, TAR ${percent(at.tar)}, FAR ${percent(at.far)}`);
  }
  for (const point of report.tarAtFar) {
    // With N different-person pairs the smallest non-zero FAR is 1/N; below it the figure means "no false accept".
    const resolution = point.farTarget < 1 / report.negatives ? ` (FAR below 1/${report.negatives} is not resolved: no false accept at all)` : '';
    lines.push(`TAR@FAR ${point.farTarget}: ${percent(point.tar)} (threshold ${point.threshold.toFixed(4)})${resolution}`);
  }
  lines.push(`EER: ${percent(report.eer)} at threshold ${report.eerThreshold.toFixed(4)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function printIdentification(report: IdentificationReport, photos: PhotoCounts, identities: number, indexKind: string): void {
  printPhotos(photos);
  process.stdout.write(
    [
      `gallery: ${identities} identities (${indexKind} index), probes: ${report.probes}`,
      `rank-1: ${percent(report.rank1)}`,
      `rank-5: ${percent(report.rank5)}`,
      `at threshold ${report.threshold.toFixed(4)}: TPIR ${percent(report.tpir)}, FPIR (non-mated) ${percent(report.fpir)}`,
    ].join('\n') + '\n',
  );
}
