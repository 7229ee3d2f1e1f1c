// @facegate/kernels: gallery scoring, top-k search and the triplet loss on
// WebGPU, WebAssembly SIMD or plain JavaScript, behind one interface.

export type {
  BackendGallery,
  BackendInfo,
  BackendName,
  GalleryMatrix,
  GalleryOptions,
  GalleryQuantization,
  JsBackendInfo,
  KernelBackend,
  KernelMetric,
  TopKOptions,
  TopKResult,
  TripletLossResult,
  WasmSimdBackendInfo,
  WebGpuBackendInfo,
} from './backend.js';
export { createBackend, type CreateBackendOptions, type CreatedBackend } from './create-backend.js';
export { BackendUnavailableError, DeviceLostError, DisposedError, InvalidInputError, KernelError } from './errors.js';
export { distancesReference, topKReference, tripletLossReference } from './js/reference.js';
export { float16BitsToFloat32, float32ToFloat16Bits, quantizeInt8 } from './quantize.js';
export { recallAtK } from './recall.js';
export { MAX_COMPONENT_MAGNITUDE } from './validate.js';
export {
  type ClusteredTemplates,
  clusteredTemplates,
  gaussianSampler,
  randomUnitVectors,
  seededRandom,
  templateNear,
  unitVector,
} from './synthetic.js';
