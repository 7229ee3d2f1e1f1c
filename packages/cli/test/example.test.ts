import { readdir } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, temporaryFolder } from './support/cli.js';

describe('README example on the installed demo photos', () => {
  it('enrols the first photo, searches the others and writes annotated copies', async () => {
    const out = await temporaryFolder('example');
    const script = join(REPO_ROOT, 'packages/cli/dist/example.js');
    const { status, stdout, stderr } = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [script, '--out', out], { cwd: REPO_ROOT });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('close', (code) => resolve({ status: code, stdout, stderr }));
    });

    expect(status, stderr).toBe(0);
    expect(stdout).toMatch(/sample1\.jpg: enrolled [1-9]\d* faces/);
    for (const n of [2, 3, 4, 5, 6]) expect(stdout).toMatch(new RegExp(`sample${n}\\.jpg: \\d+ faces, recognised \\d+`));
    const written = (await readdir(out)).sort();
    expect(written).toEqual(['sample1.jpg', 'sample2.jpg', 'sample3.jpg', 'sample4.jpg', 'sample5.jpg', 'sample6.jpg']);
  });
});
