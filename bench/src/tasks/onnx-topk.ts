// The library baseline of the distance suite: onnxruntime-web's WebAssembly
// MatMul and TopK on a graph built here. The gallery is stored transposed
// and scaled by -2 as an initializer, so MatMul(q, -2 G^T) + |g|^2 is the
// squared L2 distance less |q|^2, which TopK ranks; |q|^2 is added back to
// the k results only. The initializers travel as external data, which keeps
// large galleries clear of protobuf's 2 GB message limit.

import { createRequire } from 'node:module';
import * as ort from 'onnxruntime-web';

const require = createRequire(import.meta.url);

/** Largest score matrix (queries x gallery rows, float32) one session.run may produce, in bytes. */
const MAX_SCORE_BYTES = 256 * 1024 * 1024;

/** WebAssembly memory of onnxruntime-web's 32-bit build. */
export const ORT_WASM_MEMORY_BYTES = 4 * 1024 ** 3;

export interface OnnxTopK {
  /** Returns the k nearest gallery rows of each query, row-major. */
  search(queries: Float32Array, queryCount: number): Promise<{ indices: BigInt64Array; distances: Float32Array }>;
  /** Queries per session.run; larger batches are split so the score matrix stays within MAX_SCORE_BYTES. */
  readonly queriesPerRun: number;
  release(): Promise<void>;
}

/** Sets onnxruntime-web's thread count; takes effect only before the first session of the process. */
export function setOnnxThreads(threads: number): void {
  ort.env.wasm.numThreads = threads;
}

export async function createOnnxTopK(gallery: Float32Array, rows: number, dim: number, k: number): Promise<OnnxTopK> {
  const scaledTranspose = new Float32Array(rows * dim);
  const norms = new Float32Array(rows);
  for (let row = 0; row < rows; row++) {
    let sum = 0;
    for (let c = 0; c < dim; c++) {
      const value = gallery[row * dim + c];
      scaledTranspose[c * rows + row] = -2 * value;
      sum += value * value;
    }
    norms[row] = sum;
  }

  const session = await ort.InferenceSession.create(topKModel(rows, dim, k), {
    executionProviders: ['wasm'],
    graphOptimizationLevel: 'all',
    externalData: [
      { path: 'gallery_t.bin', data: new Uint8Array(scaledTranspose.buffer) },
      { path: 'gallery_norms.bin', data: new Uint8Array(norms.buffer) },
    ],
  });

  const queriesPerRun = Math.max(1, Math.floor(MAX_SCORE_BYTES / (rows * 4)));
  return {
    queriesPerRun,
    async search(queries, queryCount) {
      const indices = new BigInt64Array(queryCount * k);
      const distances = new Float32Array(queryCount * k);
      for (let first = 0; first < queryCount; first += queriesPerRun) {
        const count = Math.min(queriesPerRun, queryCount - first);
        const input = new ort.Tensor('float32', queries.subarray(first * dim, (first + count) * dim), [count, dim]);
        const output = await session.run({ queries: input });
        indices.set(output.indices.data as BigInt64Array, first * k);
        distances.set(output.distances.data as Float32Array, first * k);
      }
      return { indices, distances };
    },
    release: () => session.release(),
  };
}

/** Encodes the MatMul + Add + TopK graph (opset 13) as ONNX model bytes. */
function topKModel(rows: number, dim: number, k: number): Uint8Array {
  const { onnx } = require('onnx-proto') as typeof import('onnx-proto');
  const { FLOAT, INT64 } = onnx.TensorProto.DataType;
  const INT = onnx.AttributeProto.AttributeType.INT;
  const INTS = onnx.AttributeProto.AttributeType.INTS;

  const external = (name: string, dims: number[], location: string, bytes: number) => ({
    name,
    dims,
    dataType: FLOAT,
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [
      { key: 'location', value: location },
      { key: 'offset', value: '0' },
      { key: 'length', value: String(bytes) },
    ],
  });
  const valueInfo = (name: string, elemType: number, dims: (number | string)[]) => ({
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((value) => (typeof value === 'string' ? { dimParam: value } : { dimValue: value })) } } },
  });

  const model = onnx.ModelProto.fromObject({
    irVersion: 8,
    producerName: 'facegate-bench',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'squared_l2_top_k',
      input: [valueInfo('queries', FLOAT, ['q', dim])],
      output: [valueInfo('distances', FLOAT, ['q', k]), valueInfo('indices', INT64, ['q', k])],
      initializer: [
        external('gallery_t', [dim, rows], 'gallery_t.bin', rows * dim * 4),
        external('gallery_norms', [rows], 'gallery_norms.bin', rows * 4),
        { name: 'k', dims: [1], dataType: INT64, int64Data: [k] },
      ],
      node: [
        { opType: 'MatMul', input: ['queries', 'gallery_t'], output: ['scaled_dot'] },
        { opType: 'Add', input: ['scaled_dot', 'gallery_norms'], output: ['partial_distances'] },
        {
          opType: 'TopK',
          input: ['partial_distances', 'k'],
          output: ['partial_top', 'indices'],
          attribute: [
            { name: 'largest', type: INT, i: 0 },
            { name: 'sorted', type: INT, i: 1 },
          ],
        },
        {
          opType: 'ReduceSumSquare',
          input: ['queries'],
          output: ['query_norms'],
          attribute: [
            { name: 'axes', type: INTS, ints: [1] },
            { name: 'keepdims', type: INT, i: 1 },
          ],
        },
        { opType: 'Add', input: ['partial_top', 'query_norms'], output: ['distances'] },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
