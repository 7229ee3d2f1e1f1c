// Enrolment from files, a folder or the camera. A photo must show exactly one
// face. Any other photo is rejected with the reason, and the crops of every
// face found in it are shown next to that reason.

import { type DetectedFace, decodeImageInBrowser, type RgbImage } from '@facegate/core';
import type { AppContext } from './context.js';
import { acceptDrops, byId, element, errorMessage, formatCount } from './dom.js';
import { canvasFromImage, previewCanvas, thumbnailUrl } from './image-canvas.js';
import { collectPhotos, type EnrolmentPhoto, type PickedFile, pickedFromDrop, pickedFromInput } from './photo-files.js';
import { ProgressView } from './progress.js';

interface Outcome {
  readonly enrolled: boolean;
  readonly message: string;
}

export class EnrolmentView {
  private readonly name = byId('enrol-name', HTMLInputElement);
  private readonly results = byId('enrol-results', HTMLOListElement);
  private readonly summary = byId('enrol-summary', HTMLElement);
  private readonly progress = new ProgressView(byId('enrol-progress', HTMLElement), byId('enrol-progress-bar', HTMLProgressElement), byId('enrol-progress-label', HTMLElement));

  constructor(private readonly context: AppContext) {
    const files = byId('enrol-files', HTMLInputElement);
    const folder = byId('enrol-folder', HTMLInputElement);
    files.addEventListener('change', () => {
      this.enrolPicked(pickedFromInput(files.files));
      files.value = '';
    });
    folder.addEventListener('change', () => {
      this.enrolPicked(pickedFromInput(folder.files));
      folder.value = '';
    });

    acceptDrops(byId('enrol-drop', HTMLElement), (transfer) => {
      // The DataTransfer is only readable during the event, so read it before queueing.
      const reading = pickedFromDrop(transfer);
      void reading.then((picked) => this.enrolPicked(picked), (error: unknown) => context.activity.error(`reading the dropped files failed: ${errorMessage(error)}`));
    });

    byId('enrol-camera', HTMLButtonElement).addEventListener('click', () => {
      void context.activity.run('enrolling a camera frame', () => this.enrolCameraFrame());
    });
  }

  private enrolPicked(picked: PickedFile[]): void {
    const { photos, skipped } = collectPhotos(picked, this.name.value.trim());
    if (skipped.length > 0) {
      this.context.activity.notice(`Skipped ${skipped.length} file(s) that are not images (${skipped.slice(0, 3).join(', ')}${skipped.length > 3 ? ', …' : ''}).`);
    }
    if (photos.length === 0) {
      this.context.activity.error('No image files to enrol (expected .jpg, .jpeg, .png, .gif, .webp or .bmp).');
      return;
    }
    void this.context.activity.run(`enrolling ${formatCount(photos.length)} photo(s)`, () => this.enrolPhotos(photos));
  }

  private async enrolPhotos(photos: EnrolmentPhoto[]): Promise<void> {
    this.results.replaceChildren();
    this.progress.start(photos.length, 'photos');
    let enrolled = 0;

    for (const [index, photo] of photos.entries()) {
      let image: RgbImage | undefined;
      let outcome: Outcome;
      let faces: DetectedFace[] = [];
      try {
        image = await decodeImageInBrowser(new Uint8Array(await photo.file.arrayBuffer()), photo.path);
        faces = await this.context.pipeline.analyse(image, photo.path);
        outcome = await this.enrolFaces(faces, photo.identity);
      } catch (error) {
        outcome = { enrolled: false, message: errorMessage(error) };
      }
      if (outcome.enrolled) enrolled += 1;
      this.showResult(photo.path, photo.identity, outcome, faces, image);
      this.progress.update(index + 1);
    }

    const rejected = photos.length - enrolled;
    this.progress.finish(`${formatCount(enrolled)} enrolled, ${formatCount(rejected)} rejected`);
    this.summary.textContent = `${formatCount(enrolled)} of ${formatCount(photos.length)} photos enrolled${rejected > 0 ? `, ${formatCount(rejected)} rejected (see below)` : ''}.`;
    if (enrolled > 0) await this.context.save();
  }

  private async enrolCameraFrame(): Promise<void> {
    const identity = this.name.value.trim();
    if (identity === '') throw new Error('type the name of the person in front of the camera first');
    const image = this.context.camera.capture();
    const faces = await this.context.pipeline.analyse(image, 'camera frame');
    const outcome = await this.enrolFaces(faces, identity);

    this.progress.hide();
    this.results.replaceChildren();
    this.showResult('camera frame', identity, outcome, faces, image);
    this.summary.textContent = outcome.enrolled ? `Camera frame enrolled as ${identity}.` : 'Camera frame rejected (see below).';
    if (outcome.enrolled) await this.context.save();
  }

  private async enrolFaces(faces: readonly DetectedFace[], identity: string): Promise<Outcome> {
    if (faces.length === 0) return { enrolled: false, message: 'no face found; enrolment needs a photo with one face' };
    if (faces.length > 1) return { enrolled: false, message: `${faces.length} faces found; enrolment needs a photo with exactly one face` };

    // The thumbnail goes in first, because the gallery list redraws as soon as the face is added.
    const { thumbnails } = this.context;
    const newThumbnail = !thumbnails.has(identity);
    if (newThumbnail) thumbnails.set(identity, thumbnailUrl(faces[0].aligned));
    try {
      await this.context.gallery.addFace(identity, faces[0].embedding);
    } catch (error) {
      if (newThumbnail) thumbnails.delete(identity);
      throw error;
    }
    return { enrolled: true, message: 'enrolled' };
  }

  private showResult(source: string, identity: string, outcome: Outcome, faces: readonly DetectedFace[], image: RgbImage | undefined): void {
    const crops = element('div', { class: 'crops' });
    for (const face of faces) crops.append(canvasFromImage(face.aligned, 'crop'));
    // Without a face there is no crop; show the photo itself.
    if (faces.length === 0 && image) crops.append(previewCanvas(image, 112, 'crop photo'));

    this.results.append(
      element(
        'li',
        { class: `enrol-result ${outcome.enrolled ? 'accepted' : 'rejected'}`, 'data-status': outcome.enrolled ? 'enrolled' : 'rejected', 'data-identity': identity },
        crops,
        element('div', { class: 'enrol-text' }, element('strong', {}, identity), element('span', { class: 'source' }, source), element('span', { class: 'message' }, outcome.enrolled ? 'enrolled' : `rejected: ${outcome.message}`)),
      ),
    );
  }
}
