// @facegate/index/node: everything in @facegate/index, with gallery files on
// the local file system as the default storage of Gallery.save and .load.

import { fileStorage } from './file-storage.js';
import { setDefaultGalleryStorage } from './gallery-storage.js';

export * from './index.js';
export { fileStorage, temporaryPathFor } from './file-storage.js';

setDefaultGalleryStorage(fileStorage());
