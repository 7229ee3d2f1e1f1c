import { buildLibrary } from '../../scripts/build-library.mjs';

// sharp is native, and onnxruntime-web locates its .wasm files relative to
// its own package. The model manifest is bundled in.
await buildLibrary(['onnxruntime-web', 'sharp', '@facegate/kernels', '@facegate/index']);
