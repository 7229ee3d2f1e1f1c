import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { FacegateError } from '@facegate/core';

export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.gif', '.webp', '.bmp']);

/** A photo to enrol and the identity it belongs to. */
export interface EnrolmentPhoto {
  readonly identity: string;
  readonly path: string;
}

/**
 * Expands enrolment arguments: an image file enrols the person named by its
 * file name (`andrew.jpg` -> "andrew"); a folder contains one sub-folder per
 * person, each with that person's photos.
 */
export async function collectEnrolmentPhotos(paths: readonly string[]): Promise<EnrolmentPhoto[]> {
  const photos: EnrolmentPhoto[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) {
      // Let the caller report the missing file like any other unreadable photo.
      photos.push({ identity: identityFromFileName(path), path });
    } else if (info.isDirectory()) {
      const people = await subFolders(path);
      if (people.length === 0) {
        throw new FacegateError(`${path}: folder has no sub-folders; expected one sub-folder per person`);
      }
      for (const person of people) {
        const folder = join(path, person);
        const files = await imageFiles(folder);
        for (const file of files) photos.push({ identity: person, path: join(folder, file) });
      }
    } else {
      photos.push({ identity: identityFromFileName(path), path });
    }
  }
  return photos;
}

export function identityFromFileName(path: string): string {
  return basename(path, extname(path));
}

/** Returns the names of the sub-folders of `folder`, sorted, following symbolic links. */
export async function subFolders(folder: string): Promise<string[]> {
  const names: string[] = [];
  for (const name of await readdir(folder)) {
    const info = await stat(join(folder, name)).catch(() => undefined);
    if (info?.isDirectory()) names.push(name);
  }
  return names.sort((a, b) => a.localeCompare(b));
}

/** Returns the names of the image files in `folder`, sorted, following symbolic links. */
export async function imageFiles(folder: string): Promise<string[]> {
  const names: string[] = [];
  for (const name of await readdir(folder)) {
    if (!IMAGE_EXTENSIONS.has(extname(name).toLowerCase())) continue;
    const info = await stat(join(folder, name)).catch(() => undefined);
    if (info?.isFile()) names.push(name);
  }
  return names.sort();
}
