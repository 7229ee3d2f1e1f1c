// Verifies the source model files named in manifest.json against their sha256
// and writes the files the library loads into dist/. The embedder is rewritten
// with a symbolic batch dimension so faces can be embedded in batches.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(join(here, 'manifest.json'), 'utf8'));
const outDir = join(here, 'dist');

function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

function readSource(model) {
  const packageJson = require.resolve(`${model.source.package}/package.json`);
  const path = join(dirname(packageJson), model.source.file);
  const bytes = readFileSync(path);
  const actual = sha256(bytes);
  if (actual !== model.source.sha256) {
    throw new Error(
      `Model ${model.id}: sha256 of ${path} is ${actual}, expected ${model.source.sha256}. ` +
        `Reinstall ${model.source.package}@${model.source.version}.`,
    );
  }
  return bytes;
}

// Sets the batch dimension of the graph input and output to the symbol N and
// turns the flattening Reshape target [1, -1] into [-1, width]; the model was
// exported with batch 1 baked into both.
function makeBatchDynamic(bytes, model) {
  const { onnx } = require('onnx-proto');
  const proto = onnx.ModelProto.decode(bytes);
  const graph = proto.graph;
  const initializerNames = new Set(graph.initializer.map((tensor) => tensor.name));
  const graphInputs = graph.input.filter((input) => !initializerNames.has(input.name));
  for (const value of [...graphInputs, ...graph.output]) {
    const first = value.type.tensorType.shape.dim[0];
    first.dimValue = null;
    first.dimParam = 'N';
  }

  const width = model.output.shape[1];
  const reshapes = graph.node.filter((node) => node.opType === 'Reshape');
  if (reshapes.length !== 1) {
    throw new Error(`Model ${model.id}: expected one Reshape node, found ${reshapes.length}`);
  }
  const target = graph.initializer.find((tensor) => tensor.name === reshapes[0].input[1]);
  const shape = new DataView(target.rawData.buffer, target.rawData.byteOffset, target.rawData.byteLength);
  if (shape.getBigInt64(0, true) !== 1n || shape.getBigInt64(8, true) !== -1n) {
    throw new Error(`Model ${model.id}: unexpected Reshape target, cannot make the batch dynamic`);
  }
  const raw = new Uint8Array(16);
  const view = new DataView(raw.buffer);
  view.setBigInt64(0, -1n, true);
  view.setBigInt64(8, BigInt(width), true);
  target.rawData = raw;
  return Buffer.from(onnx.ModelProto.encode(proto).finish());
}

mkdirSync(outDir, { recursive: true });
for (const model of manifest.models) {
  const source = readSource(model);
  const prepared = model.prepare === 'batch-dynamic' ? makeBatchDynamic(source, model) : source;
  const actual = sha256(prepared);
  if (actual !== model.sha256) {
    throw new Error(`Model ${model.id}: prepared file has sha256 ${actual}, expected ${model.sha256}`);
  }

  // Write next to the target and rename so that an interrupted prepare never
  // leaves a half-written model behind.
  const target = join(outDir, model.file);
  writeFileSync(`${target}.tmp`, prepared);
  renameSync(`${target}.tmp`, target);
  console.log(`models: ${model.id} -> dist/${model.file} (sha256 ${actual.slice(0, 12)}...)`);
}

// Projection heads are trained by facegate itself and kept in this folder;
// only their checksum is verified here.
for (const head of manifest.heads ?? []) {
  const actual = sha256(readFileSync(join(here, head.file)));
  if (actual !== head.sha256) {
    throw new Error(`Head ${head.id}: ${head.file} has sha256 ${actual}, expected ${head.sha256}`);
  }
  console.log(`models: ${head.id} -> ${head.file} (sha256 ${actual.slice(0, 12)}...)`);
}
