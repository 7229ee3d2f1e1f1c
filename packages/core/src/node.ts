// Node-only entry: sharp decoding and model files on disk.
export { decodeImage, readImageFile } from './image/decode-node.js';
export { nodeModelLoader } from './runtime/node-loader.js';
export { type PhotoFaces, type PhotoFailure, analysePhoto, isFailure } from './batch/analyse-photo.js';
export { type EmbedPhotosOptions, type PhotoEmbedding, embedPhotos } from './batch/embed-photos.js';
export { EmbeddingCache } from './batch/embedding-cache.js';
