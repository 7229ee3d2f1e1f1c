import 'fake-indexeddb/auto';
globalThis.window = globalThis;
const { loadHnswlib } = await import('hnswlib-wasm/dist/hnswlib.js');
const lib = await loadHnswlib(); delete globalThis.window;
const [D, N, M, EFC] = process.argv.slice(2).map(Number);
let seed = 12345; const rnd = () => { seed = (seed * 1664525 + 1013904223) >>> 0; return seed / 4294967296; };
const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
const norm = (v) => { let s = 0; for (const x of v) s += x * x; s = Math.sqrt(s); for (let i = 0; i < v.length; i++) v[i] /= s; return v; };
const per = 5, ids = Math.ceil(N / per), sd = Math.sqrt(0.5 / D);
const centers = []; for (let i = 0; i < ids; i++) centers.push(norm(Float32Array.from({ length: D }, gauss)));
const data = new Float32Array(N * D);
for (let i = 0; i < N; i++) { const c = centers[i % ids]; const v = data.subarray(i * D, (i + 1) * D); for (let j = 0; j < D; j++) v[j] = c[j] + sd * gauss(); norm(v); }
const idx = new lib.HierarchicalNSW('l2', D, '');
idx.initIndex(N, M, EFC, 100);
let t = performance.now();
for (let i = 0; i < N; i++) idx.addPoint(data.subarray(i * D, (i + 1) * D), i, false);
const build = performance.now() - t;
// queries: fresh templates
const Q = 300; const qs = [];
for (let q = 0; q < Q; q++) { const c = centers[(q * 7919) % ids]; const v = new Float32Array(D); for (let j = 0; j < D; j++) v[j] = c[j] + sd * gauss(); qs.push(norm(v)); }
const exact = qs.map((v) => { let best = -1, bd = Infinity; for (let i = 0; i < N; i++) { let s = 0; const o = i * D; for (let j = 0; j < D; j++) { const d = v[j] - data[o + j]; s += d * d; } if (s < bd) { bd = s; best = i; } } return best; });
for (const ef of [16, 32, 64, 128]) {
  idx.setEfSearch(ef); let hit = 0; t = performance.now();
  for (let q = 0; q < Q; q++) { const r = idx.searchKnn(qs[q], 1, undefined); if (r.neighbors[0] === exact[q]) hit++; }
  console.log(JSON.stringify({ D, N, M, EFC, ef, buildMsPerVec: +(build / N).toFixed(3), recall1: hit / Q, qps: Math.round(Q / ((performance.now() - t) / 1000)) }));
}
