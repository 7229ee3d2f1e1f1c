// Keeps the enrolled people across reloads: the gallery file (people only,
// never the distractors) and one face thumbnail per person, in the Origin
// Private File System when the browser has it, else in IndexedDB. Both
// storages replace a record in one step, so an interrupted save leaves the
// previous version readable.

import { type GalleryStorage, indexedDbStorage, opfsStorage } from '@facegate/index';

export const GALLERY_LOCATION = 'facegate-demo.gallery';
const THUMBNAILS_LOCATION = 'facegate-demo-thumbnails.json';

// Set after the first save. Without it a failed read means "nothing saved
// yet"; with it, a failed read is an error worth showing.
const SAVED_FLAG = 'facegate-demo:gallery-saved';

export class Persistence {
  readonly storage: GalleryStorage;
  /** Description of the gallery's storage, for the page header. */
  readonly note: string;

  constructor() {
    const hasOpfs = typeof navigator.storage?.getDirectory === 'function';
    this.storage = hasOpfs ? opfsStorage() : indexedDbStorage();
    this.note = hasOpfs
      ? `people are saved in this browser's Origin Private File System (${GALLERY_LOCATION}); distractors are not saved`
      : `people are saved in this browser's IndexedDB (${GALLERY_LOCATION}); distractors are not saved`;
  }

  /** Returns the saved gallery file, or undefined when nothing was saved in this browser yet. */
  async readGallery(): Promise<Uint8Array | undefined> {
    if (localStorage.getItem(SAVED_FLAG) === null) return undefined;
    return this.storage.read(GALLERY_LOCATION);
  }

  async writeGallery(bytes: Uint8Array): Promise<void> {
    await this.storage.write(GALLERY_LOCATION, bytes);
    localStorage.setItem(SAVED_FLAG, new Date().toISOString());
  }

  /** Returns the saved thumbnails (label to image data URL); an unreadable record counts as none. */
  async readThumbnails(): Promise<Map<string, string>> {
    if (localStorage.getItem(SAVED_FLAG) === null) return new Map();
    try {
      const bytes = await this.storage.read(THUMBNAILS_LOCATION);
      const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
      if (parsed === null || typeof parsed !== 'object') return new Map();
      return new Map(Object.entries(parsed as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    } catch (error) {
      console.warn(`facegate demo: thumbnails could not be read, showing none: ${String(error)}`);
      return new Map();
    }
  }

  async writeThumbnails(thumbnails: ReadonlyMap<string, string>): Promise<void> {
    const bytes = new TextEncoder().encode(JSON.stringify(Object.fromEntries(thumbnails)));
    await this.storage.write(THUMBNAILS_LOCATION, bytes);
  }
}
