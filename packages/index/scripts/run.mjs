// Runs a TypeScript script of this package: bundles it with esbuild (workspace
// packages from their sources) into a temporary file and executes that with
// the remaining arguments. Usage: node scripts/run.mjs scripts/NAME.ts [args]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/run.mjs scripts/NAME.ts [args]');
  process.exit(2);
}

const folder = mkdtempSync(join(tmpdir(), 'facegate-index-script-'));
const outfile = join(folder, 'script.mjs');
try {
  await build({
    entryPoints: [resolve(script)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['source'],
    external: ['webgpu'],
    logLevel: 'warning',
  });
  const { status } = spawnSync(process.execPath, [outfile, ...args], { stdio: 'inherit' });
  process.exitCode = status ?? 1;
} finally {
  rmSync(folder, { recursive: true, force: true });
}
