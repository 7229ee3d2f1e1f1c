import { stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { type PairScore, evaluateVerification, squaredL2 } from '@facegate/core';
import { embedPhotos } from '@facegate/core/node';
import { type BackendName, createBackend } from '@facegate/kernels';
import {
  DEFAULT_TRAINING_SETTINGS,
  type EpochRecord,
  HEAD_INITIALISATIONS,
  type HeadInitialisation,
  type HeadThreshold,
  NEGATIVE_SELECTIONS,
  type NegativeSelection,
  type TrainingSettings,
  SeededRandom,
  headModelId,
  isValidHeadName,
  renderLossChart,
  trainProjectionHead,
} from '@facegate/train';
import { writeHeadFile } from '@facegate/train/node';
import { COMMON_OPTION_SPECS, UsageError, commonOptions, parseNumber } from '../options.js';
import { printJson, reportFailure } from '../output.js';
import { collectEnrolmentPhotos, imageFiles, subFolders } from '../photos.js';
import { createPipeline } from '../pipeline.js';
import { readTsv } from '../tsv.js';
import { identitiesIn, identityOfImage } from './eval.js';

const defaults = DEFAULT_TRAINING_SETTINGS;

export const TRAIN_HEAD_HELP = `Usage: facegate train-head --out FILE [options] FOLDER
       facegate train-head --out FILE --images DIR [options] FILE.tsv

Trains a projection head from the embedder's output to a compact encoding
(128-d by default) with the FaceNet triplet loss, and writes it as a head file
for 'facegate eval --head FILE'. Each mini-batch holds several identities with
several faces each; every anchor-positive pair is used, with a semi-hard
negative (farther than the positive but within the margin) or, with
--selection hard, the nearest negative. Training is repeatable: the same
faces, options and --seed give the same loss curve and the same file.

Training faces:
  FOLDER            one sub-folder per person, or image files named
                    Person_Name_NNNN.jpg (the identity is the name before _NNNN)
  FILE.tsv          a pairs file (image_a, image_b, same_person) or an
                    identification file (image, identity, role) whose image
                    names are relative to --images DIR

  --out FILE        head file to write (required)
  --name NAME       head name; galleries record vectors of this head under the
                    model id <embedder id>+head-NAME (default: FILE without extension)
  --chart FILE      loss curve and active-triplet fraction per epoch as SVG
                    (default: FILE with the extension .svg)
  --images DIR      folder of the images named in FILE.tsv
  --exclude FILE    leave out identities that appear in this protocol file, so
                    that evaluation identities stay unseen
  --cache FILE      embedding cache; unchanged photos are not embedded again
  --backend NAME    kernels for the triplet loss and its gradients: js, wasm-simd
                    or webgpu (default wasm-simd)
  --dim N           output dimension (default ${defaults.outputDim})
  --linear          plain linear head, without L2 normalisation of its output
  --init KIND       starting weights: pca (top principal components of the
                    training embeddings) or random (default ${defaults.init})
  --alpha A         triplet margin in squared L2 units (default ${defaults.alpha})
  --selection S     negatives: semi-hard or hard (default ${defaults.selection})
  --epochs N        passes over the identities (default ${defaults.epochs}); 0 writes
                    the initial head without triplet training, for comparison
  --identities-per-batch N
                    identities with two or more faces per batch (default ${defaults.identitiesPerBatch})
  --faces-per-identity N
                    faces drawn from each of them per batch (default ${defaults.facesPerIdentity})
  --negatives-per-batch N
                    single-face identities added to each batch as negatives (default ${defaults.negativeIdentitiesPerBatch})
  --learning-rate R Adam step size (default ${defaults.learningRate})
  --seed N          seed of the initial weights, batches and negative draws (default ${defaults.seed})
  --far F           false accept rate at which the head's threshold is
                    calibrated over every pair of training faces (default 0.001)
  --quiet           no progress on stderr
  --json            print machine-readable JSON instead of text
  --threads N       WASM threads for inference (default: logical cores, at most 4)
  --max-pixels N    reject images larger than N pixels (default 50000000)`;

const TRAINING_BACKENDS: readonly BackendName[] = ['js', 'wasm-simd', 'webgpu'];

/** At most about 2 million pairs calibrate the threshold; more would take gigabytes of pair records. */
const MAX_CALIBRATION_FACES = 2000;

/** A training photo and the identity it shows. */
interface LabelledPhoto {
  readonly identity: string;
  readonly path: string;
}

export async function trainHeadCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...COMMON_OPTION_SPECS,
      out: { type: 'string' },
      name: { type: 'string' },
      chart: { type: 'string' },
      images: { type: 'string' },
      exclude: { type: 'string' },
      cache: { type: 'string' },
      dim: { type: 'string' },
      linear: { type: 'boolean' },
      init: { type: 'string' },
      alpha: { type: 'string' },
      selection: { type: 'string' },
      epochs: { type: 'string' },
      'identities-per-batch': { type: 'string' },
      'faces-per-identity': { type: 'string' },
      'negatives-per-batch': { type: 'string' },
      'learning-rate': { type: 'string' },
      seed: { type: 'string' },
      far: { type: 'string' },
      quiet: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${TRAIN_HEAD_HELP}\n`);
    return 0;
  }
  if (!values.out) throw new UsageError('--out FILE is required');
  if (positionals.length !== 1) throw new UsageError('give exactly one training source: a folder of faces or a protocol .tsv file');
  if (values.threshold !== undefined) throw new UsageError('--threshold does not apply to train-head, because the head calibrates its own threshold (see --far)');

  const backendName = (values.backend ?? 'wasm-simd') as BackendName;
  if (!TRAINING_BACKENDS.includes(backendName)) {
    throw new UsageError(`--backend must be one of ${TRAINING_BACKENDS.join(', ')}, got "${backendName}"`);
  }
  const options = commonOptions({ ...values, backend: undefined });
  const settings = trainingSettings(values);
  const farTarget = parseNumber(values.far, 'far', (n) => n > 0 && n < 1, 'a rate between 0 and 1') ?? 0.001;
  const name = values.name ?? basename(values.out, extname(values.out));
  if (!isValidHeadName(name)) {
    throw new UsageError(`head name "${name}" is invalid: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (set it with --name)`);
  }
  const chartPath = values.chart ?? join(dirname(values.out), `${basename(values.out, extname(values.out))}.svg`);
  const progress = values.quiet || options.json ? undefined : (line: string) => process.stderr.write(`${line}\n`);

  // Collect and embed the training faces.
  const source = positionals[0];
  const excluded = values.exclude ? await identitiesIn(values.exclude) : new Set<string>();
  const photos = (await collectLabelledPhotos(source, values.images)).filter((photo) => !excluded.has(photo.identity));
  if (photos.length === 0) throw new UsageError(`${source}: no training photos left${values.exclude ? ` after excluding the identities of ${values.exclude}` : ''}`);

  const pipeline = await createPipeline(options);
  const embeddings = await embedPhotos(
    pipeline,
    photos.map((photo) => photo.path),
    {
      cachePath: values.cache,
      maxPixels: options.maxPixels,
      // Progress overwrites one terminal line, so it goes to terminals only.
      onProgress:
        !progress || !process.stderr.isTTY
          ? undefined
          : (done, total) => {
              if (done % 50 === 0 || done === total) process.stderr.write(`\rfacegate: embedded ${done}/${total} photos`);
              if (done === total) process.stderr.write('\n');
            },
    },
  );
  const faces: { identity: string; embedding: Float32Array }[] = [];
  let noFace = 0;
  let unreadable = 0;
  for (const photo of photos) {
    const result = embeddings.get(photo.path);
    if (result?.error) {
      unreadable++;
      reportFailure(photo.path, result.error);
    } else if (result?.embedding) faces.push({ identity: photo.identity, embedding: result.embedding });
    else noFace++;
  }
  const identityCount = new Set(faces.map((face) => face.identity)).size;
  progress?.(
    `facegate: training on ${faces.length} faces of ${identityCount} identities (${noFace} photos without a detected face, ${unreadable} unreadable)`,
  );

  const inputDim = pipeline.dim;
  const matrix = new Float32Array(faces.length * inputDim);
  faces.forEach((face, row) => matrix.set(face.embedding, row * inputDim));
  const labels = faces.map((face) => face.identity);

  // Train with the loss and gradients from the chosen kernels.
  const { backend } = await createBackend({ backend: backendName, strict: true });
  let result;
  try {
    result = await trainProjectionHead(
      { embeddings: matrix, inputDim, labels },
      {
        backend,
        settings,
        onEpoch: (record) => progress?.(formatEpoch(record, settings.epochs)),
      },
    );
  } finally {
    backend.dispose();
  }

  // Calibrate the head's threshold, and the embedder's on the same pairs for comparison.
  const calibrationRows = calibrationSample(faces.length, settings.seed);
  const headThreshold = thresholdAtFar(result.head.forward(matrix).outputs, result.head.outputDim, labels, calibrationRows, farTarget);
  const embedderThreshold = thresholdAtFar(matrix, inputDim, labels, calibrationRows, farTarget);
  const calibrationFaces =
    calibrationRows.length === faces.length ? `the ${faces.length} training faces` : `${calibrationRows.length} of the ${faces.length} training faces, drawn with the training seed`;
  const threshold: HeadThreshold = {
    metric: 'squaredL2',
    value: round(headThreshold.threshold, 4),
    calibration:
      `Threshold at FAR ${farTarget} over every pair of ${calibrationFaces} ` +
      `(${headThreshold.positives} same-person and ${headThreshold.negatives} different-person pairs). ` +
      'The head was trained on these faces, so the FAR on unseen identities may be higher.',
  };

  const first = result.history.at(0);
  const last = result.history.at(-1);
  const epochSummary = (record: EpochRecord) => ({ loss: round(record.loss, 6), activeFraction: round(record.activeFraction, 4) });
  const dataDescription =
    `${faces.length} faces of ${identityCount} identities from ${describeSource(source, values.images)}` +
    (values.exclude ? `, identities of ${basename(values.exclude)} excluded` : '');
  const written = await writeHeadFile(values.out, result.head, {
    name,
    sourceModelId: pipeline.modelId,
    threshold,
    training: {
      data: dataDescription,
      identities: result.identities,
      identitiesWithPairs: result.identitiesWithPairs,
      faces: result.faces,
      init: settings.init,
      seed: settings.seed,
      alpha: settings.alpha,
      selection: settings.selection,
      epochs: settings.epochs,
      identitiesPerBatch: settings.identitiesPerBatch,
      facesPerIdentity: settings.facesPerIdentity,
      negativeIdentitiesPerBatch: settings.negativeIdentitiesPerBatch,
      learningRate: settings.learningRate,
      backend: result.backend,
      ...(first && last ? { firstEpoch: epochSummary(first), lastEpoch: epochSummary(last) } : {}),
    },
  });
  const title = `Triplet loss of head ${name} (${inputDim} -> ${result.head.outputDim}, ${result.backend}, seed ${settings.seed})`;
  await writeFile(chartPath, renderLossChart([{ label: `${result.backend}, seed ${settings.seed}`, history: result.history }], title));

  const modelId = headModelId({ name, sourceModelId: pipeline.modelId });
  // Galleries of this head are stored under this id (see encoding.ts).
  const galleryModelId = `${modelId}@${written.sha256.slice(0, 12)}`;
  if (options.json) {
    printJson({
      head: values.out,
      modelId,
      galleryModelId,
      sha256: written.sha256,
      bytes: written.bytes,
      chart: chartPath,
      inputDim,
      outputDim: result.head.outputDim,
      normalise: result.head.normalise,
      backend: result.backend,
      settings,
      data: { description: dataDescription, faces: faces.length, identities: identityCount, identitiesWithPairs: result.identitiesWithPairs, noFace, unreadable },
      threshold: { ...threshold, embedderOnSamePairs: round(embedderThreshold.threshold, 4) },
      history: result.history,
    });
  } else {
    process.stdout.write(
      [
        `head: ${values.out} (${written.bytes} bytes, sha256 ${written.sha256})`,
        `model id: ${modelId}, galleries: ${galleryModelId} (${inputDim} -> ${result.head.outputDim}${result.head.normalise ? ', L2-normalised' : ', linear'})`,
        first && last
          ? `loss: ${first.loss.toFixed(5)} -> ${last.loss.toFixed(5)}, active triplets ${percent(first.activeFraction)} -> ${percent(last.activeFraction)}`
          : `loss: no epochs run, so the head is its ${settings.init} initialisation`,
        `threshold at FAR ${farTarget} on the training pairs: ${threshold.value.toFixed(4)} (the ${inputDim}-d embedding on the same pairs: ${embedderThreshold.threshold.toFixed(4)})`,
        `chart: ${chartPath}`,
      ].join('\n') + '\n',
    );
  }
  return unreadable > 0 ? 1 : 0;
}

function trainingSettings(values: Record<string, string | boolean | undefined>): TrainingSettings {
  const integer = (option: string, minimum: number) =>
    parseNumber(values[option] as string | undefined, option, (n) => Number.isInteger(n) && n >= minimum, `a whole number >= ${minimum}`);
  const init = (values.init as string | undefined) ?? defaults.init;
  if (!HEAD_INITIALISATIONS.includes(init as HeadInitialisation)) {
    throw new UsageError(`--init must be ${HEAD_INITIALISATIONS.join(' or ')}, got "${init}"`);
  }
  const selection = (values.selection as string | undefined) ?? defaults.selection;
  if (!NEGATIVE_SELECTIONS.includes(selection as NegativeSelection)) {
    throw new UsageError(`--selection must be ${NEGATIVE_SELECTIONS.join(' or ')}, got "${selection}"`);
  }
  return {
    outputDim: integer('dim', 1) ?? defaults.outputDim,
    normalise: !values.linear,
    init: init as HeadInitialisation,
    alpha: parseNumber(values.alpha as string | undefined, 'alpha', (n) => n > 0 && n <= 4, 'a margin between 0 and 4') ?? defaults.alpha,
    selection: selection as NegativeSelection,
    epochs: integer('epochs', 0) ?? defaults.epochs,
    identitiesPerBatch: integer('identities-per-batch', 2) ?? defaults.identitiesPerBatch,
    facesPerIdentity: integer('faces-per-identity', 2) ?? defaults.facesPerIdentity,
    negativeIdentitiesPerBatch: integer('negatives-per-batch', 0) ?? defaults.negativeIdentitiesPerBatch,
    learningRate: parseNumber(values['learning-rate'] as string | undefined, 'learning-rate', (n) => n > 0 && n < 1, 'a step size between 0 and 1') ?? defaults.learningRate,
    seed: parseNumber(values.seed as string | undefined, 'seed', (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, 'a whole number from 0 to 4294967295') ?? defaults.seed,
  };
}

/** Lists training photos with their identities from a folder or a protocol file, sorted for a repeatable order. */
async function collectLabelledPhotos(source: string, imagesFolder: string | undefined): Promise<LabelledPhoto[]> {
  const info = await stat(source).catch(() => undefined);
  if (!info) throw new UsageError(`${source}: not found. Give a folder of faces or a protocol .tsv file`);

  if (info.isDirectory()) {
    if (imagesFolder) throw new UsageError('--images applies to a protocol file; a folder argument names its images itself');
    if ((await subFolders(source)).length > 0) return [...(await collectEnrolmentPhotos([source]))];

    const files = await imageFiles(source);
    if (files.length === 0) throw new UsageError(`${source}: no sub-folders and no images. Expected one sub-folder per person or files named Person_Name_NNNN.jpg`);
    return files
      .map((file) => {
        const identity = identityOfImage(file);
        if (identity === file) {
          throw new UsageError(`${join(source, file)}: file name has no _NNNN suffix, so its identity is unknown. Name files Person_Name_NNNN.jpg or use one sub-folder per person`);
        }
        return { identity, path: join(source, file) };
      })
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  if (!imagesFolder) throw new UsageError('--images DIR is required with a protocol file');
  const { columns, rows } = await readTsv(source);
  if (['image', 'identity'].every((column) => columns.includes(column))) {
    const unique = new Map(rows.map((row) => [row.image, row.identity]));
    return [...unique].map(([image, identity]) => ({ identity, path: join(imagesFolder, image) }));
  }
  if (['image_a', 'image_b'].every((column) => columns.includes(column))) {
    const images = [...new Set(rows.flatMap((row) => [row.image_a, row.image_b]))];
    return images.map((image) => ({ identity: identityOfImage(image), path: join(imagesFolder, image) }));
  }
  throw new UsageError(`${source}: expected columns image, identity (identification) or image_a, image_b (pairs), got ${columns.join(', ')}`);
}

/**
 * Faces whose pairs calibrate the threshold: all of them up to
 * MAX_CALIBRATION_FACES, else a seeded random subset, because the pair count
 * grows with the square of the faces.
 */
function calibrationSample(faces: number, seed: number): number[] {
  const rows = Array.from({ length: faces }, (_, row) => row);
  if (faces <= MAX_CALIBRATION_FACES) return rows;
  return new SeededRandom(seed).shuffle(rows).slice(0, MAX_CALIBRATION_FACES).sort((a, b) => a - b);
}

/** Returns the threshold at a target FAR over every pair of the given rows, with the pair counts. */
function thresholdAtFar(vectors: Float32Array, dim: number, labels: readonly string[], rows: readonly number[], farTarget: number) {
  const scores: PairScore[] = [];
  const row = (index: number) => vectors.subarray(index * dim, (index + 1) * dim);
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      scores.push({ distance: squaredL2(row(rows[i]), row(rows[j])), same: labels[rows[i]] === labels[rows[j]] });
    }
  }
  const report = evaluateVerification(scores, { farTargets: [farTarget] });
  return { threshold: report.tarAtFar[0].threshold, positives: report.positives, negatives: report.negatives };
}

function formatEpoch(record: EpochRecord, epochs: number): string {
  const width = String(epochs).length;
  return (
    `epoch ${String(record.epoch).padStart(width)}/${epochs}: loss ${record.loss.toFixed(5)}, ` +
    `active triplets ${percent(record.activeFraction)} (${record.activeTriplets} of ${record.triplets}), ${record.seconds.toFixed(2)} s`
  );
}

function describeSource(source: string, imagesFolder: string | undefined): string {
  const named = (path: string) => `${basename(dirname(path))}/${basename(path)}`;
  return imagesFolder ? `${named(source)} (images in ${named(imagesFolder)})` : named(source);
}

const percent = (value: number) => `${(100 * value).toFixed(1)} %`;

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
