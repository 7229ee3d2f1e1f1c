// Measures HNSW build time, search speed and recall@1 against exact search on
// clustered synthetic templates, for choosing the default parameters.
// Usage: node scripts/run.mjs scripts/measure-hnsw.ts --dim 512 --identities 5000
//          --per 4 --queries 1000 --M 16 --efc 100 --ef 16,32,64,128
// Prints one JSON line per ef value.

import { Gallery } from '../src/index.js';
import { clusteredTemplates, gaussian, random, templateNear } from '../test/synthetic.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

const dim = Number(option('dim', '512'));
const identities = Number(option('identities', '5000'));
const perIdentity = Number(option('per', '4'));
const queryCount = Number(option('queries', '1000'));
const M = Number(option('M', '16'));
const efConstruction = Number(option('efc', '100'));
const efValues = option('ef', '16,32,64,128').split(',').map(Number);
const seed = Number(option('seed', '1'));

const set = clusteredTemplates(identities, perIdentity, dim, seed);
const normal = gaussian(random(seed + 1000));
const pick = random(seed + 2000);
const probes = new Float32Array(queryCount * dim);
for (let q = 0; q < queryCount; q++) probes.set(templateNear(set.centres[Math.floor(pick() * identities)], 0.5, normal), q * dim);

const gallery = new Gallery({ modelId: 'synthetic', dim, index: 'hnsw', backend: 'js', hnsw: { M, efConstruction, initialCapacity: identities * perIdentity } });
for (let id = 0; id < identities; id++) {
  await gallery.enrol(`id-${id}`, set.vectors.subarray(id * perIdentity * dim, (id + 1) * perIdentity * dim));
}

// The first HNSW search builds the graph.
let started = performance.now();
await gallery.search(probes.subarray(0, dim), 1);
const buildMs = performance.now() - started;

started = performance.now();
const exact = await gallery.search(probes, 1, { exact: true });
const exactQps = queryCount / ((performance.now() - started) / 1000);

for (const ef of efValues) {
  started = performance.now();
  const approximate = await gallery.search(probes, 1, { ef });
  const qps = queryCount / ((performance.now() - started) / 1000);

  let identityHits = 0;
  let templateHits = 0;
  approximate.forEach(([match], q) => {
    if (match.label === exact[q][0].label) identityHits += 1;
    if (match.templateId === exact[q][0].templateId) templateHits += 1;
  });

  console.log(
    JSON.stringify({
      dim,
      templates: identities * perIdentity,
      perIdentity,
      M,
      efConstruction,
      ef,
      buildMsPerTemplate: Number((buildMs / (identities * perIdentity)).toFixed(3)),
      recallAt1Identity: identityHits / queryCount,
      recallAt1Template: templateHits / queryCount,
      hnswQps: Math.round(qps),
      exactJsQps: Math.round(exactQps),
    }),
  );
}
await gallery.dispose();
