// @facegate/index: the gallery of enrolled identities, its exact and HNSW
// indexes, the gallery file format and JSON export. This entry runs in
// browsers and Node; `@facegate/index/node` adds file storage.

export {
  AUTO_HNSW_THRESHOLD,
  Gallery,
  type EnrolledIdentity,
  type GalleryLocation,
  type GalleryOptions,
  type GallerySearchOptions,
  type Identification,
  type IdentityMatch,
  type IndexChoice,
} from './gallery.js';
export {
  type CompatibilityField,
  DuplicateIdentityError,
  GalleryArgumentError,
  GalleryError,
  GalleryFormatError,
  type GalleryFormatErrorCode,
  GalleryJsonError,
  GalleryMismatchError,
  GalleryStorageError,
  HnswError,
  IdentityNotFoundError,
} from './errors.js';
export { GALLERY_FORMAT_VERSION, GALLERY_MAGIC, type GalleryHeader, readGalleryHeader } from './gallery-file.js';
export { GALLERY_JSON_FORMAT, GALLERY_JSON_VERSION } from './gallery-json.js';
export { type GalleryStorage, getDefaultGalleryStorage, indexedDbStorage, opfsStorage, setDefaultGalleryStorage } from './gallery-storage.js';
export { DEFAULT_HNSW_PARAMETERS, type HnswParameters } from './hnsw-index.js';
export { GALLERY_METRICS, type GalleryMetric } from './metric.js';
export { MAX_LABEL_BYTES } from './input-checks.js';
export type { IndexKind } from './vector-index.js';
