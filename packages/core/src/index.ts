// Browser-safe entry: nothing here imports Node modules. Node-only helpers
// (sharp decoding, model files on disk) live in '@facegate/core/node'.
export * from './errors.js';
export { RgbImage } from './image/rgb-image.js';
export { ImageTensor, type PixelNormalisation, type TensorShape } from './image/image-tensor.js';
export { type AffineMatrix, applyAffine, invertAffine } from './image/affine.js';
export { type ImageFormat, type ImageHeader, readImageHeader } from './image/header.js';
export { type DecodeOptions, DEFAULT_MAX_PIXELS, checkImageHeader } from './image/limits.js';
export { type FaceBox, boxArea, clipBox, intersectionOverUnion, nonMaximumSuppression } from './detection/box.js';
export { FaceDetector, type DetectorOptions } from './detection/detector.js';
export { LandmarkDetector, type Point, fivePoints } from './landmarks/landmarker.js';
export { ALIGNED_FACE_SIZE, ARCFACE_REFERENCE_112, alignFace, similarityTransform } from './alignment/similarity.js';
export { FaceEmbedder, normaliseEmbedding } from './embedding/embedder.js';
export { type ModelEntry, type ModelManifest, type ModelRole, defaultThreshold, manifest, modelForRole } from './runtime/manifest.js';
export { type ModelLoader, type RuntimeOptions, createSession, runtimeThreads, ort } from './runtime/onnx.js';
export { urlModelLoader } from './runtime/url-loader.js';
export { type DetectedFace, FacePipeline, type PipelineOptions } from './pipeline.js';
export { type DistanceMetric, convertThreshold, cosineDistance, distance, dot, l2, squaredL2 } from './distance.js';
export { type Batch, tripletLoss } from './triplet.js';
export type { FaceGallery, IdentityMatch } from './recognition/gallery.js';
export * from './recognition/recognition.js';
export * from './evaluation/verification.js';
export * from './evaluation/identification.js';
export { decodeImage as decodeImageInBrowser, rgbFromBitmap } from './image/decode-browser.js';
