import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));

// Real face photos beside the repository (or in $FACEGATE_FIXTURES); tests that need them skip when absent.
export { FIXTURES, fixturePath, hasFixtures } from '@facegate/testing';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (packages/cli/dist) as a child process, as a user would. */
export function runCli(args: readonly string[], cwd = REPO_ROOT): Promise<CliResult> {
  const bin = join(REPO_ROOT, 'packages/cli/bin/facegate.js');
  if (!existsSync(join(REPO_ROOT, 'packages/cli/dist/facegate.js'))) {
    throw new Error('packages/cli/dist/facegate.js is missing: run `pnpm build` before the CLI tests');
  }
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

export function temporaryFolder(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `facegate-${prefix}-`));
}

/** Embedding cache shared by the test files that embed the lfw-gray photos. */
export const LFW_CACHE = join(REPO_ROOT, 'node_modules/.cache/facegate/lfw-gray-embeddings.json');
