// Node-only entry: sharp decoding and model files on disk.
export { decodeImage, readImageFile } from './image/decode-node.js';
export { nodeModelLoader } from './runtime/node-loader.js';
