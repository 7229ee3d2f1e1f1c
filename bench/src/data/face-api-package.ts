// Locations inside the installed @vladmandic/face-api package: its six demo
// group photos (the embedding suite's input) and its TFJS models.

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function faceApiRoot(): string {
  return dirname(require.resolve('@vladmandic/face-api/package.json'));
}

/** Paths of the first `count` of the demo photos sample1.jpg ... sample6.jpg. */
export function demoPhotoPaths(count: number): string[] {
  return Array.from({ length: Math.min(6, count) }, (_, index) => join(faceApiRoot(), 'demo', `sample${index + 1}.jpg`));
}
