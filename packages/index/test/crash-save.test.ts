// A writer killed in the middle of save() must leave the previous gallery
// file loadable with identical contents. The writer runs in a child Node
// process (the package's node entry bundled by esbuild) so that it can be
// killed with SIGKILL, which no cleanup code survives.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Gallery } from '../src/node.js';
import { clusteredTemplates } from '@facegate/kernels';

const here = dirname(fileURLToPath(import.meta.url));
const DIM = 256;
// 60,000 templates of 256 float32 values: a 61 MB file, written in 16 MB chunks.
const WRITER_TEMPLATES = 60_000;

let folder: string;
let writerScript: string;

const writerSource = `
import { Gallery } from ${JSON.stringify(resolve(here, '../src/node.ts'))};

const [path, templates, dim] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const gallery = new Gallery({ modelId: 'crash-model', dim, index: 'exact', backend: 'js' });

// Cheap deterministic vectors; their values do not matter here.
const rows = new Float32Array(4 * dim);
for (let id = 0; id < templates / 4; id++) {
  for (let i = 0; i < rows.length; i++) rows[i] = ((id * 31 + i * 7) % 1000) / 1000;
  await gallery.enrol('writer-' + id, rows);
}
process.stdout.write('enrolled\\n');
await gallery.save(path);
process.stdout.write('saved\\n');
`;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'facegate-crash-'));
  writerScript = join(folder, 'writer.mjs');
  const entry = join(folder, 'writer-entry.mjs');
  await writeFile(entry, writerSource);
  await build({
    entryPoints: [entry],
    outfile: writerScript,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['source'],
    external: ['webgpu'],
    logLevel: 'error',
  });
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.split('\n').includes(line)) resolvePromise();
    });
    child.on('exit', (code, signal) => reject(new Error(`writer exited (code ${code}, signal ${signal}) before printing "${line}"`)));
  });
}

/** Polls for the writer's temporary file and returns its size once it exists but is still incomplete. */
async function killMidWrite(child: ChildProcess, target: string, completeBytes: number): Promise<number | undefined> {
  const prefix = `.${target.split('/').pop()}.${child.pid}.`;
  const deadline = Date.now() + 60_000;

  while (Date.now() < deadline && child.exitCode === null) {
    const names = (await readdir(dirname(target))).filter((name) => name.startsWith(prefix) && name.endsWith('.tmp'));
    if (names.length === 1) {
      const size = await stat(join(dirname(target), names[0])).then((info) => info.size, () => 0);
      if (size > 0 && size < completeBytes) {
        child.kill('SIGKILL');
        return size;
      }
    }
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 1));
  }
  return undefined;
}

test('killed writer leaves the old gallery intact', async () => {
  const path = join(folder, 'office.fgg');
  const original = new Gallery({ modelId: 'crash-model', dim: DIM, index: 'exact', backend: 'js' });
  const set = clusteredTemplates(20, 2, DIM, 17);
  for (let id = 0; id < 20; id++) await original.enrol(`person-${id}`, set.vectors.subarray(id * 2 * DIM, (id + 1) * 2 * DIM));
  await original.save(path);
  const expectedResults = await original.search(set.vectors, 3);

  // The write can finish between two polls; each attempt starts a new writer.
  let killedAt: number | undefined;
  for (let attempt = 0; attempt < 5 && killedAt === undefined; attempt++) {
    const child = spawn(process.execPath, [writerScript, path, String(WRITER_TEMPLATES), String(DIM)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolvePromise) => child.on('exit', resolvePromise));
    try {
      await waitForLine(child, 'enrolled');
      killedAt = await killMidWrite(child, path, WRITER_TEMPLATES * DIM * 4);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    }

    if (killedAt === undefined) await original.save(path);
  }
  expect(killedAt, 'the writer was never caught in the middle of a write').toBeDefined();

  const leftovers = (await readdir(folder)).filter((name) => name.endsWith('.tmp'));
  expect(leftovers.length).toBeGreaterThan(0);

  const reloaded = await Gallery.open(path, { backend: 'js' });
  try {
    expect(reloaded.labels()).toEqual(original.labels());
    for (const label of original.labels()) expect(reloaded.templates(label)).toEqual(original.templates(label));
    expect(await reloaded.search(set.vectors, 3)).toEqual(expectedResults);
  } finally {
    await reloaded.dispose();
    await original.dispose();
  }
}, 300_000);
