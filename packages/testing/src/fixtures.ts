// The real face photos that the tests and the benchmark read. They are never
// copied into the repository: they sit in shared/fixtures beside the checkout,
// or wherever FACEGATE_FIXTURES points.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_ENV = 'FACEGATE_FIXTURES';

const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** Fixture root folder: $FACEGATE_FIXTURES when set, else ../shared/fixtures beside the repository. */
export const FIXTURES = process.env[FIXTURES_ENV] ? resolve(process.env[FIXTURES_ENV]) : resolve(REPO_ROOT, '../shared/fixtures');

/** Returns the path of a file or folder under the fixture root. */
export function fixturePath(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

/**
 * Throws when FACEGATE_FIXTURES names a folder that does not exist. A user who
 * sets the variable expects the photo tests to run, so a mistyped path must
 * fail instead of skipping them.
 */
export function checkFixturesEnv(): void {
  if (process.env[FIXTURES_ENV] && !existsSync(FIXTURES)) {
    throw new Error(`${FIXTURES_ENV} is set to ${FIXTURES}, which does not exist: fix the path, or unset it to skip the tests that need photos`);
  }
}

/** Reports whether a fixture folder is present, and prints why its tests are skipped when it is not. */
export function hasFixtures(folder: string): boolean {
  checkFixturesEnv();
  const present = existsSync(fixturePath(folder));
  if (!present) console.warn(`SKIPPED: fixtures folder ${fixturePath(folder)} is not present (set ${FIXTURES_ENV} to the folder that contains it)`);
  return present;
}
