// Times one training step of the projection head per kernel backend, and the
// triplet-loss kernel alone, on synthetic 512-d embeddings.
//
//   pnpm --filter @facegate/train build && node packages/train/bench/training-step.mjs [--json]
//
// Runs the built dist/ of @facegate/train and @facegate/kernels. In Node,
// WebGPU runs on whatever Vulkan driver VK_ICD_FILENAMES names; without one,
// SwiftShader from Debian's chromium package is used when present. A software
// adapter's timings do not reflect a GPU's, so the output flags it.

import { existsSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackendUnavailableError, createBackend } from '@facegate/kernels';
import { Adam, ProjectionHead, SeededRandom, gatherRows, selectTriplets, trainingStep } from '@facegate/train';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
const scratch = mkdtempSync(join(tmpdir(), 'facegate-train-bench-'));
process.env.XDG_CACHE_HOME ??= join(scratch, 'cache');
process.env.XDG_CONFIG_HOME ??= join(scratch, 'config');
process.env.XDG_RUNTIME_DIR ??= scratch;

const INPUT_DIM = 512;
const OUTPUT_DIM = 128;
/** Batch shapes: the train-head default, and a larger batch closer to FaceNet's. */
const SHAPES = [
  { name: '16 identities x 4 faces + 16 negatives', identities: 16, faces: 4, negatives: 16 },
  { name: '64 identities x 8 faces', identities: 64, faces: 8, negatives: 0 },
];
const MIN_SECONDS = 1.5;
const MIN_REPEATS = 5;

function syntheticBatch(shape, random) {
  const rows = shape.identities * shape.faces + shape.negatives;
  const inputs = new Float32Array(rows * INPUT_DIM);
  const identities = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    identities[row] = row < shape.identities * shape.faces ? Math.floor(row / shape.faces) : shape.identities + row;
    let norm = 0;
    for (let i = 0; i < INPUT_DIM; i++) {
      const value = random.gaussian();
      inputs[row * INPUT_DIM + i] = value;
      norm += value * value;
    }
    for (let i = 0; i < INPUT_DIM; i++) inputs[row * INPUT_DIM + i] /= Math.sqrt(norm);
  }
  return { inputs, identities, rows };
}

/** Median milliseconds of `run` over at least MIN_REPEATS calls and MIN_SECONDS, after two warm-up calls. */
async function medianMilliseconds(run) {
  await run();
  await run();
  const times = [];
  const started = performance.now();
  while (times.length < MIN_REPEATS || performance.now() - started < MIN_SECONDS * 1000) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], repeats: times.length };
}

function describeBackend(backend) {
  const info = backend.info;
  if (info.backend === 'webgpu') {
    const adapter = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed adapter';
    return `webgpu (${adapter}${info.isFallbackAdapter ? ', SOFTWARE adapter: not a GPU measurement' : ''})`;
  }
  if (info.backend === 'wasm-simd') return `wasm-simd (${info.threads} thread${info.threads === 1 ? '' : 's'})`;
  return 'js';
}

const results = [];
for (const name of ['js', 'wasm-simd', 'webgpu']) {
  let backend;
  try {
    backend = (await createBackend({ backend: name, strict: true })).backend;
  } catch (error) {
    if (!(error instanceof BackendUnavailableError)) throw error;
    console.error(`${name}: unavailable (${error.message})`);
    continue;
  }

  for (const shape of SHAPES) {
    const random = new SeededRandom(1);
    const batch = syntheticBatch(shape, random);
    const head = ProjectionHead.random({ inputDim: INPUT_DIM, outputDim: OUTPUT_DIM, normalise: true }, random.fork(1));
    const optimiser = new Adam([head.weights, head.bias], { learningRate: 3e-4 });
    const options = { selection: 'semi-hard', alpha: 0.2, random: random.fork(2) };

    // The kernel alone, on the triplets that the first step selects.
    const outputs = head.forward(batch.inputs).outputs;
    const selected = selectTriplets(outputs, OUTPUT_DIM, batch.identities, { ...options, random: random.fork(3) });
    const anchors = gatherRows(outputs, OUTPUT_DIM, selected.anchors);
    const positives = gatherRows(outputs, OUTPUT_DIM, selected.positives);
    const negatives = gatherRows(outputs, OUTPUT_DIM, selected.negatives);
    const kernel = await medianMilliseconds(() => backend.tripletLoss(anchors, positives, negatives, OUTPUT_DIM, 0.2));

    const step = await medianMilliseconds(() => trainingStep(head, optimiser, backend, batch.inputs, batch.identities, options));
    results.push({
      backend: describeBackend(backend),
      batch: shape.name,
      rows: batch.rows,
      triplets: selected.anchors.length,
      kernelMs: kernel.median,
      stepMs: step.median,
      repeats: step.repeats,
    });
  }
  backend.dispose();
}

const cpu = cpus();
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ node: process.version, cpus: cpu.length, cpuModel: cpu[0]?.model, results }, null, 2));
} else {
  console.log(`Node ${process.version}, ${cpu.length} logical CPUs (${cpu[0]?.model ?? 'unknown'}), head ${INPUT_DIM} -> ${OUTPUT_DIM}`);
  console.log('| backend | batch | faces | triplets | triplet-loss kernel (ms) | whole step (ms) |');
  console.log('|---|---|---|---|---|---|');
  for (const row of results) {
    console.log(`| ${row.backend} | ${row.batch} | ${row.rows} | ${row.triplets} | ${row.kernelMs.toFixed(3)} | ${row.stepMs.toFixed(2)} |`);
  }
}
// The webgpu package keeps the event loop alive while a device exists.
process.exit(0);
