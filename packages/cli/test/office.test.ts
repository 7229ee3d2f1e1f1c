import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, fixturePath, hasFixtures, runCli, temporaryFolder } from './support/cli.js';

interface OfficeExpectations {
  enrolled: Record<string, string>;
  verify: { image: string; claimed: string; accept: boolean }[];
  identify: { image: string; identity: string; distance?: number }[];
}

const present = hasFixtures('office');

describe.skipIf(!present)('office door scenario (CLI)', () => {
  let expected: OfficeExpectations;
  let gallery: string;

  beforeAll(async () => {
    expected = JSON.parse(await readFile(fixturePath('office', 'expected.json'), 'utf8'));
    gallery = join(await temporaryFolder('office'), 'office.gallery');
    const photos = Object.values(expected.enrolled).map((file) => fixturePath('office', file));
    const enrolment = await runCli(['enroll', '--gallery', gallery, ...photos]);
    expect(enrolment.stderr).toContain('12 identities, 12 templates');
    expect(enrolment.status).toBe(0);
  });

  it('enrols every employee under their file name', async () => {
    const result = await runCli(['identify', '--gallery', gallery, '--json', fixturePath('office', 'younes.jpg')]);
    const [photo] = JSON.parse(result.stdout);
    expect(photo.faces[0].identity).toBe('younes');
  });

  it('makes every verification decision right', async () => {
    for (const check of expected.verify) {
      const result = await runCli(['verify', '--gallery', gallery, '--as', check.claimed, fixturePath('office', check.image)]);
      expect(result.status, result.stderr).toBe(0);
      const [, claimed, distance, threshold, decision] = result.stdout.trim().split(',');
      expect(claimed).toBe(check.claimed);
      expect(decision, `${check.image} claimed as ${check.claimed} at distance ${distance} (threshold ${threshold})`).toBe(
        check.accept ? 'accept' : 'reject',
      );
    }
  });

  it('makes every identification right', async () => {
    const photos = expected.identify.map((check) => fixturePath('office', check.image));
    const result = await runCli(['identify', '--gallery', gallery, ...photos]);
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(expected.identify.length);
    expected.identify.forEach((check, index) => {
      const [file, identity, distance] = lines[index].split(',');
      expect(file).toBe(photos[index]);
      expect(identity, lines[index]).toBe(check.identity);
      if (check.distance !== undefined) expect(Number(distance)).toBeCloseTo(check.distance, 4);
    });
  });

  it('rejects a claimed identity that is not enrolled', async () => {
    const result = await runCli(['verify', '--gallery', gallery, '--as', 'nobody', fixturePath('office', 'camera_0.jpg')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('"nobody" is not enrolled');
  });

  it('suggests the enrolled spelling of a name', async () => {
    const result = await runCli(['verify', '--gallery', gallery, '--as', 'Kian', fixturePath('office', 'camera_2.jpg')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('did you mean "kian"?');
  });

  it('lists the enrolled identities', async () => {
    const result = await runCli(['list', '--gallery', gallery]);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n').sort()).toEqual(Object.keys(expected.enrolled).sort().map((name) => `${name},1`));
  });

  it('adds a template when a name is enrolled again', async () => {
    const copy = join(await temporaryFolder('office-again'), 'copy.gallery');
    await runCli(['enroll', '--gallery', copy, fixturePath('office', 'younes.jpg')]);
    const again = await runCli(['enroll', '--gallery', copy, fixturePath('office', 'younes.jpg')]);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('1 identities, 2 templates');
  });

  it('identifies in the 128-d head encoding', async () => {
    const head = join(REPO_ROOT, 'models/heads/lfw-gray-128.fghead');
    const headGallery = join(await temporaryFolder('office-head'), 'office-128.gallery');
    const photos = Object.values(expected.enrolled).map((file) => fixturePath('office', file));
    const enrolment = await runCli(['enroll', '--head', head, '--gallery', headGallery, ...photos]);
    expect(enrolment.status, enrolment.stderr).toBe(0);

    const identified = await runCli(['identify', '--head', head, '--gallery', headGallery, fixturePath('office', 'camera_0.jpg')]);
    expect(identified.stdout).toMatch(/camera_0\.jpg,younes,/);
    const verified = await runCli(['verify', '--head', head, '--gallery', headGallery, '--as', 'kian', fixturePath('office', 'camera_2.jpg')]);
    expect(verified.stdout.trim()).toMatch(/,reject$/);
  });

  it('rejects a gallery of another encoding', async () => {
    const head = join(REPO_ROOT, 'models/heads/lfw-gray-128.fghead');
    const result = await runCli(['identify', '--head', head, '--gallery', gallery, fixturePath('office', 'camera_0.jpg')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('gallery was built with encoding faceplugin-mobilefacenet-512');
    expect(result.stderr).toContain('leave out --head');
  });
});
