// Turns picked or dropped files into enrolment photos with the person each
// belongs to, by the rules of the facegate CLI: a photo is named after its
// file (andrew.jpg enrols "andrew"), and a folder contains one sub-folder per
// person. A name typed into the form overrides both.

export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.gif', '.webp', '.bmp'];

/** A file with its path relative to what the user picked or dropped ("people/andrew/1.jpg", or just "andrew.jpg"). */
export interface PickedFile {
  readonly file: File;
  readonly path: string;
}

export interface EnrolmentPhoto extends PickedFile {
  readonly identity: string;
}

export interface CollectedPhotos {
  readonly photos: EnrolmentPhoto[];
  /** Paths of files that are not images by extension. */
  readonly skipped: string[];
}

export function pickedFromInput(files: FileList | null): PickedFile[] {
  return Array.from(files ?? [], (file) => ({ file, path: file.webkitRelativePath || file.name }));
}

/**
 * Assigns an identity to each image. A non-empty `name` wins. Otherwise a
 * file in a sub-folder of the picked folder belongs to that sub-folder
 * (people/andrew/1.jpg is "andrew"), and any other file is named after its
 * file name without the extension.
 */
export function collectPhotos(picked: readonly PickedFile[], name: string): CollectedPhotos {
  const photos: EnrolmentPhoto[] = [];
  const skipped: string[] = [];

  for (const item of [...picked].sort((a, b) => a.path.localeCompare(b.path))) {
    if (!isImagePath(item.path)) {
      skipped.push(item.path);
      continue;
    }
    const segments = item.path.split('/').filter(Boolean);
    let identity = name;
    if (identity === '') identity = segments.length >= 3 ? segments[1] : stem(segments[segments.length - 1] ?? item.file.name);
    photos.push({ ...item, identity });
  }
  return { photos, skipped };
}

export function isImagePath(path: string): boolean {
  const lower = path.toLowerCase();
  return IMAGE_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

function stem(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

/** Reads dropped files and folders (recursively) with their relative paths. */
export async function pickedFromDrop(transfer: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(transfer.items, (item) => item.webkitGetAsEntry()).filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0) return Array.from(transfer.files, (file) => ({ file, path: file.name }));

  const picked: PickedFile[] = [];
  for (const entry of entries) await walkEntry(entry, picked);
  return picked;
}

async function walkEntry(entry: FileSystemEntry, picked: PickedFile[]): Promise<void> {
  const path = entry.fullPath.replace(/^\//, '');
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    picked.push({ file, path });
    return;
  }
  if (!entry.isDirectory) return;

  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns the folder in batches until it returns an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    for (const child of batch) await walkEntry(child, picked);
  }
}
